// The functional layer over the tape (JAX style): grad, valueAndGrad, hessian, customGradient, stopGradient.
import { ArgumentError } from "./errors.js";
import { withArgs, type Args, type TensorLike } from "./ops/run.js";
import { readList, readOptions } from "./read.js";
import { beginScope, endScope, isThenable, popScope } from "./scope.js";
import { releaseCustom, type CustomAttrs } from "./grads.js";
import { below, record, recording, type Recorder } from "./record.js";
import { GradientTape, type TensorTree } from "./tape.js";
import { detached, Tensor } from "./tensor.js";
import { Variable } from "./variable.js";
import { flatten, unflatten, walk, type MapTree } from "./tree.js";

type Argnums = number | readonly number[];

function argnumList(argnums: Argnums | undefined, n: number, what: string): number[] {
  const list = argnums === undefined ? [0] : typeof argnums === "number" ? [argnums] : [...argnums];
  if (list.length === 0) throw new ArgumentError(`${what}: argnums must name at least one argument`);
  for (const a of list) {
    if (!Number.isInteger(a) || a < 0 || a >= n) throw new ArgumentError(`${what}: argnums ${a} is out of range for ${n} argument(s)`);
  }
  return list;
}

const isPlainObject = (a: unknown): boolean => a !== null && typeof a === "object" && Object.getPrototypeOf(a) === Object.prototype;

/**
 * A deep copy of nested arrays, each length and element read once (at most 64 levels: a cycle is refused), and
 * whether it holds a tensor or a plain object somewhere (then it is a parameter tree, not array values).
 */
function copyNested(a: readonly unknown[], what: string, depth = 0): { copy: unknown[]; tree: boolean } {
  if (depth > 64) throw new ArgumentError(`${what} is nested more than 64 deep (a cyclic array?)`);
  const copy = readList(a, what, "argument", 2 ** 31 - 1);
  let tree = false;
  for (let i = 0; i < copy.length; i++) {
    const e = copy[i];
    if (Array.isArray(e)) { const c = copyNested(e, what, depth + 1); copy[i] = c.copy; tree ||= c.tree; }
    else if (e instanceof Tensor || isPlainObject(e)) tree = true;
  }
  return { copy, tree };
}

/** A tensor, a parameter tree (checked: tensors at every leaf), or values converted to a tensor (a temporary of the call's scope). */
function argument(a: unknown, args: Args, i: number): unknown {
  if (a instanceof Tensor) return args.tensor(a, `argument ${i}`);
  const what = `${args.op}: argument ${i}`;
  if (Array.isArray(a)) {
    const { copy, tree } = copyNested(a, what); // read once: the copy is what is walked or converted
    if (!tree) return args.tensor(copy, `argument ${i}`);
    walk(copy, what, () => {});
    return copy;
  }
  if (isPlainObject(a)) { walk(a, what, () => {}); return a; }
  return args.tensor(a, `argument ${i}`);
}

/** Differentiate `f` at `args`: the value, the aux output and the gradients, all owned by the caller. */
function differentiate(f: (...a: never[]) => unknown, args: unknown[], argnums: Argnums | undefined, hasAux: boolean, what: string) {
  if (typeof f !== "function") throw new ArgumentError(`${what}: expected a function, got ${typeof f}`);
  const which = argnumList(argnums, args.length, what);
  // withArgs's scope frees the converted arguments and everything f made, except the returned tensors
  return withArgs(what, (w) => {
    const xs = args.map((a, i) => argument(a, w, i));
    const tape = new GradientTape({ watchLocal: true });
    try {
      const out = tape.record(() => {
        tape.watch(which.map((i) => xs[i]) as TensorTree[]);
        const r = (f as (...a: unknown[]) => unknown)(...xs);
        if (isThenable(r)) throw new ArgumentError(`${what}: the function returned a Promise; differentiation is synchronous`);
        return r;
      });
      const [value, aux] = hasAux ? (Array.isArray(out) && out.length === 2 ? out : [null, null]) : [out, undefined];
      if (!(value instanceof Tensor)) {
        throw new ArgumentError(hasAux
          ? `${what}: with hasAux the function must return [value, aux], got ${typeof out}`
          : `${what}: the function must return a Tensor, got ${value === undefined ? "undefined (did you forget to return a value?)" : typeof value}`);
      }
      const g = tape.gradient(value, which.map((i) => xs[i]), { unconnectedGradients: "zero" }) as unknown[];
      return { value, aux, grads: typeof argnums === "object" ? g : g[0] };
    } finally {
      tape.dispose();
    }
  });
}

/**
 * The gradient function of `f` (JAX `grad`): `grad(f)(...args)` is d f / d args[argnums] — one tensor,
 * or an array when `argnums` is an array (default argument 0). A non-scalar result is summed (seeded
 * with ones, as TensorFlow). Unconnected arguments get zeros. Nest for higher derivatives:
 *
 *     const d2 = tt.grad(tt.grad((x) => x.tanh().sum()))(x);
 */
export function grad(f: (...args: Tensor[]) => Tensor, options: { argnums: readonly number[] }): (...args: TensorLike[]) => Tensor[];
export function grad(f: (...args: Tensor[]) => Tensor, options?: { argnums?: number }): (...args: TensorLike[]) => Tensor;
/** Over parameter trees (nested arrays and plain objects of tensors): the gradient has the argument's structure. */
export function grad<P extends unknown[]>(f: (...args: P) => Tensor, options?: { argnums?: Argnums }): (...args: P) => MapTree<P[0], Tensor>;
export function grad(f: (...args: never[]) => Tensor, options: { argnums?: Argnums } = {}): (...args: never[]) => unknown {
  return (...args) => {
    const r = differentiate(f, args, options.argnums, false, "grad");
    r.value.dispose();
    return r.grads;
  };
}

/** `{ value, grads, aux? }` of `f` at `args` (JAX `value_and_grad`); with `hasAux`, `f` returns `[value, aux]`. */
export function valueAndGrad(f: (...args: Tensor[]) => unknown, options: { argnums: readonly number[]; hasAux?: boolean }):
  (...args: TensorLike[]) => { value: Tensor; grads: Tensor[]; aux?: unknown };
export function valueAndGrad(f: (...args: Tensor[]) => unknown, options?: { argnums?: number; hasAux?: boolean }):
  (...args: TensorLike[]) => { value: Tensor; grads: Tensor; aux?: unknown };
/** Over parameter trees: `grads` has the argument's structure (JAX `value_and_grad` over a pytree). */
export function valueAndGrad<P extends unknown[]>(f: (...args: P) => unknown, options?: { argnums?: Argnums; hasAux?: boolean }):
  (...args: P) => { value: Tensor; grads: MapTree<P[0], Tensor>; aux?: unknown };
export function valueAndGrad(f: (...args: never[]) => unknown, options: { argnums?: Argnums; hasAux?: boolean } = {}):
  (...args: never[]) => { value: Tensor; grads: unknown; aux?: unknown } {
  return (...args) => {
    const r = differentiate(f, args, options.argnums, options.hasAux ?? false, "valueAndGrad");
    return options.hasAux ? { value: r.value, grads: r.grads, aux: r.aux } : { value: r.value, grads: r.grads };
  };
}

/**
 * The Hessian of a scalar function of one tensor: shape x.shape ++ x.shape (the Jacobian of its gradient).
 * Over a parameter tree, JAX's nested blocks: `H[i][j]` (i, j paths of the tree) has shape xi.shape ++ xj.shape.
 */
export function hessian(f: (x: Tensor) => Tensor): (x: TensorLike) => Tensor;
export function hessian<T>(f: (x: T) => Tensor): (x: T) => MapTree<T, MapTree<T, Tensor>>;
export function hessian(f: (x: never) => Tensor): (x: never) => unknown {
  if (typeof f !== "function") throw new ArgumentError(`hessian: expected a function, got ${typeof f}`);
  return (x) => withArgs("hessian", (w) => {
    const t = argument(x, w, 0);
    const outer = new GradientTape({ watchLocal: true, persistent: !(t instanceof Tensor) });
    try {
      const g = outer.record(() => { outer.watch(t as TensorTree); return (grad(f as (x: unknown) => Tensor) as (x: unknown) => unknown)(t); });
      // one Jacobian per gradient leaf, each against the whole tree: row i of the blocks
      return t instanceof Tensor ? outer.jacobian(g as Tensor, t, { unconnectedGradients: "zero" })
        : unflatten(flatten(t, "hessian: x").treedef, flatten(g, "hessian: gradient").leaves.map((gi) => outer.jacobian(gi, t, { unconnectedGradients: "zero" })));
    } finally {
      outer.dispose();
    }
  });
}

/** A customGradient's gradient function: dy (an array when the value is), the inputs, the trainable variables f read. */
export type GradFunc<V> = (dy: V, inputs: Tensor[], variables: Variable[]) => unknown;

/**
 * A function with a gradient you define (TF `tf.custom_gradient`): `f(...xs)` returns `{ value, gradFunc }`, where
 * `gradFunc(dy, inputs, variables)` returns the gradient of each input (an array, or one tensor for one input; null
 * for none). `value` may be an array of tensors: then `dy` is an array too, one upstream gradient per output (zeros
 * for an output nothing used). When `f` reads trainable variables (not passed as inputs), `variables` lists them in
 * reading order and `gradFunc` returns `{ inputs, variables }`: the inputs' gradients, then one per variable (TF's
 * `grad_fn(*dy, variables=…)`); a tape watching a variable gets its gradient. `gradFunc` may use any ops and is
 * differentiated again for higher orders. Tensors `f` made besides `value` stay alive for `gradFunc` until every tape
 * that recorded the call is done; `inputs` are the tape's own references to the inputs.
 *
 *     const square = tt.customGradient((x) => ({ value: x.mul(x), gradFunc: (dy, [x]) => dy.mul(x).mul(2) }));
 *     const both = tt.customGradient((x) => ({ value: [x.mul(2), x.mul(3)], gradFunc: ([d1, d2]: tt.Tensor[]) => d1.mul(2).add(d2.mul(3)) }));
 *
 * (With an array value, annotate dy as `Tensor[]`: TypeScript types an unannotated dy from the first overload.)
 */
export function customGradient(f: (...xs: Tensor[]) => { value: Tensor; gradFunc: GradFunc<Tensor> }): (...xs: TensorLike[]) => Tensor;
export function customGradient(f: (...xs: Tensor[]) => { value: Tensor[]; gradFunc: GradFunc<Tensor[]> }): (...xs: TensorLike[]) => Tensor[];
export function customGradient<V extends Tensor | Tensor[]>(f: (...xs: Tensor[]) => { value: V; gradFunc: GradFunc<V> }): (...xs: TensorLike[]) => V {
  if (typeof f !== "function") throw new ArgumentError(`customGradient: expected a function, got ${typeof f}`);
  return (...args) => withArgs("customGradient", (a) => {
    const xs = args.map((v, i) => a.tensor(v, `argument ${i}`));
    // f runs with no tape watching (the call's gradient is gradFunc, not that of f's ops), only a recorder that
    // notes the trainable variables its ops read, in order; a variable passed as an input is an input
    const variables: Variable[] = [];
    const spy: Recorder = {
      offer(_op, x) { for (const t of x) if (t instanceof Variable && t.trainable && !xs.includes(t) && !variables.includes(t)) variables.push(t); },
    };
    beginScope();
    let values: Tensor[], multi: boolean, gradFunc: CustomAttrs["gradFunc"];
    try {
      const res: unknown = below(0, () => recording(spy, "customGradient", () => f(...xs)));
      const o = res !== null && typeof res === "object" ? readOptions(res, "customGradient", ["value", "gradFunc"], "f's result") : {};
      multi = Array.isArray(o.value);
      values = multi ? readList(o.value, "customGradient", "f's value") as Tensor[] : [o.value as Tensor];
      if (values.length === 0 || !values.every((v) => v instanceof Tensor) || typeof o.gradFunc !== "function") {
        throw new ArgumentError("customGradient: f must return { value: Tensor, gradFunc: (dy, inputs, variables) => gradients } (value may be a non-empty array of Tensors)");
      }
      gradFunc = o.gradFunc as CustomAttrs["gradFunc"];
      values.forEach((v, i) => v.live(`customGradient (value${multi ? ` ${i}` : ""})`));
      xs.forEach((x, i) => x.live(`customGradient: argument ${i} (disposed by f)`));
    } catch (e) {
      endScope(undefined); // frees what f made
      throw e;
    }
    const made = popScope();
    const outs = values.map((v) => detached(v, "customGradient")); // the values, cut from the ops f ran
    const attrs: CustomAttrs = { gradFunc, held: [], refs: 0, multi, inputs: xs.length, variables };
    for (const t of made) {
      if (values.includes(t) || t.isDisposed) t.dispose();
      else if (!t.kept) { t.kept = true; attrs.held.push(t); }
    }
    try {
      record("custom", [...xs, ...variables], outs, attrs);
    } catch (e) {
      attrs.refs = 0;
      releaseCustom(attrs); // outs are freed by withArgs
      throw e;
    }
    if (attrs.refs === 0) releaseCustom(attrs);
    return (multi ? outs : outs[0]) as V;
  });
}

/** The same values with no gradient flowing through (TF `stop_gradient`). */
export function stopGradient(x: TensorLike): Tensor {
  return withArgs("stopGradient", (a) => detached(a.tensor(x, "x"), "stopGradient"));
}
