// A/B of a size-1 operand in one process (node --import tsx bench/scalar.ts [n] [rounds]): mul(g, 0.01) (the
// contiguous fast path) against mul(g, c) with c of shape [1, 1] (the general broadcast walk, as before the fast
// path) and a same-shape mul(g, h); interleaved rounds, the median µs per call.
import * as tt from "tensortape";

await tt.ready();
const n = Number(process.argv[2] ?? 65536), rounds = Math.max(7, Number(process.argv[3] ?? 9));
const g = tt.randomNormal([n], 0, 1, "float32", 1), h = tt.randomNormal([n], 0, 1, "float32", 2), c = tt.fill([1, 1], 0.01);
const cases: Record<string, () => void> = {
  "mul(g, 0.01)  fast path": () => tt.mul(g, 0.01).dispose(),
  "mul(g, c[1,1]) general ": () => tt.mul(g, c).dispose(),
  "mul(g, h)     same shape": () => tt.mul(g, h).dispose(),
};
const reps = Math.max(20, Math.round(2e7 / (n + 2000)));
const t: Record<string, number[]> = {};
for (let r = 0; r < rounds; r++) {
  for (const [k, f] of Object.entries(cases)) {
    for (let i = 0; i < 10; i++) f();
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) f();
    (t[k] ??= []).push(((performance.now() - t0) * 1000) / reps);
  }
}
const med = (v: number[]) => v.sort((a, b) => a - b)[v.length >> 1];
console.log(`n = ${n}, ${rounds} interleaved rounds × ${reps} calls`);
for (const [k, v] of Object.entries(t)) console.log(`${k}  ${med(v).toFixed(2).padStart(7)} µs (min ${Math.min(...v).toFixed(2)})`);
tt.dispose([g, h, c]);
