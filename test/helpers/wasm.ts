// The kernel-test environment: a kernel build instantiated as the host composes it ("relaxed" is the base module
// with the relaxed module's kernels on the same memory), one uvu suite per build, and the shared checks
// (guarded ranges, strided layouts, ulp errors) of the test/node/kernels-*.test.ts suites.
import { existsSync, readFileSync } from "node:fs";
import { suite, type Test } from "uvu";
import * as assert from "uvu/assert";

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

// ---- one suite per build --------------------------------------------------------------------------------

/** Kernel exports as the ABI suites call them (typed loosely: test/node/kernels-abi.test.ts pins the names). */
export type Kernels = Record<string, (...args: number[]) => number>;
export type Env = KernelEnv<Kernels>;

/** The builds every kernel suite runs on; relaxed only where this engine validates it. */
export const BUILDS: [name: string, file: string, optional: boolean][] = [["simd", "simd.wasm", false], ["debug", "debug.wasm", false], ["relaxed", "relaxed.wasm", true]];

/**
 * Registers and runs suite `${title} [build]` for every build present, with a fresh bump allocator per test;
 * `define(S, env, build)` adds the tests. Throws when a required build is missing. Returns the builds run.
 */
export async function forEachBuild(title: string, define: (S: Test, env: Env, build: string) => void, pages = 256): Promise<string[]> {
  const ran: string[] = [];
  for (const [name, file, optional] of BUILDS) {
    const env = await loadEnv<Kernels>(file, pages);
    if (!env) {
      if (!optional) throw new Error(`build/${file} is missing or invalid: run npm run build`);
      continue;
    }
    const S = suite(`${title} [${name}]`);
    S.before.each(() => env.reset());
    define(S, env, name);
    S.run();
    ran.push(name);
  }
  return ran;
}

/** The seeded inputs of one suite file: uniform floats and integers (inclusive bounds). */
export function generators(seed: number) {
  const rand = kernelRng(seed);
  return {
    rand,
    uniform: (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rand()),
    ints: (n: number, lo: number, hi: number) => Int32Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * rand())),
  };
}

// ---- checks ---------------------------------------------------------------------------------------------

export const fr = Math.fround;
/** Same value, including the sign of zero; any NaN equals any NaN. */
export const same = (got: number, want: number) => Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));

export function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.is(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!same(got[i], want[i])) assert.unreachable(`${what}: [${i}] got ${got[i]}, want ${want[i]}`);
  }
}

/** Every got[i] within tol float32 ulps of exact[i] (tol 0: exactly fround(exact[i])); returns the worst error. */
export function expectUlps(got: ArrayLike<number>, exact: ArrayLike<number>, tol: number, what: string, xs?: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    const e = tol === 0 ? (same(got[i], fr(exact[i])) ? 0 : Infinity) : ulpErr(got[i], exact[i]);
    if (e > tol) assert.unreachable(`${what}: [${i}]${xs ? ` x=${xs[i]}` : ""} got ${got[i]}, want ${exact[i]} (${e.toFixed(2)} ulp > ${tol})`);
    worst = Math.max(worst, e);
  }
  return worst;
}

/** Where a contiguous kernel's range [start, start + n) begins in a buffer with guards on both sides. */
export const STARTS = [0, 1, 3, 6];

/**
 * Runs contiguous kernel(inputs…, out, …extra, start, start + n) on buffers holding the inputs at [start,
 * start + n) and 7 elsewhere; out is the first input when inPlace. Asserts nothing outside the range was
 * written; returns the range's values. Int32Array inputs give i32 buffers, Float32Array ones f32.
 */
export function runGuarded(env: Env, kernel: string, inputs: (Float32Array | Int32Array)[], n: number, start: number,
  { extra = [], inPlace = false }: { extra?: number[]; inPlace?: boolean } = {}): number[] {
  const len = start + n + GUARD;
  const isInt = inputs[0] instanceof Int32Array;
  const ptrs = inputs.map((x) => {
    const full = isInt ? new Int32Array(len).fill(7) : new Float32Array(len).fill(7);
    full.set(x, start);
    return isInt ? env.putI32(full) : env.putF32(full);
  });
  const out = inPlace ? ptrs[0] : isInt ? env.putI32(new Int32Array(len).fill(-999)) : env.putF32(new Float32Array(len).fill(SENTINEL));
  env.k[kernel](...ptrs, out, ...extra, start, start + n);
  const got = Array.from(isInt ? env.i32(out, len) : env.f32(out, len));
  const untouched = inPlace ? 7 : isInt ? -999 : SENTINEL;
  got.forEach((v, i) => {
    if ((i < start || i >= start + n) && v !== untouched) assert.unreachable(`${kernel}: wrote outside [${start}, ${start + n}) at ${i}`);
  });
  return got.slice(start, start + n);
}

/**
 * Strided layouts: shape and strides (elements) per operand (up to 3); scalar/row/column/middle broadcasting,
 * transposes and permutations, slices with odd strides, ranks 1–4.
 */
export const LAYOUTS: { name: string; shape: number[]; strides: number[][] }[] = [
  { name: "rank1 contiguous", shape: [37], strides: [[1], [1], [1]] },
  { name: "rank1 scalar b", shape: [37], strides: [[1], [0], [1]] },
  { name: "rank1 scalar a", shape: [37], strides: [[0], [1], [0]] },
  { name: "rank1 stride 3 / 2", shape: [21], strides: [[3], [2], [5]] },
  { name: "row broadcast 6x19", shape: [6, 19], strides: [[19, 1], [0, 1], [0, 1]] },
  { name: "column broadcast 7x18", shape: [7, 18], strides: [[18, 1], [1, 0], [1, 0]] },
  { name: "outer product 9x21", shape: [9, 21], strides: [[1, 0], [0, 1], [21, 1]] },
  { name: "transpose 3x5", shape: [5, 3], strides: [[1, 5], [3, 1], [1, 5]] },
  { name: "transpose 17x9", shape: [9, 17], strides: [[1, 9], [1, 9], [17, 1]] },
  { name: "transpose 32x20", shape: [20, 32], strides: [[1, 20], [32, 1], [1, 20]] },
  { name: "batched transpose 2x7x6", shape: [2, 6, 7], strides: [[42, 1, 6], [0, 1, 6], [42, 7, 1]] },
  { name: "middle stride-0 2x3x4", shape: [2, 3, 4], strides: [[12, 4, 1], [4, 0, 1], [0, 0, 1]] },
  { name: "perm (2,0,1) of 2x3x4", shape: [4, 2, 3], strides: [[1, 12, 4], [6, 3, 1], [1, 12, 4]] },
  { name: "perm (1,2,0) of 2x3x4", shape: [3, 4, 2], strides: [[4, 1, 12], [8, 2, 1], [0, 1, 12]] },
  { name: "slice every 2nd, 3x4", shape: [3, 4], strides: [[9, 2], [4, 1], [0, 3]] },
  { name: "rank4 mixed", shape: [2, 3, 2, 9], strides: [[54, 18, 9, 1], [0, 9, 0, 1], [1, 0, 27, 2]] },
  { name: "rank4 long rows", shape: [2, 1, 3, 40], strides: [[120, 0, 40, 1], [40, 0, 0, 1], [0, 0, 1, 0]] },
];

/** Ranges over [0, total) to run a strided kernel on: whole, mid-row sub-ranges, and a 3-way split. */
export function ranges(total: number): [number, number][][] {
  const out: [number, number][][] = [[[0, total]]];
  if (total > 4) out.push([[3, total - 2]], [[1, 2]], [[0, 2], [2, total >> 1], [total >> 1, total]]);
  return out;
}

/**
 * Runs a strided kernel over every range split of operands laid out as `strides` (make(p, n) puts operand p's
 * n elements) and checks each output element against want(offsets) and the untouched rest; f32 outputs are
 * compared as values (NaN = NaN), i32, u32 and u8 ones exactly.
 */
export function stridedCase(env: Env, shape: number[], strides: number[][], make: (p: number, n: number) => number,
  run: (ptrs: number[], out: number, meta: number, s: number, e: number) => void, kind: "f32" | "i32" | "u32" | "u8",
  want: (offs: number[]) => number, what: string): void {
  const total = prod(shape);
  const ptrs = strides.map((s, p) => make(p, extent(shape, s)));
  const meta = env.meta(shape, ...strides);
  const untouched = { f32: SENTINEL, i32: -999, u32: 0xdeadbeef, u8: 77 }[kind];
  for (const rs of ranges(total)) {
    const out = kind === "u8" ? env.putU8(new Uint8Array(total + GUARD).fill(77))
      : kind === "f32" ? env.putF32(new Float32Array(total + GUARD).fill(SENTINEL)) : env.putI32(new Int32Array(total + GUARD).fill(untouched | 0));
    for (const [s, e] of rs) run(ptrs, out, meta, s, e);
    const got = kind === "u8" ? env.u8(out, total + GUARD) : kind === "f32" ? env.f32(out, total + GUARD)
      : kind === "u32" ? env.u32(out, total + GUARD) : env.i32(out, total + GUARD);
    for (let i = 0; i < total + GUARD; i++) {
      const w = rs.some(([s, e]) => i >= s && i < e) ? want(offsets(shape, strides, i)) : untouched;
      if (!same(got[i], w)) assert.unreachable(`${what} ranges ${JSON.stringify(rs)}: [${i}] got ${got[i]}, want ${w}`);
    }
  }
}

/** Max ulp per "kernel build" over the sweeps of a suite file, printed by its report. */
export function accuracyReport(title: string, ran: string[], maxUlp: Record<string, number>): void {
  const report = suite(title);
  report("max ulp of the sweeps (bounds asserted in the sweeps)", () => {
    assert.ok(ran.length >= 2, `${ran.length} builds ran`);
    assert.ok(Object.keys(maxUlp).length > 0, "sweeps recorded");
    console.log(`  max ulp: ${Object.entries(maxUlp).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
  });
  report.run();
}

// ---- the module's interface, read from its binary -------------------------------------------------------

/** A wasm module's imports and exports with their function signatures, e.g. "add_f32(i32, i32, i32, i32, i32)". */
export interface ModuleInterface { imports: string[]; exports: string[] }

/** Reads the type, import, function and export sections of a wasm binary (MVP encoding, as asc writes it). */
export function moduleInterface(bytes: Uint8Array): ModuleInterface {
  let i = 8;
  const leb = () => { let n = 0, s = 0, x; do { x = bytes[i++]; n |= (x & 127) << s; s += 7; } while (x & 128); return n >>> 0; };
  const name = () => { const n = leb(); const s = new TextDecoder().decode(bytes.subarray(i, i + n)); i += n; return s; };
  const limits = () => { const f = bytes[i++]; leb(); if (f & 1) leb(); };
  const VAL: Record<number, string> = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64", 0x7b: "v128" };
  const types: string[] = [], funcTypes: number[] = [], imports: string[] = [], exports: string[] = [];
  while (i < bytes.length) {
    const id = bytes[i++], end = leb() + i;
    if (id === 1) { // types: 0x60 params results
      for (let n = leb(); n > 0; n--) {
        i++;
        const params = Array.from({ length: leb() }, () => VAL[bytes[i++]]);
        const results = Array.from({ length: leb() }, () => VAL[bytes[i++]]);
        types.push(`(${params.join(", ")})${results.length ? ` => ${results.join(", ")}` : ""}`);
      }
    } else if (id === 2) { // imports: module, field, kind, description
      for (let n = leb(); n > 0; n--) {
        const what = `${name()}.${name()}`, kind = bytes[i++];
        if (kind === 0) { const t = leb(); funcTypes.push(t); imports.push(`${what}${types[t]}`); }
        else if (kind === 2) { limits(); imports.push(`${what}: memory`); }
        else if (kind === 1) { i++; limits(); imports.push(`${what}: table`); }
        else { i += 2; imports.push(`${what}: global`); }
      }
    } else if (id === 3) { // the type of each defined function
      for (let n = leb(); n > 0; n--) funcTypes.push(leb());
    } else if (id === 7) { // exports: name, kind, index
      for (let n = leb(); n > 0; n--) {
        const what = name(), kind = bytes[i++], index = leb();
        exports.push(kind === 0 ? `${what}${types[funcTypes[index]]}` : `${what}: ${["function", "table", "memory", "global"][kind]}`);
      }
    }
    i = end;
  }
  return { imports, exports };
}
