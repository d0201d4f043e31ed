// The linear-algebra primitives (wasm kernels with rules in grads.ts): cholesky, triangularSolve, lu, qr; triangle masks.
import { allocBuffer, release, type DataBuffer } from "../buffer.js";
import { ArgumentError, LinalgError, ShapeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, fmt, sameShape } from "../shape.js";
import { record } from "../record.js";
import { show } from "../read.js";
import { ptrOf, sizeOf, Tensor, type Shape } from "../tensor.js";
import { rt } from "../wasm.js";
import { tensor } from "./creation.js";
import { mul } from "./elementwise.js";
import { transpose } from "./layout.js";
import { make, requireFloat, withArgs, type Args, type TensorLike } from "./run.js";

/** `x` converted and checked: float32 matrices [..., m, n], square [..., n, n] unless `square` is false. */
export function matrices(args: Args, x: TensorLike, op: string, arg: string, square = true): Tensor {
  const t = args.tensor(x, arg);
  requireFloat(t, op, arg);
  if (t.rank < 2 || (square && t.shape[t.rank - 1] !== t.shape[t.rank - 2])) {
    throw new ShapeError(`${op}: ${arg} must be ${square ? "a square matrix [..., n, n]" : "a matrix [..., m, n]"} (or a batch of them), got ${fmt(t.shape)}`);
  }
  return t;
}

/** The batch dimensions of a [..., m, n] shape. */
export const batchOf = (s: Shape): number[] => s.slice(0, -2);

/** " (matrix i of the batch)" when there is a batch. */
export const which = (i: number, count: number): string => (count > 1 ? ` (matrix ${i} of the batch)` : "");

/** The transpose of the last two axes (recorded). */
export function matT(x: Tensor): Tensor {
  const r = x.rank;
  return transpose(x, Array.from({ length: r }, (_, i) => (i < r - 2 ? i : 2 * r - 3 - i)));
}

/**
 * x ⊙ M over the last two axes, M being ones strictly inside the lower (or upper) triangle, `diag` on the diagonal
 * and zeros elsewhere (recorded): tril (diag 1), the strict lower part (0), and Murray's Φ (½).
 */
export function triangle(x: Tensor, lower: boolean, diag: number): Tensor {
  const rows = x.shape[x.rank - 2], cols = x.shape[x.rank - 1], m = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) m[i * cols + j] = i === j ? diag : (lower ? i > j : i < j) ? 1 : 0;
  const mask = tensor(m, [rows, cols]);
  try { return mul(x, mask); } finally { mask.dispose(); }
}

/**
 * The Cholesky factor L of symmetric positive-definite matrices A = L·Lᵀ (lower triangular, zeros above the
 * diagonal), batched over leading dimensions. Only the lower triangle of `x` is read, as numpy and TensorFlow do;
 * the gradient is the symmetric one (TF's). Throws a LinalgError if a matrix is not positive definite.
 *
 *     tt.linalg.cholesky([[4, 2], [2, 3]]);   // [[2, 0], [1, 1.4142135]]
 */
export function cholesky(x: TensorLike): Tensor {
  return withArgs("cholesky", (args) => {
    const a = matrices(args, x, "cholesky", "x");
    const n = a.shape[a.rank - 1], count = sizeOf(batchOf(a.shape));
    const out = make(a.shape, "float32");
    const bad = a.size > 0 ? rt().kernels.cholesky_f32(ptrOf(a), ptrOf(out), n, 0, count) : -1;
    if (bad >= 0) {
      out.dispose();
      throw new LinalgError(`cholesky: x ${fmt(a.shape)} is not positive definite${which(bad, count)}`);
    }
    record("cholesky", [a], [out], undefined);
    return out;
  });
}

/**
 * x solving op(a)·x = b for triangular `a` [..., n, n] (op(a) = a, or aᵀ when `adjoint`) and `b` [..., n, k],
 * batch dimensions broadcasting (TF's `matrix_triangular_solve`). Only the `lower` (or upper) triangle of `a` is
 * read; with `unitDiagonal` (scipy's `unit_diagonal`, a tensortape extension) its diagonal is taken as ones and not
 * read either. Throws a LinalgError if a diagonal element is 0.
 *
 *     tt.linalg.triangularSolve([[2, 0], [1, 1]], [[2], [3]]);   // [[1], [2]]
 */
export function triangularSolve(a: TensorLike, b: TensorLike, lower = true, adjoint = false, unitDiagonal = false): Tensor {
  const op = "triangularSolve";
  return withArgs(op, (args) => {
    if (typeof lower !== "boolean" || typeof adjoint !== "boolean" || typeof unitDiagonal !== "boolean") {
      throw new ArgumentError(`${op}: lower, adjoint and unitDiagonal must be booleans, got ${show(lower)}, ${show(adjoint)} and ${show(unitDiagonal)}`);
    }
    const A = matrices(args, a, op, "a"), B = matrices(args, b, op, "b", false);
    const n = A.shape[A.rank - 1], k = B.shape[B.rank - 1];
    if (B.shape[B.rank - 2] !== n) throw new ShapeError(`${op}: b ${fmt(B.shape)} must have ${n} rows, as a ${fmt(A.shape)} has`);
    const ba = batchOf(A.shape), bb = batchOf(B.shape);
    const batch = broadcastShapes(ba, bb, `${op} (batch dimensions of a ${fmt(A.shape)} and b ${fmt(B.shape)})`);
    const out = make([...batch, n, k], "float32"), count = sizeOf(batch);
    let bad = -1;
    if (out.size > 0) {
      const K = rt().kernels, pa = ptrOf(A), pb = ptrOf(B), po = ptrOf(out), lo = +lower, adj = +adjoint, unit = +unitDiagonal;
      if (sameShape(ba, batch) && sameShape(bb, batch)) bad = K.triangularSolve_f32(pa, pb, po, n, k, lo, adj, unit, 0, count);
      else {
        // broadcast batch: one kernel call per matrix, at each operand's own item
        const sa = broadcastStrides(ba, batch), sb = broadcastStrides(bb, batch), idx = new Array<number>(batch.length).fill(0);
        for (let i = 0; i < count; i++) {
          let oa = 0, ob = 0;
          for (let d = 0; d < batch.length; d++) { oa += idx[d] * sa[d]; ob += idx[d] * sb[d]; }
          const r = K.triangularSolve_f32(pa + oa * n * n * 4, pb + ob * n * k * 4, po + i * n * k * 4, n, k, lo, adj, unit, 0, 1);
          if (r >= 0 && bad < 0) bad = i;
          for (let d = batch.length - 1; d >= 0 && ++idx[d] === batch[d]; d--) idx[d] = 0;
        }
      }
    }
    if (bad >= 0) {
      out.dispose();
      throw new LinalgError(`${op}: a ${fmt(A.shape)} is singular: a zero on its diagonal${which(bad, count)}`);
    }
    record(op, [A, B], [out], { lower, adjoint, unitDiagonal });
    return out;
  });
}

/** @internal the LU factors of square float32 `a`, not recorded; `bad` is the first singular matrix (−1 if none). */
export function factorLU(a: Tensor): { lu: Tensor; perm: Tensor; bad: number } {
  const n = a.shape[a.rank - 1], batch = batchOf(a.shape);
  const lu = make(a.shape, "float32"), perm = make([...batch, n], "int32");
  const bad = a.size > 0 ? rt().kernels.lu_f32(ptrOf(a), ptrOf(lu), ptrOf(perm), n, 0, sizeOf(batch)) : -1;
  return { lu, perm, bad };
}

/**
 * The LU factorisation with partial pivoting of square matrices, batched (TF's `tf.linalg.lu`): `[lu, p]` with
 * x[..., p, :] = L·U, L unit lower triangular (below the diagonal of `lu`) and U upper (on and above it); `p` is
 * int32 [..., n]. A singular matrix is factored too (a zero on U's diagonal), as LAPACK's getrf.
 *
 *     const [lu, p] = tt.linalg.lu([[1, 2], [3, 4]]);   // lu [[3, 4], [0.33333334, 0.6666666]], p [1, 0]
 */
export function lu(x: TensorLike): [Tensor, Tensor] {
  return withArgs("lu", (args) => {
    const a = matrices(args, x, "lu", "x");
    const f = factorLU(a);
    record("lu", [a], [f.lu, f.perm], undefined);
    return [f.lu, f.perm];
  });
}

/**
 * The reduced QR factorisation of matrices [..., m, n] (tfjs `qr(x, fullMatrices = false)`): `[q, r]` with q
 * [..., m, k] orthonormal columns, r [..., k, n] upper triangular, k = min(m, n); by Householder reflections, with
 * numpy's (LAPACK's) signs. The gradient is implemented for m ≥ n and needs r invertible.
 *
 *     const [q, r] = tt.linalg.qr([[3, 1], [4, 2]]);   // q [[-0.6, -0.8], [-0.8, 0.6]], r [[-5, -2.2], [0, 0.4]]
 */
export function qr(x: TensorLike): [Tensor, Tensor] {
  return withArgs("qr", (args): [Tensor, Tensor] => {
    const a = matrices(args, x, "qr", "x", false);
    const m = a.shape[a.rank - 2], n = a.shape[a.rank - 1], k = Math.min(m, n), batch = batchOf(a.shape);
    const count = sizeOf(batch);
    const q = make([...batch, m, k], "float32"), r = make([...batch, k, n], "float32");
    const work: DataBuffer | null = count * k > 0 ? allocBuffer((m * n + n + k) * 4) : null; // the kernel's Householder workspace
    try {
      if (work !== null) rt().kernels.qr_f32(ptrOf(a), ptrOf(q), ptrOf(r), work.ptr, m, n, 0, count);
    } finally {
      if (work !== null) release(work);
    }
    record("qr", [a], [q, r], undefined);
    return [q, r];
  });
}
