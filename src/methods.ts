// The ops as chainable Tensor methods: x.mul(y).sum() is mul(x, y) then sum(…).
import * as ops from "./ops/index.js";
import type { MatmulOptions, TensorLike } from "./ops/index.js";
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
    // second batch (ops issue)
    abs(): Tensor; sign(): Tensor; log1p(): Tensor; expm1(): Tensor; rsqrt(): Tensor; sin(): Tensor; cos(): Tensor;
    tan(): Tensor; elu(): Tensor; softplus(): Tensor;
    clip(clipValueMin: number, clipValueMax: number): Tensor; floorDiv(b: TensorLike): Tensor; mod(b: TensorLike): Tensor;
    min(axis?: Axis, keepDims?: boolean): Tensor; prod(axis?: Axis, keepDims?: boolean): Tensor;
    logSumExp(axis?: Axis, keepDims?: boolean): Tensor;
    argMax(axis?: number, keepDims?: boolean): Tensor; argMin(axis?: number, keepDims?: boolean): Tensor;
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
