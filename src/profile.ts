// tt.time, tt.profile and tt.setDebug (tfjs's tf.time, tf.profile and debug mode): kernel timing by swapping the
// runtime's kernel table for timed wrappers while a measurement runs, so an op costs nothing extra otherwise.
import { allocCounters, setPeak } from "./buffer.js";
import { checkNaN, setDebugFlag } from "./debug.js";
import { ArgumentError } from "./errors.js";
import type { OpName } from "./grads.js";
import { isThenable, memory } from "./scope.js";
import { active, pinned, type Recorder } from "./record.js";
import { Tensor } from "./tensor.js";
import { rt, type Kernels } from "./wasm.js";

/** What `tt.time` measured. */
export interface TimingInfo {
  /** Milliseconds from the call of `fn` until it (and its returned promise) finished. */
  wallMs: number;
  /** Milliseconds spent inside wasm kernels during that time (the sum of `profile`'s `kernels[].ms`). */
  kernelMs?: number;
}

/** One kernel call seen by `tt.profile`. */
export interface KernelProfile {
  /** The kernel's export name, e.g. `"add_f32"` or `"matmul_f32"` (several ops share strided kernels such as `binary_f32`). */
  name: string;
  /** Milliseconds inside the kernel (see the README on Cloudflare Workers, where the clock stands still). */
  ms: number;
  /** Bytes allocated since the previous kernel call ended: the calling op's output and temporaries. */
  bytes: number;
}

/** What `tt.profile` measured; `newTensors` and `newBytes` are net (what `fn` left alive). */
export interface ProfileInfo<T = unknown> {
  /** Live tensors after `fn` minus live tensors before (its result's tensors included). */
  newTensors: number;
  /** Live bytes after `fn` minus live bytes before. */
  newBytes: number;
  /** The most bytes that were live at any moment during `fn` (an absolute count, as tfjs's). */
  peakBytes: number;
  /** Every kernel call, in order. */
  kernels: KernelProfile[];
  /** What `fn` returned (awaited); its tensors are the caller's to dispose. */
  result: T;
}

type Listener = (name: string, ms: number) => void;
const listeners = new Set<Listener>();
// Kernels that only answer a question (no work worth timing) are passed through unwrapped.
const UNTIMED = new Set(["heapBase", "matmulWorkBytes"]);
let swapped: { original: Kernels; timed: Kernels } | null = null;

/** Start calling `l` after every kernel call; the first listener swaps the timed table in. */
function listen(l: Listener): void {
  if (listeners.size === 0) {
    const r = rt();
    const original = r.kernels;
    const timed = {} as Record<string, unknown>;
    for (const name of Object.keys(original)) {
      const f = (original as unknown as Record<string, unknown>)[name];
      if (typeof f !== "function" || UNTIMED.has(name)) { timed[name] = f; continue; }
      const k = f as (...a: number[]) => unknown;
      timed[name] = (...a: number[]): unknown => {
        const t0 = performance.now();
        try { return k(...a); } finally {
          const ms = performance.now() - t0;
          for (const each of listeners) each(name, ms);
        }
      };
    }
    swapped = { original, timed: timed as unknown as Kernels };
    r.kernels = swapped.timed;
  }
  listeners.add(l);
}

/** Stop calling `l`; the last listener puts the original table back. */
function unlisten(l: Listener): void {
  listeners.delete(l);
  if (listeners.size === 0 && swapped !== null) {
    const r = rt();
    if (r.kernels === swapped.timed) r.kernels = swapped.original;
    swapped = null;
  }
}

function checkFn(what: string, fn: unknown): void {
  if (typeof fn !== "function") throw new ArgumentError(`${what}: expected a function, got ${fn === null ? "null" : typeof fn}`);
}

/**
 * Time `fn` (sync or async), as tfjs's `tf.time`: the wall-clock milliseconds and those spent in kernels.
 * Kernel calls made by other code while an async `fn` awaits are counted too. Tensors `fn` returns are not
 * disposed (dispose them, or run `fn`'s work in a `tidy`).
 *
 *     const { wallMs, kernelMs } = await tt.time(() => tt.tidy(() => a.matmul(b)));
 */
export async function time(fn: () => unknown): Promise<TimingInfo> {
  checkFn("time", fn);
  let kernelMs = 0;
  const l: Listener = (_name, ms) => { kernelMs += ms; };
  listen(l);
  const t0 = performance.now();
  try {
    const r = fn();
    if (isThenable(r)) await r;
  } finally { unlisten(l); }
  return { wallMs: performance.now() - t0, kernelMs };
}

/**
 * Run `fn` (sync or async) and report its memory and kernels, as tfjs's `tf.profile`: the net new tensors and
 * bytes, the peak of live bytes, and each kernel call with its time and the bytes its op allocated. `fn`'s
 * result is returned in `result`, not disposed.
 *
 *     const p = await tt.profile(() => x.square().sum());
 *     p.kernels.map((k) => k.name);   // ["square_f32", "sum_f32"]
 *     p.result.dispose();
 */
export async function profile<T>(fn: () => T | Promise<T>): Promise<ProfileInfo<Awaited<T>>> {
  checkFn("profile", fn);
  const before = memory();
  const outerPeak = allocCounters().peakBytes;
  setPeak(before.numBytes);
  const kernels: KernelProfile[] = [];
  let mark = allocCounters().allocatedBytes;
  const l: Listener = (name, ms) => {
    const now = allocCounters().allocatedBytes;
    kernels.push({ name, ms, bytes: now - mark });
    mark = now;
  };
  listen(l);
  let result: Awaited<T>;
  let peakBytes: number;
  try {
    const r = fn();
    result = (isThenable(r) ? await r : r) as Awaited<T>;
  } finally {
    unlisten(l);
    peakBytes = allocCounters().peakBytes;
    setPeak(Math.max(outerPeak, peakBytes)); // an enclosing profile keeps its own high-water mark
  }
  const after = memory();
  return { newTensors: after.numTensors - before.numTensors, newBytes: after.numBytes - before.numBytes, peakBytes, kernels, result };
}

/** Offered every recorded op (at the bottom of the recording stack, before any tape): checks its outputs. */
const nanCheck: Recorder = {
  offer(op: OpName, x: readonly Tensor[], y: readonly Tensor[]): void {
    try { checkNaN(op, y); } catch (e) {
      // an op's fast path has no scope to free its output: free the fresh outputs here (dispose is idempotent)
      for (const t of y) if (!x.includes(t)) t.dispose();
      throw e;
    }
  },
};

/**
 * Debug mode, as tfjs's `tf.enableDebugMode()`: while on, an op whose float32 output holds a NaN throws a
 * `NumericError` naming the op (±Infinity is allowed: `log(0)` is legitimate). Every output is scanned, so ops
 * are slower; off (the default), ops pay nothing. Switch it outside of tapes and `tidy` bodies.
 *
 *     tt.setDebug(true);
 *     tt.log(tt.tensor([-1]));   // NumericError: log: produced NaN …
 */
export function setDebug(on: boolean): void {
  if (typeof on !== "boolean") throw new ArgumentError(`setDebug: on must be a boolean, got ${typeof on}`);
  setDebugFlag(on);
  const i = active.indexOf(nanCheck);
  if (on && i < 0) active.unshift(nanCheck);
  if (!on && i >= 0) active.splice(i, 1);
  pinned.recorder = on ? nanCheck : null;
}
