// Reverse-mode accumulation over a tape's records: each op's vector-Jacobian product (from the rule table),
// summed back over broadcast dimensions, accumulated from the targets back to the sources.
import { grads, type OpName, type Thunk } from "./grads.js";
import { add, onesLike, reshape, sum, zeros, zerosLike } from "./ops/index.js";
import { beginScope, endScope } from "./scope.js";
import { broadcastAxes, fmt, sameShape } from "./shape.js";
import { alias, type Entry } from "./record.js";
import type { Shape, Tensor } from "./tensor.js";

/** Sum `dx` over the axes along which an input of `shape` was broadcast, giving it that shape. */
export function unbroadcast(dx: Tensor, shape: Shape, op: OpName, i: number): Tensor {
  if (sameShape(dx.shape, shape)) return dx;
  const axes = broadcastAxes(shape, dx.shape);
  const r = axes.length > 0 ? reshape(sum(dx, axes, true), shape) : reshape(dx, shape);
  if (!sameShape(r.shape, shape)) throw new Error(`internal: gradient ${i} of ${op} has shape ${fmt(dx.shape)}, input has ${fmt(shape)}`);
  return r;
}

/**
 * The vector-Jacobian products of one recorded op: dys (one per output, zeros where missing) → one
 * gradient per input (null where not `wanted`), each summed back to its input's shape.
 */
export function vjp(e: Entry, dys: (Tensor | undefined)[], wanted: boolean[]): (Tensor | null)[] {
  const filled = dys.map((d, i) => d ?? zeros(e.y[i].shape));
  const rule = grads[e.op], save = rule.save ?? "x";
  // the context holds the saved values the rule's `save` names, and only those (GradContext)
  const c: { dy: Tensor; dys: Tensor[]; attrs: unknown; shapes: Shape[]; x?: Tensor[]; y?: Tensor; ys?: Tensor[] } =
    { dy: filled[0], dys: filled, attrs: e.attrs, shapes: e.x.map((s) => s.shape) };
  if (save === "x" || save === "xy") c.x = e.x.map(alias);
  if (save === "y" || save === "xy") { c.ys = e.y.map(alias); c.y = c.ys[0]; }
  const thunks: Thunk[] = rule.grad(c as never);
  return e.x.map((s, i) => {
    const f = thunks[i];
    return wanted[i] && f ? unbroadcast(f(), s.shape, e.op, i) : null;
  });
}

/**
 * Reverse accumulation over `entries` (in recorded order). Gradients are written with public ops, so
 * any recorder on the stack records them. Intermediate gradients are freed as soon as the entry that
 * produced their tensor has been processed; each rule runs in its own scope.
 */
export function backprop(entries: Entry[], targets: Tensor[], seeds: (Tensor | null)[], sources: Tensor[],
  unconnected: "none" | "zero", watched?: ReadonlySet<number>): (Tensor | null)[] {
  // a source the tape never watched gets no gradient, even if it fed a recorded op (TF)
  const sourceIds = new Set(sources.filter((s) => watched === undefined || watched.has(s.id)).map((s) => s.id));
  // Ids that depend on a source: only their gradients are needed.
  const need = new Set(sourceIds);
  for (const e of entries) if (e.x.some((s) => need.has(s.id))) for (const s of e.y) need.add(s.id);
  const external = new Set(seeds.filter((s): s is Tensor => s !== null));

  beginScope();
  const slots = new Map<number, Tensor>(); // id → accumulated gradient
  const holds = new Map<Tensor, number>(); // how many slots hold a tensor
  const hold = (t: Tensor) => holds.set(t, (holds.get(t) ?? 0) + 1);
  const unhold = (t: Tensor) => {
    const n = holds.get(t)! - 1;
    if (n > 0) holds.set(t, n);
    else { holds.delete(t); if (!external.has(t)) t.dispose(); }
  };
  const accumulate = (id: number, dx: Tensor) => {
    const prev = slots.get(id);
    if (prev === undefined) { slots.set(id, dx); hold(dx); return; }
    const total = add(prev, dx);
    slots.set(id, total); hold(total); unhold(prev);
    if (!holds.has(dx) && !external.has(dx)) dx.dispose();
  };
  let results: (Tensor | null)[] = [];
  try {
    targets.forEach((t, i) => {
      if (t.dtype === "float32" && (need.has(t.id) || sourceIds.has(t.id))) accumulate(t.id, seeds[i] ?? onesLike(t));
    });
    for (let k = entries.length - 1; k >= 0; k--) {
      const e = entries[k];
      const dys = e.y.map((s) => slots.get(s.id));
      if (dys.every((d) => d === undefined)) continue;
      const wanted = e.x.map((s) => need.has(s.id) && s.dtype === "float32");
      if (wanted.some(Boolean)) {
        beginScope();
        let dxs: (Tensor | null)[] = [];
        try { dxs = vjp(e, dys, wanted); } finally { endScope(dxs); }
        dxs.forEach((dx, i) => { if (dx !== null) accumulate(e.x[i].id, dx); });
      }
      for (const s of e.y) {
        const g = slots.get(s.id);
        if (g !== undefined && !sourceIds.has(s.id)) { slots.delete(s.id); unhold(g); }
      }
    }
    results = sources.map((s) => {
      if (s.dtype !== "float32") return null;
      const g = sourceIds.has(s.id) ? slots.get(s.id) : undefined;
      if (g !== undefined) return external.has(g) ? add(g, 0) : g; // never hand the caller's seed back
      return unconnected === "zero" ? zerosLike(s) : null;
    });
  } finally {
    endScope(results);
  }
  return results;
}
