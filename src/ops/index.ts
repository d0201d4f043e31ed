// The public ops, and the same ops as chainable Tensor methods.
export * from "./creation.js";
export * from "./elementwise.js";
export * from "./layout.js";
export * from "./matmul.js";
export * from "./reduce.js";
export type { TensorLike } from "./run.js";
export * from "./gather.js";
export * from "./random.js";
export * from "./nn.js";
export * from "./losses.js";
export * from "./training.js";
export * from "./scan.js";
export * from "./summary.js";
export * from "./select.js";
export * from "./reverse.js";
export * from "./indexnd.js";
export * from "./einsum.js";
