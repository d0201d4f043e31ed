// tt.linalg: the linear-algebra ops. The factorisations are primitives (factor.ts); solve, inv, det, slogdet are composites.
import { LinalgError, ShapeError } from "../errors.js";
import { broadcastShapes, fmt, sameShape } from "../shape.js";
import { record } from "../record.js";
import { sizeOf, Tensor } from "../tensor.js";
import { eye, tensor } from "./creation.js";
import { abs, add, log, mul, sign } from "./elementwise.js";
import { batchOf, factorLU, matrices, triangularSolve, which } from "./factor.js";
import { gather } from "./gather.js";
import { broadcastTo, reshape } from "./layout.js";
import { prod, sum } from "./reduce.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";

export { cholesky, lu, qr, triangularSolve } from "./factor.js";

/** LU-factor `a` (recorded as the `lu` primitive) or throw `op`'s LinalgError for a singular matrix when `invertible`. */
function factored(a: Tensor, op: string, arg: string, invertible: boolean): { lu: Tensor; perm: Tensor } {
  const f = factorLU(a);
  if (invertible && f.bad >= 0) {
    f.lu.dispose(); f.perm.dispose();
    throw new LinalgError(`${op}: ${arg} ${fmt(a.shape)} is singular: a zero pivot in its LU factorisation${which(f.bad, sizeOf(batchOf(a.shape)))}`);
  }
  record("lu", [a], [f.lu, f.perm], undefined);
  return f;
}

/** x = A⁻¹·B through A[p] = L·U: two triangular solves on the packed factors after permuting B's rows (recorded). */
function luSolve(f: { lu: Tensor; perm: Tensor }, b: Tensor, batch: number[]): Tensor {
  const n = f.lu.shape[f.lu.rank - 1], full = [...batch, n, b.shape[b.rank - 1]], pshape = [...batch, n];
  const bb = sameShape(b.shape, full) ? b : broadcastTo(b, full);
  const p = sameShape(f.perm.shape, pshape) ? f.perm : broadcastTo(f.perm, pshape);
  return triangularSolve(f.lu, triangularSolve(f.lu, gather(bb, p, batch.length, batch.length), true, false, true), false);
}

/**
 * x solving a·x = b for square `a` [..., n, n], by LU with partial pivoting. `b` is [..., n, k] (batch dimensions
 * broadcast with a's) or a vector [n] (then x is [..., n]), as numpy's `solve`. Throws a LinalgError for a
 * singular `a` (a zero pivot).
 *
 *     tt.linalg.solve([[3, 1], [1, 2]], [9, 8]);   // [2, 3]
 */
export function solve(a: TensorLike, b: TensorLike): Tensor {
  return withArgs("solve", (args) => {
    const A = matrices(args, a, "solve", "a"), B = args.tensor(b, "b");
    requireFloat(B, "solve", "b");
    const n = A.shape[A.rank - 1], vector = B.rank === 1;
    if (B.rank === 0 || B.shape[vector ? 0 : B.rank - 2] !== n) {
      throw new ShapeError(`solve: b must be [..., ${n}, k] or [${n}] to match a ${fmt(A.shape)}, got ${fmt(B.shape)}`);
    }
    const batch = broadcastShapes(batchOf(A.shape), vector ? [] : batchOf(B.shape), `solve (batch dimensions of a ${fmt(A.shape)} and b ${fmt(B.shape)})`);
    const f = factored(A, "solve", "a", true);
    const x = luSolve(f, vector ? reshape(B, [n, 1]) : B, batch);
    return vector ? reshape(x, [...batch, n]) : x;
  });
}

/**
 * The inverse of square matrices [..., n, n] (solve(x, I)). Throws a LinalgError for a singular matrix.
 *
 *     tt.linalg.inv([[2, 0], [0, 4]]);   // [[0.5, 0], [0, 0.25]]
 */
export function inv(x: TensorLike): Tensor {
  return withArgs("inv", (args) => {
    const a = matrices(args, x, "inv", "x");
    const f = factored(a, "inv", "x", true);
    return luSolve(f, eye(a.shape[a.rank - 1]), batchOf(a.shape));
  });
}

/** The diagonal [..., n] of matrices [..., n, n] (recorded: Σ_j x[i, j]·I[i, j]). */
const diagonal = (x: Tensor): Tensor => sum(mul(x, eye(x.shape[x.rank - 1])), -1);

/** The sign (±1) of each permutation [..., n]: (−1)^(n − number of cycles). Not differentiable (a constant). */
function parity(perm: Tensor): Tensor {
  const n = perm.shape[perm.rank - 1], p = perm.dataSync() as Int32Array, count = sizeOf(perm.shape.slice(0, -1));
  const out = new Float32Array(count), seen = new Uint8Array(n);
  for (let b = 0; b < count; b++) {
    seen.fill(0);
    let cycles = 0;
    for (let i = 0; i < n; i++) {
      if (seen[i]) continue;
      cycles++;
      for (let j = i; !seen[j]; j = p[b * n + j]) seen[j] = 1;
    }
    out[b] = (n - cycles) % 2 === 0 ? 1 : -1;
  }
  return tensor(out, perm.shape.slice(0, -1));
}

/**
 * The determinants [...] of square matrices [..., n, n]: the product of U's diagonal times the permutation's sign,
 * from the LU factorisation. A singular matrix gives 0 (as numpy), no error.
 *
 *     tt.linalg.det([[1, 2], [3, 4]]);   // -2
 */
export function det(x: TensorLike): Tensor {
  return withArgs("det", (args) => {
    const a = matrices(args, x, "det", "x");
    const f = factored(a, "det", "x", false);
    const s = parity(f.perm);
    // + 0 turns a singular matrix's −0 into numpy's 0
    return add(mul(prod(diagonal(f.lu), -1), s), 0);
  });
}

/**
 * sign and log |det| of square matrices [..., n, n], as numpy's `slogdet`: `{ sign, logAbsDet }`, each [...].
 * Finite where det itself would underflow or overflow; a singular matrix gives `{ sign: 0, logAbsDet: -Infinity }`.
 *
 *     tt.linalg.slogdet([[1, 2], [3, 4]]);   // { sign: -1, logAbsDet: 0.6931472 }
 */
export function slogdet(x: TensorLike): { sign: Tensor; logAbsDet: Tensor } {
  return withArgs("slogdet", (args) => {
    const a = matrices(args, x, "slogdet", "x");
    const f = factored(a, "slogdet", "x", false);
    const s = parity(f.perm);
    const d = diagonal(f.lu);
    return { sign: add(mul(prod(sign(d), -1), s), 0), logAbsDet: sum(log(abs(d)), -1) };
  });
}
