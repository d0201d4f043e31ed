// GradientTape: the stack of recording tapes, what each records, and reverse-mode accumulation.
import { DataBuffer, release, retain } from "./buffer.js";
import { ArgumentError, DisposedError, TapeError } from "./errors.js";
import { grads, type OpName, type Thunk } from "./grads.js";
import { add, onesLike, reshape, sum, zeros, zerosLike } from "./ops/index.js";
import { beginScope, endScope, isThenable } from "./scope.js";
import { broadcastAxes, fmt, sameShape } from "./shape.js";
import { shareBuffer, Tensor, type DType, type Shape } from "./tensor.js";

/** A value a tape saw: its identity, its shape, and (when the rule needs it) its own buffer reference. */
interface Saved { id: number; shape: Shape; dtype: DType; buf: DataBuffer | null }
interface Entry { op: OpName; x: Saved[]; y: Saved[]; attrs: unknown }

/** Tapes that are recording, outermost first. */
const active: GradientTape[] = [];

const save = (t: Tensor, keepBuf: boolean): Saved =>
  ({ id: t.id, shape: t.shape, dtype: t.dtype, buf: keepBuf ? retain(t.data_()) : null });

/** @internal offer one executed op to every recording tape; each records it if it watches an input. */
export function record(op: OpName, x: readonly Tensor[], y: readonly Tensor[], attrs: unknown): void {
  if (active.length === 0) return;
  for (const tape of active) tape.offer(op, x, y, attrs);
}

export interface GradientTapeOptions {
  /** Allow any number of gradient() calls until dispose(); default false (one call). */
  persistent?: boolean;
  /** Keep watch() calls on this tape only (TF 2); default false: watch() also watches on enclosing recording tapes (TF 1). */
  watchLocal?: boolean;
}

export interface GradientOptions {
  /** One seed per target (the vector of a vector-Jacobian product); default ones. */
  outputGradients?: Tensor | readonly Tensor[];
  /** What an unconnected source gets: null ("none", default) or zeros ("zero"). */
  unconnectedGradients?: "none" | "zero";
}

/** Sources as a tensor, an array or an object of tensors; the gradient mirrors the structure. */
export type Sources = Tensor | readonly Tensor[] | { readonly [k: string]: Tensor };
export type GradientsOf<S> = S extends Tensor ? Tensor | null
  : { [K in keyof S]: S[K] extends Tensor ? Tensor | null : never };

/**
 * Records operations on watched tensors so that gradients can be computed afterwards, as
 * TensorFlow's `tf.GradientTape`. Nest tapes for higher-order derivatives.
 *
 *     const tape = new tt.GradientTape();
 *     const y = tape.record(() => { tape.watch(x); return x.mul(x); });
 *     const dy = tape.gradient(y, x);           // 2x
 */
export class GradientTape {
  readonly persistent: boolean;
  readonly watchLocal: boolean;
  private entries: Entry[] = [];
  private watched = new Set<number>();
  private used = false;
  private disposed = false;

  constructor(options: GradientTapeOptions = {}) {
    if (options === null || typeof options !== "object") throw new ArgumentError(`GradientTape: options must be an object, got ${String(options)}`);
    this.persistent = options.persistent ?? false;
    this.watchLocal = options.watchLocal ?? false;
  }

  /** True while inside this tape's record(). */
  get isRecording(): boolean { return active.includes(this); }

  /** Run `fn` with this tape recording; ops on watched tensors inside it are recorded. `fn` must be synchronous. */
  record<T>(fn: () => T): T {
    this.live("record");
    if (typeof fn !== "function") throw new ArgumentError(`GradientTape.record: expected a function, got ${typeof fn}`);
    if (this.isRecording) throw new TapeError("GradientTape.record: this tape is already recording (a tape cannot be re-entered)");
    if (this.used) throw new TapeError("GradientTape.record: this non-persistent tape has already computed its gradient; make a new tape");
    active.push(this);
    let result: T;
    try {
      result = fn();
    } finally {
      const i = active.lastIndexOf(this);
      if (i >= 0) active.splice(i, 1);
    }
    if (isThenable(result)) {
      throw new ArgumentError("GradientTape.record: the function returned a Promise; recording is synchronous (await outside record)");
    }
    return result;
  }

  /** Run `fn` without this tape recording. */
  stopRecording<T>(fn: () => T): T {
    const i = active.lastIndexOf(this);
    if (i < 0) throw new TapeError("GradientTape.stopRecording: this tape is not recording");
    active.splice(i, 1);
    try { return fn(); } finally { active.splice(Math.min(i, active.length), 0, this); }
  }

  /**
   * Watch `x` (a tensor or an array of tensors): ops on it are recorded from now on. Unless this tape
   * was made with `watchLocal`, every enclosing tape that is recording watches it too.
   */
  watch(x: Tensor | readonly Tensor[]): void {
    this.live("watch");
    const list = x instanceof Tensor ? [x] : Array.isArray(x) ? x : null;
    if (list === null) throw new ArgumentError(`GradientTape.watch: expected a Tensor or an array of Tensors, got ${typeof x}`);
    for (const t of list) {
      if (!(t instanceof Tensor)) throw new ArgumentError(`GradientTape.watch: expected a Tensor, got ${typeof t}`);
      t.data_("GradientTape.watch");
      this.watched.add(t.id);
      if (this.watchLocal) continue;
      const me = active.lastIndexOf(this);
      const enclosing = me >= 0 ? active.slice(0, me) : active;
      for (const tape of enclosing) tape.watched.add(t.id);
    }
  }

  /** @internal record the op if one of its inputs is watched here; its outputs are then watched. */
  offer(op: OpName, x: readonly Tensor[], y: readonly Tensor[], attrs: unknown): void {
    let hit = false;
    for (const t of x) if (this.watched.has(t.id)) { hit = true; break; }
    if (!hit || !y.some((t) => t.dtype === "float32")) return;
    const s = grads[op].save ?? "x";
    const keepX = s === "x" || s === "xy", keepY = s === "y" || s === "xy";
    this.entries.push({ op, x: x.map((t) => save(t, keepX)), y: y.map((t) => save(t, keepY)), attrs });
    for (const t of y) this.watched.add(t.id);
  }

  /**
   * d(target)/d(sources). `sources` may be a tensor, an array or an object of tensors; the result has the
   * same structure, with null for a source the target does not depend on (zeros with
   * `unconnectedGradients: "zero"`). A non-scalar target is seeded with ones. Tapes that are recording
   * around this call record the computation, which is how nested tapes give higher derivatives.
   */
  gradient<S extends Sources>(target: Tensor, sources: S, options: GradientOptions = {}): GradientsOf<S> {
    this.live("gradient");
    if (this.used) {
      throw new TapeError("GradientTape.gradient: a non-persistent GradientTape can only be used to compute one set of gradients; make it with { persistent: true } to call gradient() more than once");
    }
    if (!(target instanceof Tensor)) throw new ArgumentError(`GradientTape.gradient: target must be a Tensor, got ${target === null ? "null" : typeof target}`);
    target.data_("GradientTape.gradient (target)");
    const unconnected = options.unconnectedGradients ?? "none";
    if (unconnected !== "none" && unconnected !== "zero") {
      throw new ArgumentError(`GradientTape.gradient: unknown value for unconnectedGradients: '${String(unconnected)}' (expected "none" or "zero")`);
    }
    const { list, rebuild } = flattenSources(sources);
    for (const s of list) s.data_("GradientTape.gradient (source)");
    let seed: Tensor | undefined;
    if (options.outputGradients !== undefined) {
      const og = options.outputGradients;
      seed = og instanceof Tensor ? og : og[0];
      if (!(seed instanceof Tensor) || !sameShape(seed.shape, target.shape) || seed.dtype !== target.dtype) {
        throw new ArgumentError(`GradientTape.gradient: outputGradients must be a ${target.dtype} tensor of the target's shape ${fmt(target.shape)}`);
      }
      seed.data_("GradientTape.gradient (outputGradients)");
    }
    // A non-persistent tape stops recording before it computes (TF); a persistent one inside its
    // own record() records its backward pass too, which is what a third derivative from one tape needs.
    if (!this.persistent) {
      const i = active.lastIndexOf(this);
      if (i >= 0) active.splice(i, 1);
    }
    let out: (Tensor | null)[];
    try {
      out = backprop(this.entries.slice(), target, seed, list, unconnected);
    } finally {
      if (!this.persistent) { this.used = true; this.releaseAll(); }
    }
    return rebuild(out) as GradientsOf<S>;
  }

  /** Release everything this tape saved. A disposed tape cannot be used again. */
  dispose(): void {
    if (this.disposed) return;
    this.releaseAll();
    this.disposed = true;
    const i = active.lastIndexOf(this);
    if (i >= 0) active.splice(i, 1);
  }
  [Symbol.dispose](): void { this.dispose(); }

  private releaseAll(): void {
    for (const e of this.entries) {
      for (const s of e.x) if (s.buf !== null) release(s.buf);
      for (const s of e.y) if (s.buf !== null) release(s.buf);
    }
    this.entries = [];
    this.watched.clear();
  }

  private live(what: string): void {
    if (this.disposed) throw new DisposedError(`GradientTape.${what}: this tape has been disposed`);
  }
}

function flattenSources(sources: Sources): { list: Tensor[]; rebuild: (g: (Tensor | null)[]) => unknown } {
  if (sources instanceof Tensor) return { list: [sources], rebuild: (g) => g[0] };
  if (Array.isArray(sources)) {
    sources.forEach((s, i) => { if (!(s instanceof Tensor)) throw new ArgumentError(`GradientTape.gradient: sources[${i}] must be a Tensor, got ${typeof s}`); });
    return { list: sources.slice(), rebuild: (g) => g };
  }
  if (sources !== null && typeof sources === "object") {
    const keys = Object.keys(sources);
    const obj = sources as { readonly [k: string]: Tensor };
    keys.forEach((k) => { if (!(obj[k] instanceof Tensor)) throw new ArgumentError(`GradientTape.gradient: sources.${k} must be a Tensor, got ${typeof obj[k]}`); });
    return { list: keys.map((k) => obj[k]), rebuild: (g) => Object.fromEntries(keys.map((k, i) => [k, g[i]])) };
  }
  throw new ArgumentError(`GradientTape.gradient: sources must be a Tensor, an array or an object of Tensors, got ${sources === null ? "null" : typeof sources}`);
}

/** Sum `dx` over the axes along which an input of `shape` was broadcast, giving it that shape. */
function unbroadcast(dx: Tensor, shape: Shape, op: OpName, i: number): Tensor {
  if (sameShape(dx.shape, shape)) return dx;
  const axes = broadcastAxes(shape, dx.shape);
  const r = axes.length > 0 ? reshape(sum(dx, axes, true), shape) : reshape(dx, shape);
  if (!sameShape(r.shape, shape)) throw new Error(`internal: gradient ${i} of ${op} has shape ${fmt(dx.shape)}, input has ${fmt(shape)}`);
  return r;
}

/**
 * Reverse accumulation over `entries` (in recorded order): gradients are written with public ops, so
 * any tape recording around this call records them. Intermediate gradients are freed as soon as the
 * entry that produced their tensor has been processed.
 */
function backprop(entries: Entry[], target: Tensor, seed: Tensor | undefined, sources: Tensor[],
  unconnected: "none" | "zero"): (Tensor | null)[] {
  const sourceIds = new Set(sources.map((s) => s.id));
  // Ids that depend on a source: only their gradients are needed.
  const need = new Set(sourceIds);
  for (const e of entries) if (e.x.some((s) => need.has(s.id))) for (const s of e.y) need.add(s.id);

  beginScope();
  const slots = new Map<number, Tensor>(); // id → accumulated gradient
  const holds = new Map<Tensor, number>(); // how many slots hold a tensor
  const hold = (t: Tensor) => holds.set(t, (holds.get(t) ?? 0) + 1);
  const unhold = (t: Tensor) => {
    const n = holds.get(t)! - 1;
    if (n > 0) holds.set(t, n);
    else { holds.delete(t); if (t !== seed) t.dispose(); }
  };
  const accumulate = (id: number, dx: Tensor) => {
    const prev = slots.get(id);
    if (prev === undefined) { slots.set(id, dx); hold(dx); return; }
    const total = add(prev, dx);
    slots.set(id, total); hold(total); unhold(prev);
    if (!holds.has(dx) && dx !== seed) dx.dispose();
  };
  let results: (Tensor | null)[] = [];
  try {
    if (need.has(target.id) || sourceIds.has(target.id)) accumulate(target.id, seed ?? onesLike(target));
    for (let k = entries.length - 1; k >= 0; k--) {
      const e = entries[k];
      const dys = e.y.map((s) => slots.get(s.id));
      if (dys.every((d) => d === undefined)) continue;
      const wanted = e.x.map((s) => need.has(s.id) && s.dtype === "float32");
      if (wanted.some(Boolean)) {
        beginScope();
        let dxs: (Tensor | null)[] = [];
        try {
          const alias = (s: Saved) => (s.buf === null ? (undefined as unknown as Tensor) : shareBuffer(s.buf, s.shape, s.dtype, s.id));
          const filled = dys.map((d, i) => d ?? zeros(e.y[i].shape));
          const ys = e.y.map(alias);
          const thunks: Thunk[] = grads[e.op].grad({
            dy: filled[0], dys: filled, x: e.x.map(alias), y: ys[0], ys, attrs: e.attrs as never, shapes: e.x.map((s) => s.shape),
          });
          dxs = e.x.map((s, i) => {
            const f = thunks[i];
            return wanted[i] && f ? unbroadcast(f(), s.shape, e.op, i) : null;
          });
        } finally {
          endScope(dxs);
        }
        dxs.forEach((dx, i) => { if (dx !== null) accumulate(e.x[i].id, dx); });
      }
      for (const s of e.y) {
        const g = slots.get(s.id);
        if (g !== undefined && !sourceIds.has(s.id)) { slots.delete(s.id); unhold(g); }
      }
    }
    results = sources.map((s) => {
      if (s.dtype !== "float32") return null;
      const g = slots.get(s.id);
      if (g !== undefined) return g === seed ? add(g, 0) : g;
      return unconnected === "zero" ? zerosLike(s) : null;
    });
  } finally {
    endScope(results);
  }
  return results;
}
