// The public surface shared by every entry point (index.ts embeds the wasm bytes, workers.ts imports modules).
import "./methods.js";
export * from "./errors.js";
export * from "./ops/index.js";
export type { MatmulOptions } from "./ops/matmul.js";
export * as linalg from "./ops/linalg.js";
export { dispose, keep, memory, tidy, type MemoryInfo } from "./scope.js";
export { GradientTape, type GradientOptions, type GradientTapeOptions, type GradTree, type TensorTree } from "./tape.js";
export { ForwardAccumulator } from "./forward.js";
export { customGradient, grad, hessian, stopGradient, valueAndGrad } from "./functional.js";
export { Tensor, type DType, type NestedArray, type Shape } from "./tensor.js";
export { variable, Variable, type VariableOptions } from "./variable.js";
export * from "./threads/api.js";
export type { KernelModule, KernelModules, ReadyOptions, WasmModule } from "./ready.js";

export type { TensorJSON } from "./inspect.js";
export { tree, type Tree, type TreeDef, type MapTree } from "./tree.js";
export { optimizers, Optimizer, type LearningRate } from "./train/optimizers.js";
export type { Schedule } from "./train/schedules.js";
export { clipByGlobalNorm, clipByNorm } from "./train/clip.js";
export { io } from "./io/index.js";
export { profile, setDebug, time, type KernelProfile, type ProfileInfo, type TimingInfo } from "./profile.js";
export { initializers, type Initializer } from "./train/initializers.js";
