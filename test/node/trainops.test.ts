// The training helpers' semantics beyond the op-spec rows: dropout's masks and seeds, shuffle's permutations, bad input.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());

test("dropout: about `rate` of the elements zeroed, the rest scaled; seeds repeat, unseeded calls differ", () => {
  tt.tidy(() => {
    const x = tt.ones([10000]);
    const v = tt.dropout(x, 0.3, undefined, 1).dataSync();
    const kept = v.filter((e) => e !== 0);
    assert.ok(Math.abs(kept.length / v.length - 0.7) < 0.02, `kept ${kept.length}`);
    assert.ok(kept.every((e) => e === Math.fround(1 / 0.7)));
    assert.equal(Array.from(tt.dropout(x, 0.3, undefined, 1).dataSync()), Array.from(v), "a fixed seed repeats the mask");
    assert.not.equal(Array.from(tt.dropout(x, 0.3).dataSync()), Array.from(tt.dropout(x, 0.3).dataSync()));
    assert.equal(Array.from(tt.dropout(tt.tensor([1, 2]), 0).dataSync()), [1, 2]);
    const rows = tt.dropout(tt.ones([50, 4]), 0.5, [50, 1], 3).arraySync() as number[][];
    assert.ok(rows.every((r) => r.every((e) => e === r[0])), "noiseShape [50, 1] shares the mask along a row");
    assert.ok(rows.some((r) => r[0] === 0) && rows.some((r) => r[0] !== 0), "noiseShape [50, 1]: some rows dropped, some kept");
  });
});

test("shuffle: a permutation of the rows; one seed shuffles features and labels alike", () => {
  tt.tidy(() => {
    const n = 50;
    const x = tt.range(0, n).reshape([n, 1]).mul(tt.tensor([[1, 10]]));
    const y = tt.range(0, n);
    const sx = tt.shuffle(x, "epoch 1").arraySync() as number[][], sy = Array.from(tt.shuffle(y, "epoch 1").dataSync());
    assert.equal([...sy].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
    assert.ok(sx.every((r, i) => r[0] === sy[i] && r[1] === 10 * sy[i]));
    assert.not.equal(sy, Array.from({ length: n }, (_, i) => i));
    assert.not.equal(Array.from(tt.shuffle(y).dataSync()), Array.from(tt.shuffle(y).dataSync()));
  });
});

test("bad input: each a TensorTapeError naming the op, the argument and the shapes; nothing left behind", () => {
  const before = leakFields(tt.memory());
  const cases: [() => unknown, RegExp][] = [
    [() => tt.sparseSoftmaxCrossEntropy([0, 3], [[1, 2, 3], [4, 5, 6]]), /sparseSoftmaxCrossEntropy: labels\[1\] = 3 is not a class index in \[0, 3\) of logits \[2,3\]/],
    [() => tt.sparseSoftmaxCrossEntropy([0], [[1, 2, 3], [4, 5, 6]]), /labels \[1\] must have the shape of logits \[2,3\] without its last axis/],
    [() => tt.tidy(() => tt.sparseSoftmaxCrossEntropy(tt.tensor([0.5, 1]), [[1, 2], [3, 4]])), /sparseSoftmaxCrossEntropy: labels must be int32/],
    [() => tt.sigmoidCrossEntropy([1, 0], [[1, 2]]), /sigmoidCrossEntropy: multiClassLabels \[2\] and logits \[1,2\] must have the same shape/],
    [() => tt.sigmoidCrossEntropy([1, 0], [1, 2], null, 2), /labelSmoothing must be a number in \[0, 1\]/],
    [() => tt.sigmoidCrossEntropy([1, 0], [1, 2], null, NaN), /sigmoidCrossEntropy: labelSmoothing must be a number in \[0, 1\], got NaN/],
    [() => tt.sigmoidCrossEntropy([1, 0], [1, 2], [1, 1, 1]), /sigmoidCrossEntropy: weights \[3\] cannot be broadcast to the losses' shape \[2\]/],
    [() => tt.dropout([1, 2], 1), /dropout: rate must be a number in \[0, 1\), got 1/],
    [() => tt.dropout([1, 2], { toString() { throw new Error("ran"); } } as never), /dropout: rate must be a number in \[0, 1\), got an object/],
    [() => tt.dropout([1, 2], 0.5, [3]), /noiseShape \[3\] must have x's rank/],
    [() => tt.dropout([1, 2], 0.5, 2 as never), /dropout: noiseShape must be an array, got 2/],
    [() => tt.shuffle(3), /shuffle: x must have rank >= 1/],
  ];
  for (const [f, re] of cases) {
    assert.throws(f, (e: Error) => e instanceof tt.TensorTapeError && re.test(e.message), String(re));
  }
  assert.equal(leakFields(tt.memory()), before);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
