// Which kernels a pool splits, the cost model that decides when (thresholds measured: see BENCHMARKS.md), and chunking.
import { binaryOps } from "../ops/table.js";
import type { Kernels } from "../wasm.js";
import type { Pool } from "./pool.js";
import { MATMUL_BATCH, type KernelFn } from "./protocol.js";

/**
 * A call is split only when it is estimated to take at least this long on one thread: waking a sleeping
 * worker costs about 30 µs (../shared/docs/threads.md §2a), so shorter jobs gain nothing.
 */
export const MIN_NS = 60_000;

// Estimated single-thread cost per element (ns, this machine's 1-thread speeds): cheap lane ops, the polynomial
// ones (exp, log, tanh, …), pow (scalar). A contiguous op over n elements is split when n·cost ≥ MIN_NS.
const CHEAP = 0.35, POLY = 1.2, SCALAR = 6;
const unary: Record<string, number> = {
  neg_f32: CHEAP, abs_f32: CHEAP, sqrt_f32: CHEAP, square_f32: CHEAP, relu_f32: CHEAP, sign_f32: CHEAP, rsqrt_f32: CHEAP,
  exp_f32: POLY, log_f32: POLY, tanh_f32: POLY, sigmoid_f32: POLY, log1p_f32: POLY, expm1_f32: POLY, sin_f32: POLY,
  cos_f32: POLY, tan_f32: POLY, elu_f32: POLY, softplus_f32: POLY,
};
const binary: Record<string, number> = {
  add_f32: CHEAP, sub_f32: CHEAP, mul_f32: CHEAP, div_f32: CHEAP, maximum_f32: CHEAP, minimum_f32: CHEAP, pow_f32: SCALAR,
};
const reductions = ["sum_f32", "max_f32", "min_f32", "prod_f32", "sum_i32", "max_i32", "min_i32", "prod_i32",
  "argmax_f32", "argmin_f32", "argmax_i32", "argmin_i32"];
/** nn kernels over pixels: [x, out, meta] or [x, out, idx, meta] before the range; cost per pixel ∝ KH·KW·C */
const windowed: Record<string, number> = {
  im2col_f32: 2, col2im_f32: 2, avgpool_f32: 2, avgpool_backprop_f32: 3,
  maxpool_f32: 3, maxpool_backprop_f32: 4, maxpool_gather_f32: 3,
};
/** binary_f32 op codes whose lane and scalar results agree bit for bit (not pow, floorDiv, mod) */
const exactStrided = new Set<number>((["add", "sub", "mul", "div", "maximum", "minimum"] as const).map((op) => binaryOps[op].code));
const MATMUL_GFLOPS = 35;
/**
 * Contiguous elementwise calls shorter than this never split (the lowest threshold above: pow's), so the ops' fast
 * paths call the raw kernels for them and skip the wrapper's extra call (≈ 5 ns of a 0.08 µs add, measured).
 */
export const SPLIT_MIN_ELEMENTS = Math.ceil(MIN_NS / SCALAR);
/** Multiply-adds (m·n·k) from which one matmul call splits by rows; a batch of smaller ones splits by matrices. */
export const MATMUL_MIN_MACS = (MIN_NS * MATMUL_GFLOPS) / 2;
/** Elementwise chunks are multiples of 64 elements from the range start, so SIMD bodies and scalar tails fall where one thread puts them. */
const LANES = 64;

const ceilTo = (x: number, q: number): number => Math.ceil(x / q) * q;

/**
 * The kernel table with the splittable kernels wrapped: a call whose estimated cost is at least MIN_NS runs on
 * every thread of `pool`, any other goes straight to `raw` (one subtraction and one comparison more).
 * Every split is by output rows, pixels or elements, each computed whole by one thread in the same order as on
 * one thread, so results are bit-identical for every thread count. matmulWorkBytes reports one 16-byte-aligned
 * workspace per thread, which matmul_f32 hands out by slot.
 */
export function splitKernels(raw: Kernels, pool: Pool, names: readonly string[], memory: WebAssembly.Memory): Kernels {
  const T = pool.size, K = raw as unknown as Record<string, KernelFn>, out = { ...raw } as unknown as Record<string, KernelFn>;
  const id = (name: string) => names.indexOf(name);
  // chunks of `grain` multiples, about 4 per thread (dynamic claiming evens out a thread the OS delays)
  const chunkOf = (n: number, grain: number) => Math.max(grain, ceilTo(Math.ceil(n / (4 * T)), grain), ceilTo(Math.ceil(n / 2047), grain));
  const go = (k: number, args: number[], s: number, e: number, grain: number, work: [number, number] | null = null) =>
    pool.run(k, args, s, e, chunkOf(e - s, grain), work);

  for (const [name, ns] of Object.entries(unary)) {
    const f = K[name], k = id(name), min = Math.ceil(MIN_NS / ns);
    out[name] = (x, o, s, e) => (e - s < min ? f(x, o, s, e) : go(k, [x, o], s, e, LANES));
  }
  for (const [name, ns] of Object.entries(binary)) {
    const f = K[name], k = id(name), min = Math.ceil(MIN_NS / ns);
    out[name] = (a, b, o, s, e) => (e - s < min ? f(a, b, o, s, e) : go(k, [a, b, o], s, e, LANES));
  }
  {
    const f = K.clip_f32, k = id("clip_f32"), min = Math.ceil(MIN_NS / CHEAP);
    out.clip_f32 = (x, o, lo, hi, s, e) => (e - s < min ? f(x, o, lo, hi, s, e) : go(k, [x, o, lo, hi], s, e, LANES));
    const b = K.binary_f32, kb = id("binary_f32"), minB = Math.ceil(MIN_NS / (2 * CHEAP));
    out.binary_f32 = (op, a, bb, o, meta, s, e) => (e - s < minB || !exactStrided.has(op)
      ? b(op, a, bb, o, meta, s, e) : go(kb, [op, a, bb, o, meta], s, e, LANES));
  }
  for (const name of reductions) {
    const f = K[name], k = id(name), min = MIN_NS / CHEAP;
    out[name] = (x, o, n, inner, s, e) => ((e - s) * n * inner < min ? f(x, o, n, inner, s, e) : go(k, [x, o, n, inner], s, e, 1));
  }
  for (const [name, ns] of Object.entries(windowed)) {
    const f = K[name], k = id(name), min = MIN_NS / ns, at = f.length - 3; // meta's position
    const perPixel = (meta: number) => { const m = new Int32Array(memory.buffer, meta, 6); return m[3] * m[4] * m[5]; };
    out[name] = at === 2
      ? (a, b, meta, s, e) => ((e - s) * perPixel(meta) < min ? f(a, b, meta, s, e) : go(k, [a, b, meta], s, e, 1))
      : (a, b, c, meta, s, e) => ((e - s) * perPixel(meta) < min ? f(a, b, c, meta, s, e) : go(k, [a, b, c, meta], s, e, 1));
  }
  {
    const f = raw.matmul_f32, k = id("matmul_f32"), bytes = raw.matmulWorkBytes, min = MATMUL_MIN_MACS;
    const per = (m: number, n: number, kk: number) => (bytes(m, n, kk) + 15) & ~15;
    out.matmulWorkBytes = (m, n, kk) => per(m, n, kk) * T;
    out.matmul_f32 = (a, b, o, m, n, kk, tA, tB, work, s, e) => ((e - s) * n * kk < min
      ? f(a, b, o, m, n, kk, tA, tB, work, s, e)
      : go(k, [a, b, o, m, n, kk, tA, tB, work], s, e, 8, [8, per(m, n, kk)]));
    // a batch of matrices too small to split by rows: by matrices (the op checks the sizes, see ops/matmul.ts)
    const kb = names.length;
    out[MATMUL_BATCH] = (a, b, o, m, n, kk, tA, tB, work, table, s, e) =>
      go(kb, [a, b, o, m, n, kk, tA, tB, work, table], s, e, 1, [8, per(m, n, kk)]);
  }
  return out as unknown as Kernels;
}
