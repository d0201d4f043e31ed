// tt.initializers: Keras's weight initializers with its fan rules; seeded ones repeat in every runtime (Philox).
import { ArgumentError, DTypeError } from "../errors.js";
import { fill, tensor } from "../ops/creation.js";
import { mul } from "../ops/elementwise.js";
import { qr } from "../ops/factor.js";
import { reshape, transpose } from "../ops/layout.js";
import { randomNormal, randomUniform } from "../ops/random.js";
import { withArgs } from "../ops/run.js";
import { checkShape } from "../shape.js";
import type { DType, Shape, Tensor } from "../tensor.js";
import { checkNumber } from "./optimizer.js";

/** An initializer: `init(shape, dtype?)` → a new tensor. */
export type Initializer = (shape: Shape, dtype?: DType) => Tensor;
type Seed = number | string | undefined;

function opts<T extends object>(o: T | undefined, op: string): Partial<T> {
  if (o === undefined) return {};
  if (o === null || typeof o !== "object") throw new ArgumentError(`${op}: options must be an object, got ${String(o)}`);
  return o;
}
function seedOf(seed: unknown, op: string): Seed {
  if (seed === undefined || typeof seed === "string" || (typeof seed === "number" && Number.isFinite(seed))) return seed;
  throw new ArgumentError(`${op}: seed must be a finite number or a string, got ${String(seed)}`);
}
function float(dtype: DType | undefined, op: string): "float32" {
  if (dtype !== undefined && dtype !== "float32") throw new DTypeError(`${op}: random initializers give float32, got dtype ${JSON.stringify(dtype)}`);
  return "float32";
}

/** Keras's fans: rank 1 → (n, n); rank 2 → (rows, cols); conv kernels [..., in, out] → (in·receptive, out·receptive). */
export function fans(shape: Shape): { fanIn: number; fanOut: number } {
  if (shape.length === 0) return { fanIn: 1, fanOut: 1 };
  if (shape.length === 1) return { fanIn: shape[0], fanOut: shape[0] };
  const receptive = shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return { fanIn: shape[shape.length - 2] * receptive, fanOut: shape[shape.length - 1] * receptive };
}

/**
 * `n` standard normals within ±2 (TF's truncated normal: values beyond are redrawn), as a float64 array. Seeded
 * draws take the rounds' seeds `seed`, `seed:1`, … so they repeat; unseeded ones take the global stream.
 */
function truncated(n: number, seed: Seed): number[] {
  const out: number[] = [];
  for (let round = 0; out.length < n; round++) {
    const s = seed === undefined ? undefined : round === 0 ? seed : `${seed}:${round}`;
    const batch = randomNormal([Math.ceil((n - out.length) * 1.1) + 16], 0, 1, "float32", s);
    const v = batch.dataSync();
    batch.dispose();
    for (let i = 0; i < v.length && out.length < n; i++) if (Math.abs(v[i]) <= 2) out.push(v[i]);
  }
  return out;
}

function truncatedNormalOf(shape: Shape, mean: number, stddev: number, seed: Seed, op: string): Tensor {
  const s = checkShape(shape, op);
  const n = s.reduce((p, d) => p * d, 1);
  return tensor(Float32Array.from(truncated(n, seed), (z) => mean + stddev * z), s, "float32");
}

type Mode = "fanIn" | "fanOut" | "fanAvg";
/**
 * Keras's VarianceScaling: variance scale / n, n the fan of `mode`. "normal" draws a truncated normal with
 * stddev √(scale/n) / 0.8796 (the truncation's correction, as Keras; tfjs leaves it out); "uniform" draws from
 * ±√(3·scale/n).
 */
function varianceScaling(scale: number, mode: Mode, distribution: "normal" | "uniform", name: string) {
  return (options?: { seed?: number | string }): Initializer => {
    const o = opts(options, name);
    const seed = seedOf(o.seed, name);
    return (shape, dtype) => {
      float(dtype, name);
      const s = checkShape(shape, name);
      const { fanIn, fanOut } = fans(s);
      const n = Math.max(1, mode === "fanIn" ? fanIn : mode === "fanOut" ? fanOut : (fanIn + fanOut) / 2);
      if (distribution === "normal") return truncatedNormalOf(s, 0, Math.sqrt(scale / n) / 0.87962566103423978, seed, name);
      const limit = Math.sqrt((3 * scale) / n);
      return randomUniform(s, -limit, limit, "float32", seed);
    };
  };
}

/** The initializers, with Keras's names and defaults (camelCase options as tfjs). */
export const initializers = {
  /** All zeros (Keras's `Zeros`). */
  zeros: (): Initializer => (shape, dtype = "float32") => fill(shape, 0, dtype),
  /** All ones (Keras's `Ones`). */
  ones: (): Initializer => (shape, dtype = "float32") => fill(shape, 1, dtype),
  /** Every element `value` (Keras's `Constant`). */
  constant: (options: { value: number }): Initializer => {
    const value = checkNumber(opts(options, "constant").value, "initializers.constant", "value");
    return (shape, dtype = "float32") => fill(shape, value, dtype);
  },
  /** Normal values, mean 0 and stddev 0.05 by default (Keras's `RandomNormal`). */
  randomNormal: (options?: { mean?: number; stddev?: number; seed?: number | string }): Initializer => {
    const op = "initializers.randomNormal", o = opts(options, op);
    const mean = checkNumber(o.mean ?? 0, op, "mean"), sd = checkNumber(o.stddev ?? 0.05, op, "stddev", 0), seed = seedOf(o.seed, op);
    return (shape, dtype) => randomNormal(shape, mean, sd, float(dtype, op), seed);
  },
  /** Uniform values in [minval, maxval), ±0.05 by default (Keras's `RandomUniform`). */
  randomUniform: (options?: { minval?: number; maxval?: number; seed?: number | string }): Initializer => {
    const op = "initializers.randomUniform", o = opts(options, op);
    const lo = checkNumber(o.minval ?? -0.05, op, "minval"), hi = checkNumber(o.maxval ?? 0.05, op, "maxval"), seed = seedOf(o.seed, op);
    return (shape, dtype) => randomUniform(shape, lo, hi, float(dtype, op), seed);
  },
  /** Normal values within two standard deviations of the mean (others redrawn). */
  truncatedNormal: (options?: { mean?: number; stddev?: number; seed?: number | string }): Initializer => {
    const op = "initializers.truncatedNormal", o = opts(options, op);
    const mean = checkNumber(o.mean ?? 0, op, "mean"), sd = checkNumber(o.stddev ?? 0.05, op, "stddev", 0), seed = seedOf(o.seed, op);
    return (shape, dtype) => { float(dtype, op); return truncatedNormalOf(shape, mean, sd, seed, op); };
  },
  /** Glorot/Xavier uniform: U(±√(6 / (fanIn + fanOut))) (Keras's `GlorotUniform`, its default kernel initializer). */
  glorotUniform: varianceScaling(1, "fanAvg", "uniform", "initializers.glorotUniform"),
  /** Glorot/Xavier normal: truncated normal with stddev √(2 / (fanIn + fanOut)) (Keras's `GlorotNormal`). */
  glorotNormal: varianceScaling(1, "fanAvg", "normal", "initializers.glorotNormal"),
  /** He uniform: U(±√(6 / fanIn)), for ReLU layers (Keras's `HeUniform`). */
  heUniform: varianceScaling(2, "fanIn", "uniform", "initializers.heUniform"),
  /** He normal: truncated normal with stddev √(2 / fanIn), for ReLU layers (Keras's `HeNormal`). */
  heNormal: varianceScaling(2, "fanIn", "normal", "initializers.heNormal"),
  /** LeCun uniform: U(±√(3 / fanIn)) (Keras's `LecunUniform`). */
  lecunUniform: varianceScaling(1, "fanIn", "uniform", "initializers.lecunUniform"),
  /** LeCun normal: truncated normal with stddev √(1 / fanIn), for SELU layers (Keras's `LecunNormal`). */
  lecunNormal: varianceScaling(1, "fanIn", "normal", "initializers.lecunNormal"),
  /**
   * A (semi-)orthogonal matrix times `gain` (Keras): the shape flattened to [∏ shape[:-1], shape[-1]]; a normal
   * [max, min] matrix A = QR (tt.linalg.qr, reduced), Q·sign(diag(R)) (Keras's sign correction, which makes the
   * result the Haar-distributed one; a zero diagonal entry counts as +1), transposed when there are fewer rows
   * than columns.
   */
  orthogonal: (options?: { gain?: number; seed?: number | string }): Initializer => {
    const op = "initializers.orthogonal", o = opts(options, op);
    const gain = checkNumber(o.gain ?? 1, op, "gain"), seed = seedOf(o.seed, op);
    return (shape, dtype) => {
      float(dtype, op);
      const s = checkShape(shape, op);
      if (s.length < 2) throw new ArgumentError(`${op}: needs a shape of rank 2 or more, got [${s.join(",")}]`);
      const cols = s[s.length - 1], rows = s.reduce((p, d) => p * d, 1) / Math.max(cols, 1);
      const m = Math.max(rows, cols), n = Math.min(rows, cols);
      if (n === 0) return fill(s, 0, "float32");
      return withArgs(op, () => { // the scope frees the draw, the factors and the intermediates
        const [q, r] = qr(randomNormal([m, n], 0, 1, "float32", seed));
        const rv = r.dataSync();
        const signs = Array.from({ length: n }, (_, j) => (rv[j * n + j] < 0 ? -gain : gain));
        const qs = mul(q, tensor(signs, [n], "float32")); // column j times ±gain
        return reshape(rows >= cols ? qs : transpose(qs), s);
      });
    };
  },
};
