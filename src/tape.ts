// GradientTape: what a tape records and how it answers gradient(); the recorder stack is in record.ts and the
// reverse-mode accumulation over the records in backprop.ts.
import { readBool, readOptions, show } from "./read.js";
import { backprop } from "./backprop.js";
import { ArgumentError, DisposedError, ShapeError, TapeError } from "./errors.js";
import { grads, type OpName } from "./grads.js";
import { reshape, stack, tensor, zeros } from "./ops/index.js";
import { active, record, recording, releaseSaved, remove, save, type Entry, type Recorder, type Saved } from "./record.js";
import { beginScope, endScope } from "./scope.js";
import { fmt, sameShape } from "./shape.js";
import { shareBuffer, Tensor, type DType, type Shape } from "./tensor.js";
import { flatten as flattenTree, unflatten } from "./tree.js";
import { Variable } from "./variable.js";

// ---- nested structures of tensors -------------------------------------------------------------

/** Leaves of any nesting of arrays and plain objects, and a function that rebuilds the structure (tree.ts's walker). */
export function flatten(x: unknown, what: string): { leaves: Tensor[]; rebuild: <V>(values: V[]) => unknown } {
  const { leaves, treedef } = flattenTree(x, what);
  return { leaves, rebuild: (values) => unflatten(treedef, values) };
}

/** Release every buffer (and attrs hold, see Rule.retain) a tape's entries saved. */
function releaseEntries(saved: { entries: Entry[] }): void {
  const entries = saved.entries;
  saved.entries = [];
  for (const e of entries) {
    for (const s of e.x) releaseSaved(s);
    for (const s of e.y) releaseSaved(s);
    if (e.attrs !== undefined) grads[e.op].release?.(e.attrs as never);
  }
}

/**
 * The safety net for dropped tapes: what an unreachable tape saved is released after garbage collection
 * (a tape that recorded and was then neither used nor disposed, also when an exception left record()).
 * `dispose()` / `using` stay the prompt way; gradient() on a non-persistent tape releases at once.
 */
// (absent in a runtime without FinalizationRegistry: there dispose() is the only way)
const tapes = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<{ entries: Entry[] }>(releaseEntries) : null;

// ---- GradientTape -----------------------------------------------------------------------------

/** Options of `new GradientTape(options)` (TF's `persistent` and `watch_accessed_variables`, plus `watchLocal`). */
export interface GradientTapeOptions {
  /** Allow any number of gradient()/jacobian() calls until dispose(); default false (one call). */
  persistent?: boolean;
  /** Keep watch() calls on this tape only (TF 2); default false: watch() also watches on enclosing recording tapes (TF 1). */
  watchLocal?: boolean;
  /** Watch trainable variables read while recording; default true. */
  watchAccessedVariables?: boolean;
}

/** Options of `tape.gradient` and `tape.jacobian` (TF's `output_gradients` and `unconnected_gradients`). */
export interface GradientOptions {
  /** Seeds for the targets (the vector of a vector-Jacobian product), in the targets' structure; default ones. */
  outputGradients?: unknown;
  /** What an unconnected source gets: null ("none", default) or zeros ("zero"). */
  unconnectedGradients?: "none" | "zero";
}

/** A tensor, or any nesting of arrays and plain objects of tensors. */
export type TensorTree = Tensor | readonly TensorTree[] | { readonly [k: string]: TensorTree };
/** The structure of S with each tensor replaced by its gradient (or null). */
export type GradTree<S> = S extends Tensor ? Tensor | null
  : S extends readonly unknown[] ? { -readonly [K in keyof S]: GradTree<S[K]> }
  : S extends object ? { -readonly [K in keyof S]: GradTree<S[K]> } : never;

let warnedInside = false, warnedDtype = false;

/** @internal an `unconnectedGradients` option (read once by the caller): "none" (the default) or "zero" */
export function checkUnconnected(u: unknown, what: string): "none" | "zero" {
  const v = u ?? "none";
  if (v !== "none" && v !== "zero") throw new ArgumentError(`${what}: unknown value for unconnectedGradients: '${typeof v === "string" ? v : show(v)}' (expected "none" or "zero")`);
  return v;
}

/**
 * Records operations on watched tensors so that gradients can be computed afterwards, as TensorFlow's
 * `tf.GradientTape`. Nest tapes for higher-order derivatives.
 *
 *     const tape = new tt.GradientTape();
 *     const y = tape.record(() => { tape.watch(x); return x.mul(x); });
 *     const dy = tape.gradient(y, x);           // 2x
 */
export class GradientTape implements Recorder {
  /** Whether gradient()/jacobian() may be called more than once (until dispose()); see GradientTapeOptions. */
  readonly persistent: boolean;
  /** Whether watch() stays on this tape only (TF 2) instead of also watching on enclosing recording tapes. */
  readonly watchLocal: boolean;
  /** Whether trainable variables read while recording are watched automatically (TF's default, true). */
  readonly watchAccessedVariables: boolean;
  /** what this tape saved; a separate object, so the registry can release it once the tape is unreachable */
  private saved: { entries: Entry[] } = { entries: [] };
  private watched = new Set<number>();
  private variables = new Map<number, Variable>();
  private used = false;
  private disposed = false;

  constructor(options: GradientTapeOptions = {}) {
    const o = readOptions(options, "GradientTape", ["persistent", "watchLocal", "watchAccessedVariables"]); // each read once
    this.persistent = readBool(o.persistent, "GradientTape", "persistent", false);
    this.watchLocal = readBool(o.watchLocal, "GradientTape", "watchLocal", false);
    this.watchAccessedVariables = readBool(o.watchAccessedVariables, "GradientTape", "watchAccessedVariables", true);
    tapes?.register(this, this.saved, this);
  }

  /** True while inside this tape's record() (and not paused by stopRecording). */
  get isRecording(): boolean { return active.includes(this); }

  /** Run `fn` with this tape recording and return its result. `fn` must be synchronous. */
  record<T>(fn: (tape: this) => T): T {
    this.live("record");
    if (this.isRecording) throw new TapeError("GradientTape.record: tape is still recording; a tape cannot be re-entered while it records");
    if (this.used) throw new TapeError("GradientTape.record: this non-persistent tape has already computed its gradient; make a new tape");
    if (typeof fn !== "function") throw new ArgumentError(`GradientTape.record: expected a function, got ${typeof fn}`);
    return recording(this, "GradientTape.record", () => fn(this));
  }

  /** Run `fn` with this tape not recording (TF's stop_recording). */
  stopRecording<T>(fn: () => T): T {
    const i = active.lastIndexOf(this);
    if (i < 0) throw new TapeError("GradientTape.stopRecording: trying to stop recording a tape which is not recording");
    active.splice(i, 1);
    try { return fn(); } finally { active.splice(Math.min(i, active.length), 0, this); }
  }

  /** Forget everything recorded and watched so far; recording continues if inside record(). */
  reset(): void {
    this.live("reset");
    this.releaseAll();
  }

  /**
   * Watch `x` (a tensor, or arrays/objects of tensors): ops on it are recorded from now on. Unless this
   * tape was made with `watchLocal`, every enclosing tape that is recording watches it too (TF 1).
   */
  watch(x: TensorTree): void {
    this.live("watch");
    const { leaves } = flatten(x, "GradientTape.watch: x");
    const me = active.lastIndexOf(this);
    const enclosing = this.watchLocal ? [] : (me >= 0 ? active.slice(0, me) : active).filter((r) => r instanceof GradientTape);
    for (const t of leaves) {
      t.live("GradientTape.watch");
      if (t.dtype !== "float32" && !warnedDtype) {
        warnedDtype = true;
        console.warn(`GradientTape.watch: the dtype of the watched tensor must be floating (float32), got ${t.dtype}; its gradient will be null`);
      }
      for (const tape of [this, ...(enclosing as GradientTape[])]) {
        tape.watched.add(t.id);
        if (t instanceof Variable) tape.variables.set(t.id, t);
      }
    }
  }

  /** Variables watched by this tape (explicitly or by being read), in creation order. */
  watchedVariables(): Variable[] {
    return [...this.variables.values()].filter((v) => !v.isDisposed).sort((a, b) => a.order - b.order);
  }

  /** @internal record the op if one of its inputs is watched here; its outputs are then watched. */
  offer(op: OpName, x: readonly Tensor[], y: readonly Tensor[], attrs: unknown): void {
    let hit = false;
    for (const t of x) {
      if (this.watched.has(t.id)) hit = true;
      else if (t instanceof Variable && t.trainable && this.watchAccessedVariables) {
        this.watched.add(t.id);
        this.variables.set(t.id, t);
        hit = true;
      }
    }
    if (!hit) return;
    let float = false;
    for (const t of y) if (t.dtype === "float32") float = true;
    if (!float) return;
    const rule = grads[op], s = rule.save ?? "x";
    const keepX = s === "x" || s === "xy", keepY = s === "y" || s === "xy";
    // plain loops: this runs once per recorded op
    const xs: Saved[] = new Array(x.length), ys: Saved[] = new Array(y.length);
    for (let i = 0; i < x.length; i++) xs[i] = save(x[i], keepX);
    for (let i = 0; i < y.length; i++) { ys[i] = save(y[i], keepY); this.watched.add(y[i].id); }
    this.saved.entries.push({ op, x: xs, y: ys, attrs });
    if (attrs !== undefined) rule.retain?.(attrs as never); // only attrs can hold anything
  }

  /**
   * d(target)/d(sources). `target` and `sources` may be tensors or any nesting of arrays and objects of
   * tensors; the result mirrors `sources`, with null for a source the targets do not depend on (zeros
   * with `unconnectedGradients: "zero"`) and for integer sources. Targets are seeded with ones, or with
   * `outputGradients`. Tapes recording around this call record the computation (higher order by nesting).
   */
  gradient<S>(target: TensorTree, sources: S, options: GradientOptions = {}): GradTree<S> {
    const prep = this.prepare("gradient", target, sources, options);
    const out = this.spend(() => backprop(this.saved.entries.slice(), prep.targets, prep.seeds, prep.sources, prep.unconnected, this.watched));
    return prep.rebuild(out) as GradTree<S>;
  }

  /**
   * The Jacobian of `target` with respect to each source: shape target.shape ++ source.shape, one
   * vector-Jacobian product per element of target. On a non-persistent tape this is its one use.
   */
  jacobian<S>(target: Tensor, sources: S, options: { unconnectedGradients?: "none" | "zero" } = {}): GradTree<S> {
    if (!(target instanceof Tensor)) throw new ArgumentError(`GradientTape.jacobian: target must be a Tensor, got ${target === null ? "null" : typeof target}`);
    const prep = this.prepare("jacobian", target, sources, options);
    const n = target.size;
    const out = this.spend(() => {
      beginScope();
      let result: (Tensor | null)[] = [];
      try {
        const entries = this.saved.entries.slice();
        const rows = Array.from({ length: n }, (_, i) => {
          const e = new Float32Array(n);
          e[i] = 1;
          return backprop(entries, [target], [tensor(e, target.shape)], prep.sources, "none", this.watched);
        });
        result = prep.sources.map((s, k) => {
          const col = rows.map((r) => r[k]);
          if (col.every((g) => g === null)) return prep.unconnected === "zero" ? zeros([...target.shape, ...s.shape]) : null;
          const filled = col.map((g) => g ?? zeros(s.shape));
          return n === 0 ? zeros([...target.shape, ...s.shape]) : reshape(stack(filled, 0), [...target.shape, ...s.shape]);
        });
      } finally {
        endScope(result);
      }
      return result;
    });
    return prep.rebuild(out) as GradTree<S>;
  }

  /**
   * Per-example Jacobians: target [b, …t] and source [b, …s], where example i of target depends only on
   * example i of source; the result is [b, …t, …s].
   */
  batchJacobian(target: Tensor, source: Tensor, options: { unconnectedGradients?: "none" | "zero" } = {}): Tensor | null {
    const what = "GradientTape.batchJacobian";
    if (!(target instanceof Tensor) || !(source instanceof Tensor)) throw new ArgumentError(`${what}: target and source must be Tensors`);
    if (target.rank < 1 || source.rank < 1 || target.shape[0] !== source.shape[0]) {
      throw new ShapeError(`${what}: need first dimension of target shape ${fmt(target.shape)} and source shape ${fmt(source.shape)} to match`);
    }
    // TF's batch_jacobian: a source of rank >= 2, [batch, x1, …] (a rank-1 source has no per-example axis)
    if (source.rank < 2) throw new ShapeError(`${what}: need first dimension of source shape ${fmt(source.shape)} to be the batch dimension of a source of rank >= 2 ([batch, x1, …])`);
    const prep = this.prepare("batchJacobian", target, source, options);
    const b = target.shape[0], per = target.size / Math.max(b, 1), t = target.shape.slice(1), s = source.shape.slice(1);
    const out = this.spend(() => {
      beginScope();
      let result: Tensor | null = null;
      try {
        const entries = this.saved.entries.slice();
        const cols: (Tensor | null)[] = [];
        for (let j = 0; j < per; j++) {
          const e = new Float32Array(target.size);
          for (let i = 0; i < b; i++) e[i * per + j] = 1;
          cols.push(backprop(entries, [target], [tensor(e, target.shape)], [source], "none", this.watched)[0]);
        }
        if (cols.every((g) => g === null) && prep.unconnected === "none") result = null;
        else if (per === 0 || b === 0) result = zeros([b, ...t, ...s]);
        else result = reshape(stack(cols.map((g) => g ?? zeros(source.shape)), 1), [b, ...t, ...s]);
      } finally {
        endScope(result);
      }
      return [result];
    });
    return out[0];
  }

  /** Release everything this tape saved. A disposed tape cannot be used again. */
  dispose(): void {
    if (this.disposed) return;
    this.releaseAll();
    this.disposed = true;
    tapes?.unregister(this);
    remove(this);
  }
  [Symbol.dispose](): void { this.dispose(); }

  private prepare(what: string, target: unknown, sources: unknown, options: GradientOptions) {
    const name = `GradientTape.${what}`;
    this.live(what);
    if (this.used) {
      throw new TapeError(`${name}: a non-persistent GradientTape can only be used to compute one set of gradients (or jacobians); make it with { persistent: true } to call it more than once`);
    }
    if (options === null || typeof options !== "object") throw new ArgumentError(`${name}: options must be an object`);
    if (target === null || target === undefined) {
      throw new ArgumentError(`${name}: argument target should be a Tensor or a nested structure of Tensors to be differentiated, but received ${show(target)}`);
    }
    const o = readOptions(options, name, ["unconnectedGradients", "outputGradients"]); // each read once
    const unconnected = checkUnconnected(o.unconnectedGradients, name);
    const t = flatten(target, `${name}: target`);
    const s = flatten(sources, `${name}: sources`);
    for (const x of t.leaves) x.live(`${name} (target)`);
    for (const x of s.leaves) x.live(`${name} (source)`);
    let seeds: (Tensor | null)[] = t.leaves.map(() => null);
    if (o.outputGradients !== undefined && o.outputGradients !== null) {
      const g = flatten(o.outputGradients, `${name}: outputGradients`).leaves;
      if (g.length !== t.leaves.length) throw new ArgumentError(`${name}: outputGradients has ${g.length} tensors for ${t.leaves.length} targets`);
      g.forEach((d, i) => {
        const y = t.leaves[i];
        d.live(`${name} (outputGradients)`);
        if (!sameShape(d.shape, y.shape) || d.dtype !== y.dtype) {
          throw new ArgumentError(`${name}: outputGradients must be a ${y.dtype} tensor of the target's shape ${fmt(y.shape)}, got ${d.dtype} ${fmt(d.shape)}`);
        }
      });
      seeds = g;
    }
    if (this.persistent && this.isRecording && !warnedInside) {
      warnedInside = true;
      console.warn(`${name}: called on a persistent tape inside its own record(); the backward pass is recorded on the tape too ` +
        "(what higher derivatives from one tape need, but slower and larger otherwise)");
    }
    return { targets: t.leaves, sources: s.leaves, seeds, unconnected, rebuild: s.rebuild };
  }

  /** Run a gradient computation: a non-persistent tape stops recording first and is spent afterwards. */
  private spend<T>(fn: () => T): T {
    if (!this.persistent) remove(this);
    try {
      return fn();
    } finally {
      if (!this.persistent) { this.used = true; this.releaseAll(); }
    }
  }

  private releaseAll(): void {
    releaseEntries(this.saved);
    this.watched.clear();
    this.variables.clear();
  }

  private live(what: string): void {
    if (this.disposed) throw new DisposedError(`GradientTape.${what}: this tape has been disposed`);
  }
}
