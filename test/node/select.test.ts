// Selection (issue #12): argsort's kernel against a stable JS sort at merge-pass sizes, topk's scatter gradient,
// methods, bad input, memory.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rng } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(4242);

/** A stable argsort in JS (Array.prototype.sort is stable), NaN last in both directions. */
function refArgsort(x: number[], desc: boolean): number[] {
  const key = (v: number) => (Number.isNaN(v) ? Infinity : desc ? -v : v);
  const rank = (v: number) => (Number.isNaN(v) ? 1 : 0);
  return x.map((_, i) => i).sort((a, b) => rank(x[a]) - rank(x[b]) || (key(x[a]) < key(x[b]) ? -1 : key(x[a]) > key(x[b]) ? 1 : 0));
}

test("argsort: stable with ties and NaN in both directions, n across the insertion runs and merge passes", () => {
  for (const n of [0, 1, 2, 15, 16, 17, 31, 32, 33, 64, 100, 257]) for (const desc of [false, true]) for (const dtype of ["float32", "int32"] as const) {
    const x = Array.from({ length: n }, () => (dtype === "float32" && rand() < 0.1 ? NaN : Math.floor(rand() * 7) - 3));
    tt.tidy(() => {
      const got = Array.from(tt.argsort(tt.tensor(dtype === "int32" ? x.map((v) => v || 0) : x, [n], dtype), 0, desc).dataSync());
      assert.equal(got, refArgsort(dtype === "int32" ? x.map((v) => v || 0) : x, desc), `n ${n} ${dtype} ${desc ? "descending" : "ascending"}`);
    });
  }
});

test("sort along an inner axis; -0 and +0 tie (kept in order); Infinity before NaN", () => {
  tt.tidy(() => {
    assert.equal(tt.sort(tt.tensor([[3, 1], [2, 4], [0, 9]]), 0).arraySync(), [[0, 1], [2, 4], [3, 9]]);
    assert.equal(tt.argsort(tt.tensor([[3, 1], [2, 4], [0, 9]]), -2, true).arraySync(), [[0, 2], [1, 1], [2, 0]]);
    assert.equal(Array.from(tt.argsort([0, -0, NaN, Infinity, -Infinity]).dataSync()), [4, 0, 1, 3, 2]);
    assert.equal(tt.sort(tt.zeros([2, 0])).shape, [2, 0]);
  });
});

test("topk: values and indices as tfjs; the gradient scatters dy to the indices; methods", () => {
  tt.tidy(() => {
    const { values, indices } = tt.topk(tt.tensor([[1, 5, 3, 5], [0, -1, 2, 7]]), 2);
    assert.equal(values.arraySync(), [[5, 5], [7, 2]]);
    assert.equal(indices.arraySync(), [[1, 3], [3, 2]]);
    const x = tt.tensor([0.5, 2, -1, 3]);
    const g = tt.grad((v: tt.Tensor) => tt.topk(v, 2).values.mul(tt.tensor([10, 1])).sum())(x);
    assert.equal(Array.from(g.dataSync()), [0, 1, 0, 10]);
    const t = tt.tensor([3, 1, 2]);
    assert.equal(t.sort().arraySync(), [1, 2, 3]);
    assert.equal(t.argsort(0, true).arraySync(), [0, 2, 1]);
    assert.equal(t.topk(1).values.arraySync(), [3]);
    assert.equal(tt.topk([NaN, 1, 2], 2).values.arraySync(), [2, 1]);
  });
});

const bad: BadRow[] = [
  ["sort of a scalar", () => tt.sort(tt.scalar(1)), tt.ShapeError, /sort: axis -1 is out of range for a tensor of rank 0 \(shape \[\]\)/],
  ["argsort over an axis out of range", () => tt.argsort(tt.ones([2, 3]), 2), tt.ShapeError, /argsort: axis 2 is out of range for a tensor of rank 2 \(shape \[2,3\]\)/],
  ["argsort over a fractional axis", () => tt.argsort(tt.ones([2]), 0.5), tt.ShapeError, /argsort: axis 0.5/],
  ["sort of bool", () => tt.sort(tt.tensor([true, false])), tt.DTypeError, /sort: x must be float32 or int32, got bool \[2\]/],
  ["sort with a non-boolean descending", () => tt.sort(tt.ones([2]), 0, "yes" as never), tt.ArgumentError, /sort: descending must be a boolean, got "yes"/],
  ["topk with a string k", () => tt.topk(tt.ones([3]), "2" as never), tt.ArgumentError, /topk: k must be an integer .* got "2"/],
  ["topk with k larger than the last dimension", () => tt.topk(tt.ones([2, 3]), 4), tt.ShapeError, /topk: k must be an integer \(at most the last dimension of x \[2,3\]\) in \[0, 3\], got 4/],
  ["topk of a scalar", () => tt.topk(tt.scalar(1)), tt.ShapeError, /topk: x must have rank >= 1, got a scalar/],
  ["topk with a negative k", () => tt.topk(tt.ones([3]), -1), tt.ShapeError, /topk: k must be an integer .* got -1/],
  ["topk with a fractional k", () => tt.topk(tt.ones([3]), 1.5), tt.ShapeError, /topk: k must be an integer .* got 1.5/],
  ["topk of a scalar", () => tt.topk(tt.scalar(1)), tt.ShapeError, /topk: x must have rank >= 1/],
  ["topk of bool", () => tt.topk(tt.tensor([true])), tt.DTypeError, /topk: x must be float32 or int32, got bool/],
];
badInputTests(test, bad);

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
