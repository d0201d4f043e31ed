// The kernel ABI pinned: dist/simd.wasm's exports and their signatures, the relaxed module's overrides, the imports
import { loadEnv, moduleInterface, type Kernels } from "../helpers/wasm.js";
import { kernelNames } from "../../src/wasm.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";

// Every export of the base module, in module order, with its wasm signature. src/wasm.ts's Kernels type mirrors
// these names; a kernel added to assembly/index.ts is added here (and there) in the same change.
const EXPORTS = [
  "heapBase() => i32",
  "neg_f32(i32, i32, i32, i32)",
  "abs_f32(i32, i32, i32, i32)",
  "exp_f32(i32, i32, i32, i32)",
  "log_f32(i32, i32, i32, i32)",
  "sqrt_f32(i32, i32, i32, i32)",
  "square_f32(i32, i32, i32, i32)",
  "tanh_f32(i32, i32, i32, i32)",
  "sigmoid_f32(i32, i32, i32, i32)",
  "relu_f32(i32, i32, i32, i32)",
  "add_f32(i32, i32, i32, i32, i32)",
  "sub_f32(i32, i32, i32, i32, i32)",
  "mul_f32(i32, i32, i32, i32, i32)",
  "div_f32(i32, i32, i32, i32, i32)",
  "pow_f32(i32, i32, i32, i32, i32)",
  "maximum_f32(i32, i32, i32, i32, i32)",
  "minimum_f32(i32, i32, i32, i32, i32)",
  "binary_f32(i32, i32, i32, i32, i32, i32, i32)",
  "compare_f32(i32, i32, i32, i32, i32, i32, i32)",
  "where_32(i32, i32, i32, i32, i32, i32, i32)",
  "copy_32(i32, i32, i32, i32, i32)",
  "copy_8(i32, i32, i32, i32, i32)",
  "scatter_32(i32, i32, i32, i32, i32)",
  "scatter_8(i32, i32, i32, i32, i32)",
  "fill_f32(i32, f32, i32, i32)",
  "fill_i32(i32, i32, i32, i32)",
  "fill_u8(i32, i32, i32, i32)",
  "cast_f32_i32(i32, i32, i32, i32)",
  "cast_i32_f32(i32, i32, i32, i32)",
  "cast_u8_f32(i32, i32, i32, i32)",
  "cast_u8_i32(i32, i32, i32, i32)",
  "cast_f32_u8(i32, i32, i32, i32)",
  "cast_i32_u8(i32, i32, i32, i32)",
  "sum_f32(i32, i32, i32, i32, i32, i32)",
  "max_f32(i32, i32, i32, i32, i32, i32)",
  "matmul_f32(i32, i32, i32, i32, i32, i32, i32, i32, i32, i32, i32)",
  "matmulWorkBytes(i32, i32, i32) => i32",
  "gather_32(i32, i32, i32, i32, i32, i32, i32, i32, i32)",
  "gather_8(i32, i32, i32, i32, i32, i32, i32, i32, i32)",
  "segment_sum_f32(i32, i32, i32, i32, i32, i32, i32, i32, i32)",
  "one_hot_32(i32, i32, i32, i32, i32, i32, i32)",
  "random_uniform_f32(i32, i32, i32, i32, f32, f32, f32, i32, i32)",
  "random_uniform_i32(i32, i32, i32, i32, i32, i32, i32, i32)",
  "random_normal_f32(i32, i32, i32, i32, f32, f32, i32, i32)",
  "random_normal_i32(i32, i32, i32, i32, f32, f32, i32, i32)",
  "im2col_f32(i32, i32, i32, i32, i32)",
  "col2im_f32(i32, i32, i32, i32, i32)",
  "maxpool_f32(i32, i32, i32, i32, i32, i32)",
  "maxpool_backprop_f32(i32, i32, i32, i32, i32, i32)",
  "maxpool_gather_f32(i32, i32, i32, i32, i32, i32)",
  "avgpool_f32(i32, i32, i32, i32, i32)",
  "avgpool_backprop_f32(i32, i32, i32, i32, i32)",
  "sign_f32(i32, i32, i32, i32)",
  "log1p_f32(i32, i32, i32, i32)",
  "expm1_f32(i32, i32, i32, i32)",
  "rsqrt_f32(i32, i32, i32, i32)",
  "sin_f32(i32, i32, i32, i32)",
  "cos_f32(i32, i32, i32, i32)",
  "tan_f32(i32, i32, i32, i32)",
  "elu_f32(i32, i32, i32, i32)",
  "softplus_f32(i32, i32, i32, i32)",
  "clip_f32(i32, i32, f32, f32, i32, i32)",
  "reciprocal_f32(i32, i32, i32, i32)",
  "neg_i32(i32, i32, i32, i32)",
  "abs_i32(i32, i32, i32, i32)",
  "sign_i32(i32, i32, i32, i32)",
  "square_i32(i32, i32, i32, i32)",
  "add_i32(i32, i32, i32, i32, i32)",
  "sub_i32(i32, i32, i32, i32, i32)",
  "mul_i32(i32, i32, i32, i32, i32)",
  "maximum_i32(i32, i32, i32, i32, i32)",
  "minimum_i32(i32, i32, i32, i32, i32)",
  "binary_i32(i32, i32, i32, i32, i32, i32, i32)",
  "compare_i32(i32, i32, i32, i32, i32, i32, i32)",
  "where_8(i32, i32, i32, i32, i32, i32, i32)",
  "min_f32(i32, i32, i32, i32, i32, i32)",
  "prod_f32(i32, i32, i32, i32, i32, i32)",
  "sum_i32(i32, i32, i32, i32, i32, i32)",
  "max_i32(i32, i32, i32, i32, i32, i32)",
  "min_i32(i32, i32, i32, i32, i32, i32)",
  "prod_i32(i32, i32, i32, i32, i32, i32)",
  "argmax_f32(i32, i32, i32, i32, i32, i32)",
  "argmin_f32(i32, i32, i32, i32, i32, i32)",
  "argmax_i32(i32, i32, i32, i32, i32, i32)",
  "argmin_i32(i32, i32, i32, i32, i32, i32)",
  "cholesky_f32(i32, i32, i32, i32, i32) => i32",
  "triangularSolve_f32(i32, i32, i32, i32, i32, i32, i32, i32, i32, i32) => i32",
  "lu_f32(i32, i32, i32, i32, i32, i32) => i32",
  "qr_f32(i32, i32, i32, i32, i32, i32, i32, i32)",
  "sgd_f32(i32, i32, i32, f32, i32, i32)",
  "momentum_f32(i32, i32, i32, i32, i32, f32, f32, i32, i32, i32)",
  "adam_f32(i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, f32, f32, f32, i32, i32)",
  "adamw_f32(i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, f32, f32, f32, i32, i32)",
  "adamax_f32(i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, i32, i32)",
  "rmsprop_f32(i32, i32, i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, f32, i32, i32, i32)",
  "adagrad_f32(i32, i32, i32, i32, i32, f32, f32, i32, i32)",
  "adadelta_f32(i32, i32, i32, i32, i32, i32, i32, f32, f32, f32, f32, i32, i32)",
  "cumsum_f32(i32, i32, i32, i32, i32, i32, i32)",
  "cumprod_f32(i32, i32, i32, i32, i32, i32, i32)",
  "cumsum_i32(i32, i32, i32, i32, i32, i32, i32)",
  "cumprod_i32(i32, i32, i32, i32, i32, i32, i32)",
  "argsort_f32(i32, i32, i32, i32, i32, i32, i32)",
  "argsort_i32(i32, i32, i32, i32, i32, i32, i32)",
  "floor_f32(i32, i32, i32, i32)",
  "ceil_f32(i32, i32, i32, i32)",
  "round_f32(i32, i32, i32, i32)",
  "sinh_f32(i32, i32, i32, i32)",
  "cosh_f32(i32, i32, i32, i32)",
  "asinh_f32(i32, i32, i32, i32)",
  "acosh_f32(i32, i32, i32, i32)",
  "atanh_f32(i32, i32, i32, i32)",
  "asin_f32(i32, i32, i32, i32)",
  "acos_f32(i32, i32, i32, i32)",
  "atan_f32(i32, i32, i32, i32)",
  "erf_f32(i32, i32, i32, i32)",
];

// what the relaxed module overrides on the base module's memory (src/wasm.ts: Object.assign over the base exports)
const RELAXED = ["matmul_f32", "matmulWorkBytes"];

const read = (file: string) => {
  const url = new URL(`../../dist/${file}`, import.meta.url);
  if (!existsSync(url)) throw new Error(`dist/${file} is missing: run npm run build`);
  return new Uint8Array(readFileSync(url));
};
const names = (sigs: string[]) => sigs.map((s) => s.replace(/[(:].*$/, ""));

const abi = suite("kernels: ABI");

abi("dist/simd.wasm exports exactly the committed list (names, order, signatures) and imports only env.memory", () => {
  const m = moduleInterface(read("simd.wasm"));
  assert.equal(m.exports, EXPORTS);
  assert.equal(m.imports, ["env.memory: memory"]);
  // the reader agrees with the engine on names and kinds
  const engine = WebAssembly.Module.exports(new WebAssembly.Module(read("simd.wasm")));
  assert.equal(engine.map((e) => e.name), names(EXPORTS));
  assert.ok(engine.every((e) => e.kind === "function"));
  // and the host's list (src/wasm.ts, which `Kernels` is checked against at compile time) names the same kernels
  assert.equal([...kernelNames].sort(), names(EXPORTS).sort());
});

abi("dist/relaxed.wasm overrides matmul_f32 and matmulWorkBytes with the base signatures, imports only env.memory", () => {
  const bytes = read("relaxed.wasm");
  const m = moduleInterface(bytes);
  assert.equal(names(m.exports), RELAXED);
  for (const e of m.exports) assert.ok(EXPORTS.includes(e), `${e} is not a base export with that signature`);
  assert.equal(m.imports, ["env.memory: memory"]);
  // the host instantiates it on the base module's memory, so it must carry no data segment (section 11)
  assert.ok(hasSection(read("simd.wasm"), 11), "the base module's data section is found"); // the check below can fail
  assert.not.ok(hasSection(bytes, 11), "relaxed.wasm has a data section");
});

abi("the debug build has the same exports and signatures, and imports env.abort for its checks", () => {
  const m = moduleInterface(new Uint8Array(readFileSync(new URL("../../build/debug.wasm", import.meta.url))));
  assert.equal(m.exports, EXPORTS);
  assert.equal([...m.imports].sort(), ["env.abort(i32, i32, i32, i32)", "env.memory: memory"]);
});

const debug = await loadEnv<Kernels>("debug.wasm");
abi("debug build: malformed meta and matmul sizes abort", () => {
  if (!debug) throw new Error("build/debug.wasm is missing: run npm run build");
  const buf = debug.alloc(64);
  assert.throws(() => debug.k.copy_32(buf, buf, debug.putI32([0]), 0, 1), /abort/);
  assert.throws(() => debug.k.binary_f32(0, buf, buf, buf, debug.putI32([9]), 0, 1), /abort/);
  assert.throws(() => debug.k.matmul_f32(buf, buf, buf, 2, 2, 2, 0, 0, buf, 0, 3), /abort/);
});

abi.run();

// whether the binary has a section with this id (walking the section headers)
function hasSection(b: Uint8Array, want: number): boolean {
  let i = 8;
  while (i < b.length) {
    const id = b[i++];
    let n = 0, s = 0, x;
    do { x = b[i++]; n |= (x & 127) << s; s += 7; } while (x & 128);
    if (id === want) return true;
    i += n;
  }
  return false;
}
