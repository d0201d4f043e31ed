// node --import tsx bench/linalg.ts [--quick] [--wall] (after npm run build): tt.linalg's cholesky and solve against
// plain JS (textbook loops on Float64Array, the reference) at n = 64 and 256, and lu and qr; GFLOP/s count
// n³/3 (cholesky), 2n³/3 + 2n²k (solve with k right-hand sides), 2n³/3 (lu) and 8n³/3 (qr: R and Q), whatever the
// implementation does besides. Samples are timed by the process's CPU time (robust on a shared machine), or by the
// wall clock with --wall.
import { cpus, loadavg } from "node:os";
import * as tt from "tensortape";

await tt.ready({ simd: process.argv.includes("--relaxed") ? "relaxed" : "base" });
const quick = process.argv.includes("--quick");

function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
/** a dominant-diagonal n×n matrix (so A·Aᵀ + n·I is SPD and LU is stable) */
function matrix(n: number, seed: number): Float32Array {
  const r = rng(seed), a = new Float32Array(n * n);
  for (let i = 0; i < n * n; i++) a[i] = 2 * r() - 1 + (i % (n + 1) === 0 ? n : 0);
  return a;
}

// plain JS references
function jsCholesky(a: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i * n + j];
      for (let p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
      l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j];
    }
  }
  return l;
}
function jsSolve(a0: Float64Array, b0: Float64Array, n: number, k: number): Float64Array {
  const a = a0.slice(), b = b0.slice();
  for (let c = 0; c < n; c++) {
    let p = c;
    for (let i = c + 1; i < n; i++) if (Math.abs(a[i * n + c]) > Math.abs(a[p * n + c])) p = i;
    if (p !== c) {
      for (let j = 0; j < n; j++) { const t = a[c * n + j]; a[c * n + j] = a[p * n + j]; a[p * n + j] = t; }
      for (let j = 0; j < k; j++) { const t = b[c * k + j]; b[c * k + j] = b[p * k + j]; b[p * k + j] = t; }
    }
    for (let i = c + 1; i < n; i++) {
      const m = a[i * n + c] / a[c * n + c];
      for (let j = c + 1; j < n; j++) a[i * n + j] -= m * a[c * n + j];
      for (let j = 0; j < k; j++) b[i * k + j] -= m * b[c * k + j];
    }
  }
  for (let i = n - 1; i >= 0; i--) {
    for (let j = 0; j < k; j++) {
      let s = b[i * k + j];
      for (let p = i + 1; p < n; p++) s -= a[i * n + p] * b[p * k + j];
      b[i * k + j] = s / a[i * n + i];
    }
  }
  return b;
}

const wall = process.argv.includes("--wall");
/** ms of wall clock or of this process's CPU time */
const clock = (): number => { if (wall) return performance.now(); const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
/** median seconds per call over rounds of ≥ ms each */
function time(fn: () => void, rounds = quick ? 3 : 7, ms = quick ? 60 : 250): number {
  fn(); fn();
  const per: number[] = [];
  for (let r = 0; r < rounds; r++) {
    let n = 0;
    const t0 = clock();
    do { fn(); n++; } while (clock() - t0 < ms);
    per.push((clock() - t0) / 1000 / n);
  }
  return per.sort((x, y) => x - y)[rounds >> 1];
}

console.log(`tt.linalg bench: ${new Date().toISOString().slice(0, 16)} UTC, Node ${process.version}, ${cpus()[0].model} × ${cpus().length}, load ${loadavg()[0].toFixed(2)}, ${process.argv.includes("--relaxed") ? "relaxed" : "base"} SIMD build, ${wall ? "wall clock" : "CPU time"}`);
console.log("case              n    tensortape GFLOP/s   plain JS GFLOP/s   × JS");
for (const n of [64, 256]) {
  const a32 = matrix(n, n), spd32 = new Float32Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) { let s = 0; for (let p = 0; p < n; p++) s += a32[i * n + p] * a32[j * n + p]; spd32[i * n + j] = s; }
  const spd = tt.tensor(spd32, [n, n]), a = tt.tensor(a32, [n, n]);
  for (const k of [1, n]) {
    const b32 = Float32Array.from({ length: n * k }, (_, i) => Math.sin(i));
    const b = tt.tensor(b32, [n, k]);
    const tSolve = time(() => tt.linalg.solve(a, b).dispose());
    const tJs = time(() => jsSolve(Float64Array.from(a32), Float64Array.from(b32), n, k));
    const flops = (2 * n ** 3) / 3 + 2 * n * n * k;
    console.log(`solve k=${String(k).padEnd(4)}  ${String(n).padEnd(4)} ${(flops / tSolve / 1e9).toFixed(2).padStart(12)}   ${(flops / tJs / 1e9).toFixed(2).padStart(16)}   ${(tJs / tSolve).toFixed(1).padStart(5)}×`);
    b.dispose();
  }
  const tChol = time(() => tt.linalg.cholesky(spd).dispose());
  const spd64 = Float64Array.from(spd32);
  const tJs = time(() => jsCholesky(spd64, n));
  const flops = n ** 3 / 3;
  console.log(`cholesky          ${String(n).padEnd(4)} ${(flops / tChol / 1e9).toFixed(2).padStart(12)}   ${(flops / tJs / 1e9).toFixed(2).padStart(16)}   ${(tJs / tChol).toFixed(1).padStart(5)}×`);
  const tLu = time(() => tt.linalg.lu(a).forEach((t) => t.dispose()));
  const tQr = time(() => tt.linalg.qr(a).forEach((t) => t.dispose()));
  console.log(`lu                ${String(n).padEnd(4)} ${((2 * n ** 3) / 3 / tLu / 1e9).toFixed(2).padStart(12)}`);
  console.log(`qr                ${String(n).padEnd(4)} ${((8 * n ** 3) / 3 / tQr / 1e9).toFixed(2).padStart(12)}`);
  spd.dispose(); a.dispose();
}
