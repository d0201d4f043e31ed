// MLP 784-256-256-10 (batch 128) SGD step under tt.profile at `node bench/mlp-threads.mjs THREADS`: per-kernel ms.
import * as tt from "../dist/index.js";
const threads = Number(process.argv[2] ?? 1);
await tt.ready({ threads });
const g = tt.initializers.glorotUniform({ seed: 1 });
const p = { w1: tt.variable(g([784, 256])), b1: tt.variable(tt.zeros([256])), w2: tt.variable(g([256, 256])), b2: tt.variable(tt.zeros([256])), w3: tt.variable(g([256, 10])), b3: tt.variable(tt.zeros([10])) };
const x = tt.randomUniform([128, 784], 0, 1, "float32", 2), y = tt.oneHot(tt.randomUniform([128], 0, 10, "int32", 3), 10);
const opt = tt.optimizers.sgd(0.01);
const step = () => opt.minimize(() => {
  const h1 = tt.relu(tt.add(tt.matmul(x, p.w1), p.b1)), h2 = tt.relu(tt.add(tt.matmul(h1, p.w2), p.b2));
  return tt.softmaxCrossEntropy(y, tt.add(tt.matmul(h2, p.w3), p.b3));
}).dispose();
for (let i = 0; i < 30; i++) step();
const agg = new Map(); let wall = 0; const R = 40;
for (let r = 0; r < R; r++) {
  const t0 = performance.now();
  const prof = await tt.profile(step);
  wall += performance.now() - t0;
  for (const k of prof.kernels) agg.set(k.name, (agg.get(k.name) ?? 0) + k.ms);
}
const rows = [...agg].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([n, ms]) => `${n} ${(ms / R).toFixed(2)}`);
const total = [...agg.values()].reduce((a, b) => a + b, 0) / R;
console.log(`threads ${threads}: step ${(wall / R).toFixed(2)} ms (profiled), kernels ${total.toFixed(2)} ms: ${rows.join(", ")}`);
process.exit(0);
