// tensortape for Node, Deno and browsers: both kernel builds embedded as deflated bytes.
import { inflateSync } from "fflate";
import base from "../build/simd.wasm.z";
import relaxed from "../build/relaxed.wasm.z";
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
  return load(embedded(), options);
}

let builds: { base: Uint8Array; relaxed: Uint8Array } | undefined;
/** The kernel modules' bytes, inflated on the first ready() (about a millisecond), not at import. */
const embedded = () => (builds ??= { base: inflateSync(base), relaxed: inflateSync(relaxed) });
