// tensortape for Node, Deno and browsers: both kernel builds embedded as deflated bytes (the shared-memory builds), and threads.
import { inflateSync } from "fflate";
import base from "../build/simd-shared.wasm.z";
import relaxed from "../build/relaxed-shared.wasm.z";
import { threads } from "./threads/start.js";
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
 *     await tt.ready({ threads: 1 });                    // no workers (default "auto": one thread per core, ≤ 8)
 */
export function ready(options?: ReadyOptions): Promise<void> {
  return load({ ...embedded(), threads }, options);
}

let builds: { base: Uint8Array; relaxed: Uint8Array } | undefined;
/** The kernel modules' bytes, inflated on the first ready() (about a millisecond), not at import. */
const embedded = () => (builds ??= { base: inflateSync(base), relaxed: inflateSync(relaxed) });
