// Random tensors from a counter-based generator (Philox4x32-10 in assembly/random.ts): reproducible.

// The generator: element e of a result is a pure function of (key, stream, e). A `seed` (a number, or a
// string hashed with FNV-1a) gives the key; the same seed gives the same values in every run, runtime and
// kernel build (the kernels use only integer and correctly rounded f32 arithmetic). Without a seed, each
// call takes the next stream of one module-level generator (key of seed 0, streams 1, 2, …), so a program's
// unseeded draws are also the same from run to run, and differ from call to call.
import { show } from "../read.js";
import { ArgumentError, DTypeError } from "../errors.js";
import { checkShape } from "../shape.js";
import { ptrOf, type DType, type Shape, type Tensor } from "../tensor.js";
import { rt } from "../wasm.js";
import { make } from "./run.js";
import { checkDType } from "./values.js";

let unseededCalls = 0;

/** The 64-bit Philox key of a seed, as two 32-bit words: a number's float64 bits (−0 as 0), a string's two FNV-1a hashes. */
function keyOf(seed: number | string): [number, number] {
  if (typeof seed === "string") {
    const fnv = (basis: number) => {
      let h = basis;
      for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 0x01000193);
      return h | 0;
    };
    return [fnv(0x811c9dc5), fnv(0x050c5d1f)];
  }
  const d = new DataView(new ArrayBuffer(8));
  d.setFloat64(0, seed === 0 ? 0 : seed, true);
  return [d.getInt32(0, true), d.getInt32(4, true)];
}

/** Validated shape, dtype (float32 or int32) and key/stream of a random op. */
function setup(op: string, shape: Shape, dtype: DType, seed: number | string | undefined) {
  const s = checkShape(shape, op);
  const dt = checkDType(dtype, op);
  if (dt === "bool") throw new DTypeError(`${op}: dtype must be "float32" or "int32", got "bool"`);
  if (seed !== undefined && !(typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed)))) {
    throw new ArgumentError(`${op}: seed must be a finite number or a string, got ${show(seed)}`);
  }
  return { s, dt };
}

/** Key and stream of a call that passed validation (an unseeded call takes the next stream). */
function draw(seed: number | string | undefined): { k0: number; k1: number; stream: number } {
  const [k0, k1] = keyOf(seed ?? 0);
  return { k0, k1, stream: seed === undefined ? ++unseededCalls : 0 };
}

function finite(op: string, pairs: [string, unknown][]): void {
  for (const [k, v] of pairs) {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new ArgumentError(`${op}: ${k} must be a finite number, got ${show(v)}`);
  }
}

/** The largest float32 strictly below `v`. */
function prevFloat32(v: number): number {
  const f = Math.fround(v);
  if (f < v) return f;
  const b = new Float32Array([f]), u = new Int32Array(b.buffer);
  if (f === 0) return -1.401298464324817e-45;
  u[0] += f > 0 ? -1 : 1;
  return b[0];
}

/**
 * Uniform values in [minval, maxval), as tfjs's `randomUniform(shape, minval = 0, maxval = 1, dtype,
 * seed)`. float32: minval + (maxval − minval)·u with u a multiple of 2^-24 in [0, 1) (minval = maxval gives
 * minval everywhere). int32 (TensorFlow's semantics): integers in [minval, maxval), minval < maxval.
 * Reproducible: see the generator notes at the top of this file.
 *
 *     tt.randomUniform([2, 3], -1, 1, "float32", 42);
 */
export function randomUniform(shape: Shape, minval = 0, maxval = 1, dtype: DType = "float32", seed?: number | string): Tensor {
  const op = "randomUniform";
  finite(op, [["minval", minval], ["maxval", maxval]]);
  const { s, dt } = setup(op, shape, dtype, seed);
  if (dt === "int32") {
    if (!Number.isInteger(minval) || !Number.isInteger(maxval) || minval < -(2 ** 31) || maxval >= 2 ** 31 || minval >= maxval) {
      throw new ArgumentError(`${op}: int32 needs integers minval < maxval within int32, got minval ${minval} and maxval ${maxval}`);
    }
  } else if (minval > maxval) {
    throw new ArgumentError(`${op}: minval ${minval} must not exceed maxval ${maxval}`);
  }
  const lo = Math.fround(minval), scale = Math.fround(maxval - minval);
  if (dt === "float32" && !Number.isFinite(scale)) throw new ArgumentError(`${op}: maxval − minval = ${maxval - minval} overflows float32`);
  const { k0, k1, stream } = draw(seed);
  const out = make(s, dt);
  if (out.size > 0) {
    const k = rt().kernels;
    if (dt === "int32") k.random_uniform_i32(ptrOf(out), k0, k1, stream, minval | 0, (maxval - minval) | 0, 0, out.size);
    else k.random_uniform_f32(ptrOf(out), k0, k1, stream, lo, scale, minval === maxval ? lo : Math.max(prevFloat32(maxval), lo), 0, out.size);
  }
  return out;
}

/**
 * Normally distributed values, as tfjs's `randomNormal(shape, mean = 0, stdDev = 1, dtype, seed)`:
 * Box–Muller on pairs of 24-bit uniforms (so |z| ≤ 5.77 standard deviations). int32 rounds each value to
 * the nearest integer. Reproducible: see the generator notes at the top of this file.
 *
 *     tt.randomNormal([1000], 0, 1, "float32", 7);
 */
export function randomNormal(shape: Shape, mean = 0, stdDev = 1, dtype: DType = "float32", seed?: number | string): Tensor {
  const op = "randomNormal";
  finite(op, [["mean", mean], ["stdDev", stdDev]]);
  if (stdDev < 0) throw new ArgumentError(`${op}: stdDev must be >= 0, got ${stdDev}`);
  const { s, dt } = setup(op, shape, dtype, seed);
  const { k0, k1, stream } = draw(seed);
  const out = make(s, dt);
  if (out.size > 0) {
    const k = rt().kernels;
    (dt === "int32" ? k.random_normal_i32 : k.random_normal_f32)(ptrOf(out), k0, k1, stream, mean, stdDev, 0, out.size);
  }
  return out;
}
