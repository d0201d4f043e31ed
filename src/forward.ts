// Forward mode: ForwardAccumulator carries tangents along executed ops. Each op's JVP comes from the
// rule table: a direct `jvp` where the table gives one, else the double-VJP trick on its VJP rule.
import { readOptions } from "./read.js";
import { vjp } from "./backprop.js";
import { ArgumentError, DisposedError, ShapeError, TapeError } from "./errors.js";
import { grads, type OpName } from "./grads.js";
import { add, mul, sum, zeros, zerosLike } from "./ops/index.js";
import { beginScope, endScope } from "./scope.js";
import { fmt, sameShape } from "./shape.js";
import { active, alias, below, recording, releaseSaved, remove, save, type Entry, type Recorder, type Saved } from "./record.js";
import { checkUnconnected, flatten, GradientTape, type GradTree } from "./tape.js";
import { Tensor } from "./tensor.js";

/**
 * J·t for one op by the double-VJP trick: the VJP u ↦ Jᵀu is linear in u, so the JVP is the gradient
 * of ⟨Jᵀu, t⟩ with respect to u (at any u; zeros here). Written with public ops, so it is differentiable.
 */
function jvpByVjp(e: Entry, tangents: (Tensor | null)[]): (Tensor | null)[] {
  const tape = new GradientTape({ watchLocal: true });
  const us = e.y.map((s) => zeros(s.shape));
  const inner = tape.record(() => {
    tape.watch(us);
    const gx = vjp(e, us, tangents.map((t) => t !== null));
    let acc: Tensor | null = null;
    gx.forEach((g, i) => {
      if (g === null) return;
      const term = sum(mul(g, tangents[i]!));
      acc = acc === null ? term : add(acc, term);
    });
    return acc;
  });
  if (inner === null) { tape.dispose(); return us.map(() => null); }
  return tape.gradient(inner, us);
}

function releaseTangents(tangents: Map<number, Saved>): void {
  for (const s of tangents.values()) releaseSaved(s);
  tangents.clear();
}

/** The safety net for dropped accumulators: their tangents are released after garbage collection; dispose() is the prompt way. */
const accumulators = typeof FinalizationRegistry === "function" ? new FinalizationRegistry<Map<number, Saved>>(releaseTangents) : null;

/**
 * Forward-mode autodiff, as TensorFlow's `tf.autodiff.ForwardAccumulator`: watches `primals` with the
 * given `tangents` and computes the directional derivative of everything computed from them inside
 * `record()`. Accumulators and tapes nest strictly, so forward-over-reverse gives Hessian-vector products.
 *
 *     const acc = new tt.ForwardAccumulator(x, v);
 *     const y = acc.record(() => f(x));
 *     const dy = acc.jvp(y);                    // J_f(x) · v
 */
export class ForwardAccumulator implements Recorder {
  private tangents = new Map<number, Saved>();
  private disposed = false;

  constructor(primals: unknown, tangents: unknown) {
    accumulators?.register(this, this.tangents, this);
    const p = flatten(primals, "ForwardAccumulator: primals").leaves;
    const t = flatten(tangents, "ForwardAccumulator: tangents").leaves;
    if (p.length !== t.length) throw new ArgumentError(`ForwardAccumulator: ${p.length} primals but ${t.length} tangents`);
    p.forEach((x, i) => {
      const v = t[i];
      x.live("ForwardAccumulator (primal)");
      v.live("ForwardAccumulator (tangent)");
      if (!sameShape(x.shape, v.shape) || v.dtype !== "float32" || x.dtype !== "float32") {
        throw new ShapeError(`ForwardAccumulator: tangent ${i} (${v.dtype} ${fmt(v.shape)}) must be a float32 tensor of its primal's shape (${x.dtype} ${fmt(x.shape)})`);
      }
      if (this.tangents.has(x.id)) {
        this.dispose();
        throw new ArgumentError(`ForwardAccumulator: ${x.describe()} was specified as a primal multiple times. This may indicate an error. If it was intended, please sum the corresponding tangents.`);
      }
      this.tangents.set(x.id, save(v, true));
    });
  }

  /** True while inside record(). */
  get isRecording(): boolean { return active.includes(this); }

  /** Run `fn` with this accumulator computing tangents of every op on primals (or values derived from them). */
  record<T>(fn: (acc: this) => T): T {
    this.live("record");
    if (this.isRecording) throw new TapeError("ForwardAccumulator.record: accumulator is already recording");
    if (typeof fn !== "function") throw new ArgumentError(`ForwardAccumulator.record: expected a function, got ${typeof fn}`);
    return recording(this, "ForwardAccumulator.record", () => fn(this));
  }

  /** @internal the op's output tangents, computed with only the recorders outside this one watching */
  offer(op: OpName, x: readonly Tensor[], y: readonly Tensor[], attrs: unknown, depth: number): void {
    let any = false;
    for (const t of x) if (this.tangents.has(t.id)) { any = true; break; }
    if (!any || !y.some((t) => t.dtype === "float32")) return;
    below(depth, () => {
      beginScope();
      let outs: (Tensor | null)[] = [];
      try {
        const tx = x.map((t) => { const s = this.tangents.get(t.id); return s === undefined || t.dtype !== "float32" ? null : alias(s); });
        const direct = grads[op].jvp;
        if (direct !== undefined) {
          outs = [direct({ x: x as Tensor[], y: y as Tensor[], tx, attrs: attrs as never })];
        } else {
          // the entry holds the op's live tensors for the duration of this call only
          const e: Entry = { op, x: x.map((t) => save(t, true)), y: y.map((t) => save(t, true)), attrs };
          try { outs = jvpByVjp(e, tx); } finally { for (const s of [...e.x, ...e.y]) releaseSaved(s); }
        }
      } finally {
        endScope(outs);
      }
      outs.forEach((t, j) => {
        if (t === null || t === undefined) return;
        const prev = this.tangents.get(y[j].id);
        if (prev !== undefined) releaseSaved(prev);
        this.tangents.set(y[j].id, save(t, true));
        t.dispose();
      });
    });
  }

  /**
   * The tangent of `x` (a tensor or a nesting of arrays/objects of tensors): J·v for everything computed
   * from the primals inside record(); null (or zeros with unconnectedGradients "zero") for the rest.
   */
  jvp<P>(x: P, options: { unconnectedGradients?: "none" | "zero" } = {}): GradTree<P> {
    this.live("jvp");
    const u = checkUnconnected(readOptions(options, "ForwardAccumulator.jvp", ["unconnectedGradients"]).unconnectedGradients, "ForwardAccumulator.jvp");
    const { leaves, rebuild } = flatten(x, "ForwardAccumulator.jvp: x");
    return rebuild(leaves.map((t) => {
      t.live("ForwardAccumulator.jvp");
      const s = this.tangents.get(t.id);
      if (s !== undefined && s.buf !== null) return alias(s);
      return u === "zero" ? zerosLike(t) : null;
    })) as GradTree<P>;
  }

  /** Release every tangent. */
  dispose(): void {
    if (this.disposed) return;
    releaseTangents(this.tangents);
    this.disposed = true;
    accumulators?.unregister(this);
    remove(this);
  }
  [Symbol.dispose](): void { this.dispose(); }

  private live(what: string): void {
    if (this.disposed) throw new DisposedError(`ForwardAccumulator.${what}: this accumulator has been disposed`);
  }
}
