// tensortape for Cloudflare Workers (workerd): both kernel builds arrive as WebAssembly.Module imports.
// Workers may not compile wasm from bytes, so this entry embeds none; dist/workers.js keeps
// `import … from "./simd.wasm"` for the Workers bundler to turn into a Module.
import base from "../build/simd.wasm";
import relaxed from "../build/relaxed.wasm";
import { load } from "./wasm.js";
import type { ReadyOptions } from "./ready.js";
import "./inspect.js";

export * from "./api.js";

/**
 * Load the kernels; every op throws until this resolves. Picks the relaxed-SIMD module where the runtime
 * supports relaxed SIMD, else the base SIMD one. `ready({ module })` instantiates modules you import yourself:
 * `tensortape/simd.wasm`, or `{ base, relaxed }` with `tensortape/relaxed.wasm` as well.
 *
 *     await tt.ready();
 */
export function ready(options?: ReadyOptions): Promise<void> {
  return load({ base: base as WebAssembly.Module, relaxed: relaxed as WebAssembly.Module }, options);
}
