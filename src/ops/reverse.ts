// reverse (a strided copy with negative strides, its own adjoint) and clone (a new handle on the same values).
import { normalizeAxes, stridesOf } from "../shape.js";
import { record } from "../record.js";
import { bytesPer, ptrOf, type Tensor } from "../tensor.js";
import { rt } from "../wasm.js";
import { reshape } from "./layout.js";
import { inBounds, make, meta, withArgs, type TensorLike } from "./run.js";

/**
 * `x` with the order of its elements reversed along `axis` (a number or an array, negative allowed; default all
 * axes), as tfjs's `reverse`. Every dtype; the gradient reverses dy the same way.
 *
 *     tt.reverse([[1, 2], [3, 4]], 1);   // [[2, 1], [4, 3]]
 */
export function reverse(x: TensorLike, axis?: number | readonly number[]): Tensor {
  return withArgs("reverse", (args) => {
    const t = args.tensor(x, "x");
    const axes = normalizeAxes(axis, t.rank, "reverse", t.shape);
    const st = stridesOf(t.shape);
    // element (i₀, …) reads x at Σ (axes ∋ d ? n_d − 1 − i_d : i_d)·s_d = offset + Σ ±i_d·s_d
    let offset = 0;
    const strides = st.map((s, d) => (axes.includes(d) && t.shape[d] > 0 ? (offset += (t.shape[d] - 1) * s, -s) : s));
    const out = make(t.shape, t.dtype);
    if (t.size > 0) {
      inBounds("reverse", t, offset, t.shape, strides);
      const k = rt().kernels, m = meta("reverse", t.rank === 0 ? [1] : t.shape, [t.rank === 0 ? [1] : strides]);
      (t.dtype === "bool" ? k.copy_8 : k.copy_32)(ptrOf(t) + offset * bytesPer[t.dtype], ptrOf(out), m, 0, t.size);
    }
    record("reverse", [t], [out], { axes });
    return out;
  });
}

/**
 * A new tensor with x's shape, dtype and values (tfjs's `clone`: the values are shared, not copied, since tensors are
 * immutable; a Variable's `assign` gives it a new buffer). Its gradient is dy; disposing either leaves the other.
 *
 *     const y = tt.clone(x);
 */
export function clone(x: TensorLike): Tensor {
  return withArgs("clone", (args) => {
    const t = args.tensor(x, "x");
    return reshape(t, t.shape);
  });
}
