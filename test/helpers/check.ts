// Test helpers: seeded random data, closeness, and numerical gradient checks of any order.
import * as tt from "tensortape";
import type { Tensor } from "tensortape";

/** mulberry32: a small seeded PRNG, so every test run sees the same numbers. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `n` uniform values in [lo, hi). */
export function uniform(rand: () => number, n: number, lo = -1, hi = 1): number[] {
  return Array.from({ length: n }, () => lo + (hi - lo) * rand());
}

export const size = (shape: readonly number[]): number => shape.reduce((p, d) => p * d, 1);

/** numpy broadcasting: the element of a row-major tensor of `shape` that output index `i` of `out` reads. */
export function broadcastOffset(i: number, out: readonly number[], shape: readonly number[]): number {
  let off = 0, stride = 1, rem = i;
  for (let d = out.length - 1; d >= 0; d--) {
    const idx = rem % out[d]; rem = Math.floor(rem / out[d]);
    const k = d - (out.length - shape.length);
    if (k >= 0) { if (shape[k] !== 1) off += idx * stride; stride *= shape[k]; }
  }
  return off;
}

/** Reference reduction of row-major `x` over `axes` with `f` from `init`, in the keepDims shape (float64). */
export function refReduce(x: ArrayLike<number>, shape: number[], axes: number[], f: (acc: number, v: number) => number, init: number): number[] {
  const outShape = shape.map((d, i) => (axes.includes(i) ? 1 : d));
  const out = new Array(size(outShape)).fill(init);
  for (let i = 0; i < x.length; i++) {
    let rem = i, o = 0, mult = 1;
    for (let d = shape.length - 1; d >= 0; d--) {
      const idx = rem % shape[d]; rem = Math.floor(rem / shape[d]);
      if (!axes.includes(d)) o += idx * mult;
      mult *= outShape[d];
    }
    out[o] = f(out[o], x[i]);
  }
  return out;
}

/** max |a−b| / (atol + rtol·|b|) ≤ 1, elementwise; returns the worst ratio and where. */
export function closeness(a: ArrayLike<number>, b: ArrayLike<number>, rtol: number, atol: number): { worst: number; at: number } {
  if (a.length !== b.length) return { worst: Infinity, at: -1 };
  let worst = 0, at = -1;
  for (let i = 0; i < a.length; i++) {
    if (Number.isNaN(a[i]) && Number.isNaN(b[i])) continue;
    if (a[i] === b[i]) continue;
    const r = Math.abs(a[i] - b[i]) / (atol + rtol * Math.abs(b[i]));
    if (!(r <= worst)) { worst = r; at = i; }
  }
  return { worst, at };
}

export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol = 1e-6, atol = 1e-6, what = "values"): void {
  const { worst, at } = closeness(actual, expected, rtol, atol);
  if (!(worst <= 1)) {
    throw new Error(`${what}: not close at index ${at}: got ${actual[at]}, expected ${expected[at]} ` +
      `(rtol ${rtol}, atol ${atol}; lengths ${actual.length}/${expected.length})`);
  }
}

/** Σ values in float64 of a tensor (read back). */
const total = (t: Tensor): number => { let s = 0; for (const v of t.dataSync()) s += v; return s; };

export interface GradCheck {
  /** the function under test; its output is projected on a fixed random tensor to a scalar */
  f: (...xs: Tensor[]) => Tensor;
  /** input values and shapes */
  inputs: { shape: number[]; values: number[] }[];
  order: number;
  seed?: number;
  /** finite-difference step (in input units, along a unit-scale random direction) */
  h?: number;
  rtol?: number;
  atol?: number;
}

/**
 * Check the order-n derivative of L(x) = Σ w ⊙ f(x) along random directions against central
 * differences of the order-(n−1) derivative, both computed by the library in float32 and summed on
 * the host in float64 (the JAX `check_grads` method):
 *   F₀ = L,  Fₖ(x) = Σᵢ ⟨∇ᵢ Fₖ₋₁(x), uₖᵢ⟩ (nested tapes),  and  Fₙ(x) ≈ (Fₙ₋₁(x + h·uₙ) − Fₙ₋₁(x − h·uₙ)) / 2h.
 * Returns { analytic, numeric }; throws when they differ beyond tolerance.
 */
export function checkGrad(c: GradCheck): { analytic: number; numeric: number } {
  const rand = rng(c.seed ?? 7);
  const h = c.h ?? (c.order === 1 ? 1e-2 : 1e-2);
  const rtol = c.rtol ?? (c.order === 1 ? 5e-3 : 1e-2), atol = c.atol ?? 1e-3;
  return tt.tidy(() => {
    const xs0 = c.inputs.map((i) => tt.tensor(i.values, i.shape));
    const probe = c.f(...xs0);
    const w = tt.tensor(uniform(rand, probe.size, 0.5, 1.5), probe.shape);
    // directions u[k][i] for k = 1..order
    const u = Array.from({ length: c.order + 1 }, () => c.inputs.map((i) => uniform(rand, size(i.shape))));
    const F = (k: number, xs: Tensor[]): Tensor => {
      if (k === 0) return tt.sum(tt.mul(c.f(...xs), w));
      const tape = new tt.GradientTape();
      const inner = tape.record(() => { tape.watch(xs); return F(k - 1, xs); });
      const gs = tape.gradient(inner, xs);
      let acc: Tensor = tt.scalar(0);
      gs.forEach((g, i) => { if (g !== null) acc = tt.add(acc, tt.sum(tt.mul(g, tt.tensor(u[k][i], c.inputs[i].shape)))); });
      return acc;
    };
    const analytic = total(F(c.order, xs0));
    const at = (sign: number) => tt.tidy(() => {
      const xs = c.inputs.map((inp, i) => tt.tensor(inp.values.map((v, j) => v + sign * h * u[c.order][i][j]), inp.shape));
      return total(F(c.order - 1, xs));
    });
    const numeric = (at(1) - at(-1)) / (2 * h);
    if (!(Math.abs(analytic - numeric) <= atol + rtol * Math.abs(numeric))) {
      throw new Error(`order-${c.order} derivative: tape ${analytic}, central difference ${numeric} (rtol ${rtol}, atol ${atol})`);
    }
    return { analytic, numeric };
  });
}
