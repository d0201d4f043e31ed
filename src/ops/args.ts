// Interim argument helper of the new ops: the call shape of run.ts's coming `withArgs` (issue #10), until it lands.
import { beginScope, endScope } from "../scope.js";
import type { DType, Tensor } from "../tensor.js";
import { toTensor, type TensorLike } from "./run.js";

export interface Args { tensor(x: TensorLike, arg: string, dtype?: DType): Tensor }

/** Run an op's body; every tensor it makes but the result (and what a tape keeps) is freed, also when it throws. */
export function withArgs<R>(op: string, body: (a: Args) => R): R {
  beginScope();
  let r: R;
  try {
    r = body({ tensor: (x, arg, dtype) => toTensor(x, op, arg, [], dtype) });
  } catch (e) {
    endScope(undefined);
    throw e;
  }
  endScope(r);
  return r;
}
