// The eight optimizers (tfjs's tf.train.* update rules and defaults; AdamW as PyTorch), and tt.optimizers.
import { make } from "../ops/run.js";
import { ptrOf, type Tensor } from "../tensor.js";
import { rt, type Kernels } from "../wasm.js";
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

/**
 * One fused update pass (assembly/optim.ts): fresh tensors of x's shape for the new value and each slot, written
 * by `run` from their pointers in one kernel call over all elements. Each kernel runs the rule's elementwise ops
 * in the order given in its class's comment, with the constants rounded to float32 as tensors of them would be.
 */
function fused(x: Tensor, outs: number, run: (k: Kernels, p: number[], n: number) => void): Tensor[] {
  const t = Array.from({ length: outs }, () => make(x.shape, "float32"));
  if (x.size > 0) run(rt().kernels, t.map(ptrOf), x.size);
  return t;
}

/** x ← x − lr·g */
export class SGD extends Optimizer {
  protected readonly name = "sgd";
  protected slotInit() { return {}; }
  protected update(x: Tensor, g: Tensor, _s: Slots, { lr }: StepInfo) {
    const [value] = fused(x, 1, (k, [ox], n) => k.sgd_f32(ptrOf(x), ptrOf(g), ox, lr, 0, n));
    return { value, slots: {} };
  }
}

/** a ← m·a + g; x ← x − lr·a, or x − lr·(g + m·a) with Nesterov (tfjs). */
export class Momentum extends Optimizer {
  protected readonly name = "momentum";
  constructor(lr: LearningRate, private readonly m: number, private readonly nesterov: boolean) { super(lr); }
  protected slotInit() { return { momentum: 0 }; }
  protected update(x: Tensor, g: Tensor, s: Slots, { lr }: StepInfo) {
    // a' = a·m + g; x' = x − a'·lr, or x − (g + a'·m)·lr
    const [value, a] = fused(x, 2, (k, [ox, oa], n) =>
      k.momentum_f32(ptrOf(x), ptrOf(g), ptrOf(s.momentum), ox, oa, this.m, lr, this.nesterov ? 1 : 0, 0, n));
    return { value, slots: { momentum: a } };
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
  protected update(x: Tensor, g: Tensor, s: Slots, { t, lr }: StepInfo) {
    const c1 = 1 - this.p1.at(t), c2 = 1 - this.p2.at(t);
    // m' = m·b1 + g·(1−b1); v' = v·b2 + g²·(1−b2);
    // NOTE: tfjs's order of operations, rounding for rounding: x − ((m'/c1) / (√(v'/c2) + ε)) · lr
    const [value, m, v] = fused(x, 3, (k, [ox, om, ov], n) => k.adam_f32(ptrOf(x), ptrOf(g), ptrOf(s.m), ptrOf(s.v), ox, om, ov,
      this.b1, 1 - this.b1, this.b2, 1 - this.b2, c1, c2, this.eps, lr, 0, n));
    return { value, slots: { m, v } };
  }
}

/**
 * PyTorch's AdamW: x ← x·(1 − lr·λ), then x ← x − (lr/(1−b1ᵗ)) · m / (√v/√(1−b2ᵗ) + ε) (decoupled weight decay).
 */
export class AdamW extends Adam {
  protected readonly name = "adamw";
  constructor(lr: LearningRate, b1: number, b2: number, eps: number, private readonly wd: number) { super(lr, b1, b2, eps); }
  protected update(x: Tensor, g: Tensor, s: Slots, { t, lr }: StepInfo) {
    const c1 = 1 - this.b1 ** t, c2 = 1 - this.b2 ** t;
    // Adam's m', v'; x' = x·(1 − lr·λ) − (m' / (√v'·(1/√c2) + ε))·(lr/c1)
    const [value, m, v] = fused(x, 3, (k, [ox, om, ov], n) => k.adamw_f32(ptrOf(x), ptrOf(g), ptrOf(s.m), ptrOf(s.v), ox, om, ov,
      this.b1, 1 - this.b1, this.b2, 1 - this.b2, 1 - lr * this.wd, 1 / Math.sqrt(c2), this.eps, lr / c1, 0, n));
    return { value, slots: { m, v } };
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
    // m' = m·b1 + g·(1−b1); u' = max(u·b2, |g|); x' = x + (m'/(u' + ε))·rate
    // NOTE: the rate in float32 as tfjs's scalar tensors compute it: (−lr / ((t−1)·decay + 1)) / (1 − β1ᵗ)
    const f = Math.fround;
    const rate = f(f(f(-lr) / f(f((t - 1) * f(this.decay)) + 1)) / f(1 - this.p1.at(t)));
    const [value, m, u] = fused(x, 3, (k, [ox, om, ou], n) => k.adamax_f32(ptrOf(x), ptrOf(g), ptrOf(s.m), ptrOf(s.v), ox, om, ou,
      this.b1, 1 - this.b1, this.b2, this.eps, rate, 0, n));
    return { value, slots: { m, v: u } };
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
    // r' = r·ρ + g²·(1−ρ); centered: mg' = mg·ρ + g·(1−ρ), den = √((r' − mg'²) + ε), else √(r' + ε);
    // step = (g·lr)/den, with momentum mo' = mo·μ + step; x' = x − step
    const c = this.centered, mo = this.mu !== 0;
    const [value, rms, mg, mom] = fused(x, 2 + (c ? 1 : 0) + (mo ? 1 : 0), (k, p, n) => {
      const omg = c ? p[2] : 0, omo = mo ? p[c ? 3 : 2] : 0;
      k.rmsprop_f32(ptrOf(x), ptrOf(g), ptrOf(s.rms), c ? ptrOf(s.mg) : 0, mo ? ptrOf(s.momentum) : 0, p[0], p[1], omg, omo,
        this.rho, 1 - this.rho, this.mu, this.eps, lr, (c ? 1 : 0) | (mo ? 2 : 0), 0, n);
    });
    const slots: Slots = { rms };
    if (c) slots.mg = mg;
    if (mo) slots.momentum = c ? mom : mg;
    return { value, slots };
  }
}

/** acc ← acc + g²; x ← x − lr·g/√(acc + ε) (tfjs, ε = 1e-7). */
export class Adagrad extends Optimizer {
  protected readonly name = "adagrad";
  constructor(lr: LearningRate, private readonly init: number) { super(lr); }
  protected slotInit() { return { accumulator: this.init }; }
  protected update(x: Tensor, g: Tensor, s: Slots, { lr }: StepInfo) {
    // a' = a + g²; x' = x − (g / √(a' + ε))·lr
    const [value, acc] = fused(x, 2, (k, [ox, oa], n) => k.adagrad_f32(ptrOf(x), ptrOf(g), ptrOf(s.accumulator), ox, oa, EPS, lr, 0, n));
    return { value, slots: { accumulator: acc } };
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
    // d = (√(av + ε) / √(ag + ε))·g; ag' = ag·ρ + g²·(1−ρ); av' = av·ρ + d²·(1−ρ); x' = x − d·lr
    const [value, accGrad, accVar] = fused(x, 3, (k, [ox, og, ov], n) => k.adadelta_f32(ptrOf(x), ptrOf(g),
      ptrOf(s.accum_grad), ptrOf(s.accum_var), ox, og, ov, this.rho, 1 - this.rho, this.eps, lr, 0, n));
    return { value, slots: { accum_grad: accGrad, accum_var: accVar } };
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
  /** Adam (Kingma & Ba), as tfjs's `tf.train.adam(learningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon)`. */
  adam: (learningRate: LearningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = EPS) =>
    new Adam(checkRate(learningRate, "adam"), unit(beta1, "adam", "beta1"), unit(beta2, "adam", "beta2"), nonneg(epsilon, "adam", "epsilon")),
  /** Adamax, Adam with the infinity norm (tfjs's `tf.train.adamax`; `decay` divides the rate by 1 + decay·(t − 1) at step t = 1, 2, …). */
  adamax: (learningRate: LearningRate = 0.002, beta1 = 0.9, beta2 = 0.999, epsilon = EPS, decay = 0) =>
    new Adamax(checkRate(learningRate, "adamax"), unit(beta1, "adamax", "beta1"), unit(beta2, "adamax", "beta2"),
      nonneg(epsilon, "adamax", "epsilon"), nonneg(decay, "adamax", "decay")),
  /** RMSProp (Hinton), optionally centered and with momentum, as tfjs's `tf.train.rmsprop`. */
  rmsprop: (learningRate: LearningRate, decay = 0.9, momentum = 0, epsilon = EPS, centered = false) =>
    new RMSProp(checkRate(learningRate, "rmsprop"), unit(decay, "rmsprop", "decay"), nonneg(momentum, "rmsprop", "momentum"),
      nonneg(epsilon, "rmsprop", "epsilon"), centered === true),
  /** Adagrad: the rate divided by the root of the summed squared gradients (tfjs's `tf.train.adagrad`). */
  adagrad: (learningRate: LearningRate, initialAccumulatorValue = 0.1) =>
    new Adagrad(checkRate(learningRate, "adagrad"), nonneg(initialAccumulatorValue, "adagrad", "initialAccumulatorValue")),
  /** Adadelta (Zeiler), as tfjs's `tf.train.adadelta(learningRate = 0.001, rho = 0.95, epsilon)`. */
  adadelta: (learningRate: LearningRate = 0.001, rho = 0.95, epsilon = EPS) =>
    new Adadelta(checkRate(learningRate, "adadelta"), unit(rho, "adadelta", "rho"), nonneg(epsilon, "adadelta", "epsilon")),
  /** AdamW: Adam with decoupled weight decay (Loshchilov & Hutter), PyTorch's `torch.optim.AdamW` defaults. */
  adamw: (learningRate: LearningRate = 0.001, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay = 0.01) =>
    new AdamW(checkRate(learningRate, "adamw"), unit(beta1, "adamw", "beta1"), unit(beta2, "adamw", "beta2"),
      nonneg(epsilon, "adamw", "epsilon"), nonneg(weightDecay, "adamw", "weightDecay")),
  /** Learning-rate schedules (step → rate) to pass as `learningRate`, as Keras's `optimizers.schedules`. */
  schedules,
};
export { Optimizer, type LearningRate };
