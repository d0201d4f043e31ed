// Parameter trees: nested arrays and plain objects with tensors at the leaves (JAX's pytrees), one walker.
import { ArgumentError, DisposedError } from "./errors.js";
import { readList } from "./read.js";
import { Tensor } from "./tensor.js";

/** A tensor, or any nesting of arrays and plain objects of tensors. */
export type Tree<L = Tensor> = L | readonly Tree<L>[] | { readonly [k: string]: Tree<L> };
/** The same structure with each leaf replaced by a `V`. */
export type MapTree<S, V> = S extends Tensor ? V
  : S extends readonly unknown[] ? { -readonly [K in keyof S]: MapTree<S[K], V> }
  : S extends object ? { -readonly [K in keyof S]: MapTree<S[K], V> } : V;

/** The structure of a tree without its leaves: rebuild it with `unflatten`. */
export type TreeDef = { kind: "leaf" } | { kind: "array"; items: TreeDef[] } | { kind: "object"; keys: string[]; items: TreeDef[] };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype;

const what = (v: unknown): string => v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "object"
  ? `a ${(v as object).constructor?.name ?? "null-prototype object"}` : typeof v;

/**
 * THE walker: visits containers (arrays, plain objects; keys in insertion order) depth first and calls `leaf`
 * on everything else with its path (`.w1`, `[0]`). `isLeaf` decides what a leaf may be; others throw an
 * ArgumentError "`op` + path must be a Tensor…" (so `op` names the call and the argument: "grad: argument 0").
 */
export function walk(x: unknown, op: string, leaf: (v: unknown, path: string) => void, isLeaf: (v: unknown) => boolean = (v) => v instanceof Tensor,
  kind = "Tensor", path = "", depth = 0): TreeDef {
  // read once (a copy of each array; each property read once), and a cycle or 64-deep nesting is refused
  if ((Array.isArray(x) || isPlainObject(x)) && depth > 64) throw new ArgumentError(`${op}${path} is nested more than 64 deep (a cyclic structure?)`);
  if (Array.isArray(x)) return { kind: "array", items: readList(x, op, "structure", 2 ** 24).map((e, i) => walk(e, op, leaf, isLeaf, kind, `${path}[${i}]`, depth + 1)) };
  if (isPlainObject(x) && !isLeaf(x)) {
    const keys = Object.keys(x);
    return { kind: "object", keys, items: keys.map((k) => walk(x[k], op, leaf, isLeaf, kind, `${path}.${k}`, depth + 1)) };
  }
  if (!isLeaf(x)) {
    const got = x instanceof Tensor ? x.describe() : what(x);
    throw new ArgumentError(`${op}${path} must be a ${kind} (or arrays and objects of ${kind}s), got ${got}`);
  }
  leaf(x, path);
  return { kind: "leaf" };
}

/** @internal a leaf must still hold its value (public surface only: isDisposed, describe) */
export function requireLive(t: Tensor, op: string): void {
  if (t.isDisposed) throw new DisposedError(`${op}: ${t.describe()} is disposed; keep() it or use it before dispose()`);
}

/** The leaves of a tree, depth first, keys in insertion order. */
export function leaves<L = Tensor>(tree: unknown, op = "tree.leaves: tree"): L[] {
  const out: L[] = [];
  walk(tree, op, (v) => out.push(v as L));
  return out;
}

/** `{ leaves, treedef }`: `unflatten(treedef, leaves)` rebuilds the tree. */
export function flatten<L = Tensor>(tree: unknown, op = "tree.flatten: tree", isLeaf?: (v: unknown) => boolean, kind?: string): { leaves: L[]; treedef: TreeDef } {
  const out: L[] = [];
  const treedef = walk(tree, op, (v) => out.push(v as L), isLeaf, kind);
  return { leaves: out, treedef };
}

const count = (d: TreeDef): number => d.kind === "leaf" ? 1 : d.items.reduce((n, e) => n + count(e), 0);

/** Rebuild a tree of `treedef`'s structure from its leaves (any values), in `flatten`'s order. */
export function unflatten<V>(treedef: TreeDef, values: readonly V[]): unknown {
  if (!Array.isArray(values)) throw new ArgumentError(`tree.unflatten: leaves must be an array, got ${what(values)}`);
  const n = count(treedef);
  if (n !== values.length) throw new ArgumentError(`tree.unflatten: the structure has ${n} leaves, got ${values.length}`);
  let i = 0;
  const build = (d: TreeDef): unknown => d.kind === "leaf" ? values[i++]
    : d.kind === "array" ? d.items.map(build) : Object.fromEntries(d.keys.map((k, j) => [k, build(d.items[j])]));
  return build(treedef);
}

/** Where two structures differ ("" when equal): arrays by length, objects by keys in order. */
function difference(a: TreeDef, b: TreeDef, path: string): string {
  if (a.kind !== b.kind) return `${path || "the root"} is ${a.kind === "leaf" ? "a leaf" : `an ${a.kind}`} in one tree and ${b.kind === "leaf" ? "a leaf" : `an ${b.kind}`} in the other`;
  if (a.kind === "leaf" || b.kind === "leaf") return "";
  if (a.kind === "object" && b.kind === "object" && (a.keys.length !== b.keys.length || a.keys.some((key, i) => key !== b.keys[i]))) {
    return `${path || "the root"} has keys [${a.keys.join(", ")}] in one tree and [${b.keys.join(", ")}] in the other`;
  }
  if (a.items.length !== b.items.length) return `${path || "the root"} has ${a.items.length} entries in one tree and ${b.items.length} in the other`;
  for (let i = 0; i < a.items.length; i++) {
    const sub = a.kind === "object" ? `${path}.${a.keys[i]}` : `${path}[${i}]`;
    const d = difference(a.items[i], b.items[i], sub);
    if (d !== "") return d;
  }
  return "";
}

/** True when two treedefs (or trees) have the same structure: same containers, lengths, keys in the same order. */
export function structure(a: unknown, b: unknown): boolean {
  return difference(defOf(a), defOf(b), "") === "";
}

/** @internal throws an ArgumentError naming the first difference */
export function assertSameStructure(a: TreeDef, b: TreeDef, op: string, names = ["the first tree", "the second"]): void {
  const d = difference(a, b, "");
  if (d !== "") throw new ArgumentError(`${op}: ${names[0]} and ${names[1]} differ in structure: ${d}`);
}

const isDef = (x: unknown): x is TreeDef => isPlainObject(x) && (x.kind === "leaf" || x.kind === "array" || x.kind === "object") &&
  Object.keys(x).every((k) => k === "kind" || k === "items" || k === "keys");
/** A treedef as it is; a tree's, where anything but an array or a plain object is a leaf (null gradients too). */
function defOf(x: unknown): TreeDef {
  return isDef(x) ? x : walk(x, "tree.structure: tree", () => {}, (v) => !Array.isArray(v) && !isPlainObject(v));
}

/**
 * `fn` applied leaf by leaf to trees of one structure (JAX `tree_map`): `map((p, g) => p.sub(g.mul(lr)), params, grads)`.
 * A null leaf in a later tree (a missing gradient) is passed as null.
 */
export function map<S, V>(fn: (...leaves: Tensor[]) => V, tree: S, ...rest: unknown[]): MapTree<S, V> {
  if (typeof fn !== "function") throw new ArgumentError(`tree.map: expected a function, got ${what(fn)}`);
  const first = flatten(tree, "tree.map: the first tree");
  const others = rest.map((t, k) => {
    const f = flattenNullable(t, `tree.map: tree ${k + 2}`);
    assertSameStructure(first.treedef, f.treedef, "tree.map", ["the first tree", `tree ${k + 2}`]);
    return f.leaves;
  });
  return unflatten(first.treedef, first.leaves.map((l, i) => fn(l, ...others.map((o) => o[i]!)))) as MapTree<S, V>;
}

/** @internal flatten where leaves may also be null (gradients) */
export function flattenNullable(tree: unknown, op: string): { leaves: (Tensor | null)[]; treedef: TreeDef } {
  const out: (Tensor | null)[] = [];
  const treedef = walk(tree, op, (v) => out.push(v as Tensor | null), (v) => v === null || v instanceof Tensor, "Tensor or null");
  return { leaves: out, treedef };
}

/** Dotted paths of the leaves: `{ params: { w: t }, layers: [u] }` → `{ "params.w": t, "layers.0": u }`. */
export function toPaths(tree: unknown, op = "tree.toPaths"): Record<string, Tensor> {
  const out: Record<string, Tensor> = {};
  walk(tree, `${op}: tree`, (v, path) => {
    const key = path.replace(/\[(\d+)\]/g, ".$1").replace(/^\./, "");
    if (Object.prototype.hasOwnProperty.call(out, key)) throw new ArgumentError(`${op}: two leaves flatten to the name "${key}" (a key contains a dot)`);
    out[key] = v as Tensor;
  });
  if (out[""] !== undefined && Object.keys(out).length === 1) throw new ArgumentError(`${op}: expected a tree or a record of named tensors, got one tensor`);
  return out;
}

/**
 * Rebuild a tree from dotted paths (`loadSafetensors`' names): `{ "w.0": a, "w.1": b, "b": c }` → `{ w: [a, b], b: c }`.
 * A level whose parts are exactly 0…n−1 becomes an array. A name that is both a leaf and a prefix is an error.
 */
export function fromPaths<L = Tensor>(paths: Record<string, L>): Tree<L> {
  if (!isPlainObject(paths)) throw new ArgumentError(`tree.fromPaths: expected a plain object of named leaves, got ${what(paths)}`);
  type Node = Map<string, Node | { leaf: L }>;
  const root: Node = new Map();
  for (const [name, leaf] of Object.entries(paths)) {
    const parts = name.split(".");
    if (parts.some((p) => p === "")) throw new ArgumentError(`tree.fromPaths: the name "${name}" has an empty part`);
    let node = root;
    parts.forEach((p, i) => {
      const cur = node.get(p);
      if (i === parts.length - 1) {
        if (cur !== undefined) throw new ArgumentError(`tree.fromPaths: "${name}" is both a leaf and a prefix of another name`);
        node.set(p, { leaf });
      } else if (cur === undefined) { const n: Node = new Map(); node.set(p, n); node = n; }
      else if (cur instanceof Map) node = cur;
      else throw new ArgumentError(`tree.fromPaths: "${parts.slice(0, i + 1).join(".")}" is both a leaf and a prefix of "${name}"`);
    });
  }
  const build = (n: Node | { leaf: L }): Tree<L> => {
    if (!(n instanceof Map)) return n.leaf;
    const keys = [...n.keys()];
    const isArray = keys.length > 0 && keys.every((k) => /^(0|[1-9]\d*)$/.test(k)) && keys.every((_, i) => n.has(String(i)));
    return isArray ? keys.map((_, i) => build(n.get(String(i))!)) : Object.fromEntries(keys.map((k) => [k, build(n.get(k)!)]));
  };
  return build(root);
}

/** `tt.tree`: the parameter-tree functions. */
export const tree = { map, leaves, flatten, unflatten, structure, toPaths, fromPaths };
