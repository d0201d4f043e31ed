// JS values (numbers, booleans, nested arrays, typed arrays) → tensors.
import { allocBuffer } from "../buffer.js";
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { checkShape, fmt } from "../shape.js";
import { bytesPer, sizeOf, Tensor, type DType, type Shape } from "../tensor.js";
import { f32, i32, u8 } from "../wasm.js";

export type NestedValues = number | boolean | readonly NestedValues[];
/** What every op accepts where a tensor is expected. */
export type TensorLike = Tensor | number | boolean | readonly NestedValues[] | Float32Array | Int32Array | Uint8Array;

const DTYPES: readonly DType[] = ["float32", "int32", "bool"];

export function checkDType(dtype: unknown, op: string): DType {
  if (!DTYPES.includes(dtype as DType)) throw new DTypeError(`${op}: unknown dtype ${JSON.stringify(dtype)} (expected "float32", "int32" or "bool")`);
  return dtype as DType;
}

function inferDType(v: unknown): DType {
  if (v instanceof Float32Array) return "float32";
  if (v instanceof Int32Array || v instanceof Uint8Array) return "int32";
  let x = v;
  while (Array.isArray(x) && x.length > 0) x = x[0];
  return typeof x === "boolean" ? "bool" : "float32";
}

/** Shape of nested arrays, checking they are rectangular and hold only numbers or booleans. */
function nestedShape(v: unknown, op: string, arg: string): number[] {
  const shape: number[] = [];
  let x = v;
  while (Array.isArray(x)) { shape.push(x.length); x = x[0]; }
  const check = (node: unknown, d: number): void => {
    if (d === shape.length) {
      if (typeof node !== "number" && typeof node !== "boolean") {
        throw new DTypeError(`${op}: ${arg} holds a ${node === null ? "null" : typeof node}; only numbers and booleans are accepted`);
      }
      return;
    }
    if (!Array.isArray(node) || node.length !== shape[d]) {
      throw new ShapeError(`${op}: ${arg} is ragged: expected ${shape[d]} elements at depth ${d} (shape ${fmt(shape)})`);
    }
    for (const c of node) check(c, d + 1);
  };
  check(v, 0);
  return shape;
}

/** A new tensor holding `values` (a number, boolean, nested arrays or a typed array). */
export function fromValues(values: unknown, shape: Shape | undefined, dtype: DType | undefined, op: string, arg = "values"): Tensor {
  const isTyped = values instanceof Float32Array || values instanceof Int32Array || values instanceof Uint8Array;
  if (!isTyped && typeof values !== "number" && typeof values !== "boolean" && !Array.isArray(values)) {
    throw new ArgumentError(`${op}: ${arg} must be a Tensor, a number, a boolean, nested arrays or a typed array, got ${values === null ? "null" : typeof values}`);
  }
  const dt = dtype === undefined ? inferDType(values) : checkDType(dtype, op);
  const given = shape === undefined ? undefined : checkShape(shape, op);
  const natural = isTyped ? [(values as ArrayLike<number>).length] : nestedShape(values, op, arg);
  const flat: ArrayLike<number | boolean> = isTyped ? (values as ArrayLike<number>)
    : Array.isArray(values) ? (values.flat(Infinity) as (number | boolean)[]) : [values as number | boolean];
  const out = given ?? natural;
  const n = sizeOf(out);
  const scalarFill = flat.length === 1 && !Array.isArray(values) && !isTyped;
  if (!scalarFill && flat.length !== n) {
    throw new ShapeError(`${op}: ${flat.length} values do not match shape ${fmt(out)} (${n} elements)`);
  }
  const t = new Tensor(allocBuffer(n * bytesPer[dt]), out, dt);
  const view = dt === "float32" ? f32(t.buf!.ptr, n) : dt === "int32" ? i32(t.buf!.ptr, n) : u8(t.buf!.ptr, n);
  if (scalarFill) view.fill(dt === "bool" ? (flat[0] ? 1 : 0) : Number(flat[0]));
  else if (dt === "bool") for (let i = 0; i < n; i++) view[i] = flat[i] ? 1 : 0;
  else if (isTyped) view.set(flat as ArrayLike<number>);
  else for (let i = 0; i < n; i++) view[i] = Number(flat[i]);
  return t;
}
