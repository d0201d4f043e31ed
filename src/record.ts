// The recorder stack (tapes and forward accumulators) and what a recorder saves: the leaf every op records through.
import { DataBuffer, release, retain } from "./buffer.js";
import { ArgumentError } from "./errors.js";
import type { OpName } from "./grads.js";
import { isThenable } from "./scope.js";
import { shareBuffer, type DType, type Shape, type Tensor } from "./tensor.js";

/** A value a recorder saw: its identity, shape, dtype and (when kept) its own buffer reference. */
export interface Saved { id: number; shape: Shape; dtype: DType; buf: DataBuffer | null }
export interface Entry { op: OpName; x: Saved[]; y: Saved[]; attrs: unknown }

/** Anything on the recording stack: offered every executed op, in stack order (outermost first). */
export interface Recorder {
  /** @internal (stripped from the declarations like the classes' `offer`, so their `implements` still holds there) */
  offer(op: OpName, x: readonly Tensor[], y: readonly Tensor[], attrs: unknown, depth: number): void;
}

/** @internal recorders that are recording, outermost first */
export const active: Recorder[] = [];

export const save = (t: Tensor, keepBuf: boolean): Saved =>
  ({ id: t.id, shape: t.shape, dtype: t.dtype, buf: keepBuf ? retain(t.live()) : null });
/** A transient handle on a saved value, with the value's own id (so enclosing recorders connect it). */
export const alias = (s: Saved): Tensor => shareBuffer(s.buf!, s.shape, s.dtype, s.id);
export function releaseSaved(s: Saved): void { if (s.buf !== null) { release(s.buf); s.buf = null; } }

/** @internal offer one executed op to every recorder, outermost first. */
export function record(op: OpName, x: readonly Tensor[], y: readonly Tensor[], attrs: unknown): void {
  for (let i = 0; i < active.length; i++) active[i].offer(op, x, y, attrs, i);
}

/** @internal debug mode's NaN check (profile.ts) while on: at the bottom of the stack, and kept there by below(0) */
export const pinned: { recorder: Recorder | null } = { recorder: null };

/** @internal run `fn` with the recorders from `depth` on taken off the stack (they neither see nor record it). */
export function below<T>(depth: number, fn: () => T): T {
  if (depth === 0 && pinned.recorder !== null && active[0] === pinned.recorder) depth = 1;
  const removed = active.splice(depth);
  try { return fn(); } finally { active.push(...removed); }
}

/** @internal take `r` off the stack; returns where it was (-1 if absent) */
export function remove(r: Recorder): number {
  const i = active.lastIndexOf(r);
  if (i >= 0) active.splice(i, 1);
  return i;
}

/** Push `r`, run `fn`, pop it again (also on a throw); a Promise result is rejected. */
export function recording<T>(r: Recorder, what: string, fn: () => T): T {
  if (typeof fn !== "function") throw new ArgumentError(`${what}: expected a function, got ${typeof fn}`);
  active.push(r);
  let result: T;
  try { result = fn(); } finally { remove(r); }
  if (isThenable(result)) throw new ArgumentError(`${what}: the function returned a Promise; recording is synchronous (await outside of it)`);
  return result;
}

