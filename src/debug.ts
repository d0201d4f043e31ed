// Debug mode's NaN check: the flag `withArgs` tests and the scan of an op's float32 outputs.
import { NumericError } from "./errors.js";
import { bufOf, Tensor } from "./tensor.js";
import { f32 } from "./wasm.js";

/** @internal whether tt.setDebug(true) is on (one boolean test per withArgs call when off) */
export let debugOn = false;
/** @internal */
export function setDebugFlag(on: boolean): void { debugOn = on; }

/** The index of the first NaN in a live float32 tensor, or -1. ±Infinity is a legitimate value (log(0)). */
function firstNaN(t: Tensor): number {
  const b = bufOf(t);
  if (b === null || t.dtype !== "float32" || t.size === 0) return -1;
  const v = f32(b.ptr, t.size);
  for (let i = 0; i < v.length; i++) if (v[i] !== v[i]) return i;
  return -1;
}

/**
 * @internal throw a NumericError naming `op` when one of `outputs` (a tensor or an array of them, as an op
 * returns) holds a NaN. The caller frees the outputs (withArgs' scope, or the debug recorder).
 */
export function checkNaN(op: string, outputs: unknown): void {
  const list = outputs instanceof Tensor ? [outputs] : Array.isArray(outputs) ? outputs : [];
  for (const t of list) {
    if (!(t instanceof Tensor)) continue;
    const i = firstNaN(t);
    if (i >= 0) {
      throw new NumericError(`${op}: produced NaN at flat index ${i} of its output ${t.describe()} ` +
        `(debug mode, tt.setDebug(true)); check the op's inputs, e.g. log or sqrt of a negative value`);
    }
  }
}
