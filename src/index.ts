// tensortape for Node, Deno and browsers: both kernel builds embedded as bytes.
import base from "../build/simd.wasm";
import relaxed from "../build/relaxed.wasm";
import { load } from "./wasm.js";
import type { ReadyOptions } from "./ready.js";
import "./inspect.js";

export * from "./api.js";

/**
 * Load the kernels; every op throws until this resolves. Picks the relaxed-SIMD build where the runtime
 * validates it, else the base SIMD build. The first call decides; later calls must pass the same options.
 * Bad options give a rejected promise (an ArgumentError), never a synchronous throw.
 *
 *     await tt.ready();                                  // embedded kernels
 *     await tt.ready({ maxMemoryBytes: 64 << 20 });      // cap wasm memory at 64 MiB
 */
export function ready(options?: ReadyOptions): Promise<void> {
  return load({ base: base as Uint8Array, relaxed: relaxed as Uint8Array }, options);
}
