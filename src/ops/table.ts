// The op families as row tables (unary, binary, compare, reduction): each op's name and its kernels. The op
// functions' dispatch, the Tensor methods, the gradient table's attrs and the typed kernel interface (wasm.ts)
// derive from these rows. A leaf: no imports, so wasm.ts can list the kernels it names.

/** Unary elementwise: the float32 kernel and, for the ops TF and tfjs also define on integers, the int32 one. */
export const unaryOps = {
  neg: { f32: "neg_f32", i32: "neg_i32" },
  abs: { f32: "abs_f32", i32: "abs_i32" },
  exp: { f32: "exp_f32" },
  log: { f32: "log_f32" },
  sqrt: { f32: "sqrt_f32" },
  square: { f32: "square_f32", i32: "square_i32" },
  tanh: { f32: "tanh_f32" },
  sigmoid: { f32: "sigmoid_f32" },
  relu: { f32: "relu_f32" },
  sign: { f32: "sign_f32", i32: "sign_i32" },
  log1p: { f32: "log1p_f32" },
  expm1: { f32: "expm1_f32" },
  rsqrt: { f32: "rsqrt_f32" },
  sin: { f32: "sin_f32" },
  cos: { f32: "cos_f32" },
  tan: { f32: "tan_f32" },
  elu: { f32: "elu_f32" },
  softplus: { f32: "softplus_f32" },
  reciprocal: { f32: "reciprocal_f32" },
  floor: { f32: "floor_f32" },
  ceil: { f32: "ceil_f32" },
  round: { f32: "round_f32" },
  sinh: { f32: "sinh_f32" },
  cosh: { f32: "cosh_f32" },
  asinh: { f32: "asinh_f32" },
  acosh: { f32: "acosh_f32" },
  atanh: { f32: "atanh_f32" },
  asin: { f32: "asin_f32" },
  acos: { f32: "acos_f32" },
  atan: { f32: "atan_f32" },
  erf: { f32: "erf_f32" },
} as const satisfies Record<string, { f32: `${string}_f32`; i32?: `${string}_i32` }>;

/**
 * Binary elementwise with broadcasting: `code` is the op code of the strided kernels binary_f32/binary_i32
 * (assembly/opcodes.ts); `f32`/`i32` the contiguous same-shape kernels where there is one; `int`: defined on
 * int32; `grad: false`: not differentiable, so never recorded.
 */
export const binaryOps = {
  add: { code: 0, int: true, f32: "add_f32", i32: "add_i32" },
  sub: { code: 1, int: true, f32: "sub_f32", i32: "sub_i32" },
  mul: { code: 2, int: true, f32: "mul_f32", i32: "mul_i32" },
  div: { code: 3, int: true, f32: "div_f32" },
  pow: { code: 4, int: true, f32: "pow_f32" }, // int32: by squaring, wrapping; a negative exponent as tfjs (1, ±1 or 0)
  maximum: { code: 5, int: true, f32: "maximum_f32", i32: "maximum_i32" },
  minimum: { code: 6, int: true, f32: "minimum_f32", i32: "minimum_i32" },
  // piecewise constant: no gradient (TF has none)
  floorDiv: { code: 7, int: true, grad: false },
  mod: { code: 8, int: true },
  atan2: { code: 9, int: false },
} as const satisfies Record<string, { code: number; int: boolean; f32?: `${string}_f32`; i32?: `${string}_i32`; grad?: false }>;

/** Comparisons (bool results, never recorded): the op code of compare_f32/compare_i32 (assembly/opcodes.ts). */
export const compareOps = { equal: 0, notEqual: 1, less: 2, lessEqual: 3, greater: 4, greaterEqual: 5 } as const;

/** Reductions over axes: the float32 and int32 kernels (x viewed as [outer, n, inner]). */
export const reduceOps = {
  sum: { f32: "sum_f32", i32: "sum_i32" },
  max: { f32: "max_f32", i32: "max_i32" },
  min: { f32: "min_f32", i32: "min_i32" },
  prod: { f32: "prod_f32", i32: "prod_i32" },
} as const satisfies Record<string, { f32: `${string}_f32`; i32: `${string}_i32` }>;

export type UnaryOp = keyof typeof unaryOps;
export type BinaryOp = keyof typeof binaryOps;
export type CompareOp = keyof typeof compareOps;
export type ReduceOp = keyof typeof reduceOps;
/** The binary ops with a gradient rule (all but the `grad: false` rows). */
export type DiffBinaryOp = { [K in BinaryOp]: (typeof binaryOps)[K] extends { grad: false } ? never : K }[BinaryOp];

type Values<T> = T[keyof T];
type Field<T, F extends string> = Values<{ [K in keyof T]: T[K] extends { [P in F]: infer V } ? V : never }>;
export type UnaryKernel = Field<typeof unaryOps, "f32"> | Field<typeof unaryOps, "i32">;
export type BinaryKernel = Field<typeof binaryOps, "f32"> | Field<typeof binaryOps, "i32">;
export type ReduceKernel = Field<typeof reduceOps, "f32"> | Field<typeof reduceOps, "i32">;

/** Rows as the dispatch reads them (every field optional but f32 or code present). */
export type UnaryRow = { f32: UnaryKernel; i32?: UnaryKernel };
export type BinaryRow = { code: number; int: boolean; f32?: BinaryKernel; i32?: BinaryKernel; grad?: false };

/** Every kernel the tables name, each table's float32 kernels before its int32 ones (for wasm.ts's list of exports). */
export const tableKernels: string[] = [unaryOps, binaryOps, reduceOps].flatMap((table) => {
  const rows: { f32?: string; i32?: string }[] = Object.values(table);
  return [...rows.map((r) => r.f32), ...rows.map((r) => r.i32)].filter((k): k is string => k !== undefined);
});
