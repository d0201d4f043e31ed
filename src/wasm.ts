// Loading and instantiating the kernel module, the typed kernel interface, fresh memory views.
import { ArgumentError, NotReadyError } from "./errors.js";
import { tableKernels, type BinaryKernel, type ReduceKernel, type UnaryKernel } from "./ops/table.js";
import { PAGE, readOptions, type Options, type Source } from "./ready.js";
import { unshared } from "./threads/limits.js";
import type { Pool } from "./threads/pool.js";

export { PAGE };

type Ptr = number;
type Unary = (x: Ptr, out: Ptr, start: number, end: number) => void;
type Binary = (a: Ptr, b: Ptr, out: Ptr, start: number, end: number) => void;
type Strided2 = (op: number, a: Ptr, b: Ptr, out: Ptr, meta: Ptr, start: number, end: number) => void;
type Copy = (src: Ptr, out: Ptr, meta: Ptr, start: number, end: number) => void;
type Fill = (out: Ptr, v: number, start: number, end: number) => void;
/** x is [outer, n, inner], out is [outer, inner]; the range is over outer */
type Reduce = (x: Ptr, out: Ptr, n: number, inner: number, start: number, end: number) => void;
type Gather = (x: Ptr, idx: Ptr, out: Ptr, n: number, inner: number, m: number, per: number, start: number, end: number) => void;
type Scan = (x: Ptr, out: Ptr, n: number, inner: number, flags: number, start: number, end: number) => void;
type Argsort = (x: Ptr, out: Ptr, work: Ptr, n: number, descending: number, start: number, end: number) => void;
type RandomNormal = (out: Ptr, k0: number, k1: number, stream: number, mean: number, std: number, start: number, end: number) => void;

/**
 * The kernel ABI: the kernels the op tables (ops/table.ts) name, typed by family, and the rest. Ranges
 * [start, end) are over output elements. test/node/kernels-abi.test.ts checks it against the module's exports.
 */
export type Kernels = Record<UnaryKernel, Unary> & Record<BinaryKernel, Binary> & Record<ReduceKernel, Reduce> & OtherKernels;
interface OtherKernels {
  heapBase(): Ptr;
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
  clip_f32(x: Ptr, out: Ptr, lo: number, hi: number, start: number, end: number): void;
  /** i32 (wrapping); op codes as binary_f32; div and floorDiv are ⌊a/b⌋, mod takes b's sign, x/0 = x mod 0 = 0 */
  binary_i32: Strided2;
  /** i32 → u8; op codes as compare_f32 */
  compare_i32: Strided2;
  /** where_32 for byte (bool) values */
  where_8(cond: Ptr, a: Ptr, b: Ptr, out: Ptr, meta: Ptr, start: number, end: number): void;
  /** out is [outer, inner] i32 indices (first occurrence; the first NaN if any); n ≥ 1 */
  argmax_f32: Reduce; argmin_f32: Reduce; argmax_i32: Reduce; argmin_i32: Reduce;
  /** linear algebra, ranges over batch items of row-major matrices; the i32 result is −1, or the first item that failed */
  cholesky_f32(a: Ptr, out: Ptr, n: number, start: number, end: number): number;
  triangularSolve_f32(a: Ptr, b: Ptr, out: Ptr, n: number, k: number, lower: number, adjoint: number, unit: number, start: number, end: number): number;
  lu_f32(a: Ptr, lu: Ptr, perm: Ptr, n: number, start: number, end: number): number;
  /** work: (m·n + n + min(m, n))·4 bytes */
  qr_f32(a: Ptr, q: Ptr, r: Ptr, work: Ptr, m: number, n: number, start: number, end: number): void;
  /** fused optimizer updates (assembly/optim.ts): read x, g and slots, write fresh ox and slots; ranges over elements */
  sgd_f32(x: Ptr, g: Ptr, ox: Ptr, lr: number, start: number, end: number): void;
  momentum_f32(x: Ptr, g: Ptr, a: Ptr, ox: Ptr, oa: Ptr, m: number, lr: number, nesterov: number, start: number, end: number): void;
  adam_f32(x: Ptr, g: Ptr, m: Ptr, v: Ptr, ox: Ptr, om: Ptr, ov: Ptr, b1: number, nb1: number, b2: number, nb2: number,
    c1: number, c2: number, eps: number, lr: number, start: number, end: number): void;
  adamw_f32(x: Ptr, g: Ptr, m: Ptr, v: Ptr, ox: Ptr, om: Ptr, ov: Ptr, b1: number, nb1: number, b2: number, nb2: number,
    keep: number, rc2: number, eps: number, lrc1: number, start: number, end: number): void;
  adamax_f32(x: Ptr, g: Ptr, m: Ptr, u: Ptr, ox: Ptr, om: Ptr, ou: Ptr, b1: number, nb1: number, b2: number, eps: number,
    rate: number, start: number, end: number): void;
  /** flags: 1 centered (mg, omg), 2 momentum (mo, omo); unused pointers 0 */
  rmsprop_f32(x: Ptr, g: Ptr, r: Ptr, mg: Ptr, mo: Ptr, ox: Ptr, or: Ptr, omg: Ptr, omo: Ptr, rho: number, nrho: number,
    mu: number, eps: number, lr: number, flags: number, start: number, end: number): void;
  adagrad_f32(x: Ptr, g: Ptr, a: Ptr, ox: Ptr, oa: Ptr, eps: number, lr: number, start: number, end: number): void;
  adadelta_f32(x: Ptr, g: Ptr, ag: Ptr, av: Ptr, ox: Ptr, oag: Ptr, oav: Ptr, rho: number, nrho: number, eps: number,
    lr: number, start: number, end: number): void;
  /** scans over the middle axis of [outer, n, inner]; flags: 1 exclusive, 2 reverse; the range is over outer */
  cumsum_f32: Scan; cumprod_f32: Scan; cumsum_i32: Scan; cumprod_i32: Scan;
  /** stable argsort of [rows, n] into i32 indices (f32: NaN last both ways); work: n i32 words; the range is over rows */
  argsort_f32: Argsort; argsort_i32: Argsort;
}

/**
 * Every export the host calls, checked on a module passed to `ready({ module })` (a test compares the list with
 * the base build's exports): the tables' kernels and these, which `satisfies` and `Unlisted` keep in step with
 * `OtherKernels` both ways.
 */
const OTHER_KERNELS = [
  "binary_f32", "compare_f32", "where_32", "copy_32", "copy_8", "scatter_32", "scatter_8", "fill_f32", "fill_i32",
  "fill_u8", "cast_f32_i32", "cast_i32_f32", "cast_u8_f32", "cast_u8_i32", "cast_f32_u8", "cast_i32_u8", "matmul_f32",
  "matmulWorkBytes", "gather_32", "gather_8", "segment_sum_f32", "one_hot_32", "random_uniform_f32",
  "random_uniform_i32", "random_normal_f32", "random_normal_i32", "im2col_f32", "col2im_f32", "maxpool_f32",
  "maxpool_backprop_f32", "maxpool_gather_f32", "avgpool_f32", "avgpool_backprop_f32", "clip_f32", "binary_i32",
  "compare_i32", "where_8", "argmax_f32", "argmin_f32", "argmax_i32", "argmin_i32", "cholesky_f32", "triangularSolve_f32",
  "lu_f32", "qr_f32",
  "sgd_f32", "momentum_f32", "adam_f32", "adamw_f32", "adamax_f32", "rmsprop_f32", "adagrad_f32", "adadelta_f32",
  "cumsum_f32", "cumprod_f32", "cumsum_i32", "cumprod_i32", "argsort_f32", "argsort_i32",
] as const satisfies readonly (keyof OtherKernels)[];
type Unlisted = Exclude<keyof OtherKernels, (typeof OTHER_KERNELS)[number] | "heapBase">;
const everyKernelListed: [Unlisted] extends [never] ? true : Unlisted = true;
void everyKernelListed;
/** @internal the names a full (base) kernel module exports, heapBase and the unary float32 kernels first as in the module */
export const kernelNames: readonly string[] = ["heapBase", ...tableKernels, ...OTHER_KERNELS];

/**
 * @internal an AssemblyScript string in `memory` at `ptr` (what a debug build passes to env.abort): UTF-16 code
 * units, preceded by the object header whose last word (at ptr − 4) is the byte length. "" for a null or
 * out-of-range pointer (an abort must not throw a second, less useful error).
 */
export function readString(memory: WebAssembly.Memory, ptr: number): string {
  const buf = memory.buffer;
  if (!(ptr >= 4 && ptr <= buf.byteLength)) return "";
  const bytes = new DataView(buf).getUint32(ptr - 4, true);
  if (bytes > buf.byteLength - ptr) return "";
  const units = new Uint16Array(buf.slice(ptr, ptr + (bytes & ~1)));
  let s = "";
  for (let i = 0; i < units.length; i += 8192) s += String.fromCharCode(...units.subarray(i, i + 8192));
  return s;
}

/** wasm32 addresses 4 GiB at most. */
export const MAX_WASM_BYTES = 65536 * PAGE;

/** The live runtime: kernels, the host-owned memory and the settings `ready()` decided. */
export interface Runtime {
  kernels: Kernels;
  memory: WebAssembly.Memory;
  simd: "relaxed" | "base" | "custom";
  maxBytes: number;
  options: string;
  /** the kernels as instantiated (`kernels` wraps some of them while a pool runs) */
  raw: Kernels;
  /** the split table while a pool runs (`kernels` is it unless something, such as tt.profile, swapped in another) */
  split: Kernels | null;
  /** threads in use, counting the calling thread; the pool of the others, or null */
  threads: number;
  pool: Pool | null;
  sharedMemory: boolean;
  /** whether relaxed-SIMD kernels are in use (also when given as a custom module) */
  relaxedInUse: boolean;
}

let runtime: Runtime | null = null;
let pending: { key: string; promise: Promise<void> } | null = null;

/** The kernels; throws a clear error before `ready()` has resolved. */
export function rt(): Runtime {
  if (runtime === null) throw new NotReadyError("tensortape is not ready: await tt.ready() before using tensors");
  return runtime;
}
export const isReady = (): boolean => runtime !== null;
/** @internal the runtime, or null before ready() */
export const current = (): Runtime | null => runtime;

/**
 * Embedded builds, supplied by the entry point: index.js embeds the shared-memory builds' bytes and can start
 * workers (`threads`); workers.js imports the plain builds as Modules and has no threads.
 */
export interface Builds {
  base: WebAssembly.Module | Uint8Array;
  relaxed?: WebAssembly.Module | Uint8Array;
  threads?: Threads;
}

/** @internal what an entry point that can run workers supplies (see src/threads/start.ts) */
export interface Threads {
  /** whether this runtime can run workers on a shared memory */
  available(): boolean;
  /** the core count, or 1 when unknown */
  cores(): number;
  /** the worker entry beside the bundle (null when it cannot be located) */
  defaultUrl(): URL | null;
  /** start `threads` − 1 workers and wrap the kernels that split; null when they cannot start (then: one thread) */
  start(threads: number, modules: WebAssembly.Module[], memory: WebAssembly.Memory, kernels: Kernels, url: URL):
    Promise<{ pool: Pool; kernels: Kernels } | null>;
}

/** "auto" → the core count, capped at 8 (measured only up to 2 cores so far; see BENCHMARKS.md) */
const AUTO_MAX_THREADS = 8;

function optionsKey(opts: Options): string {
  const m = opts.module === null ? "embedded" : opts.module.relaxed === undefined ? "custom" : "custom+relaxed";
  return `${m}/${opts.simd ?? "auto"}/${opts.maxMemoryBytes ?? "none"}/threads ${opts.threads}` +
    (opts.workerUrl === undefined ? "" : ` ${opts.workerUrl.href}`);
}

/**
 * Load the kernels once. A later call with the same options is a no-op; with different ones, an error.
 * Never throws: bad options (`ready(null)` included) give a rejected promise.
 */
export function load(builds: Builds, options: unknown): Promise<void> {
  let opts: Options;
  try { opts = readOptions(options); } catch (e) { return Promise.reject(e); }
  const key = optionsKey(opts);
  if (pending !== null) {
    if (pending.key !== key) {
      return Promise.reject(new ArgumentError(
        `ready: already initialised with options ${pending.key}; a later call must pass the same options (got ${key})`));
    }
    return pending.promise;
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

/** Whether this runtime can run `src`, a relaxed build (bytes, or a Module that was compiled elsewhere). */
function validates(src: WebAssembly.Module | Uint8Array | undefined): boolean {
  if (src === undefined) return false;
  // A Module may have been compiled elsewhere (a host's module import, a postMessage), so it proves nothing
  // about this runtime: ask about the feature itself. validate compiles nothing, which even workerd allows.
  const bytes = src instanceof WebAssembly.Module ? RELAXED_PROBE : src;
  try { return WebAssembly.validate(bytes as Uint8Array<ArrayBuffer>); } catch { return false; }
}

const MODULES_HINT = "pass { base, relaxed } with base = tensortape/simd.wasm and relaxed = tensortape/relaxed.wasm";

/**
 * A user-given module must import nothing but what `instantiate` provides (else a LinkError would follow) and
 * export every kernel (`base`) or only kernels (`relaxed`): else an ArgumentError.
 */
function checkModule(mod: WebAssembly.Module, role: "base" | "relaxed", single: boolean): void {
  const what = single ? "options.module" : `options.module.${role}`;
  const unknown = WebAssembly.Module.imports(mod).filter((i) => !(i.module === "env" && (i.name === "memory" || i.name === "abort")));
  if (unknown.length > 0) {
    throw new ArgumentError(`ready: ${what} imports ${unknown.slice(0, 4).map((i) => `${i.module}.${i.name}`).join(", ")}, ` +
      `which tensortape does not provide (it provides env.memory and env.abort); ${MODULES_HINT}`);
  }
  const exported = new Set(WebAssembly.Module.exports(mod).filter((e) => e.kind === "function").map((e) => e.name));
  if (role === "base") {
    const missing = kernelNames.filter((n) => !exported.has(n));
    if (missing.length === 0) return;
    // relaxed.wasm holds only the relaxed-SIMD overrides (see assembly/relaxed.ts): some kernels, no heapBase
    const partial = exported.size > 0 && [...exported].every((n) => kernelNames.includes(n));
    const shown = missing.slice(0, 4).join(", ") + (missing.length > 4 ? ", …" : "");
    throw new ArgumentError(`ready: ${what} lacks ${missing.length} of the ${kernelNames.length} kernel exports (${shown})` +
      (partial ? "; it looks like relaxed.wasm, which only overrides some kernels of simd.wasm: " : "; ") + MODULES_HINT);
  }
  const foreign = [...exported].filter((n) => !kernelNames.includes(n));
  if (foreign.length > 0) {
    throw new ArgumentError(`ready: ${what} exports ${foreign.slice(0, 4).join(", ")}, which are no tensortape kernels; ${MODULES_HINT}`);
  }
}

async function instantiate(builds: Builds, opts: Options, key: string): Promise<void> {
  // The base module holds every kernel; the relaxed module holds only the kernels whose code differs
  // under relaxed SIMD (fused multiply-add) and, instantiated on the same memory, overrides those exports.
  const given = opts.module;
  const from = (s: Source) => ("module" in s ? s.module : s.bytes);
  const base = given !== null ? from(given.base) : builds.base;
  const offered = given !== null ? (given.relaxed !== undefined ? from(given.relaxed) : undefined) : builds.relaxed;
  // user-given bytes are probed like a Module, so that bad bytes fail to compile instead of being skipped
  const supported = (src: typeof offered) => validates(given !== null && src !== undefined ? RELAXED_PROBE : src);
  let relaxed: WebAssembly.Module | Uint8Array | undefined;
  let simd: Runtime["simd"] = given !== null ? "custom" : "base";
  if (opts.simd === "relaxed") {
    if (!supported(offered)) {
      throw new ArgumentError(offered === undefined
        ? `ready: simd "relaxed" needs the relaxed module too; ${MODULES_HINT}`
        : "ready: this runtime does not support relaxed SIMD (WebAssembly.validate rejected the relaxed build)");
    }
    relaxed = offered; simd = given !== null ? "custom" : "relaxed";
  } else if (opts.simd === undefined && supported(offered)) {
    relaxed = offered; simd = given !== null ? "custom" : "relaxed";
  }
  const maxBytes = Math.min(opts.maxMemoryBytes ?? MAX_WASM_BYTES, MAX_WASM_BYTES);
  // Threads: the embedded builds import a shared memory; without threads their memory import is rewritten to a
  // plain memory's (src/threads/limits.ts: asc's plain build, byte for byte); a given module is always used as is.
  const t = builds.threads;
  const wanted = opts.threads === "auto" ? Math.min(t?.cores() ?? 1, AUTO_MAX_THREADS) : opts.threads;
  const url = t === undefined ? null : opts.workerUrl ?? t.defaultUrl();
  const shared = given === null && wanted > 1 && t !== undefined && url !== null && t.available();
  const memory = new WebAssembly.Memory({ initial: 1, maximum: Math.floor(maxBytes / PAGE), shared });
  const imports = {
    env: {
      memory,
      abort(msg: number, file: number, line: number, col: number) {
        throw new Error(`tensortape kernel abort: ${readString(memory, msg) || "(no message)"} at ${readString(memory, file) || "?"}:${line}:${col} (debug build)`);
      },
    },
  };
  const compile = async (src: WebAssembly.Module | Uint8Array) => src instanceof WebAssembly.Module ? src
    : WebAssembly.compile((given === null && !shared ? unshared(src) : src) as Uint8Array<ArrayBuffer>);
  // compile both before instantiating either, so a bad relaxed module is refused before anything runs
  const baseModule = await compile(base);
  const relaxedModule = relaxed !== undefined ? await compile(relaxed) : undefined;
  if (given !== null) {
    checkModule(baseModule, "base", given.relaxed === undefined);
    if (relaxedModule !== undefined) checkModule(relaxedModule, "relaxed", false);
  }
  const start = async (m: WebAssembly.Module) => (await WebAssembly.instantiate(m, imports)).exports;
  const kernels = { ...(await start(baseModule)) };
  if (relaxedModule !== undefined) Object.assign(kernels, await start(relaxedModule));
  const raw = kernels as unknown as Kernels;
  const r: Runtime = { kernels: raw, memory, simd, maxBytes, options: key, raw, split: null, threads: 1, pool: null, sharedMemory: shared,
    relaxedInUse: relaxedModule !== undefined };
  if (shared) {
    // every worker instantiates (and so rewrites the static data) before ready() resolves, never during a kernel
    const started = await t!.start(wanted, relaxedModule === undefined ? [baseModule] : [baseModule, relaxedModule], memory, raw, url!);
    // workers that cannot start (no permission, no file, a refused postMessage): today's one-thread build instead
    if (started === null) return instantiate(builds, { ...opts, threads: 1 }, key);
    Object.assign(r, { kernels: started.kernels, split: started.kernels, threads: wanted, pool: started.pool });
  }
  runtime = r;
}

// Fresh typed-array views per access: growing memory detaches the old buffer, so none is cached.
export const f32 = (ptr: Ptr, n: number): Float32Array => new Float32Array(rt().memory.buffer, ptr, n);
export const i32 = (ptr: Ptr, n: number): Int32Array => new Int32Array(rt().memory.buffer, ptr, n);
export const u8 = (ptr: Ptr, n: number): Uint8Array => new Uint8Array(rt().memory.buffer, ptr, n);
