// Parameter trees: tt.tree (map, leaves, flatten/unflatten, structure, paths) and grad/valueAndGrad/hessian over trees.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";
import type { Tensor } from "tensortape";

const baseline = leakFields(tt.memory());
const vals = (t: Tensor | null) => Array.from(t!.dataSync());

test("flatten / unflatten / leaves: depth first, keys in insertion order, any leaf values", () => {
  tt.tidy(() => {
    const a = tt.scalar(1), b = tt.scalar(2), c = tt.scalar(3);
    const tree = { z: a, a: [b, { k: c }], e: [] };
    const { leaves, treedef } = tt.tree.flatten(tree);
    assert.ok(leaves[0] === a && leaves[1] === b && leaves[2] === c && leaves.length === 3);
    assert.equal(tt.tree.leaves(tree), leaves);
    assert.equal(tt.tree.unflatten(treedef, ["x", "y", "z"]), { z: "x", a: ["y", { k: "z" }], e: [] });
    assert.equal(Object.keys(tt.tree.unflatten(treedef, [1, 2, 3]) as object), ["z", "a", "e"]);
    assert.throws(() => tt.tree.unflatten(treedef, [1, 2]), /3 leaves, got 2/);
    assert.throws(() => tt.tree.unflatten(treedef, 5 as never), (e: Error) => e instanceof tt.ArgumentError && /^tree\.unflatten: leaves must be an array, got number/.test(e.message));
    assert.ok(tt.tree.leaves(a)[0] === a, "a lone tensor is a tree of one leaf");
  });
});

test("map over several trees; structure equality; clear errors on mismatches and bad leaves", () => {
  tt.tidy(() => {
    const p = { w: tt.tensor([1, 2]), b: [tt.tensor(3)] }, g = { w: tt.tensor([0.5, 0.5]), b: [tt.tensor(1)] };
    const next = tt.tree.map((x, d) => x.sub(d.mul(2)), p, g);
    assert.equal(vals(next.w), [0, 1]);
    assert.equal(vals(next.b[0]), [1]);
    assert.ok(tt.tree.structure(p, g));
    assert.ok(!tt.tree.structure(p, { w: p.w, b: p.b[0] }));
    assert.ok(!tt.tree.structure({ a: p.w, b: p.w }, { b: p.w, a: p.w }), "key order matters");
    assert.ok(tt.tree.structure(tt.tree.flatten(p).treedef, tt.tree.flatten(g).treedef));
    assert.throws(() => tt.tree.map((x) => x, p, { w: p.w }), (e: Error) => e instanceof tt.ArgumentError && /the first tree and tree 2 differ in structure: the root has keys \[w, b\] in one tree and \[w\]/.test(e.message));
    assert.throws(() => tt.tree.map((x) => x, p, { w: p.w, b: [p.w, p.w] }), /\.b has 1 entries in one tree and 2/);
    assert.throws(() => tt.tree.leaves({ a: [1] }), (e: Error) => e instanceof tt.ArgumentError && /tree.leaves: tree.a\[0\] must be a Tensor.*got number/.test(e.message));
    assert.throws(() => tt.tree.leaves(new Map()), /tree.leaves: tree must be a Tensor .* got a Map/);
    assert.throws(() => tt.tree.map(3 as any, p), /expected a function/);
  });
});

test("toPaths / fromPaths: dotted names, array indices, collisions", () => {
  tt.tidy(() => {
    const w = tt.scalar(1), b = tt.scalar(2), u = tt.scalar(3);
    const paths = tt.tree.toPaths({ params: { w, layers: [b, { u }] } });
    assert.equal(Object.keys(paths), ["params.w", "params.layers.0", "params.layers.1.u"]);
    const back = tt.tree.fromPaths(paths) as any;
    assert.ok(back.params.w === w && back.params.layers[0] === b && back.params.layers[1].u === u);
    assert.ok(!Array.isArray((tt.tree.fromPaths({ "a.1": w, "a.2": b }) as any).a), "indices not 0…n−1 stay keys");
    assert.throws(() => tt.tree.fromPaths({ "a.b": w, a: b }), /"a" is both a leaf and a prefix/);
    assert.throws(() => tt.tree.fromPaths({ a: b, "a.b": w }), /is both a leaf and a prefix/);
    assert.throws(() => tt.tree.fromPaths({ "a..b": w }), /empty part/);
    assert.throws(() => tt.tree.fromPaths([w] as never), (e: Error) => e instanceof tt.ArgumentError && /^tree\.fromPaths: expected a plain object of named leaves, got an array/.test(e.message));
    assert.throws(() => tt.tree.toPaths({ "a.b": w, a: { b } }), /two leaves flatten to the name "a.b"/);
  });
});

test("grad and valueAndGrad over a parameter tree: gradients of the same structure", () => {
  tt.tidy(() => {
    const params = { w: tt.tensor([[1, 2], [3, 4]]), b: [tt.tensor([0.5, -0.5])] };
    const x = tt.tensor([[1, -1]]);
    const f = (p: typeof params, xs: Tensor) => xs.matmul(p.w).add(p.b[0]).square().sum();
    const g = tt.grad(f)(params, x);
    // y = x·w + b = [-1.5, -2.5]; dy = 2y = [-3, -5]; dw = xᵀ dy; db = dy
    assert.equal(vals(g.w), [-3, -5, 3, 5]);
    assert.equal(vals(g.b[0]), [-3, -5]);
    const { value, grads } = tt.valueAndGrad(f)(params, x);
    assert.is(value.dataSync()[0], 1.5 ** 2 + 2.5 ** 2);
    assert.equal(vals(grads.w), vals(g.w));
    const both = tt.grad(f, { argnums: [0, 1] })(params, x) as unknown as [typeof g, Tensor];
    assert.equal(vals(both[1]), [-3 * 1 - 5 * 2, -3 * 3 - 5 * 4]);
    assert.throws(() => tt.grad(f)({ w: params.w, b: [3] } as any, x), (e: Error) => e instanceof tt.ArgumentError && /grad: argument 0.b\[0\] must be a Tensor/.test(e.message));
  });
});

test("hessian over a tree: JAX's nested blocks H[i][j] of shape xi.shape ++ xj.shape", () => {
  tt.tidy(() => {
    const x = { a: tt.tensor([1, 2]), b: tt.tensor(3) };
    // f = a0²·b + a1·b²  →  ∂²f/∂a∂a = [[2b, 0], [0, 0]], ∂²f/∂a∂b = [2a0, 2b], ∂²f/∂b² = 2a1
    const H = tt.hessian((p: { a: Tensor; b: Tensor }) => p.a.slice([0], [1]).square().mul(p.b).sum().add(p.a.slice([1], [1]).mul(p.b.square()).sum()))(x);
    assert.equal(H.a.a.shape, [2, 2]); assert.equal(vals(H.a.a), [6, 0, 0, 0]);
    assert.equal(H.a.b.shape, [2]); assert.equal(vals(H.a.b), [2, 6]);
    assert.equal(H.b.a.shape, [2]); assert.equal(vals(H.b.a), [2, 6]);
    assert.equal(H.b.b.shape, []); assert.equal(vals(H.b.b), [4]);
    // a single tensor keeps its old form
    assert.equal(vals(tt.hessian((v: Tensor) => v.pow(3).sum())(tt.tensor([1, 2]))), [6, 0, 0, 12]);
  });
});

test("a training step over { w1, b1, w2, b2 } as in JAX with optax, memory flat", () => {
  const mk = (shape: number[], seed: number) => tt.tidy(() => tt.variable(tt.randomNormal(shape, 0, 0.5, "float32", seed)));
  const params = { w1: mk([3, 4], 1), b1: mk([4], 2), w2: mk([4, 1], 3), b2: mk([1], 4) };
  const x = tt.tensor([[1, 0, -1], [0.5, 2, 0]]), y = tt.tensor([[1], [-1]]);
  const loss = (p: typeof params) => x.matmul(p.w1).add(p.b1).tanh().matmul(p.w2).add(p.b2).sub(y).square().mean();
  const opt = tt.optimizers.adam(0.05);
  const first = tt.tidy(() => loss(params).dataSync()[0]);
  let before = leakFields(tt.memory());
  for (let i = 0; i < 50; i++) {
    tt.tidy(() => {
      const { grads } = tt.valueAndGrad(loss)(params);
      const { clipped } = tt.clipByGlobalNorm(grads, 1);
      opt.applyGradients(params, clipped);
    });
    if (i === 0) before = leakFields(tt.memory());
  }
  assert.equal(leakFields(tt.memory()), before);
  const last = tt.tidy(() => loss(params).dataSync()[0]);
  assert.ok(last < first * 0.2, `loss ${first} → ${last}`);
  opt.dispose(); tt.dispose([params, x, y]);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
