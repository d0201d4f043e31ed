// Loading and instantiating the kernel module, the typed kernel interface, fresh memory views.
import { ArgumentError, NotReadyError } from "./errors.js";

type Ptr = number;
type Unary = (x: Ptr, out: Ptr, start: number, end: number) => void;
type Binary = (a: Ptr, b: Ptr, out: Ptr, start: number, end: number) => void;
type Strided2 = (op: number, a: Ptr, b: Ptr, out: Ptr, meta: Ptr, start: number, end: number) => void;
type Copy = (src: Ptr, out: Ptr, meta: Ptr, start: number, end: number) => void;
type Fill = (out: Ptr, v: number, start: number, end: number) => void;
type Reduce = (x: Ptr, out: Ptr, n: number, inner: number, start: number, end: number) => void;
type Gather = (x: Ptr, idx: Ptr, out: Ptr, n: number, inner: number, m: number, per: number, start: number, end: number) => void;
type RandomNormal = (out: Ptr, k0: number, k1: number, stream: number, mean: number, std: number, start: number, end: number) => void;

/** The kernel ABI, mirroring assembly/index.ts one to one. Ranges [start, end) are over output elements. */
export interface Kernels {
  heapBase(): Ptr;
  neg_f32: Unary; abs_f32: Unary; exp_f32: Unary; log_f32: Unary; sqrt_f32: Unary;
  square_f32: Unary; tanh_f32: Unary; sigmoid_f32: Unary; relu_f32: Unary;
  add_f32: Binary; sub_f32: Binary; mul_f32: Binary; div_f32: Binary; pow_f32: Binary;
  maximum_f32: Binary; minimum_f32: Binary;
  /** meta = [rank, shape…, aStrides…, bStrides…]; op: 0 add 1 sub 2 mul 3 div 4 pow 5 maximum 6 minimum 7 floorDiv 8 mod */
  binary_f32: Strided2;
  /** f32 → u8; op: 0 equal 1 notEqual 2 less 3 lessEqual 4 greater 5 greaterEqual */
  compare_f32: Strided2;
  /** meta = [rank, shape…, condStrides…, aStrides…, bStrides…]; 32-bit words */
  where_32(cond: Ptr, a: Ptr, b: Ptr, out: Ptr, meta: Ptr, start: number, end: number): void;
  /** meta = [rank, shape…, srcStrides…] */
  copy_32: Copy; copy_8: Copy;
  /** the mirror of copy: out[offset(i)] = src[i]; meta = [rank, shape…, outStrides…] */
  scatter_32: Copy; scatter_8: Copy;
  fill_f32: Fill; fill_i32: Fill; fill_u8: Fill;
  cast_f32_i32: Unary; cast_i32_f32: Unary; cast_u8_f32: Unary; cast_u8_i32: Unary;
  cast_f32_u8: Unary; cast_i32_u8: Unary;
  /** x is [outer, n, inner], out is [outer, inner]; the range is over outer */
  sum_f32: Reduce; max_f32: Reduce;
  /** out[m×n] = op(A)·op(B); the range is over rows of out; work: matmulWorkBytes(m, n, k) bytes of scratch */
  matmul_f32(a: Ptr, b: Ptr, out: Ptr, m: number, n: number, k: number, transA: number, transB: number,
    work: Ptr, start: number, end: number): void;
  matmulWorkBytes(m: number, n: number, k: number): number;
  /** x = [outer, n, inner] rows picked by idx into [outer, m, inner]; range over rows of out (outer·m) */
  gather_32: Gather; gather_8: Gather;
  /** the transpose of gather: y = [outer, m, inner] rows summed into out = [outer, n, inner]; range over outer */
  segment_sum_f32: Gather;
  /** rows of `depth` 4-byte words: off, with on at idx[r] when in range; range over rows */
  one_hot_32(idx: Ptr, out: Ptr, depth: number, on: number, off: number, start: number, end: number): void;
  /** Philox4x32-10 streams; range over output elements */
  random_uniform_f32(out: Ptr, k0: number, k1: number, stream: number, a: number, b: number, cap: number, start: number, end: number): void;
  random_uniform_i32(out: Ptr, k0: number, k1: number, stream: number, lo: number, width: number, start: number, end: number): void;
  random_normal_f32: RandomNormal; random_normal_i32: RandomNormal;
  /** nn, NHWC; meta = [N, H, W, C, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl]. im2col: rows = output pixels */
  im2col_f32(x: Ptr, col: Ptr, meta: Ptr, start: number, end: number): void;
  /** the adjoint of im2col; the range is over input pixels */
  col2im_f32(dcol: Ptr, dx: Ptr, meta: Ptr, start: number, end: number): void;
  /** out and/or idx (i32 ih·W + iw of each max; 0 = skip); the range is over output pixels */
  maxpool_f32(x: Ptr, out: Ptr, idx: Ptr, meta: Ptr, start: number, end: number): void;
  /** the range is over input pixels */
  maxpool_backprop_f32(dy: Ptr, idx: Ptr, dx: Ptr, meta: Ptr, start: number, end: number): void;
  /** out[p, c] = src[idx[p, c], c]; the range is over output pixels */
  maxpool_gather_f32(src: Ptr, idx: Ptr, out: Ptr, meta: Ptr, start: number, end: number): void;
  avgpool_f32(x: Ptr, out: Ptr, meta: Ptr, start: number, end: number): void;
  /** the range is over input pixels */
  avgpool_backprop_f32(dy: Ptr, dx: Ptr, meta: Ptr, start: number, end: number): void;
  // second batch (ops issue): f32 and i32 unary, clip, i32 binary/compare, where on bytes, more reductions
  sign_f32: Unary; log1p_f32: Unary; expm1_f32: Unary; rsqrt_f32: Unary; sin_f32: Unary; cos_f32: Unary;
  tan_f32: Unary; elu_f32: Unary; softplus_f32: Unary;
  clip_f32(x: Ptr, out: Ptr, lo: number, hi: number, start: number, end: number): void;
  neg_i32: Unary; abs_i32: Unary; sign_i32: Unary; square_i32: Unary;
  add_i32: Binary; sub_i32: Binary; mul_i32: Binary; maximum_i32: Binary; minimum_i32: Binary;
  /** i32 (wrapping); op codes as binaryCode; div and floorDiv are ⌊a/b⌋, mod takes b's sign, x/0 = x mod 0 = 0 */
  binary_i32: Strided2;
  /** i32 → u8; op codes as compare_f32 */
  compare_i32: Strided2;
  /** where_32 for byte (bool) values */
  where_8(cond: Ptr, a: Ptr, b: Ptr, out: Ptr, meta: Ptr, start: number, end: number): void;
  min_f32: Reduce; prod_f32: Reduce; sum_i32: Reduce; max_i32: Reduce; min_i32: Reduce; prod_i32: Reduce;
  /** out is [outer, inner] i32 indices (first occurrence; the first NaN if any); n ≥ 1 */
  argmax_f32: Reduce; argmin_f32: Reduce; argmax_i32: Reduce; argmin_i32: Reduce;
  /** linear algebra, ranges over batch items of row-major matrices; the i32 result is −1, or the first item that failed */
  cholesky_f32(a: Ptr, out: Ptr, n: number, start: number, end: number): number;
  triangularSolve_f32(a: Ptr, b: Ptr, out: Ptr, n: number, k: number, lower: number, adjoint: number, unit: number, start: number, end: number): number;
  lu_f32(a: Ptr, lu: Ptr, perm: Ptr, n: number, start: number, end: number): number;
  /** work: (m·n + n + min(m, n))·4 bytes */
  qr_f32(a: Ptr, q: Ptr, r: Ptr, work: Ptr, m: number, n: number, start: number, end: number): void;
}

export const binaryCode = { add: 0, sub: 1, mul: 2, div: 3, pow: 4, maximum: 5, minimum: 6, floorDiv: 7, mod: 8 } as const;
export const compareCode = { equal: 0, notEqual: 1, less: 2, lessEqual: 3, greater: 4, greaterEqual: 5 } as const;

export interface ReadyOptions {
  /** A precompiled module (Workers) or the module's bytes; default: the build embedded in the bundle. */
  module?: WebAssembly.Module | BufferSource;
  /** Which embedded build to use; default: "relaxed" where the runtime validates it, else "base". */
  simd?: "relaxed" | "base";
  /** Cap on wasm memory; allocations beyond it throw OutOfMemoryError. */
  maxMemoryBytes?: number;
}

export const PAGE = 65536;
/** wasm32 addresses 4 GiB at most. */
export const MAX_WASM_BYTES = 65536 * PAGE;

/** The live runtime: kernels, the host-owned memory and the settings `ready()` decided. */
export interface Runtime {
  kernels: Kernels;
  memory: WebAssembly.Memory;
  simd: "relaxed" | "base" | "custom";
  maxBytes: number;
  options: string;
}

let runtime: Runtime | null = null;
let pending: { key: string; promise: Promise<void> } | null = null;

/** The kernels; throws a clear error before `ready()` has resolved. */
export function rt(): Runtime {
  if (runtime === null) throw new NotReadyError("tensortape is not ready: await tt.ready() before using tensors");
  return runtime;
}
export const isReady = (): boolean => runtime !== null;

/** Embedded builds, supplied by the entry point (bytes for index.js, Modules for workers.js). */
export interface Builds { base: WebAssembly.Module | BufferSource; relaxed?: WebAssembly.Module | BufferSource }

function optionsKey(opts: ReadyOptions): string {
  const m = opts.module === undefined ? "embedded" : "custom";
  return `${m}/${opts.simd ?? "auto"}/${opts.maxMemoryBytes ?? "none"}`;
}

/** Load the kernels once. A later call with the same options is a no-op; with different ones, an error. */
export function load(builds: Builds, opts: ReadyOptions = {}): Promise<void> {
  if (opts === null || typeof opts !== "object") throw new ArgumentError(`ready: options must be an object, got ${String(opts)}`);
  const key = optionsKey(opts);
  if (pending !== null) {
    if (pending.key !== key) {
      return Promise.reject(new ArgumentError(
        `ready: already initialised with options ${pending.key}; a later call must pass the same options (got ${key})`));
    }
    return pending.promise;
  }
  const max = opts.maxMemoryBytes;
  if (max !== undefined && !(Number.isFinite(max) && max >= PAGE)) {
    return Promise.reject(new ArgumentError(`ready: maxMemoryBytes must be a finite number of at least ${PAGE}, got ${max}`));
  }
  if (opts.simd !== undefined && opts.simd !== "relaxed" && opts.simd !== "base") {
    return Promise.reject(new ArgumentError(`ready: simd must be "relaxed" or "base", got ${String(opts.simd)}`));
  }
  const promise = instantiate(builds, opts, key);
  pending = { key, promise };
  promise.catch(() => { if (pending?.promise === promise) pending = null; });
  return promise;
}

// The smallest relaxed-SIMD module: (func (param v128 v128) (result v128) local.get 0 local.get 1 i8x16.relaxed_swizzle).
const RELAXED_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b, // type section: (v128, v128) → v128
  0x03, 0x02, 0x01, 0x00, // function section: one function of type 0
  0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x80, 0x02, 0x0b, // code: the body above
]);

/** Whether this runtime can run `src`, the relaxed build (bytes, or a Module that was compiled elsewhere). */
function validates(src: WebAssembly.Module | BufferSource | undefined): boolean {
  if (src === undefined) return false;
  // A Module may have been compiled elsewhere (a host's module import, a postMessage), so it proves nothing
  // about this runtime: ask about the feature itself. validate compiles nothing, which even workerd allows.
  const bytes = src instanceof WebAssembly.Module ? RELAXED_PROBE : src;
  try { return WebAssembly.validate(bytes); } catch { return false; }
}

async function instantiate(builds: Builds, opts: ReadyOptions, key: string): Promise<void> {
  // The base module holds every kernel; the relaxed module holds only the kernels whose code differs
  // under relaxed SIMD (fused multiply-add) and, instantiated on the same memory, overrides those exports.
  const base = opts.module ?? builds.base;
  let relaxed: WebAssembly.Module | BufferSource | undefined;
  let simd: Runtime["simd"] = opts.module !== undefined ? "custom" : "base";
  if (opts.simd === "relaxed") {
    if (opts.module !== undefined || !validates(builds.relaxed)) {
      throw new ArgumentError("ready: this runtime does not support relaxed SIMD (WebAssembly.validate rejected the relaxed build)");
    }
    relaxed = builds.relaxed; simd = "relaxed";
  } else if (opts.simd === undefined && opts.module === undefined && validates(builds.relaxed)) {
    relaxed = builds.relaxed; simd = "relaxed";
  }
  const maxBytes = Math.min(opts.maxMemoryBytes ?? MAX_WASM_BYTES, MAX_WASM_BYTES);
  const memory = new WebAssembly.Memory({ initial: 1, maximum: Math.floor(maxBytes / PAGE) });
  const imports = {
    env: {
      memory,
      abort(msg: number, file: number, line: number, col: number) {
        throw new Error(`tensortape kernel abort at ${line}:${col} (debug build)`);
      },
    },
  };
  const start = async (src: WebAssembly.Module | BufferSource) =>
    (await WebAssembly.instantiate(src instanceof WebAssembly.Module ? src : await WebAssembly.compile(src), imports)).exports;
  const kernels = { ...(await start(base)) };
  if (relaxed !== undefined) Object.assign(kernels, await start(relaxed));
  runtime = { kernels: kernels as unknown as Kernels, memory, simd, maxBytes, options: key };
}

// Fresh typed-array views per access: growing memory detaches the old buffer, so none is cached.
export const f32 = (ptr: Ptr, n: number): Float32Array => new Float32Array(rt().memory.buffer, ptr, n);
export const i32 = (ptr: Ptr, n: number): Int32Array => new Int32Array(rt().memory.buffer, ptr, n);
export const u8 = (ptr: Ptr, n: number): Uint8Array => new Uint8Array(rt().memory.buffer, ptr, n);
