// Instantiating a kernel build for ABI tests, composed as the host composes it: "relaxed" is the base module
// with the relaxed module's kernels (those that differ under relaxed SIMD) instantiated on the same memory.
import { existsSync, readFileSync } from "node:fs";

const bytesOf = (file: string): ArrayBuffer | null => {
  const url = new URL(`../../build/${file}`, import.meta.url);
  if (!existsSync(url)) return null;
  const b = readFileSync(url);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const start = async (bytes: ArrayBuffer, imports: WebAssembly.Imports) =>
  (await WebAssembly.instantiate(await WebAssembly.compile(bytes), imports)).exports;

/** The exports of build `file` (simd.wasm, debug.wasm or relaxed.wasm) over `imports`, or null when missing or not valid here. */
export async function instantiateBuild(file: string, imports: WebAssembly.Imports): Promise<Record<string, unknown> | null> {
  const bytes = bytesOf(file);
  if (bytes === null || !WebAssembly.validate(bytes)) return null;
  if (file !== "relaxed.wasm") return { ...(await start(bytes, imports)) };
  const base = bytesOf("simd.wasm");
  if (base === null) return null;
  return { ...(await start(base, imports)), ...(await start(bytes, imports)) };
}

/** A kernel build over its own memory with a bump allocator from heapBase, for ABI tests. */
export interface KernelEnv<K> {
  k: K;
  /** whether this is the relaxed-SIMD composition (results may be fused, so compared with a tolerance) */
  relaxed: boolean;
  reset(): void;
  alloc(bytes: number): number;
  f32(p: number, n: number): Float32Array;
  i32(p: number, n: number): Int32Array;
  u32(p: number, n: number): Uint32Array;
  u8(p: number, n: number): Uint8Array;
  putF32(xs: ArrayLike<number>): number;
  putI32(xs: ArrayLike<number>): number;
  putU8(xs: ArrayLike<number>): number;
  put(kind: "f32" | "i32" | "u8", xs: ArrayLike<number>): number;
  view(kind: "f32" | "i32" | "u8", p: number, n: number): Float32Array | Int32Array | Uint8Array;
  /** a meta block [rank, shape…, strides…] */
  meta(shape: number[], ...strides: number[][]): number;
}

export async function loadEnv<K>(file: string, pages = 256): Promise<KernelEnv<K> | null> {
  const memory = new WebAssembly.Memory({ initial: pages });
  const exports = await instantiateBuild(file, { env: { memory, abort() { throw new Error("abort"); } } });
  if (exports === null) return null;
  const k = exports as unknown as K;
  const base = ((exports.heapBase as () => number)() + 15) & ~15;
  let top = base;
  const Views = { f32: Float32Array, i32: Int32Array, u8: Uint8Array };
  const env: KernelEnv<K> = {
    k, relaxed: file === "relaxed.wasm",
    reset() { top = base; },
    alloc(bytes) {
      const p = top;
      top = (top + bytes + 15) & ~15;
      const need = top + 64 - memory.buffer.byteLength;
      if (need > 0) memory.grow(Math.ceil(need / 65536));
      return p;
    },
    f32: (p, n) => new Float32Array(memory.buffer, p, n),
    i32: (p, n) => new Int32Array(memory.buffer, p, n),
    u32: (p, n) => new Uint32Array(memory.buffer, p, n),
    u8: (p, n) => new Uint8Array(memory.buffer, p, n),
    putF32(xs) { const p = env.alloc(4 * xs.length); env.f32(p, xs.length).set(xs); return p; },
    putI32(xs) { const p = env.alloc(4 * xs.length); env.i32(p, xs.length).set(xs); return p; },
    putU8(xs) { const p = env.alloc(xs.length); env.u8(p, xs.length).set(xs); return p; },
    put(kind, xs) { const p = env.alloc(xs.length * Views[kind].BYTES_PER_ELEMENT); env.view(kind, p, xs.length).set(xs); return p; },
    view: (kind, p, n) => new Views[kind](memory.buffer, p, n),
    meta(shape, ...strides) { return env.putI32([shape.length, ...shape, ...strides.flat()]); },
  };
  return env;
}

/** mulberry32 as the kernel suites use it: uniform [0, 1) */
export function kernelRng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Size of one f32 ulp at the float nearest to v (2^-149 in the subnormals). */
export function ulp(v: number): number {
  const e = (new Uint32Array(Float32Array.of(v).buffer)[0] >>> 23) & 0xff;
  return e === 0 ? 2 ** -149 : 2 ** (e - 150);
}

/** Error of a float32 result against the exact value, in float32 ulps of the exact value. */
export function ulpErr(got: number, exact: number): number {
  if (Number.isNaN(exact) || Number.isNaN(got)) return Number.isNaN(exact) && Number.isNaN(got) ? 0 : Infinity;
  const want = Math.fround(exact);
  if (!Number.isFinite(want) || !Number.isFinite(got)) return got === want ? 0 : Infinity;
  return Math.abs(got - exact) / ulp(want);
}

/** Lengths that hit the SIMD body, its tail and both (0–9, 15–17, 33). */
export const LENGTHS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 33];
/** Elements after an output range that a kernel must leave alone, and the value they hold. */
export const GUARD = 5;
export const SENTINEL = -12345.5;
export const prod = (s: number[]) => s.reduce((p, d) => p * d, 1);
/** Elements a strided operand spans. */
export const extent = (shape: number[], strides: number[]) => 1 + shape.reduce((e, d, i) => e + (d - 1) * strides[i], 0);
/** Element offsets of every operand at output index i of a strided layout. */
export function offsets(shape: number[], strides: number[][], i: number): number[] {
  const offs = strides.map(() => 0);
  for (let d = shape.length - 1; d >= 0; d--) {
    const idx = i % shape[d];
    i = Math.floor(i / shape[d]);
    strides.forEach((s, p) => (offs[p] += idx * s[d]));
  }
  return offs;
}
