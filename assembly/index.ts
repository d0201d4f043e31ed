// The kernel ABI: every export of the wasm module, re-exported from the files that define them
// (the order of these lines is the order of the module's exports, which test/node/kernels-abi.test.ts pins)

// memory: first allocatable byte
export { heapBase } from "./copy";

// contiguous unary f32: (x, out, start, end), out[i] = f(x[i])
export { neg_f32, abs_f32, exp_f32, log_f32, sqrt_f32, square_f32, tanh_f32, sigmoid_f32, relu_f32 } from "./unary";

// contiguous binary f32: (a, b, out, start, end), out[i] = a[i] op b[i]
export { add_f32, sub_f32, mul_f32, div_f32, pow_f32, maximum_f32, minimum_f32 } from "./binary";

// strided/broadcast over a meta block [rank, shape, strides per operand]: (op?, inputs…, out, meta, start, end)
export { binary_f32, compare_f32, where_32 } from "./binary";
export { copy_32, copy_8, scatter_32, scatter_8 } from "./copy";

// fills (out, v, start, end) and contiguous casts (x, out, start, end)
export { fill_f32, fill_i32, fill_u8 } from "./copy";
export { cast_f32_i32, cast_i32_f32, cast_u8_f32, cast_u8_i32, cast_f32_u8, cast_i32_u8 } from "./copy";

// reductions over the middle axis of [outer, n, inner]: (x, out, n, inner, start, end), range over outer
export { sum_f32, max_f32 } from "./reduce";

// matrix product: (a, b, out, m, n, k, transA, transB, work, start, end), range over rows of out;
// work: matmulWorkBytes(m, n, k) bytes of scratch from the host
export { matmul_f32, matmulWorkBytes } from "./matmul";

// index rows over [outer, n, inner] ↔ [outer, m, inner] (range over rows of the m side; segment sum: over outer):
// (x, idx, out, n, inner, m, per, start, end); one-hot rows (idx, out, depth, onBits, offBits, start, end)
export { gather_32, gather_8, segment_sum_f32, one_hot_32 } from "./gather";

// Philox4x32-10 random numbers (out, k0, k1, stream, params…, start, end), range over output elements
export { random_uniform_f32, random_uniform_i32, random_normal_f32, random_normal_i32 } from "./random";
// nn (NHWC; geometry meta = [N, H, W, C, KH, KW, OH, OW, sh, sw, dh, dw, pt, pl]), ranges over pixels:
// conv2d = im2col + matmul_f32; its input gradient = matmul_f32 + col2im (a gather over input pixels)
export { im2col_f32, col2im_f32 } from "./nn";
// pooling over output pixels, their gradients over input pixels (gathers); maxpool's idx is i32 ih·W + iw
export { maxpool_f32, maxpool_backprop_f32, maxpool_gather_f32, avgpool_f32, avgpool_backprop_f32 } from "./nn";
// more contiguous unary f32 (x, out, start, end), clip (x, out, lo, hi, start, end), unary i32 (x, out, start, end)
export { sign_f32, log1p_f32, expm1_f32, rsqrt_f32, sin_f32, cos_f32, tan_f32, elu_f32, softplus_f32, clip_f32, reciprocal_f32 } from "./unary";
export { neg_i32, abs_i32, sign_i32, square_i32 } from "./unary";
// i32 binary: contiguous (a, b, out, start, end) and strided binary_i32 / compare_i32 (op, a, b, out, meta, start, end);
// where on bytes (bool values) as where_32
export { add_i32, sub_i32, mul_i32, maximum_i32, minimum_i32, binary_i32, compare_i32, where_8 } from "./binary";
// more reductions over [outer, n, inner] as sum_f32; argmax/argmin write i32 indices
export { min_f32, prod_f32, sum_i32, max_i32, min_i32, prod_i32, argmax_f32, argmin_f32, argmax_i32, argmin_i32 } from "./reduce";
// linear algebra over batch items [start, end) of row-major matrices; i32 status: −1, or the first item that failed
// (not positive definite / zero diagonal / zero pivot). qr's work: (m·n + n + min(m, n))·4 bytes
export { cholesky_f32, triangularSolve_f32, lu_f32, qr_f32 } from "./linalg";
// fused optimizer updates over elements [start, end): read param x, grad g and slots, write fresh ox and slots;
// f32 constants as the host rounds them (see assembly/optim.ts for each rule)
export { sgd_f32, momentum_f32, adam_f32, adamw_f32, adamax_f32, rmsprop_f32, adagrad_f32, adadelta_f32 } from "./optim";
// scans over the middle axis of [outer, n, inner]: (x, out, n, inner, flags (1 exclusive, 2 reverse), start, end), range over outer
export { cumsum_f32, cumprod_f32, cumsum_i32, cumprod_i32 } from "./scan";
// stable argsort of [rows, n] rows (x, out i32, work: n words, n, descending, start, end), range over rows; f32 NaN last
export { argsort_f32, argsort_i32 } from "./sort";
// more contiguous unary f32 (x, out, start, end): rounding, hyperbolic, inverse trigonometric, erf
export { floor_f32, ceil_f32, round_f32, sinh_f32, cosh_f32, asinh_f32, acosh_f32, atanh_f32, asin_f32, acos_f32, atan_f32, erf_f32 } from "./unary";
