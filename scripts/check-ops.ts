// `npm run check:ops`: one row per public op — forward vs the oracle, gradient vs the oracle, 2nd-order numeric.
// ✓ passed on every row of the op-spec table, ✗ failed, "hand" checked against hand-computed values
// (a known oracle difference), "num" checked numerically instead of against the oracle, "—" not applicable.
import * as tt from "tensortape";
import { specs } from "../test/opspec/index.js";
import { checkForward, checkGradOracle, checkNumeric, seedOf } from "../test/opspec/run.js";

await tt.ready();
const rows: string[][] = [];
let failures = 0;
const attempt = (fn: () => void): boolean => {
  try { fn(); return true; } catch (e) { failures++; console.error(String((e as Error).message)); return false; }
};
specs.forEach((spec) => {
  let fwd = true, grad = true, second = true, anyOracle = false, anyHand = false, anyDiff = false, anyGradOracle = false, anyGradNum = false;
  spec.cases.forEach((c) => {
    const seed = seedOf(spec.op, c.label);
    anyOracle ||= !!c.oracle; anyHand ||= !!c.expected;
    fwd = attempt(() => checkForward(c, seed)) && fwd;
    if (!c.differentiable) return;
    anyDiff = true;
    if (c.oracle && !c.gradOracleSkip) { anyGradOracle = true; grad = attempt(() => checkGradOracle(c, seed)) && grad; }
    else { anyGradNum = true; grad = attempt(() => checkNumeric(c, seed, 1)) && grad; }
    second = attempt(() => checkNumeric(c, seed, 2)) && second;
  });
  const mark = (ok: boolean, note: string) => (ok ? `✓ ${note}` : `✗ ${note}`).trim();
  rows.push([
    spec.op,
    String(spec.cases.length),
    mark(fwd, anyOracle ? (anyHand ? "tfjs+hand" : "tfjs") : "hand"),
    anyDiff ? mark(grad, anyGradOracle ? (anyGradNum ? "tfjs+num" : "tfjs") : "num") : "—",
    anyDiff ? mark(second, "num") : "—",
  ]);
});
const head = ["op", "rows", "forward", "gradient", "2nd order"];
const width = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (r: string[]) => r.map((c, i) => c.padEnd(width[i])).join("  ");
console.log(line(head));
console.log(width.map((w) => "-".repeat(w)).join("  "));
for (const r of rows) console.log(line(r));
console.log(`\n${rows.length} ops, ${specs.reduce((n, s) => n + s.cases.length, 0)} rows, ${failures} failures`);
process.exit(failures > 0 ? 1 : 0);
