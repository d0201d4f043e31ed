// Type-checked by test/consumer/run.mjs in a project that installed the packed tarball: tsc --strict,
// skipLibCheck false, moduleResolution bundler and node16, with the DOM lib and with @types/node instead.
import * as tt from "tensortape";

await tt.ready({ maxMemoryBytes: 1 << 26 });

// ready()'s module forms, spelled without the global WebAssembly (absent without the DOM lib)
declare const simd: tt.WasmModule, relaxed: tt.WasmModule;
export const forms: tt.ReadyOptions[] = [
  { module: simd }, { module: { base: simd, relaxed } }, { module: { base: new Uint8Array(8) } }, { simd: "base" },
];
// @ts-expect-error simd is "relaxed" or "base"
export const bad: tt.ReadyOptions = { simd: "avx" };

const x: tt.Tensor = tt.tensor([[1, 2], [3, 4]]);
const json: tt.TensorJSON = x.toJSON();
export const dtype: tt.DType = json.dtype;
x.print();
const tape = new tt.GradientTape();
const y = tape.record(() => { tape.watch(x); return x.matmul(x).tanh().sum(); });
const g: tt.Tensor | null = tape.gradient(y, x);
// @ts-expect-error no such method: proves the declarations were read (an `any` import would accept this)
x.notAMethod();
x[Symbol.dispose]();
tt.dispose([y, g!]);
