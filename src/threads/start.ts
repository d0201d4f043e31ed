// How index.js starts threads: runtime detection, the core count, the worker entry beside the bundle, the pool.
import { kernelNames, type Kernels, type Threads } from "../wasm.js";
import { Pool, threadsAvailable } from "./pool.js";
import type { KernelFn } from "./protocol.js";
import { splitKernels } from "./split.js";

/** Polls of a worker before it sleeps: ≈ 40 µs, so back-to-back split ops skip the ≈ 30 µs futex wake. */
const SPIN = 5000;

type G = { navigator?: { hardwareConcurrency?: number }; process?: { getBuiltinModule?: (id: string) => unknown } };

function cores(): number {
  const g = globalThis as G;
  const n = g.navigator?.hardwareConcurrency
    ?? (g.process?.getBuiltinModule?.("os") as { availableParallelism?: () => number } | undefined)?.availableParallelism?.();
  return typeof n === "number" && n >= 1 ? Math.floor(n) : 1;
}

export const threads: Threads = {
  available: threadsAvailable,
  cores,
  defaultUrl() {
    // the literal form bundlers recognise; in the CommonJS build import.meta.url is defined as dist/index.js's URL
    try { return new URL("./worker.js", import.meta.url); } catch { return null; }
  },
  async start(n: number, modules: WebAssembly.Module[], memory: WebAssembly.Memory, kernels: Kernels, url: URL) {
    const k = kernels as unknown as Record<string, KernelFn>;
    // spinning only while every thread has a core of its own: oversubscribed, it steals the caller's time
    const pool = await Pool.start(n, modules, memory, kernelNames, kernelNames.map((name) => k[name]), url, n <= cores() ? SPIN : 0);
    return pool === null ? null : { pool, kernels: splitKernels(kernels, pool, kernelNames, memory) };
  },
};
