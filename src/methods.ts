// The ops as chainable Tensor methods: x.mul(y).sum() is mul(x, y) then sum(…). Each method takes its op's
// arguments after the first and shows its op's doc comment (a homomorphic mapped type keeps the declaration).
import * as ops from "./ops/index.js";
import type { TensorLike } from "./ops/index.js";
import { binaryOps, compareOps, reduceOps, unaryOps, type BinaryOp, type CompareOp, type ReduceOp, type UnaryOp } from "./ops/table.js";
import type { TensorJSON } from "./inspect.js";
import { Tensor } from "./tensor.js";

type Ops = typeof ops;
/** The parameters of an op after its first (the tensor the method is called on). */
type Rest<F> = F extends (first: never, ...rest: infer R) => unknown ? R : never;
/** Ops `K` as methods on their first argument, each with its op's doc comment. */
type Methods<K extends keyof Ops> = { [P in keyof Pick<Ops, K>]: (...args: Rest<Ops[P]>) => ReturnType<Ops[P]> };

/** The chainable ops beyond the table families: composites and structured ops. */
const structured = [
  "mean", "logSumExp", "argMax", "argMin", "clip", "cast", "matmul", "reshape", "transpose", "broadcastTo", "slice", "pad",
  "expandDims", "squeeze", "split", "tile", "gather", "unsortedSegmentSum", "oneHot",
  "softmax", "logSoftmax", "conv2d", "conv2dTranspose", "maxPool", "avgPool",
  "cumsum", "cumprod", "norm", "moments", "any", "all", "topk", "sort", "argsort", "reverse", "dot", "clone", "gatherND",
  "tensorScatterUpdate", "tensorScatterAdd", "conv1d", "depthwiseConv2d", "batchNorm", "layerNorm",
  "squaredDifference", "logSigmoid", "selu", "silu", "gelu", "leakyRelu", "isNaN", "isInf", "isFinite",
  "logicalAnd", "logicalOr", "logicalXor", "logicalNot",
] as const satisfies readonly (keyof Ops)[];
type Chainable = UnaryOp | BinaryOp | CompareOp | ReduceOp | (typeof structured)[number];

declare module "./tensor.js" {
  interface Tensor extends Methods<Chainable> {
    // installed by inspect.ts
    /** Write dtype, shape and values to the console, numpy style (what `console.log(t)` shows in Node and Deno). */
    print(): void;
    /** `{ dtype, shape, data }` for `JSON.stringify`; `tt.tensor(data, shape, dtype)` rebuilds the tensor. */
    toJSON(): TensorJSON;
  }
}

const proto = Tensor.prototype as unknown as Record<Chainable, unknown>;
// fixed arities for the hot families (no rest-argument array per call)
for (const name of Object.keys(unaryOps) as UnaryOp[]) proto[name] = function (this: Tensor) { return ops[name](this); };
for (const name of [...Object.keys(binaryOps), ...Object.keys(compareOps)] as (BinaryOp | CompareOp)[]) {
  proto[name] = function (this: Tensor, b: TensorLike) { return ops[name](this, b); };
}
for (const name of Object.keys(reduceOps) as ReduceOp[]) {
  proto[name] = function (this: Tensor, axis?: number | readonly number[], keepDims?: boolean) { return ops[name](this, axis, keepDims); };
}
for (const name of structured) {
  proto[name] = function (this: Tensor, ...args: unknown[]) { return (ops[name] as (x: Tensor, ...a: unknown[]) => unknown)(this, ...args); };
}
