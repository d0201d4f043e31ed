// The relaxed-SIMD module: only the kernels whose code differs under relaxed SIMD (fused multiply-add).
// It is instantiated beside the base module on the same memory and overrides these exports.
export { matmul_f32 } from "./matmul";
