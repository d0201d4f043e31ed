// The public surface shared by every entry point (index.ts embeds the wasm bytes, workers.ts imports modules).
import "./methods.js";
export * from "./errors.js";
export * from "./ops/index.js";
export type { MatmulOptions } from "./ops/matmul.js";
export { dispose, keep, memory, tidy, type MemoryInfo } from "./scope.js";
export { GradientTape, type GradientOptions, type GradientTapeOptions, type Sources } from "./tape.js";
export { Tensor, type DType, type NestedArray, type Shape } from "./tensor.js";
export type { ReadyOptions } from "./wasm.js";
