// The eight optimizers (tfjs's tf.train.* update rules and defaults; AdamW as PyTorch), and tt.optimizers.
import { abs, add, div, maximum, mul, sqrt, square, sub } from "../ops/index.js";
import type { Tensor } from "../tensor.js";
import { checkNumber, checkRate, Optimizer, type LearningRate, type StepInfo } from "./optimizer.js";
import * as schedules from "./schedules.js";

type Slots = Record<string, Tensor>;

/**
 * βᵗ as tfjs accumulates it: a float32 variable multiplied by float32 β once per step (its 1 − βᵗ differs from
 * the exact one by ~1e-5 relative for β2 = 0.999, which shows in every step). Cached; recomputed after a rewind.
 */
class Float32Power {
  private t = 0;
  private v = 1;
  constructor(private readonly b: number) {}
  at(t: number): number {
    if (t < this.t) { this.t = 0; this.v = 1; }
    for (; this.t < t; this.t++) this.v = Math.fround(this.v * Math.fround(this.b));
    return this.v;
  }
}
// NOTE: tfjs's epsilon default is its backend's epsilon(), 1e-7 for float32.
const EPS = 1e-7;

/** x ← x − lr·g */
export class SGD extends Optimizer {
  protected readonly name = "sgd";
  protected slotInit() { return {}; }
  protected update(x: Tensor, g: Tensor, _s: Slots, { lr }: StepInfo) {
    return { value: sub(x, mul(g, lr)), slots: {} };
  }
}

/** a ← m·a + g; x ← x − lr·a, or x − lr·(g + m·a) with Nesterov (tfjs). */
export class Momentum extends Optimizer {
  protected readonly name = "momentum";
  constructor(lr: LearningRate, private readonly m: number, private readonly nesterov: boolean) { super(lr); }
  protected slotInit() { return { momentum: 0 }; }
  protected update(x: Tensor, g: Tensor, s: Slots, { lr }: StepInfo) {
    const a = add(mul(s.momentum, this.m), g);
    const dir = this.nesterov ? add(g, mul(a, this.m)) : a;
    return { value: sub(x, mul(dir, lr)), slots: { momentum: a } };
  }
}

/**
 * m ← b1·m + (1−b1)·g; v ← b2·v + (1−b2)·g²; x ← x − lr · m̂ / (√v̂ + ε) with m̂ = m/(1−b1ᵗ), v̂ = v/(1−b2ᵗ)
 * (tfjs: ε is added to √v̂, not TF's ε̂ form; βᵗ accumulated in float32 as tfjs does).
 */
export class Adam extends Optimizer {
  protected readonly name: string = "adam";
  private readonly p1: Float32Power;
  private readonly p2: Float32Power;
  constructor(lr: LearningRate, protected readonly b1: number, protected readonly b2: number, protected readonly eps: number) {
    super(lr);
    this.p1 = new Float32Power(b1); this.p2 = new Float32Power(b2);
  }
  protected slotInit() { return { m: 0, v: 0 }; }
  protected moments(g: Tensor, s: Slots) {
    return { m: add(mul(s.m, this.b1), mul(g, 1 - this.b1)), v: add(mul(s.v, this.b2), mul(square(g), 1 - this.b2)) };
  }
  protected update(x: Tensor, g: Tensor, s: Slots, { t, lr }: StepInfo) {
    const { m, v } = this.moments(g, s);
    const c1 = 1 - this.p1.at(t), c2 = 1 - this.p2.at(t);
    // NOTE: tfjs's order of operations, rounding for rounding: (m/c1) / (√(v/c2) + ε) · lr
    const step = mul(div(div(m, c1), add(sqrt(div(v, c2)), this.eps)), lr);
    return { value: sub(x, step), slots: { m, v } };
  }
}

/**
 * PyTorch's AdamW: x ← x·(1 − lr·λ), then x ← x − (lr/(1−b1ᵗ)) · m / (√v/√(1−b2ᵗ) + ε) (decoupled weight decay).
 */
export class AdamW extends Adam {
  protected readonly name = "adamw";
  constructor(lr: LearningRate, b1: number, b2: number, eps: number, private readonly wd: number) { super(lr, b1, b2, eps); }
  protected update(x: Tensor, g: Tensor, s: Slots, { t, lr }: StepInfo) {
    const { m, v } = this.moments(g, s);
    const c1 = 1 - this.b1 ** t, c2 = 1 - this.b2 ** t;
    const denom = add(mul(sqrt(v), 1 / Math.sqrt(c2)), this.eps);
    return { value: sub(mul(x, 1 - lr * this.wd), mul(div(m, denom), lr / c1)), slots: { m, v } };
  }
}

/** tfjs's Adamax: m ← b1·m + (1−b1)·g; u ← max(b2·u, |g|); x ← x − lr/(1 + (t−1)·decay)/(1−b1ᵗ) · m/(u + ε). */
export class Adamax extends Optimizer {
  protected readonly name = "adamax";
  private readonly p1: Float32Power;
  constructor(lr: LearningRate, private readonly b1: number, private readonly b2: number, private readonly eps: number,
    private readonly decay: number) { super(lr); this.p1 = new Float32Power(b1); }
  protected slotInit() { return { m: 0, v: 0 }; }
  protected update(x: Tensor, g: Tensor, s: Slots, { t, lr }: StepInfo) {
    const m = add(mul(s.m, this.b1), mul(g, 1 - this.b1));
    const u = maximum(mul(s.v, this.b2), abs(g));
    // NOTE: the rate in float32 as tfjs's scalar tensors compute it: (−lr / ((t−1)·decay + 1)) / (1 − β1ᵗ)
    const f = Math.fround;
    const rate = f(f(f(-lr) / f(f((t - 1) * f(this.decay)) + 1)) / f(1 - this.p1.at(t)));
    return { value: add(x, mul(div(m, add(u, this.eps)), rate)), slots: { m, v: u } };
  }
}

/**
 * ms ← ρ·ms + (1−ρ)·g²; mom ← μ·mom + lr·g/√(ms + ε); x ← x − mom. Centered: mg ← ρ·mg + (1−ρ)·g and the
 * denominator is √(ms − mg² + ε) (TF's; tfjs's √(ms − (mg² + ε)) turns NaN for nearly constant gradients).
 * Without momentum the `momentum` slot is not kept (the update is the same).
 */
export class RMSProp extends Optimizer {
  protected readonly name = "rmsprop";
  constructor(lr: LearningRate, private readonly rho: number, private readonly mu: number, private readonly eps: number,
    private readonly centered: boolean) { super(lr); }
  protected slotInit(): Record<string, number> {
    return { rms: 0, ...(this.mu !== 0 ? { momentum: 0 } : {}), ...(this.centered ? { mg: 0 } : {}) };
  }
  protected update(x: Tensor, g: Tensor, s: Slots, { lr }: StepInfo) {
    const rms = add(mul(s.rms, this.rho), mul(square(g), 1 - this.rho));
    const slots: Slots = { rms };
    let den: Tensor;
    if (this.centered) {
      const mg = add(mul(s.mg, this.rho), mul(g, 1 - this.rho));
      den = sqrt(add(sub(rms, square(mg)), this.eps));
      slots.mg = mg;
    } else {
      den = sqrt(add(rms, this.eps));
    }
    let step = div(mul(g, lr), den);
    if (this.mu !== 0) step = slots.momentum = add(mul(s.momentum, this.mu), step);
    return { value: sub(x, step), slots };
  }
}

/** acc ← acc + g²; x ← x − lr·g/√(acc + ε) (tfjs, ε = 1e-7). */
export class Adagrad extends Optimizer {
  protected readonly name = "adagrad";
  constructor(lr: LearningRate, private readonly init: number) { super(lr); }
  protected slotInit() { return { accumulator: this.init }; }
  protected update(x: Tensor, g: Tensor, s: Slots, { lr }: StepInfo) {
    const acc = add(s.accumulator, square(g));
    return { value: sub(x, mul(div(g, sqrt(add(acc, EPS))), lr)), slots: { accumulator: acc } };
  }
}

/**
 * tfjs's Adadelta: Δ = √(accΔ + ε)/√(accG + ε) · g with accG from BEFORE the step (TF uses the updated one);
 * accG ← ρ·accG + (1−ρ)·g²; accΔ ← ρ·accΔ + (1−ρ)·Δ²; x ← x − lr·Δ.
 */
export class Adadelta extends Optimizer {
  protected readonly name = "adadelta";
  constructor(lr: LearningRate, private readonly rho: number, private readonly eps: number) { super(lr); }
  protected slotInit() { return { accum_grad: 0, accum_var: 0 }; }
  protected update(x: Tensor, g: Tensor, s: Slots, { lr }: StepInfo) {
    const d = mul(div(sqrt(add(s.accum_var, this.eps)), sqrt(add(s.accum_grad, this.eps))), g);
    const accGrad = add(mul(s.accum_grad, this.rho), mul(square(g), 1 - this.rho));
    const accVar = add(mul(s.accum_var, this.rho), mul(square(d), 1 - this.rho));
    return { value: sub(x, mul(d, lr)), slots: { accum_grad: accGrad, accum_var: accVar } };
  }
}

const unit = (v: number, op: string, name: string) => checkNumber(v, op, name, 0, 1);
const nonneg = (v: number, op: string, name: string) => checkNumber(v, op, name, 0, Infinity);

/** The optimizers, with tfjs's `tf.train.*` signatures and defaults (AdamW: PyTorch's defaults). */
export const optimizers = {
  /** Plain gradient descent. */
  sgd: (learningRate: LearningRate) => new SGD(checkRate(learningRate, "sgd")),
  /** Heavy-ball momentum (or Nesterov's). */
  momentum: (learningRate: LearningRate, momentum: number, useNesterov = false) =>
    new Momentum(checkRate(learningRate, "momentum"), nonneg(momentum, "momentum", "momentum"), useNesterov === true),
  adam: (learningRate: LearningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = EPS) =>
    new Adam(checkRate(learningRate, "adam"), unit(beta1, "adam", "beta1"), unit(beta2, "adam", "beta2"), nonneg(epsilon, "adam", "epsilon")),
  adamax: (learningRate: LearningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon = EPS, decay = 0) =>
    new Adamax(checkRate(learningRate, "adamax"), unit(beta1, "adamax", "beta1"), unit(beta2, "adamax", "beta2"),
      nonneg(epsilon, "adamax", "epsilon"), nonneg(decay, "adamax", "decay")),
  rmsprop: (learningRate: LearningRate, decay = 0.9, momentum = 0, epsilon = EPS, centered = false) =>
    new RMSProp(checkRate(learningRate, "rmsprop"), unit(decay, "rmsprop", "decay"), nonneg(momentum, "rmsprop", "momentum"),
      nonneg(epsilon, "rmsprop", "epsilon"), centered === true),
  adagrad: (learningRate: LearningRate, initialAccumulatorValue = 0.1) =>
    new Adagrad(checkRate(learningRate, "adagrad"), nonneg(initialAccumulatorValue, "adagrad", "initialAccumulatorValue")),
  adadelta: (learningRate: LearningRate = 0.001, rho = 0.95, epsilon = EPS) =>
    new Adadelta(checkRate(learningRate, "adadelta"), unit(rho, "adadelta", "rho"), nonneg(epsilon, "adadelta", "epsilon")),
  adamw: (learningRate: LearningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0.01) =>
    new AdamW(checkRate(learningRate, "adamw"), unit(beta1, "adamw", "beta1"), unit(beta2, "adamw", "beta2"),
      nonneg(epsilon, "adamw", "epsilon"), nonneg(weightDecay, "adamw", "weightDecay")),
  schedules,
};
export { Optimizer, type LearningRate };
