// Layout and indexing (issue #12): reverse, dot, einsum, gatherND, scatterND, tensorScatter*, clone — values by hand,
// gradients of the composites, methods, bad input, memory.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, checkGrad, rng, uniform } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(3131);

test("reverse of every dtype and of an empty axis; clone shares values and lives alone", () => {
  tt.tidy(() => {
    assert.equal(tt.reverse(tt.tensor([[1, 2, 3], [4, 5, 6]], [2, 3], "int32"), -1).arraySync(), [[3, 2, 1], [6, 5, 4]]);
    assert.equal(tt.reverse(tt.tensor([true, false, false])).arraySync(), [false, false, true]);
    assert.equal(tt.reverse(tt.zeros([0, 3]), 0).shape, [0, 3]);
    const x = tt.tensor([1, 2]), y = tt.clone(x);
    assert.ok(y !== x);
    x.dispose();
    assert.equal(y.arraySync(), [1, 2]);
  });
});

test("einsum: the matmul/outer/trace/diagonal/batch identities, ellipsis broadcast, and the third order on a sample", () => {
  tt.tidy(() => {
    const a = tt.tensor(uniform(rand, 6), [2, 3]), b = tt.tensor(uniform(rand, 12), [3, 4]);
    assertClose(Array.from(tt.einsum("ij,jk->ik", a, b).dataSync()), Array.from(tt.matmul(a, b).dataSync()), 1e-6, 1e-6, "matmul");
    assertClose(Array.from(tt.einsum("ij,jk", a, b).dataSync()), Array.from(tt.matmul(a, b).dataSync()), 1e-6, 1e-6, "implicit");
    const m = tt.range(0, 9).reshape([3, 3]);
    assert.equal(tt.einsum("ii", m).arraySync(), 12);
    assert.equal(tt.einsum("ii->i", m).arraySync(), [0, 4, 8]);
    assert.equal(tt.einsum("i,j->ij", [1, 2], [3, 4]).arraySync(), [[3, 4], [6, 8]]);
    assert.equal(tt.einsum("...i,...i->...", tt.ones([2, 1, 3]), tt.ones([4, 3])).shape, [2, 4]);
  });
  checkGrad({ f: (x, y) => tt.einsum("bij,bjk->bik", x, y).square(), inputs: [{ shape: [2, 2, 3], values: uniform(rand, 12) }, { shape: [2, 3, 2], values: uniform(rand, 12) }], order: 3, rtol: 2e-2, atol: 2e-3 });
  checkGrad({ f: (x) => tt.einsum("ii->i", x).square(), inputs: [{ shape: [3, 3], values: uniform(rand, 9) }], order: 2 });
});

test("gatherND / scatterND / tensorScatter*: by hand; repeats sum in scatterND and the last wins in tensorScatterUpdate", () => {
  tt.tidy(() => {
    const x = tt.tensor([[1, 2], [3, 4]]);
    assert.equal(tt.gatherND(x, [[1, 0], [0, 1]]).arraySync(), [3, 2]);
    assert.equal(x.gatherND([[1]]).arraySync(), [[3, 4]]);
    assert.equal(tt.gatherND(tt.tensor([[true, false]]), [[0, 1]]).arraySync(), [false]);
    assert.equal(tt.scatterND([[1], [3], [1]], [9, 10, 1], [5]).arraySync(), [0, 10, 0, 10, 0]);
    assert.equal(tt.tensorScatterUpdate([1, 2, 3], [[2], [2]], [7, 8]).arraySync(), [1, 2, 8]);
    assert.equal(tt.tensor([1, 1, 1]).tensorScatterAdd([[0], [0]], [5, 6]).arraySync(), [12, 1, 1]);
    // gradients: the overwritten repeat gets 0, the replaced element of tensor gets 0
    const t = tt.tensor([1, 2, 3]), u = tt.tensor([7, 8]);
    const [gt, gu] = tt.grad((p: tt.Tensor, q: tt.Tensor) => tt.tensorScatterUpdate(p, [[2], [2]], q).mul([1, 2, 3]).sum(), { argnums: [0, 1] })(t, u);
    assert.equal([gt.arraySync(), gu.arraySync()], [[1, 2, 0], [0, 3]]);
  });
});

test("dot by rank; methods", () => {
  tt.tidy(() => {
    assert.equal(tt.dot([1, 2, 3], [4, 5, 6]).arraySync(), 32);
    assert.equal(tt.tensor([[1, 2], [3, 4]]).dot([1, 1]).arraySync(), [3, 7]);
    assert.equal(tt.dot([1, 1], [[1, 2], [3, 4]]).arraySync(), [4, 6]);
    assert.equal(tt.tensor([1, 2]).reverse().arraySync(), [2, 1]);
    assert.equal(tt.tensor([1, 2]).clone().arraySync(), [1, 2]);
    assert.equal(tt.tensor([1, 2, 3]).tensorScatterUpdate([[0]], [9]).arraySync(), [9, 2, 3]);
  });
});

const bad: BadRow[] = [
  ["reverse over an axis out of range", () => tt.reverse(tt.ones([2]), 1), tt.ShapeError, /reverse: axis 1 is out of range for a tensor of rank 1/],
  ["reverse over a repeated axis", () => tt.reverse(tt.ones([2, 2]), [0, -2]), tt.ShapeError, /reverse: axis -2 is repeated/],
  ["dot of rank 3", () => tt.dot(tt.ones([2, 2, 2]), tt.ones([2])), tt.ShapeError, /dot: t1 and t2 must have rank 1 or 2, got t1 \[2,2,2\] and t2 \[2\]/],
  ["dot inner mismatch", () => tt.dot(tt.ones([2, 3]), tt.ones([4])), tt.ShapeError, /dot: inner dimensions of t1 \[2,3\] and t2 \[4\] do not match \(3 vs 4\)/],
  ["einsum with a non-string equation", () => tt.einsum(3 as never, tt.ones([2])), tt.ArgumentError, /einsum: equation must be a string, got number/],
  ["einsum with too few tensors", () => tt.einsum("ij,jk->ik", tt.ones([2, 2])), tt.ShapeError, /einsum: equation "ij,jk->ik" names 2 operand\(s\), got 1 tensor\(s\)/],
  ["einsum with a rank mismatch", () => tt.einsum("ijk->i", tt.ones([2, 2])), tt.ShapeError, /einsum: operand 0 "ijk" of "ijk->i" has 3 labels for a tensor of rank 2/],
  ["einsum with a size mismatch", () => tt.einsum("ij,jk", tt.ones([2, 3]), tt.ones([4, 2])), tt.ShapeError, /einsum: label "j" has size 3 and 4 \(operand 1 \[4,2\]/],
  ["einsum with an unknown output label", () => tt.einsum("ij->k", tt.ones([2, 3])), tt.ShapeError, /einsum: output label "k" of "ij->k" is in no operand/],
  ["einsum with a repeated output label", () => tt.einsum("ij->ii", tt.ones([2, 2])), tt.ShapeError, /einsum: output label "i" of "ij->ii" is repeated/],
  ["einsum with a digit label", () => tt.einsum("i1->i", tt.ones([2, 2])), tt.ShapeError, /einsum: operand 0 "i1" of "i1->i" holds "1"/],
  ["einsum of int32", () => tt.einsum("i->i", tt.ones([2], "int32")), tt.DTypeError, /einsum: tensors\[0\] must be float32, got int32 \[2\]/],
  ["gatherND out of range", () => tt.gatherND(tt.ones([2, 2]), [[[1, 0], [0, 2]]]), tt.ShapeError, /gatherND: indices\[0,1,1\] = 2 is out of range \[0, 2\) for dimension 1 of x \[2,2\]/],
  ["gatherND with tuples longer than the rank", () => tt.gatherND(tt.ones([2]), [[0, 0]]), tt.ShapeError, /gatherND: index tuples of length 2 \(indices \[1,2\]\) exceed the rank of x \[2\]/],
  ["gatherND with float indices", () => tt.gatherND(tt.ones([2]), tt.ones([1, 1])), tt.DTypeError, /gatherND: indices must be int32, got float32 \[1,1\]/],
  ["gatherND with fractional JS indices", () => tt.gatherND(tt.ones([2]), [[0.5]]), tt.DTypeError, /gatherND: indices must hold int32 integers, got 0.5/],
  ["scatterND with updates of the wrong shape", () => tt.scatterND([[0]], [1, 2], [3]), tt.ShapeError, /scatterND: updates \[2\] must have shape indices.shape\[:-1\] \+\+ shape\[1:\] = \[1\]/],
  ["scatterND out of range", () => tt.scatterND([[3]], [1], [3]), tt.ShapeError, /scatterND: indices\[0,0\] = 3 is out of range \[0, 3\) for dimension 0 of shape \[3\]/],
  ["scatterND with a negative dimension", () => tt.scatterND([[0]], [1], [-3]), tt.ShapeError, /scatterND/],
  ["tensorScatterUpdate of int32", () => tt.tensorScatterUpdate(tt.ones([2], "int32"), [[0]], [1]), tt.DTypeError, /tensorScatterUpdate: tensor must be float32, got int32/],
  ["tensorScatterAdd out of range", () => tt.tensorScatterAdd(tt.ones([2]), [[-1]], [1]), tt.ShapeError, /tensorScatterAdd: indices\[0,0\] = -1 is out of range \[0, 2\)/],
];
badInputTests(test, bad);

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
