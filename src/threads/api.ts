// The public face of threads: backendInfo() and shutdown() (ready({ threads }) is in ready.ts).
import { current, rt } from "../wasm.js";

/** What `backendInfo()` reports. */
export interface BackendInfo {
  /** the kernel build in use: "relaxed" (fused multiply-add) or "base" SIMD */
  simd: "base" | "relaxed";
  /** threads running kernels, counting the calling thread (1: no workers) */
  threads: number;
  /** whether wasm memory is a SharedArrayBuffer-backed memory (stays true after shutdown()) */
  sharedMemory: boolean;
}

/**
 * What is in use: the SIMD build, the threads that run kernels and whether memory is shared.
 *
 *     await tt.ready();  tt.backendInfo();   // { simd: "relaxed", threads: 8, sharedMemory: true }
 */
export function backendInfo(): BackendInfo {
  const r = rt();
  return { simd: r.relaxedInUse ? "relaxed" : "base", threads: r.threads, sharedMemory: r.sharedMemory };
}

/**
 * End the worker pool and nothing else: tensors stay valid, later ops run on the calling thread, and a later
 * `ready()` with the same options is a no-op. Resolves when the workers have ended; without a pool (or before
 * `ready()`) it does nothing.
 */
export async function shutdown(): Promise<void> {
  const r = current();
  if (r === null || r.pool === null) return;
  const pool = r.pool;
  // the raw table back in place of the split one (a table something else swapped in, such as tt.profile's, stays)
  Object.assign(r, { kernels: r.kernels === r.split ? r.raw : r.kernels, split: null, threads: 1, pool: null });
  await pool.shutdown();
}

/** @internal split kernel calls the pool has run (tests check that an op really was split) */
export function splitCalls(): number { return current()?.pool?.jobs ?? 0; }
