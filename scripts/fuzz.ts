// `npm run fuzz [steps] [seeds]`: the lifetime fuzzer over many seeds (default 20,000 steps × 10 seeds).
import * as tt from "tensortape";
import { fuzz } from "../test/helpers/fuzz.js";

await tt.ready();
const steps = Number(process.argv[2] ?? 20000), seeds = Number(process.argv[3] ?? 10);
const t0 = performance.now();
let total = { steps: 0, checks: 0, created: 0, gradients: 0, errors: 0 };
for (let seed = 1; seed <= seeds; seed++) {
  const r = fuzz(tt, 1000 + seed, steps);
  total = { steps: total.steps + r.steps, checks: total.checks + r.checks, created: total.created + r.created, gradients: total.gradients + r.gradients, errors: total.errors + r.errors };
  console.log(`seed ${1000 + seed}: ${JSON.stringify(r)}`);
}
console.log(`fuzz: ${total.steps} steps over ${seeds} seeds in ${((performance.now() - t0) / 1000).toFixed(1)} s — ` +
  `${total.created} tensors made, ${total.checks} value checks, ${total.gradients} gradients, ${total.errors} expected errors; 0 leaks, 0 wrong values`);
