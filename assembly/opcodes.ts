// Every op code of the kernels: the strided ones' (part of the ABI) and the internal ones of shared loops

// binary_f32 / binary_i32 (ATAN2 is f32 only); src/ops/table.ts's binaryOps codes mirror them. The reductions fold with
// ADD (sum), MUL (prod), MAX and MIN.
export const enum Bin { ADD = 0, SUB = 1, MUL = 2, DIV = 3, POW = 4, MAX = 5, MIN = 6, FLOORDIV = 7, MOD = 8, ATAN2 = 9 }

// compare_f32 / compare_i32; src/ops/table.ts's compareOps mirrors them
export const enum Cmp { EQ = 0, NE = 1, LT = 2, LE = 3, GT = 4, GE = 5 }

// unary kernels (internal). NEG … RELU each get their own loop (the op a constant); SIGN … SQUARE_I share
// one loop (the op a runtime value); see unary.ts
export const enum Un {
  NEG, ABS, EXP, LOG, SQRT, SQUARE, TANH, SIGMOID, RELU,
  SIGN, LOG1P, EXPM1, RSQRT, RECIPROCAL, SIN, COS, TAN, ELU, SOFTPLUS, CLIP, NEG_I, ABS_I, SIGN_I, SQUARE_I,
  FLOOR, CEIL, ROUND, SINH, COSH, ASINH, ACOSH, ATANH, ASIN, ACOS, ATAN, ERF,
}

// contiguous casts between 32-bit types and to bytes (internal; copy.ts)
export const enum Cast { F32_I32, I32_F32, F32_U8, I32_U8 }

// what a random kernel writes (internal; random.ts)
export const enum Rand { UNIFORM_F32, UNIFORM_I32, NORMAL_F32, NORMAL_I32 }
