// The relaxed-SIMD module: only the kernels whose code differs under relaxed SIMD (fused multiply-add).
// It is instantiated beside the base module on the same memory and overrides these exports.
// matmulWorkBytes too: the relaxed kernel blocks rows by 6, the base one by 5, so their workspaces differ
export { matmul_f32, matmulWorkBytes } from "./matmul";
