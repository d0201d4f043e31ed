// The optimizer base: minimize / applyGradients over parameter trees, slots keyed by variable name, checkpoints.
import { ArgumentError, DTypeError, ShapeError } from "../errors.js";
import { fill, reshape, scalar } from "../ops/index.js";
import { checkNaN, debugOn } from "../debug.js";
import { keep, tidy } from "../scope.js";
import { fmt, sameShape } from "../shape.js";
import { below } from "../record.js";
import { GradientTape } from "../tape.js";
import { Tensor } from "../tensor.js";
import { assertSameStructure, flatten, flattenNullable, toPaths, requireLive } from "../tree.js";
import { Variable } from "../variable.js";

/** A learning rate: a number, or a schedule giving it from the step (the number of updates applied before). */
export type LearningRate = number | ((step: number) => number);

/** What one update sees: the step t = iterations + 1 (1-based, for bias corrections) and the learning rate. */
export interface StepInfo { t: number; lr: number }

/** A new handle on the same (immutable) buffer: reshape to the same shape copies nothing. */
const share = (t: Tensor): Tensor => reshape(t, t.shape);

export function checkRate(lr: unknown, op: string): LearningRate {
  if (typeof lr === "function") return lr as (step: number) => number;
  if (typeof lr !== "number" || !Number.isFinite(lr)) throw new ArgumentError(`${op}: learningRate must be a finite number or a schedule (step) => number, got ${String(lr)}`);
  return lr;
}

export function checkNumber(v: unknown, op: string, name: string, lo = -Infinity, hi = Infinity): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v < lo || v > hi) {
    throw new ArgumentError(`${op}: ${name} must be a finite number${lo > -Infinity ? ` in [${lo}, ${hi}]` : ""}, got ${String(v)}`);
  }
  return v;
}

/**
 * The base of every optimizer (tfjs's `tf.train.Optimizer`). A subclass names its slots and gives one update
 * rule, written with public ops; the base runs it with no tape recording, frees every temporary, and keeps
 * one tensor per slot and variable.
 */
export abstract class Optimizer {
  /** Updates applied so far (tfjs's `iterations`). */
  get iterations(): number { return this.iter; }
  private iter = 0;
  /** slots by variable name, then slot name */
  private slots = new Map<string, Map<string, Tensor>>();
  private disposed = false;
  protected readonly learningRate: LearningRate;
  protected abstract readonly name: string;

  constructor(learningRate: LearningRate) { this.learningRate = learningRate; }

  /** The slots each variable gets, with their initial value. */
  protected abstract slotInit(): Record<string, number>;
  /** New value of `x` and of its slots after gradient `g` (every slot in `s` must be returned). */
  protected abstract update(x: Tensor, g: Tensor, s: Record<string, Tensor>, step: StepInfo): { value: Tensor; slots: Record<string, Tensor> };

  private live(op: string): void {
    if (this.disposed) throw new ArgumentError(`${this.name}.${op}: the optimizer is disposed`);
  }

  /**
   * Record `lossFn` on a tape, apply the gradients to `varList` (a tree of variables) or else to every trainable
   * variable the loss read, and return the loss (a scalar owned by the caller). Every other tensor it makes is
   * freed, also when `lossFn` throws. tfjs's `minimize(f, returnCost, varList?)` is accepted: `returnCost`
   * false frees the loss and returns null.
   */
  minimize(lossFn: () => Tensor, varList?: unknown): Tensor;
  minimize(lossFn: () => Tensor, returnCost: boolean, varList?: unknown): Tensor | null;
  minimize(lossFn: () => Tensor, a?: unknown, b?: unknown): Tensor | null {
    const op = `${this.name}.minimize`;
    this.live("minimize");
    if (typeof lossFn !== "function") throw new ArgumentError(`${op}: lossFn must be a function, got ${typeof lossFn}`);
    const returnCost = typeof a === "boolean" ? a : true;
    const varList = typeof a === "boolean" ? b : a;
    const given = varList === undefined || varList === null ? null : this.variables(varList, op);
    const tape = new GradientTape();
    try {
      const loss = tidy(() => tape.record(() => {
        if (given !== null) tape.watch(given);
        return lossFn();
      }));
      try {
        if (!(loss instanceof Tensor)) throw new ArgumentError(`${op}: lossFn must return a scalar Tensor, got ${loss === null ? "null" : typeof loss}`);
        if (loss.size !== 1) throw new ShapeError(`${op}: the loss must be a scalar, got shape ${fmt(loss.shape)}`);
        const vars = given ?? tape.watchedVariables().filter((v) => v.trainable);
        const grads = tape.gradient(loss, vars);
        try { this.apply(vars, grads, op); } finally { for (const g of grads) g?.dispose(); }
      } catch (e) {
        if (loss instanceof Tensor) loss.dispose();
        throw e;
      }
      if (returnCost) return loss;
      loss.dispose();
      return null;
    } finally {
      tape.dispose();
    }
  }

  /** Apply gradients: `vars` and `grads` are trees of one structure; `vars` leaves are Variables, a null gradient is skipped. */
  applyGradients(vars: unknown, grads: unknown): void {
    const op = `${this.name}.applyGradients`;
    this.live("applyGradients");
    const v = flatten(vars, `${op}: vars`, (x) => x instanceof Variable, "Variable");
    const g = flattenNullable(grads, `${op}: grads`);
    assertSameStructure(v.treedef, g.treedef, op, ["vars", "grads"]);
    this.apply(v.leaves as Variable[], g.leaves, op);
  }

  private variables(tree: unknown, op: string): Variable[] {
    return flatten(tree, `${op}: varList`, (x) => x instanceof Variable, "Variable").leaves as Variable[];
  }

  /** Validate everything, then update each variable with no recorder watching; no tensor is left behind. */
  private apply(vars: Variable[], grads: (Tensor | null)[], op: string): void {
    const names = new Set<string>();
    vars.forEach((x, i) => {
      if (!(x instanceof Variable)) throw new ArgumentError(`${op}: vars must be Variables, got ${typeof x}`);
      requireLive(x, op);
      if (names.has(x.name)) throw new ArgumentError(`${op}: two variables are named "${x.name}"; slots are keyed by name, so names must be unique`);
      names.add(x.name);
      const gi = grads[i];
      if (gi === null || gi === undefined) return;
      requireLive(gi, op);
      if (x.dtype !== "float32") throw new DTypeError(`${op}: variable ${x.name} must be float32, got ${x.dtype}`);
      if (gi.dtype !== "float32" || !sameShape(gi.shape, x.shape)) {
        throw new ShapeError(`${op}: the gradient of ${x.name} must be float32 ${fmt(x.shape)}, got ${gi.dtype} ${fmt(gi.shape)}`);
      }
      const s = this.slots.get(x.name);
      if (s !== undefined) for (const [k, t] of s) {
        if (!sameShape(t.shape, x.shape)) throw new ShapeError(`${op}: slot ${x.name}/${k} has shape ${fmt(t.shape)}, the variable ${fmt(x.shape)}`);
      }
    });
    const lr = typeof this.learningRate === "number" ? this.learningRate : this.learningRate(this.iter);
    if (typeof lr !== "number" || !Number.isFinite(lr)) throw new ArgumentError(`${op}: the schedule gave learning rate ${String(lr)} at step ${this.iter}`);
    const step: StepInfo = { t: this.iter + 1, lr };
    below(0, () => {
      vars.forEach((x, i) => { const gi = grads[i]; if (gi !== null && gi !== undefined) this.step(x, gi, step); });
    });
    this.iter++;
  }

  private step(x: Variable, g: Tensor, step: StepInfo): void {
    let slots = this.slots.get(x.name);
    if (slots === undefined) {
      slots = new Map(Object.entries(this.slotInit()).map(([k, v]) => [k, keep(fill(x.shape, v))]));
      this.slots.set(x.name, slots);
    }
    const s = slots;
    const old = [...s.values()];
    tidy(() => {
      const r = this.update(x, g, Object.fromEntries(s), step);
      if (debugOn) checkNaN(this.name, [r.value, ...Object.values(r.slots)]); // fused kernels pass no op's check
      for (const k of s.keys()) s.set(k, keep(r.slots[k]));
      x.assign(r.value);
    });
    for (const t of old) t.dispose();
  }

  /**
   * The state as named tensors (owned by the caller): `iterations` (int32 scalar) and `<variable name>/<slot>`.
   * Slots are keyed by variable names, so a checkpoint resumes in a fresh process when the names match.
   */
  getWeights(): Record<string, Tensor> {
    this.live("getWeights");
    const out: Record<string, Tensor> = { iterations: scalar(this.iter, "int32") };
    for (const [name, s] of this.slots) for (const [k, t] of s) out[`${name}/${k}`] = share(t);
    return out;
  }

  /**
   * Restore `getWeights()`'s state (every key checked before anything changes); the tensors stay the caller's.
   * A nested tree is read by its dotted paths, so `tree.fromPaths` of a checkpoint may have split dotted names.
   */
  setWeights(tree: Record<string, unknown>): void {
    const op = `${this.name}.setWeights`;
    this.live("setWeights");
    if (tree === null || typeof tree !== "object" || Array.isArray(tree)) throw new ArgumentError(`${op}: expected a record of named tensors`);
    const weights = toPaths(tree, op);
    const kinds = Object.keys(this.slotInit());
    const it = weights.iterations;
    if (!(it instanceof Tensor) || it.size !== 1 || it.rank !== 0) throw new ArgumentError(`${op}: "iterations" must be a scalar tensor`);
    const iter = it.dataSync()[0];
    if (!Number.isSafeInteger(iter) || iter < 0) throw new ArgumentError(`${op}: "iterations" must be a non-negative integer, got ${iter}`);
    const next = new Map<string, Map<string, Tensor>>();
    for (const [key, t] of Object.entries(weights)) {
      if (key === "iterations") continue;
      const cut = key.lastIndexOf("/");
      const name = key.slice(0, cut), kind = key.slice(cut + 1);
      if (cut <= 0 || !kinds.includes(kind)) throw new ArgumentError(`${op}: unknown weight "${key}" (expected "iterations" or "<variable>/<slot>" with slot ${kinds.join(", ")})`);
      if (!(t instanceof Tensor) || t.dtype !== "float32") throw new ArgumentError(`${op}: "${key}" must be a float32 tensor`);
      requireLive(t, op);
      if (!next.has(name)) next.set(name, new Map());
      next.get(name)!.set(kind, t);
    }
    for (const [name, m] of next) {
      const missing = kinds.filter((k) => !m.has(k));
      if (missing.length > 0) throw new ArgumentError(`${op}: variable "${name}" lacks slot(s) ${missing.join(", ")}`);
    }
    this.clearSlots();
    for (const [name, m] of next) this.slots.set(name, new Map([...m].map(([k, t]) => [k, keep(below(0, () => share(t)))])));
    this.iter = iter;
  }

  private clearSlots(): void {
    for (const s of this.slots.values()) for (const t of s.values()) t.dispose();
    this.slots.clear();
  }

  /** Free the slots; the optimizer cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.clearSlots();
    this.disposed = true;
  }
}
