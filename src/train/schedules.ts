// Learning-rate schedules: plain functions of the step (the number of updates applied before), as TF's and optax's.
import { ArgumentError } from "../errors.js";
import { readList, readOptions } from "../read.js";
import { checkNumber } from "./optimizer.js";

/** A learning rate as a function of the step (0, 1, 2, …), as Keras's `LearningRateSchedule`. */
export type Schedule = (step: number) => number;

function positiveInt(v: unknown, op: string, name: string): number {
  if (!Number.isSafeInteger(v) || (v as number) <= 0) throw new ArgumentError(`${op}: ${name} must be a positive integer, got ${String(v)}`);
  return v as number;
}

/** lr · rate^(step / decaySteps), the exponent floored when `staircase` (TF's ExponentialDecay). */
export function exponentialDecay(initialLearningRate: number, decaySteps: number, decayRate: number, staircase = false): Schedule {
  const op = "schedules.exponentialDecay";
  const lr = checkNumber(initialLearningRate, op, "initialLearningRate");
  const n = positiveInt(decaySteps, op, "decaySteps");
  const r = checkNumber(decayRate, op, "decayRate", 0, Infinity);
  return (step) => { const p = step / n; return lr * r ** (staircase ? Math.floor(p) : p); };
}

/**
 * TF's CosineDecay: lr · ((1 − α)·½(1 + cos(π·min(step, decaySteps)/decaySteps)) + α). With `warmupSteps`, the rate
 * first rises linearly from `initialLearningRate` to `warmupTarget` and the cosine then starts from `warmupTarget`.
 */
export function cosineDecay(initialLearningRate: number, decaySteps: number, alpha = 0,
  options: { warmupTarget?: number; warmupSteps?: number } = {}): Schedule {
  const op = "schedules.cosineDecay";
  const lr = checkNumber(initialLearningRate, op, "initialLearningRate");
  const n = positiveInt(decaySteps, op, "decaySteps");
  const a = checkNumber(alpha, op, "alpha", 0, 1);
  const o = readOptions(options, op, ["warmupTarget", "warmupSteps"]); // each read once
  const w = o.warmupSteps ?? 0;
  if (!Number.isSafeInteger(w) || (w as number) < 0) throw new ArgumentError(`${op}: warmupSteps must be a non-negative integer, got ${String(w)}`);
  const ws = w as number;
  const peak = o.warmupTarget === undefined ? lr : checkNumber(o.warmupTarget, op, "warmupTarget");
  return (step) => {
    if (step < ws) return lr + (peak - lr) * (step / ws);
    const p = Math.min(step - ws, n) / n;
    return peak * ((1 - a) * 0.5 * (1 + Math.cos(Math.PI * p)) + a);
  };
}

/** values[i] for boundaries[i−1] < step ≤ boundaries[i] (TF's PiecewiseConstantDecay): one more value than boundaries. */
export function piecewiseConstant(boundaries: readonly number[], values: readonly number[]): Schedule {
  const op = "schedules.piecewiseConstant";
  // each list read once (its length and entries): the copies are what is checked and used
  const bs = Array.isArray(boundaries) ? readList(boundaries, op, "boundaries") : null;
  const vs = Array.isArray(values) ? readList(values, op, "values") : null;
  if (bs === null || vs === null || vs.length !== bs.length + 1) {
    throw new ArgumentError(`${op}: needs one more value than boundaries, got ${vs?.length ?? "no"} values and ${bs?.length ?? "no"} boundaries`);
  }
  const b = bs.map((x, i) => checkNumber(x, op, `boundaries[${i}]`));
  const v = vs.map((x, i) => checkNumber(x, op, `values[${i}]`));
  if (b.some((x, i) => i > 0 && x <= b[i - 1])) throw new ArgumentError(`${op}: boundaries must increase, got [${b.join(", ")}]`);
  return (step) => { let i = 0; while (i < b.length && step > b[i]) i++; return v[i]; };
}

/**
 * A linear ramp from `initialValue` to the schedule's first value over `warmupSteps` steps, then the schedule
 * (or constant rate) started afresh: step s ≥ warmupSteps gives after(s − warmupSteps).
 */
export function linearWarmup(after: number | Schedule, warmupSteps: number, initialValue = 0): Schedule {
  const op = "schedules.linearWarmup";
  const next: Schedule = typeof after === "function" ? after : ((c) => () => c)(checkNumber(after, op, "after"));
  const w = positiveInt(warmupSteps, op, "warmupSteps");
  const from = checkNumber(initialValue, op, "initialValue");
  const target = next(0);
  return (step) => step < w ? from + (target - from) * (step / w) : next(step - w);
}
