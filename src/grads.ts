// THE gradient table: one rule per differentiable primitive, written with recorded ops only (public ops and the
// conv/pool/factor primitives; never kernels or buffers), so every rule is itself recorded by enclosing tapes
// and differentiable again (higher order by nesting).
// Each rule returns one thunk per input (null = no gradient); the tape calls only the thunks whose
// input leads to a requested source, then sums each result over broadcast dimensions (unbroadcast).
import { ArgumentError, LinalgError } from "./errors.js";
import { readList, readOptions } from "./read.js";
import {
  add, broadcastTo, cast, cos, cosh, div, exp, rsqrt, sinh, equal, eye, floorDiv, gather, greater, greaterEqual, lessEqual, less, log, matmul, mul, neg, ones,
  pad, pow, prod, cumsum, cumprod, reverse, reshape, sigmoid, sign, sin, slice, sub, sum, transpose, unsortedSegmentSum, where, zerosLike, square,
} from "./ops/index.js";
import { fmt, keptShape, sameShape } from "./shape.js";
import {
  avgPoolBackprop, avgPoolPrim, conv2dBackpropFilter, conv2dBackpropInput, conv2dPrim, maxPoolBackprop, maxPoolGather, type WindowGeom,
} from "./ops/conv.js";
import { matT, triangle, triangularSolve } from "./ops/factor.js";
import type { DiffBinaryOp, ReduceOp, UnaryOp } from "./ops/table.js";
import { Tensor, type Shape } from "./tensor.js";
import type { Variable } from "./variable.js";

const isTensor = (t: unknown): t is Tensor => t instanceof Tensor;

export type Thunk = (() => Tensor) | null;

/** Which values the tape keeps for a rule: inputs ("x", the default), outputs ("y"), both, or none. */
export type Save = "x" | "y" | "xy" | "none";
/**
 * What a rule sees: output gradients, attrs, the inputs' shapes, and the saved values its `save` names
 * (aliases of what the tape saw): `x` only when inputs are saved, `y`/`ys` only when outputs are.
 */
export type GradContext<A, S extends Save = Save> = { dy: Tensor; dys: Tensor[]; attrs: A; shapes: Shape[] }
  & (S extends "x" | "xy" ? { x: Tensor[] } : unknown) & (S extends "y" | "xy" ? { y: Tensor; ys: Tensor[] } : unknown);
/** What a direct forward-mode rule sees: the op's inputs and outputs and the inputs' tangents (null = zero). */
export interface JvpContext<A> { x: Tensor[]; y: Tensor[]; tx: (Tensor | null)[]; attrs: A }
/** A rule for attrs `A` that saves `S` (`save` may be left out for "x"); its `grad` reads only what is saved. */
type RuleOf<A, S extends Save> = (S extends "x" ? { save?: S } : { save: S }) & RuleBody<A> & { grad: (c: GradContext<A, S>) => Thunk[] };
type Rule<A> = RuleOf<A, "x"> | RuleOf<A, "y"> | RuleOf<A, "xy"> | RuleOf<A, "none">;
interface RuleBody<A> {
  /** Optional direct JVP (the output's tangent); without it forward mode uses the double-VJP of `grad`. */
  jvp?: (c: JvpContext<A>) => Tensor | null;
  /** For attrs that hold tensors: a tape that keeps an entry retains its attrs, and releases them when it lets go. */
  retain?: (attrs: A) => void;
  release?: (attrs: A) => void;
}

/** One call of a customGradient function: its gradient function, the tensors `f` made for it, the shape of the call. */
export interface CustomAttrs {
  gradFunc: (dy: Tensor | Tensor[], inputs: Tensor[], variables: Variable[]) => unknown; held: Tensor[]; refs: number;
  /** value was an array (dy is one too); the recorded inputs are `inputs` arguments then the variables f read */
  multi: boolean; inputs: number; variables: Variable[];
}

/** A tape that recorded a custom call lets go of it; the last one frees what `f` made. */
export function releaseCustom(a: CustomAttrs): void {
  if (--a.refs <= 0) { for (const t of a.held) t.dispose(); a.held = []; }
}

/** A gradient list read once (`what` names it): the copy, and whether it holds n live gradients (a Tensor or null each). */
function gradList(g: unknown, n: number, what: string): { list: (Tensor | null)[]; ok: boolean } {
  const list = Array.isArray(g) ? readList(g, "customGradient", what) : [g];
  const ok = list.length === n && list.every((t) => t === null || isTensor(t));
  if (ok) list.forEach((t, i) => { if (t !== null) (t as Tensor).live(`customGradient: ${what} ${i}`); });
  return { list: list as (Tensor | null)[], ok };
}
/** gradFunc's result as one gradient per recorded input: the inputs', then the variables' (the `{ inputs, variables }` form). */
function customGrads(g: unknown, a: CustomAttrs): (Tensor | null)[] {
  const n = a.inputs, v = a.variables.length;
  if (g !== null && typeof g === "object" && !Array.isArray(g) && !isTensor(g)) {
    const o = readOptions(g, "customGradient", ["inputs", "variables"], "gradFunc's result");
    const ins = gradList(o.inputs, n, "gradFunc's inputs"), vars = gradList(o.variables === undefined && v === 0 ? [] : o.variables, v, "gradFunc's variables");
    if (ins.ok && vars.ok) return [...ins.list, ...vars.list];
    throw new ArgumentError(`customGradient: gradFunc's { inputs, variables } must hold one gradient (a Tensor or null) per input (${n}) and per variable f read (${v})`);
  }
  if (v > 0) {
    throw new ArgumentError(`customGradient: f read ${v} trainable variable(s) (${a.variables.map((x) => x.name).join(", ")}); gradFunc must return { inputs, variables }`);
  }
  const { list, ok } = gradList(g, n, "gradFunc's gradient");
  if (!ok) {
    throw new ArgumentError(`customGradient: gradFunc must return one gradient (a Tensor or null) per input: ${n} input(s), got ${Array.isArray(g) ? `${list.length} value(s)` : typeof g}`);
  }
  list.forEach((t, i) => { if (t !== null) (t as Tensor).live(`customGradient: gradFunc's gradient ${i}`); });
  return list;
}

interface ScanAttrs { axis: number; exclusive: boolean; reverse: boolean }
type Reduced = { axes: number[]; keepDims: boolean };
/** Each recorded op's attrs: the table families' (ops/table.ts) first, then the rest by hand. */
type Attrs = { [K in UnaryOp | DiffBinaryOp]: void } & { [K in ReduceOp]: Reduced } & OtherAttrs;
interface OtherAttrs {
  matmul: { transposeA: boolean; transposeB: boolean };
  reshape: void; transpose: { perm: number[] }; broadcastTo: void;
  where: void; cast: void;
  slice: { begin: number[] }; pad: { before: number[] }; concat: { axis: number; offsets: number[] };
  custom: CustomAttrs;
  gather: { axis: number; batchDims: number }; unsortedSegmentSum: { axis: number; batchDims: number };
  conv2d: WindowGeom; conv2dBackpropInput: WindowGeom; conv2dBackpropFilter: WindowGeom;
  maxPool: WindowGeom; maxPoolBackprop: WindowGeom; maxPoolGather: WindowGeom; avgPool: WindowGeom; avgPoolBackprop: WindowGeom;
  clip: { lo: number; hi: number };
  cumsum: ScanAttrs; cumprod: ScanAttrs; reverse: { axes: number[] };
  cholesky: void; triangularSolve: { lower: boolean; adjoint: boolean; unitDiagonal: boolean }; lu: void; qr: void;
}
export type OpName = keyof Attrs;

const f32 = (b: Tensor) => cast(b, "float32");
/** A tangent of an input, broadcast to the output's shape (a JVP of a broadcasting op). */
const fit = (t: Tensor, shape: Shape) => (sameShape(t.shape, shape) ? t : broadcastTo(t, shape));
/** Σ of the present terms (null = a zero tangent), or null when none is present. */
function plus(...ts: (Tensor | null)[]): Tensor | null {
  const present = ts.filter((t): t is Tensor => t !== null);
  return present.length === 0 ? null : present.reduce((a, b) => add(a, b));
}
const scaled = (t: Tensor | null, k: Tensor): Tensor | null => (t === null ? null : mul(t, k));
/** The inverse of a permutation. */
const invert = (p: number[]) => p.map((_, i) => p.indexOf(i));

/** max and min: the gradient goes to the elements equal to the result; ties split it evenly (TF). */
const extremum: RuleOf<Reduced, "xy"> = {
  save: "xy",
  grad: ({ dy, x: [x], y, attrs: { axes } }) => [() => {
    const kept = keptShape(x.shape, axes);
    const hit = f32(equal(x, reshape(y, kept)));
    return mul(div(hit, sum(hit, axes, true)), reshape(dy, kept));
  }],
};

export const grads: { [K in OpName]: Rule<Attrs[K]> } = {
  add: { save: "none", grad: ({ dy }) => [() => dy, () => dy], jvp: ({ y: [y], tx: [ta, tb] }) => plus(ta && fit(ta, y.shape), tb && fit(tb, y.shape)) },
  sub: { save: "none", grad: ({ dy }) => [() => dy, () => neg(dy)], jvp: ({ y: [y], tx: [ta, tb] }) => plus(ta && fit(ta, y.shape), tb && fit(neg(tb), y.shape)) },
  mul: {
    grad: ({ dy, x: [a, b] }) => [() => mul(dy, b), () => mul(dy, a)],
    jvp: ({ x: [a, b], y: [y], tx: [ta, tb] }) => { const r = plus(scaled(ta, b), scaled(tb, a)); return r && fit(r, y.shape); },
  },
  // d(a/b) = da/b − a·db/b²
  div: { grad: ({ dy, x: [a, b] }) => [() => div(dy, b), () => neg(div(mul(dy, a), square(b)))] },
  // d(aᵇ) = b·aᵇ⁻¹·da + aᵇ·ln(a)·db; ln is taken of a safe a (> 0) so no NaN enters where a ≤ 0 (TF's rule)
  pow: {
    save: "xy",
    grad: ({ dy, x: [a, b], y }) => [
      () => mul(dy, mul(b, pow(a, sub(b, 1)))),
      () => { const pos = greater(a, 0); return mul(dy, mul(y, where(pos, log(where(pos, a, ones(a.shape))), zerosLike(a)))); },
    ],
  },
  // ties go to a (TF: a ≥ b selects a for maximum, a ≤ b for minimum)
  maximum: { grad: ({ dy, x: [a, b] }) => [() => mul(dy, f32(greaterEqual(a, b))), () => mul(dy, f32(less(a, b)))] },
  minimum: { grad: ({ dy, x: [a, b] }) => [() => mul(dy, f32(lessEqual(a, b))), () => mul(dy, f32(greater(a, b)))] },
  neg: { save: "none", grad: ({ dy }) => [() => neg(dy)], jvp: ({ tx: [t] }) => t && neg(t) },
  exp: { save: "y", grad: ({ dy, y }) => [() => mul(dy, y)], jvp: ({ y: [y], tx: [t] }) => scaled(t, y) },
  log: { grad: ({ dy, x: [x] }) => [() => div(dy, x)], jvp: ({ x: [x], tx: [t] }) => t && div(t, x) },
  // d√x = dx / (2√x)
  sqrt: { save: "y", grad: ({ dy, y }) => [() => div(dy, mul(y, 2))] },
  square: { grad: ({ dy, x: [x] }) => [() => mul(dy, mul(x, 2))], jvp: ({ x: [x], tx: [t] }) => t && mul(t, mul(x, 2)) },
  // d tanh = (1 − y²) dx
  tanh: { save: "y", grad: ({ dy, y }) => [() => mul(dy, sub(1, square(y)))], jvp: ({ y: [y], tx: [t] }) => t && mul(t, sub(1, square(y))) },
  // dσ = σ(1 − σ) dx
  sigmoid: { save: "y", grad: ({ dy, y }) => [() => mul(dy, mul(y, sub(1, y)))], jvp: ({ y: [y], tx: [t] }) => t && mul(t, mul(y, sub(1, y))) },
  // NOTE: relu'(0) = 0 (TF); the mask is a comparison, so it carries no gradient of its own
  relu: { grad: ({ dy, x: [x] }) => [() => mul(dy, f32(greater(x, 0)))], jvp: ({ x: [x], tx: [t] }) => t && mul(t, f32(greater(x, 0))) },
  sum: {
    save: "none",
    grad: ({ dy, attrs: { axes }, shapes: [s] }) => [() => broadcastTo(reshape(dy, keptShape(s, axes)), s)],
    jvp: ({ tx: [t], attrs: { axes, keepDims } }) => t && sum(t, axes, keepDims),
  },
  // the gradient is split evenly among the elements equal to the maximum (TF)
  max: extremum,
  // C = op(A)·op(B): each case transposes the other operand or dy as the chain rule needs
  // y = op(a)·op(b): dop(a) = dy·op(b)ᵀ and dop(b) = op(a)ᵀ·dy, each transposed back when the op transposed
  matmul: {
    grad: ({ dy, x: [a, b], attrs: { transposeA: tA, transposeB: tB } }) => [
      () => (tA ? matmul(b, dy, { transposeA: tB, transposeB: true }) : matmul(dy, b, { transposeB: !tB })),
      () => (tB ? matmul(dy, a, { transposeA: true, transposeB: tA }) : matmul(a, dy, { transposeA: !tA })),
    ],
    // d(op(A)·op(B)) = op(dA)·op(B) + op(A)·op(dB)
    jvp: ({ x: [a, b], tx: [ta, tb], attrs: o }) => plus(ta && matmul(ta, b, o), tb && matmul(a, tb, o)),
  },
  reshape: { save: "none", grad: ({ dy, shapes: [s] }) => [() => reshape(dy, s)], jvp: ({ y: [y], tx: [t] }) => t && reshape(t, y.shape) },
  transpose: { save: "none", grad: ({ dy, attrs: { perm } }) => [() => transpose(dy, invert(perm))], jvp: ({ tx: [t], attrs: { perm } }) => t && transpose(t, perm) },
  // the tape sums dy back over the broadcast dimensions
  broadcastTo: { save: "none", grad: ({ dy }) => [() => dy], jvp: ({ y: [y], tx: [t] }) => t && broadcastTo(t, y.shape) },
  where: {
    grad: ({ dy, x: [c] }) => [null, () => where(c, dy, zerosLike(dy)), () => where(c, zerosLike(dy), dy)],
  },
  // float → float is the identity; the tape sends nothing into integer inputs
  cast: { save: "none", grad: ({ dy }) => [() => dy], jvp: ({ x: [x], y: [y], tx: [t] }) => (t && x.dtype === "float32" && y.dtype === "float32" ? t : null) },
  // slice and pad are each other's gradients
  slice: { save: "none", grad: ({ dy, attrs: { begin }, shapes: [s] }) => [() => pad(dy, s.map((d, i) => [begin[i], d - begin[i] - dy.shape[i]] as [number, number]))] },
  pad: { save: "none", grad: ({ dy, attrs: { before }, shapes: [s] }) => [() => slice(dy, before, s as number[])] },
  concat: {
    save: "none",
    grad: ({ dy, attrs: { axis, offsets }, shapes }) => shapes.map((s, i) => () => slice(dy, s.map((_, d) => (d === axis ? offsets[i] : 0)), s as number[])),
  },
  // the recorders that keep a custom call hold what f made for gradFunc; the last to let go frees it
  custom: {
    retain: (a) => { a.refs++; },
    release: releaseCustom,
    // gradFunc sees dy (an array for an array value), the inputs (the tape's aliases) and the variables themselves
    grad: ({ dy, dys, x, attrs: a }) => customGrads(a.gradFunc(a.multi ? dys : dy, x.slice(0, a.inputs), a.variables), a).map((g) => (g === null ? null : () => g)),
  },
  // gather and unsortedSegmentSum (scatter-add) are each other's transposes; indices get no gradient
  gather: {
    grad: ({ dy, x: [, ids], attrs: { axis, batchDims }, shapes: [s] }) => [() => unsortedSegmentSum(dy, ids, s[axis], axis, batchDims), null],
  },
  unsortedSegmentSum: {
    grad: ({ dy, x: [, ids], attrs: { axis, batchDims } }) => [() => gather(dy, ids, axis, batchDims), null],
  },
  // nn. conv2d(x, f) is bilinear; with B = conv2dBackpropInput and F = conv2dBackpropFilter its adjoints,
  // ⟨conv2d(x, f), dy⟩ = ⟨x, B(dy, f)⟩ = ⟨f, F(x, dy)⟩, and each of the three rules reads off that identity
  conv2d: { grad: ({ dy, x: [x, f], attrs }) => [() => conv2dBackpropInput(dy, f, attrs), () => conv2dBackpropFilter(x, dy, attrs)] },
  // ⟨B(u, f), g⟩ = ⟨u, conv2d(g, f)⟩ = ⟨f, F(g, u)⟩
  conv2dBackpropInput: { grad: ({ dy: g, x: [u, f], attrs }) => [() => conv2dPrim(g, f, attrs), () => conv2dBackpropFilter(g, u, attrs)] },
  // ⟨F(x, u), h⟩ = ⟨x, B(u, h)⟩ = ⟨u, conv2d(x, h)⟩
  conv2dBackpropFilter: { grad: ({ dy: h, x: [x, u], attrs }) => [() => conv2dBackpropInput(u, h, attrs), () => conv2dPrim(x, h, attrs)] },
  // max pooling routes dy to each window's first maximum; the route is piecewise constant in x, so the
  // backprop and its adjoint (gather at the same maxima) are linear in their first input, with no gradient for x (TF)
  maxPool: { grad: ({ dy, x: [x], attrs }) => [() => maxPoolBackprop(dy, x, attrs)] },
  maxPoolBackprop: { grad: ({ dy, x: [, x], attrs }) => [() => maxPoolGather(dy, x, attrs), null] },
  maxPoolGather: { grad: ({ dy, x: [, x], attrs }) => [() => maxPoolBackprop(dy, x, attrs), null] },
  // average pooling is linear: its gradient is its adjoint, whose adjoint is average pooling again
  avgPool: { save: "none", grad: ({ dy, attrs }) => [() => avgPoolBackprop(dy, attrs)] },
  avgPoolBackprop: { save: "none", grad: ({ dy, attrs }) => [() => avgPoolPrim(dy, attrs)] },
  // ---- more unary math, clip, mod, min, prod ----
  // NOTE: abs'(0) = sign(0) = 0 (TF; tfjs gives −1)
  abs: { grad: ({ dy, x: [x] }) => [() => mul(dy, sign(x))] },
  // sign is piecewise constant: zero gradient (TF), not "no gradient"
  sign: { save: "none", grad: ({ dy }) => [() => zerosLike(dy)] },
  // d log(1 + x) = dx / (1 + x)
  log1p: { grad: ({ dy, x: [x] }) => [() => div(dy, add(x, 1))] },
  // d(eˣ − 1) = (y + 1) dx
  expm1: { save: "y", grad: ({ dy, y }) => [() => mul(dy, add(y, 1))] },
  // d x^(−1/2) = −½ y³ dx
  // d(1/x) = −dx/x² = −dx·y²
  reciprocal: { save: "y", grad: ({ dy, y }) => [() => neg(mul(dy, square(y)))] },
  rsqrt: { save: "y", grad: ({ dy, y }) => [() => mul(dy, mul(mul(y, square(y)), -0.5))] },
  sin: { grad: ({ dy, x: [x] }) => [() => mul(dy, cos(x))] },
  cos: { grad: ({ dy, x: [x] }) => [() => neg(mul(dy, sin(x)))] },
  // d tan = (1 + y²) dx
  tan: { save: "y", grad: ({ dy, y }) => [() => mul(dy, add(square(y), 1))] },
  // elu' = 1 for x > 0, else eˣ = y + 1; written with y (TF's EluGrad), so it is differentiable again
  elu: { save: "y", grad: ({ dy, y }) => [() => where(greater(y, 0), dy, mul(dy, add(y, 1)))] },
  softplus: { grad: ({ dy, x: [x] }) => [() => mul(dy, sigmoid(x))] },
  // passes where lo ≤ x ≤ hi, zero outside (TF: masked by x < lo or x > hi)
  clip: {
    grad: ({ dy, x: [x], attrs: { lo, hi } }) => [() => where(less(x, lo), zerosLike(dy), where(greater(x, hi), zerosLike(dy), dy))],
  },
  // a mod b = a − ⌊a/b⌋·b: d/da = 1, d/db = −⌊a/b⌋ (TF's FloorMod)
  mod: { grad: ({ dy, x: [a, b] }) => [() => dy, () => neg(mul(dy, floorDiv(a, b)))] },
  // atan2(a, b) = the angle of (b, a): ∂/∂a = b/(a² + b²), ∂/∂b = −a/(a² + b²)
  atan2: { grad: ({ dy, x: [a, b] }) => [() => div(mul(dy, b), add(square(a), square(b))), () => neg(div(mul(dy, a), add(square(a), square(b))))] },
  // rounding: no gradient (TF registers None; the derivative is 0 almost everywhere)
  floor: { save: "none", grad: () => [null], jvp: () => null },
  ceil: { save: "none", grad: () => [null], jvp: () => null },
  round: { save: "none", grad: () => [null], jvp: () => null },
  // d sinh = cosh dx, d cosh = sinh dx
  sinh: { grad: ({ dy, x: [x] }) => [() => mul(dy, cosh(x))] },
  cosh: { grad: ({ dy, x: [x] }) => [() => mul(dy, sinh(x))] },
  // d asinh = dx/√(x² + 1), d acosh = dx/√(x² − 1), d atanh = dx/(1 − x²)
  asinh: { grad: ({ dy, x: [x] }) => [() => mul(dy, rsqrt(add(square(x), 1)))] },
  acosh: { grad: ({ dy, x: [x] }) => [() => mul(dy, rsqrt(sub(square(x), 1)))] },
  atanh: { grad: ({ dy, x: [x] }) => [() => div(dy, sub(1, square(x)))] },
  // d asin = dx/√(1 − x²), d acos = −dx/√(1 − x²), d atan = dx/(1 + x²)
  asin: { grad: ({ dy, x: [x] }) => [() => mul(dy, rsqrt(sub(1, square(x))))] },
  acos: { grad: ({ dy, x: [x] }) => [() => neg(mul(dy, rsqrt(sub(1, square(x)))))] },
  atan: { grad: ({ dy, x: [x] }) => [() => div(dy, add(square(x), 1))] },
  // d erf = 2/√π·e^(−x²) dx
  erf: { grad: ({ dy, x: [x] }) => [() => mul(dy, mul(exp(neg(square(x))), 2 / Math.sqrt(Math.PI)))] },
  min: extremum,
  // ∂/∂xᵢ Π x = Π_{j≠i} xⱼ, from q = Π over the nonzero elements, c = the number of zeros and s = Σ of the
  // zero elements (0 in value, but carrying their derivative): with no zero it is q/xᵢ; with one zero it is
  // q at the zero and s·q/xᵢ (= 0) elsewhere; with more zeros 0. Right at first order for any number of zeros
  // and at second order unless a slice holds two or more zeros. (TF uses exclusive cumulative products
  // instead of q/xᵢ; this needs no cumprod and the division is by nonzero elements only.)
  prod: {
    grad: ({ dy, x: [x], attrs: { axes } }) => [() => {
      const kept = keptShape(x.shape, axes);
      const zero = equal(x, 0);
      const nz = where(zero, ones(x.shape), x);
      const q = prod(nz, axes, true);
      const c = sum(f32(zero), axes, true);
      const s = sum(where(zero, x, zerosLike(x)), axes, true);
      const others = where(zero, mul(q, f32(equal(c, 1))), mul(div(q, nz), add(s, f32(equal(c, 0)))));
      return mul(others, reshape(dy, kept));
    }],
  },
  // ---- linear algebra (tt.linalg): every rule is matmul, triangularSolve, transposes and triangle masks ----
  // A = L·Lᵀ: Ā = ½(S + Sᵀ) with S = L⁻ᵀ·Φ(Lᵀ·L̄)·L⁻¹, Φ = the lower triangle with its diagonal halved (Murray 2016,
  // "Differentiation of the Cholesky decomposition", arXiv:1602.07527), symmetrised as TF's CholeskyGrad: the gradient
  // with respect to a symmetric A, exact along symmetric perturbations (the kernel reads only A's lower triangle)
  cholesky: {
    save: "y",
    grad: ({ dy, y: l }) => [() => {
      const z = triangularSolve(l, triangle(matmul(l, dy, { transposeA: true }), true, 0.5), true, true); // L⁻ᵀ·Φ(Lᵀ·L̄)
      const s = matT(triangularSolve(l, matT(z), true, true)); // z·L⁻¹ = (L⁻ᵀ·zᵀ)ᵀ
      return mul(add(s, matT(s)), 0.5);
    }],
    // dL = L·Φ(L⁻¹·sym(dA)·L⁻ᵀ), sym(dA) = ½(dA + dAᵀ) (Murray 2016): the tangent the symmetric gradient above pairs with
    jvp: ({ y: [l], tx: [t] }) => {
      if (t === null) return null;
      const w = triangularSolve(l, matT(triangularSolve(l, mul(add(t, matT(t)), 0.5), true)), true); // L⁻¹·S·L⁻ᵀ (S symmetric)
      return matmul(l, triangle(w, true, 0.5));
    },
  },
  // X = op(A)⁻¹·B: B̄ = op(A)⁻ᵀ·X̄ and op(A)‾ = −B̄·Xᵀ (Giles 2008, "An extended collection of matrix derivative results
  // for forward and reverse mode AD", the matrix inverse product), so Ā = −B̄·Xᵀ, or −X·B̄ᵀ when op(A) = Aᵀ, kept on the
  // triangle the kernel reads (TF's MatrixTriangularSolve gradient; without the diagonal when it is a unit one)
  triangularSolve: {
    save: "xy",
    grad: ({ dy, x: [a], y: x, attrs: { lower, adjoint, unitDiagonal: unit } }) => {
      let gb: Tensor | null = null;
      const db = () => (gb ??= triangularSolve(a, dy, lower, !adjoint, unit));
      return [() => triangle(neg(adjoint ? matmul(x, db(), { transposeB: true }) : matmul(db(), x, { transposeB: true })), lower, unit ? 0 : 1), db];
    },
    // dX = op(A)⁻¹·(dB − op(dA)·X), dA on the triangle the kernel reads
    jvp: ({ x: [a], y: [x], tx: [ta, tb], attrs: { lower, adjoint, unitDiagonal: unit } }) => {
      const rhs = plus(tb, ta && neg(matmul(triangle(ta, lower, unit ? 0 : 1), x, { transposeA: adjoint })));
      return rhs && triangularSolve(a, rhs, lower, adjoint, unit);
    },
  },
  // A[p] = L·U, L unit lower and U upper packed in one matrix. Differentiating, L⁻¹·dA[p]·U⁻¹ = L⁻¹·dL + dU·U⁻¹ is
  // strictly lower plus upper, so with F = L⁻¹·dA[p]·U⁻¹: dL = L·tril₋₁(F), dU = triu(F)·U (de Hoog, Anderssen &
  // Lukas 2011, "Differentiation of matrix functionals using triangular factorization"; as Murray 2016 for L·Lᵀ). The
  // adjoint: Ā[p] = L⁻ᵀ·(tril₋₁(Lᵀ·L̄) + triu(Ū·Uᵀ))·U⁻ᵀ, with L̄, Ū the packed cotangent's parts (Lᵀ·dy and dy·Uᵀ
  // read only those parts on the kept triangles); the rows go back to their places by a scatter to p. p: none
  lu: {
    save: "y",
    grad: ({ dy, ys: [lu, p] }) => [() => {
      const n = lu.shape[lu.rank - 1], r = lu.rank - 2;
      const l = add(triangle(lu, true, 0), eye(n)), u = triangle(lu, false, 1);
      const g = add(triangle(matmul(l, dy, { transposeA: true }), true, 0), triangle(matmul(dy, u, { transposeB: true }), false, 1));
      // L⁻ᵀ·g·U⁻ᵀ = (U⁻¹·(L⁻ᵀ·g)ᵀ)ᵀ, both solves on the packed factors
      const h = matT(triangularSolve(lu, matT(triangularSolve(lu, g, true, true, true)), false));
      return unsortedSegmentSum(h, p, n, r, r);
    }],
    // d(packed LU) = L·tril₋₁(F) + triu(F)·U with F = L⁻¹·dA[p]·U⁻¹ (the identity above); p has no tangent
    jvp: ({ y: [lu, p], tx: [t] }) => {
      if (t === null) return null;
      const n = lu.shape[lu.rank - 1], r = lu.rank - 2;
      const f = matT(triangularSolve(lu, matT(triangularSolve(lu, gather(t, p, r, r), true, false, true)), false, true)); // (U⁻ᵀ·(L⁻¹·dA[p])ᵀ)ᵀ
      return add(matmul(add(triangle(lu, true, 0), eye(n)), triangle(f, true, 0)), matmul(triangle(f, false, 1), triangle(lu, false, 1)));
    },
  },
  // A = Q·R (m ≥ n, R invertible): with M = R·R̄ᵀ − Q̄ᵀ·Q, Ā = (Q̄ + Q·copyltu(M))·R⁻ᵀ, copyltu(M) = tril(M) + tril₋₁(M)ᵀ
  // (Walter & Lehmann, "Algorithmic differentiation of linear algebra functions with application in optimum experimental
  // design", arXiv:1001.1654, the rectangular QR; Seeger et al. 2017, "Auto-differentiating linear algebra")
  qr: {
    save: "y",
    grad: ({ dys: [dq, dr], ys: [q, r], shapes: [s] }) => [() => {
      if (s[s.length - 2] < s[s.length - 1]) throw new LinalgError(`qr: the gradient is implemented for m >= n only, got x ${fmt(s)}`);
      const m = sub(matmul(r, dr, { transposeB: true }), matmul(dq, q, { transposeA: true }));
      const b = add(dq, matmul(q, add(triangle(m, true, 1), matT(triangle(m, true, 0)))));
      return matT(triangularSolve(r, matT(b), false)); // b·R⁻ᵀ = (R⁻¹·bᵀ)ᵀ
    }],
  },
  // ---- scans ----
  // cumsum is linear; its adjoint sums the other way: the last element of dy reaches every x, and so on
  cumsum: {
    save: "none",
    grad: ({ dy, attrs: { axis, exclusive, reverse } }) => [() => cumsum(dy, axis, exclusive, !reverse)],
    jvp: ({ tx: [t], attrs: { axis, exclusive, reverse } }) => t && cumsum(t, axis, exclusive, reverse),
  },
  // ∂yⱼ/∂xᵢ = yⱼ/xᵢ for the j whose product holds xᵢ, so x̄ = cumsum(ȳ·y, reversed)/x (TF's CumprodGrad: not finite at x = 0)
  cumprod: {
    save: "xy",
    grad: ({ dy, x: [x], y, attrs: { axis, exclusive, reverse } }) => [() => div(cumsum(mul(dy, y), axis, exclusive, !reverse), x)],
  },
  // reversal is a permutation that is its own inverse and transpose
  reverse: { save: "none", grad: ({ dy, attrs: { axes } }) => [() => reverse(dy, axes)], jvp: ({ tx: [t], attrs: { axes } }) => t && reverse(t, axes) },
};
