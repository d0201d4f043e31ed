// The public surface shared by every entry point (index.ts embeds the wasm bytes, workers.ts imports modules).
import "./methods.js";
export * from "./errors.js";
export * from "./ops/index.js";
export type { MatmulOptions } from "./ops/matmul.js";
export { dispose, keep, memory, tidy, type MemoryInfo } from "./scope.js";
export { GradientTape, type GradientOptions, type GradientTapeOptions, type GradTree, type TensorTree } from "./tape.js";
export { ForwardAccumulator } from "./forward.js";
export { customGradient, grad, hessian, stopGradient, valueAndGrad } from "./functional.js";
export { Tensor, type DType, type NestedArray, type Shape } from "./tensor.js";
export { variable, Variable, type VariableOptions } from "./variable.js";
export type { ReadyOptions } from "./wasm.js";

// Sealed handles: once every module has installed its methods, the classes and their prototypes are frozen,
// so no user code can replace a getter (shape, size, dtype) or a method that internal code relies on.
import { Tensor as T } from "./tensor.js";
import { Variable as V } from "./variable.js";
for (const c of [T, V]) { Object.freeze(c.prototype); Object.freeze(c); }

