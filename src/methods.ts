// The ops as chainable Tensor methods: x.mul(y).sum() is mul(x, y) then sum(…).
import * as ops from "./ops/index.js";
import type { MatmulOptions, TensorLike } from "./ops/index.js";
import type { TensorJSON } from "./inspect.js";
import { Tensor, type DType, type Shape } from "./tensor.js";

type Axis = number | readonly number[];

declare module "./tensor.js" {
  interface Tensor {
    add(b: TensorLike): Tensor; sub(b: TensorLike): Tensor; mul(b: TensorLike): Tensor; div(b: TensorLike): Tensor;
    pow(b: TensorLike): Tensor; maximum(b: TensorLike): Tensor; minimum(b: TensorLike): Tensor;
    neg(): Tensor; exp(): Tensor; log(): Tensor; sqrt(): Tensor; square(): Tensor;
    tanh(): Tensor; sigmoid(): Tensor; relu(): Tensor;
    equal(b: TensorLike): Tensor; notEqual(b: TensorLike): Tensor; less(b: TensorLike): Tensor;
    lessEqual(b: TensorLike): Tensor; greater(b: TensorLike): Tensor; greaterEqual(b: TensorLike): Tensor;
    cast(dtype: DType): Tensor;
    sum(axis?: Axis, keepDims?: boolean): Tensor; mean(axis?: Axis, keepDims?: boolean): Tensor;
    max(axis?: Axis, keepDims?: boolean): Tensor;
    matmul(b: TensorLike, options?: MatmulOptions): Tensor;
    reshape(shape: Shape): Tensor; transpose(perm?: readonly number[]): Tensor; broadcastTo(shape: Shape): Tensor;
    slice(begin: number | readonly number[], size?: number | readonly number[]): Tensor;
    pad(paddings: readonly (readonly [number, number])[], constantValue?: number): Tensor;
    expandDims(axis?: number): Tensor; squeeze(axis?: number | readonly number[]): Tensor;
    split(numOrSizeSplits: number | readonly number[], axis?: number): Tensor[]; tile(reps: readonly number[]): Tensor;
    gather(indices: TensorLike, axis?: number, batchDims?: number): Tensor;
    unsortedSegmentSum(segmentIds: TensorLike, numSegments: number, axis?: number, batchDims?: number): Tensor;
    oneHot(depth: number, onValue?: number, offValue?: number, dtype?: DType): Tensor;
    // second batch (ops issue)
    abs(): Tensor; sign(): Tensor; log1p(): Tensor; expm1(): Tensor; rsqrt(): Tensor; sin(): Tensor; cos(): Tensor;
    tan(): Tensor; elu(): Tensor; softplus(): Tensor;
    clip(clipValueMin: number, clipValueMax: number): Tensor; floorDiv(b: TensorLike): Tensor; mod(b: TensorLike): Tensor;
    min(axis?: Axis, keepDims?: boolean): Tensor; prod(axis?: Axis, keepDims?: boolean): Tensor;
    logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
    argMax(axis?: number, keepDims?: boolean): Tensor; argMin(axis?: number, keepDims?: boolean): Tensor;
    // installed by inspect.ts
    /** Write dtype, shape and values to the console, numpy style (what `console.log(t)` shows in Node and Deno). */
    print(): void;
    /** `{ dtype, shape, data }` for `JSON.stringify`; `tt.tensor(data, shape, dtype)` rebuilds the tensor. */
    toJSON(): TensorJSON;
  }
}

const binary = ["add", "sub", "mul", "div", "pow", "maximum", "minimum",
  "equal", "notEqual", "less", "lessEqual", "greater", "greaterEqual"] as const;
const unary = ["neg", "exp", "log", "sqrt", "square", "tanh", "sigmoid", "relu"] as const;
const proto = Tensor.prototype as unknown as Record<string, unknown>;
for (const name of binary) proto[name] = function (this: Tensor, b: TensorLike) { return ops[name](this, b); };
for (const name of unary) proto[name] = function (this: Tensor) { return ops[name](this); };
for (const name of ["sum", "mean", "max"] as const) {
  proto[name] = function (this: Tensor, axis?: Axis, keepDims?: boolean) { return ops[name](this, axis, keepDims); };
}
Object.assign(Tensor.prototype, {
  cast(this: Tensor, dtype: DType) { return ops.cast(this, dtype); },
  matmul(this: Tensor, b: TensorLike, options?: MatmulOptions) { return ops.matmul(this, b, options); },
  reshape(this: Tensor, shape: Shape) { return ops.reshape(this, shape); },
  transpose(this: Tensor, perm?: readonly number[]) { return ops.transpose(this, perm); },
  broadcastTo(this: Tensor, shape: Shape) { return ops.broadcastTo(this, shape); },
  slice(this: Tensor, begin: number | readonly number[], size?: number | readonly number[]) { return ops.slice(this, begin, size); },
  pad(this: Tensor, paddings: readonly (readonly [number, number])[], constantValue?: number) { return ops.pad(this, paddings, constantValue); },
});
Object.assign(Tensor.prototype, {
  expandDims(this: Tensor, axis?: number) { return ops.expandDims(this, axis); },
  squeeze(this: Tensor, axis?: number | readonly number[]) { return ops.squeeze(this, axis); },
  split(this: Tensor, numOrSizeSplits: number | readonly number[], axis?: number) { return ops.split(this, numOrSizeSplits, axis); },
  tile(this: Tensor, reps: readonly number[]) { return ops.tile(this, reps); },
  gather(this: Tensor, indices: TensorLike, axis?: number, batchDims?: number) { return ops.gather(this, indices, axis, batchDims); },
  unsortedSegmentSum(this: Tensor, segmentIds: TensorLike, numSegments: number, axis?: number, batchDims?: number) {
    return ops.unsortedSegmentSum(this, segmentIds, numSegments, axis, batchDims);
  },
  oneHot(this: Tensor, depth: number, onValue?: number, offValue?: number, dtype?: DType) { return ops.oneHot(this, depth, onValue, offValue, dtype); },
});

// nn
/** The parameters of an op after its first (the tensor the method is called on). */
type Rest<F extends (...a: never[]) => unknown> = Parameters<F> extends [unknown, ...infer R] ? R : never;
declare module "./tensor.js" {
  interface Tensor {
    softmax(dim?: number): Tensor; logSoftmax(axis?: number): Tensor;
    conv2d(filter: TensorLike, strides: number | [number, number], pad: ops.Padding, dataFormat?: "NHWC" | "NCHW",
      dilations?: number | [number, number], dimRoundingMode?: ops.RoundingMode): Tensor;
    conv2dTranspose(filter: TensorLike, outputShape: readonly number[], strides: number | [number, number], pad: ops.Padding,
      dimRoundingMode?: ops.RoundingMode): Tensor;
    maxPool(filterSize: number | [number, number], strides: number | [number, number], pad: ops.Padding, dimRoundingMode?: ops.RoundingMode): Tensor;
    avgPool(filterSize: number | [number, number], strides: number | [number, number], pad: ops.Padding, dimRoundingMode?: ops.RoundingMode): Tensor;
  }
}
Object.assign(Tensor.prototype, {
  softmax(this: Tensor, dim?: number) { return ops.softmax(this, dim); },
  logSoftmax(this: Tensor, axis?: number) { return ops.logSoftmax(this, axis); },
  conv2d(this: Tensor, ...a: Rest<typeof ops.conv2d>) { return ops.conv2d(this, ...a); },
  conv2dTranspose(this: Tensor, ...a: Rest<typeof ops.conv2dTranspose>) { return ops.conv2dTranspose(this, ...a); },
  maxPool(this: Tensor, ...a: Rest<typeof ops.maxPool>) { return ops.maxPool(this, ...a); },
  avgPool(this: Tensor, ...a: Rest<typeof ops.avgPool>) { return ops.avgPool(this, ...a); },
});

// second batch (ops issue)
for (const name of ["abs", "sign", "log1p", "expm1", "rsqrt", "sin", "cos", "tan", "elu", "softplus"] as const) {
  proto[name] = function (this: Tensor) { return ops[name](this); };
}
for (const name of ["floorDiv", "mod"] as const) proto[name] = function (this: Tensor, b: TensorLike) { return ops[name](this, b); };
for (const name of ["min", "prod", "logSumExp"] as const) {
  proto[name] = function (this: Tensor, axis?: Axis, keepDims?: boolean) { return ops[name](this, axis, keepDims); };
}
for (const name of ["argMax", "argMin"] as const) {
  proto[name] = function (this: Tensor, axis?: number, keepDims?: boolean) { return ops[name](this, axis, keepDims); };
}
proto.clip = function (this: Tensor, lo: number, hi: number) { return ops.clip(this, lo, hi); };

// reductions and scans (issue #12)
declare module "./tensor.js" {
  interface Tensor {
    cumsum(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor; cumprod(axis?: number, exclusive?: boolean, reverse?: boolean): Tensor;
    norm(ord?: ops.NormOrd, axis?: Axis | null, keepDims?: boolean): Tensor;
    moments(axes?: Axis | null, keepDims?: boolean): { mean: Tensor; variance: Tensor };
    any(axis?: Axis | null, keepDims?: boolean): Tensor; all(axis?: Axis | null, keepDims?: boolean): Tensor;
  }
}

// selection (issue #12)
declare module "./tensor.js" {
  interface Tensor {
    topk(k?: number, sorted?: boolean): { values: Tensor; indices: Tensor };
    sort(axis?: number, descending?: boolean): Tensor; argsort(axis?: number, descending?: boolean): Tensor;
  }
}

// layout and indexing (issue #12; einsum and scatterND have no tensor to be called on)
declare module "./tensor.js" {
  interface Tensor {
    reverse(axis?: number | readonly number[]): Tensor; dot(t2: TensorLike): Tensor; clone(): Tensor;
    gatherND(indices: TensorLike): Tensor;
    tensorScatterUpdate(indices: TensorLike, updates: TensorLike): Tensor; tensorScatterAdd(indices: TensorLike, updates: TensorLike): Tensor;
  }
}

// nn (issue #12)
declare module "./tensor.js" {
  interface Tensor {
    conv1d(filter: TensorLike, stride: number, pad: "same" | "valid" | number, dataFormat?: "NWC" | "NCW", dilation?: number, dimRoundingMode?: ops.RoundingMode): Tensor;
    depthwiseConv2d(filter: TensorLike, strides: number | [number, number], pad: ops.Padding, dataFormat?: "NHWC" | "NCHW",
      dilations?: number | [number, number], dimRoundingMode?: ops.RoundingMode): Tensor;
    batchNorm(mean: TensorLike, variance: TensorLike, offset?: TensorLike, scale?: TensorLike, varianceEpsilon?: number): Tensor;
    layerNorm(axis?: number | readonly number[], epsilon?: number, gamma?: TensorLike, beta?: TensorLike): Tensor;
  }
}

// the issue-#12 methods above: each forwards its arguments to the op of the same name
for (const name of ["cumsum", "cumprod", "norm", "moments", "any", "all", "topk", "sort", "argsort", "reverse", "dot", "clone", "gatherND",
  "tensorScatterUpdate", "tensorScatterAdd", "conv1d", "depthwiseConv2d", "batchNorm", "layerNorm"] as const) {
  proto[name] = function (this: Tensor, ...a: unknown[]) { return (ops[name] as (x: Tensor, ...r: unknown[]) => unknown)(this, ...a); };
}
