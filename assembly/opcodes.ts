// The op codes of the strided kernels (part of the ABI; src/wasm.ts's binaryCode and compareCode mirror them)

// binary_f32 / binary_i32 (i32 has no POW)
// @ts-ignore: decorator
@inline export const ADD = 0;
// @ts-ignore: decorator
@inline export const SUB = 1;
// @ts-ignore: decorator
@inline export const MUL = 2;
// @ts-ignore: decorator
@inline export const DIV = 3;
// @ts-ignore: decorator
@inline export const POW = 4;
// @ts-ignore: decorator
@inline export const MAX = 5;
// @ts-ignore: decorator
@inline export const MIN = 6;
// @ts-ignore: decorator
@inline export const FLOORDIV = 7;
// @ts-ignore: decorator
@inline export const MOD = 8;

// compare_f32 / compare_i32
// @ts-ignore: decorator
@inline export const EQ = 0;
// @ts-ignore: decorator
@inline export const NE = 1;
// @ts-ignore: decorator
@inline export const LT = 2;
// @ts-ignore: decorator
@inline export const LE = 3;
// @ts-ignore: decorator
@inline export const GT = 4;
// @ts-ignore: decorator
@inline export const GE = 5;
