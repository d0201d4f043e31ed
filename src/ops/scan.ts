// Cumulative sums and products along one axis (scan kernels, linear time, with gradients).
import { readBool } from "../read.js";
import { oneAxis } from "../shape.js";
import { record } from "../record.js";
import { ptrOf, type Tensor } from "../tensor.js";
import { rt } from "../wasm.js";
import { make, requireFloat, withArgs, type TensorLike } from "./run.js";

function scan(op: "cumsum" | "cumprod", x: TensorLike, axis: number, exclusive: boolean, reverse: boolean): Tensor {
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x", true);
    const a = oneAxis(axis, t.rank, op, t.shape);
    const ex = readBool(exclusive, op, "exclusive", false), rev = readBool(reverse, op, "reverse", false);
    let outer = 1, inner = 1;
    for (let d = 0; d < a; d++) outer *= t.shape[d];
    for (let d = a + 1; d < t.rank; d++) inner *= t.shape[d];
    const out = make(t.shape, t.dtype);
    const kernel = rt().kernels[`${op}_${t.dtype === "float32" ? "f32" : "i32"}`];
    if (t.size > 0) kernel(ptrOf(t), ptrOf(out), t.shape[a], inner, (ex ? 1 : 0) | (rev ? 2 : 0), 0, outer);
    record(op, [t], [out], { axis: a, exclusive: ex, reverse: rev });
    return out;
  });
}

/**
 * Cumulative sum along `axis` (default 0, negative allowed), as tfjs: `exclusive` leaves each element out of its own
 * sum (the first is 0), `reverse` sums from the end. float32 or int32 (wrapping); linear time.
 *
 *     tt.cumsum([1, 2, 3]);               // [1, 3, 6]
 *     tt.cumsum([1, 2, 3], 0, true, true); // [5, 3, 0]
 */
export const cumsum = (x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor => scan("cumsum", x, axis, exclusive, reverse);

/**
 * Cumulative product along `axis` (default 0), as tfjs; `exclusive` starts from 1, `reverse` from the end. Its gradient
 * is TF's (a reversed cumulative sum divided by x): where x has zeros it is not finite, as in TensorFlow.
 *
 *     tt.cumprod([1, 2, 3]);   // [1, 2, 6]
 */
export const cumprod = (x: TensorLike, axis = 0, exclusive = false, reverse = false): Tensor => scan("cumprod", x, axis, exclusive, reverse);
