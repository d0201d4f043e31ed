// ready()'s public option types and the read-once copy of its options object (validated before anything loads).
import { ArgumentError } from "./errors.js";

/**
 * `WebAssembly.Module` where the consumer's libs declare it (the DOM lib, @types/node's globals, Deno), else any
 * object. Spelled through `globalThis` so that the shipped declarations type-check without the DOM lib.
 */
export type WasmModule = typeof globalThis extends { WebAssembly: { Module: abstract new (...args: never[]) => infer M } } ? M : object;

/** A compiled kernel module, or its bytes (bytes cannot be compiled in Workers). */
export type KernelModule = WasmModule | ArrayBuffer | ArrayBufferView;

/**
 * The package's two kernel files: `base` (`tensortape/simd.wasm`) holds every kernel; `relaxed`
 * (`tensortape/relaxed.wasm`) holds only the kernels that differ under relaxed SIMD and is useless alone.
 */
export interface KernelModules { base: KernelModule; relaxed?: KernelModule }

/** Options of `ready()`: which kernels to load (`module`, `simd`) and a cap on wasm memory (`maxMemoryBytes`). */
export interface ReadyOptions {
  /**
   * The kernels to use instead of the ones the bundle embeds: `tensortape/simd.wasm` as a `WebAssembly.Module`
   * (or bytes), or `{ base, relaxed }` to also use the relaxed-SIMD overrides where the runtime supports them.
   * Its exports are checked; `relaxed.wasm` alone is refused.
   */
  module?: KernelModule | KernelModules;
  /** Which build to use; default: "relaxed" where the runtime validates it (and one is available), else "base". */
  simd?: "relaxed" | "base";
  /** Cap on wasm memory; allocations beyond it throw OutOfMemoryError. */
  maxMemoryBytes?: number;
  /**
   * Threads that run kernels, counting the calling thread: a positive integer, or "auto" (the default: the
   * core count, at most 8). Above 1, large ops are split over workers sharing one `SharedArrayBuffer`-backed
   * memory, where the runtime has them (Node, Deno, cross-origin-isolated pages, Web Workers); elsewhere
   * (Cloudflare Workers, pages without COOP/COEP) tensortape runs on one thread without an error.
   * `backendInfo()` says what is in use.
   */
  threads?: number | "auto";
  /**
   * Where the worker entry is (`tensortape/worker`, dist/worker.js); default: beside the bundle
   * (`new URL("./worker.js", import.meta.url)`). Needed when a bundler moves the library away from it.
   */
  workerUrl?: string | URL;
}

/** @internal one kernel source after reading: a Module, or a private copy of the bytes. */
export type Source = { module: WebAssembly.Module } | { bytes: Uint8Array<ArrayBuffer> };

/** @internal ready()'s options, read once: later changes to the caller's objects have no effect. */
export interface Options {
  /** the user's `{ base, relaxed? }` (a single module is `{ base }`), or null for the embedded builds */
  module: { base: Source; relaxed?: Source } | null;
  simd: "relaxed" | "base" | undefined;
  maxMemoryBytes: number | undefined;
  threads: number | "auto";
  workerUrl: URL | undefined;
}

/** @internal the wasm page size */
export const PAGE = 65536;

const kind = (v: unknown): string =>
  v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object" ? `a ${v.constructor?.name ?? "null-prototype object"}` : `${typeof v} ${String(v)}`;

/** A Module as is, bytes copied (so the caller cannot change them between this check and compiling). */
function source(v: unknown, what: string): Source {
  if (v instanceof WebAssembly.Module) return { module: v };
  if (v instanceof ArrayBuffer) return { bytes: new Uint8Array(v.slice(0)) };
  if (ArrayBuffer.isView(v)) return { bytes: new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice() };
  throw new ArgumentError(`ready: ${what} must be a WebAssembly.Module or its bytes (ArrayBuffer or typed array), got ${kind(v)}`);
}

/** @internal read every field of `options` exactly once, check the copies, and return only them. Throws ArgumentError. */
export function readOptions(options: unknown): Options {
  if (options === undefined) return { module: null, simd: undefined, maxMemoryBytes: undefined, threads: "auto", workerUrl: undefined };
  if (options === null || typeof options !== "object") {
    throw new ArgumentError(`ready: options must be an object or undefined, got ${kind(options)}`);
  }
  const o = options as Record<string, unknown>;
  const m = o.module, simd = o.simd, max = o.maxMemoryBytes, threads = o.threads === undefined ? "auto" : o.threads, url = o.workerUrl;

  let module: Options["module"] = null;
  if (m !== undefined) {
    if (m instanceof WebAssembly.Module || m instanceof ArrayBuffer || ArrayBuffer.isView(m)) {
      module = { base: source(m, "options.module") };
    } else if (m !== null && typeof m === "object" && !Array.isArray(m)) {
      const { base, relaxed } = m as Record<string, unknown>;
      if (base === undefined) throw new ArgumentError("ready: options.module is an object without `base`; pass { base, relaxed } with base = tensortape/simd.wasm");
      module = { base: source(base, "options.module.base") };
      if (relaxed !== undefined) module.relaxed = source(relaxed, "options.module.relaxed");
    } else {
      throw new ArgumentError(`ready: options.module must be a WebAssembly.Module, its bytes or { base, relaxed }, got ${kind(m)}`);
    }
  }
  if (max !== undefined && !(typeof max === "number" && Number.isFinite(max) && max >= PAGE)) {
    throw new ArgumentError(`ready: maxMemoryBytes must be a finite number of at least ${PAGE}, got ${String(max)}`);
  }
  if (simd !== undefined && simd !== "relaxed" && simd !== "base") {
    throw new ArgumentError(`ready: simd must be "relaxed" or "base", got ${String(simd)}`);
  }
  if (threads !== "auto" && !(typeof threads === "number" && Number.isSafeInteger(threads) && threads >= 1)) {
    throw new ArgumentError(`ready: threads must be a positive integer or "auto", got ${kind(threads)}`);
  }
  let workerUrl: URL | undefined;
  if (url !== undefined) {
    const href = typeof url === "string" ? url : url instanceof URL ? url.href : null;
    if (href === null) throw new ArgumentError(`ready: workerUrl must be a string or a URL, got ${kind(url)}`);
    try { workerUrl = new URL(href, (globalThis as { location?: { href: string } }).location?.href); } catch {
      throw new ArgumentError(`ready: workerUrl ${JSON.stringify(href)} is not a URL (give an absolute URL, or a URL object)`);
    }
  }
  return { module, simd, maxMemoryBytes: max, threads, workerUrl };
}
