// tidy / keep / dispose / memory(): the lifetimes of user-visible handles.
import { bufferStats } from "./buffer.js";
import { ArgumentError } from "./errors.js";
import { counts, hooks, Tensor } from "./tensor.js";

/** Anything that may hold tensors: a tensor, arrays and plain objects of them, Maps. */
export type TensorContainer = Tensor | null | undefined | void | number | string | boolean
  | readonly TensorContainer[] | { readonly [k: string]: TensorContainer } | Map<unknown, TensorContainer>;

const scopes: Tensor[][] = [];
// Only plain handles are tracked: a Variable (Tensor's one subclass) lives until disposed, as in tfjs.
hooks.onCreate = (t) => { if (scopes.length > 0 && t.constructor === Tensor) scopes[scopes.length - 1].push(t); };

/**
 * Every tensor inside a container (arrays, plain objects, Map values), each once. Iterative, and each
 * container is visited once, so a cyclic or very deep structure neither loops nor overflows the stack.
 */
export function collect(x: unknown, into = new Set<Tensor>()): Set<Tensor> {
  if (x instanceof Tensor) { into.add(x); return into; } // the common case: one tensor
  const seen = new Set<object>();
  const stack: unknown[] = [x];
  while (stack.length > 0) {
    const v = stack.pop();
    if (v instanceof Tensor) into.add(v);
    else if (v === null || typeof v !== "object" || seen.has(v)) continue;
    else if (Array.isArray(v)) { seen.add(v); const n = v.length; for (let i = 0; i < n; i++) stack.push(v[i]); } // length read once
    else if (v instanceof Map) { seen.add(v); for (const e of v.values()) stack.push(e); }
    else if (Object.getPrototypeOf(v) === Object.prototype) { seen.add(v); for (const e of Object.values(v)) stack.push(e); }
  }
  return into;
}

export const isThenable = (x: unknown): boolean =>
  x !== null && (typeof x === "object" || typeof x === "function") && typeof (x as { then?: unknown }).then === "function";

/** @internal open a scope: tensors created until `endScope` are tracked in it */
export function beginScope(): void { scopes.push([]); }

/** @internal close the innermost scope without disposing anything; returns what it tracked */
export function popScope(): Tensor[] { return scopes.pop()!; }

/** @internal close the innermost scope: dispose what it tracked except `result`'s tensors and kept ones; hand those to the parent */
export function endScope(result: unknown): void {
  const tracked = scopes.pop()!;
  const keepSet = collect(result);
  const parent = scopes.length > 0 ? scopes[scopes.length - 1] : null;
  for (const t of tracked) {
    if (t.kept || keepSet.has(t)) { if (parent !== null && !t.isDisposed) parent.push(t); }
    else t.dispose();
  }
}

/**
 * Run `fn` and dispose every tensor created inside it, except those it returns (in any nesting of
 * arrays and objects) and those passed to `keep()`. `fn` must be synchronous.
 *
 *     const y = tt.tidy(() => x.mul(2).add(1));   // the temporary x*2 is freed
 */
export function tidy<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new ArgumentError(`tidy: expected a function, got ${typeof fn}`);
  beginScope();
  let result: T;
  try {
    result = fn();
  } catch (e) {
    endScope(undefined);
    throw e;
  }
  if (isThenable(result)) {
    endScope(undefined);
    throw new ArgumentError("tidy: the function returned a Promise; tidy() is synchronous (dispose tensors of async code yourself)");
  }
  endScope(result);
  return result;
}

/** Exempt a tensor from every enclosing and future tidy(); it lives until disposed. */
export function keep<T extends Tensor>(t: T): T {
  if (!(t instanceof Tensor)) throw new ArgumentError(`keep: expected a Tensor, got ${typeof t}`);
  t.kept = true;
  return t;
}

/** Dispose every tensor in a container (arrays, objects, Maps, nested). */
export function dispose(container: unknown): void {
  for (const t of collect(container)) t.dispose();
}

/** What `tt.memory()` reports (tfjs's `tf.memory()`): live handles, buffers and bytes, and the wasm memory's size. */
export interface MemoryInfo {
  /** live user-visible handles */
  numTensors: number;
  /** live buffers, including those only a tape or a variable holds */
  numBuffers: number;
  /** bytes of those buffers */
  numBytes: number;
  /** size of wasm linear memory */
  wasmBytes: number;
}

/** Counters for leak checks: numTensors, numBuffers and numBytes return to their baseline once everything is disposed. */
export function memory(): MemoryInfo {
  return { numTensors: counts.tensors, ...bufferStats() };
}
