// npm run bench:split: where splitting pays — one kernel on this thread vs split over a pool of 2, by size (src/threads/split.ts's MIN_NS).
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { Pool } from "../src/threads/pool.js";
import { kernelNames } from "../src/wasm.js";

const root = new URL("..", import.meta.url);
const memory = new WebAssembly.Memory({ initial: 2048, maximum: 65536, shared: true }); // 128 MiB
const mod = await WebAssembly.compile(readFileSync(new URL("build/simd-shared.wasm", root)));
const k = (await WebAssembly.instantiate(mod, { env: { memory, abort() {} } })).exports as Record<string, (...a: number[]) => number>;
const pool = (await Pool.start(2, [mod], memory, kernelNames, kernelNames.map((n) => k[n]), new URL("dist/worker.js", root), 5000))!;
const id = (n: string) => kernelNames.indexOf(n);
const median = (xs: number[]) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/** µs per call: the median of `reps` calls, each after `gapMs` idle (0: back to back) */
function time(f: () => void, reps: number, gapMs: number): number {
  const xs: number[] = [];
  for (let i = 0; i < reps; i++) {
    if (gapMs > 0) { const until = performance.now() + gapMs; while (performance.now() < until); } // workers fall asleep
    const t0 = performance.now(); f(); xs.push((performance.now() - t0) * 1000);
  }
  return median(xs);
}

console.log(`load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}; add_f32 (3 × 4 bytes per element), exp_f32, matmul_f32 n×n×n`);
console.log("kernel       size      1 thread µs   2 threads (spinning) µs   2 threads (asleep) µs");
const base = 1 << 16;
for (const n of [1 << 12, 1 << 14, 1 << 16, 1 << 18, 1 << 20, 1 << 22]) {
  for (const name of ["add_f32", "exp_f32"]) {
    const args = name === "add_f32" ? [base, base + 4 * n, base + 8 * n] : [base, base + 4 * n];
    const chunk = Math.max(64, Math.ceil(n / 8 / 64) * 64);
    const one = time(() => k[name](...args, 0, n), 41, 0);
    const spin = time(() => pool.run(id(name), args, 0, n, chunk, null), 41, 0);
    const asleep = time(() => pool.run(id(name), args, 0, n, chunk, null), 21, 2);
    console.log(`${name.padEnd(11)} ${String(n).padStart(8)}  ${one.toFixed(1).padStart(12)}  ${spin.toFixed(1).padStart(24)}  ${asleep.toFixed(1).padStart(22)}`);
  }
}
for (const n of [32, 64, 96, 128, 192, 256]) {
  const a = base, b = a + 4 * n * n, c = b + 4 * n * n, w = c + 4 * n * n, per = (k.matmulWorkBytes(n, n, n) + 15) & ~15;
  const args = [a, b, c, n, n, n, 0, 0, w];
  const one = time(() => k.matmul_f32(...args, 0, n), 41, 0);
  const spin = time(() => pool.run(id("matmul_f32"), args, 0, n, Math.max(8, Math.ceil(n / 8 / 8) * 8), [8, per]), 41, 0);
  const asleep = time(() => pool.run(id("matmul_f32"), args, 0, n, Math.max(8, Math.ceil(n / 8 / 8) * 8), [8, per]), 21, 2);
  console.log(`${"matmul_f32".padEnd(11)} ${String(n).padStart(8)}  ${one.toFixed(1).padStart(12)}  ${spin.toFixed(1).padStart(24)}  ${asleep.toFixed(1).padStart(22)}`);
}
await pool.shutdown();
