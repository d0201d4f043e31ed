// Cumulative sums and products along one axis (scan kernels, linear time, with gradients).
import { ArgumentError } from "../errors.js";
import { normalizeAxes } from "../shape.js";
import { record } from "../tape.js";
import type { Tensor } from "../tensor.js";
import { rt } from "../wasm.js";
import { withArgs } from "./args.js";
import { make, requireFloat, type TensorLike } from "./run.js";

function flag(v: unknown, op: string, arg: string): boolean {
  if (typeof v !== "boolean") throw new ArgumentError(`${op}: ${arg} must be a boolean, got ${typeof v}`);
  return v;
}

function scan(op: "cumsum" | "cumprod", x: TensorLike, axis: number, exclusive: boolean, reverse: boolean): Tensor {
  return withArgs(op, (args) => {
    const t = args.tensor(x, "x");
    requireFloat(t, op, "x", true);
    if (typeof axis !== "number") throw new ArgumentError(`${op}: axis must be a number, got ${typeof axis}`);
    const [a] = normalizeAxes(axis, t.rank, op, t.shape);
    const ex = flag(exclusive, op, "exclusive"), rev = flag(reverse, op, "reverse");
    let outer = 1, inner = 1;
    for (let d = 0; d < a; d++) outer *= t.shape[d];
    for (let d = a + 1; d < t.rank; d++) inner *= t.shape[d];
    const out = make(t.shape, t.dtype);
    const kernel = rt().kernels[`${op}_${t.dtype === "float32" ? "f32" : "i32"}`];
    if (t.size > 0) kernel(t.buf!.ptr, out.buf!.ptr, t.shape[a], inner, (ex ? 1 : 0) | (rev ? 2 : 0), 0, outer);
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
