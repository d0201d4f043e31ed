// The issue-#12 nn ops: conv1d, depthwiseConv2d, batchNorm, layerNorm — identities, third order, methods, bad input, memory.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, checkGrad, rng, uniform } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(5151);
const inp = (shape: number[], lo = -1, hi = 1) => ({ shape, values: uniform(rand, shape.reduce((p, d) => p * d, 1), lo, hi) });
const o3 = { order: 3, rtol: 2e-2, atol: 2e-3 };

test("depthwiseConv2d with multiplier 1 on one channel is conv2d; layerNorm's rows have mean 0 and variance 1", () => {
  tt.tidy(() => {
    const x = tt.tensor(uniform(rand, 25), [1, 5, 5, 1]), f = tt.tensor(uniform(rand, 9), [3, 3, 1, 1]);
    assertClose(Array.from(tt.depthwiseConv2d(x, f, 1, "same").dataSync()), Array.from(tt.conv2d(x, f, 1, "same").dataSync()), 1e-6, 1e-6, "depthwise");
    const y = tt.layerNorm(tt.tensor(uniform(rand, 12, -3, 3), [3, 4]), -1, 0);
    const { mean, variance } = tt.moments(y, 1);
    assertClose(Array.from(mean.dataSync()), [0, 0, 0], 1e-5, 1e-6, "mean");
    assertClose(Array.from(variance.dataSync()), [1, 1, 1], 1e-5, 1e-5, "variance");
  });
});

test("third order: conv1d, depthwiseConv2d, batchNorm, layerNorm", () => {
  checkGrad({ f: (x, w) => tt.conv1d(x, w, 1, "same").square(), inputs: [inp([1, 5, 2]), inp([3, 2, 2])], ...o3 });
  checkGrad({ f: (x, w) => tt.depthwiseConv2d(x, w, 1, "valid").square(), inputs: [inp([1, 3, 3, 2]), inp([2, 2, 2, 1])], ...o3 });
  checkGrad({ f: (x, v) => tt.batchNorm(x, [0.1, -0.2], v), inputs: [inp([3, 2]), inp([2], 0.5, 1.5)], ...o3 });
  checkGrad({ f: (x, g) => tt.layerNorm(x, -1, 1e-3, g), inputs: [inp([2, 3], -2, 2), inp([3], 0.5, 1.5)], ...o3 });
});

test("methods: x.conv1d, x.depthwiseConv2d, x.batchNorm, x.layerNorm", () => {
  tt.tidy(() => {
    assert.equal(tt.ones([1, 4, 1]).conv1d(tt.ones([2, 1, 1]), 1, "valid").arraySync(), [[[2], [2], [2]]]);
    assert.equal(tt.ones([3, 3, 2]).depthwiseConv2d(tt.ones([2, 2, 2, 1]), 1, "valid").shape, [2, 2, 2]);
    assert.equal(tt.tensor([1, 3]).batchNorm([1, 1], [4, 4], undefined, undefined, 0).arraySync(), [0, 1]);
    assert.equal(tt.tensor([[1, 3]]).layerNorm(-1, 0).arraySync(), [[-1, 1]]);
  });
});

const bad: BadRow[] = [
  ["conv1d of rank 4", () => tt.conv1d(tt.ones([1, 1, 4, 1]), tt.ones([2, 1, 1]), 1, "valid"), tt.ShapeError, /conv1d: x must have rank 3 \[batch, width, inChannels\] \(or 2\), got rank 4/],
  ["conv1d channel mismatch", () => tt.conv1d(tt.ones([1, 4, 2]), tt.ones([2, 3, 1]), 1, "valid"), tt.ShapeError, /conv1d: x \[1,4,2\] has 2 channels but filter \[2,3,1\] expects 3/],
  ["conv1d with stride 0", () => tt.conv1d(tt.ones([1, 4, 1]), tt.ones([2, 1, 1]), 0, "valid"), tt.ShapeError, /conv1d: stride must be a positive integer/],
  ["conv1d with NCW", () => tt.conv1d(tt.ones([1, 4, 1]), tt.ones([2, 1, 1]), 1, "valid", "NCW"), tt.ArgumentError, /conv1d: dataFormat must be "NWC"/],
  ["depthwiseConv2d channel mismatch", () => tt.depthwiseConv2d(tt.ones([1, 4, 4, 2]), tt.ones([2, 2, 3, 1]), 1, "valid"), tt.ShapeError, /depthwiseConv2d: x \[1,4,4,2\] has 2 channels but filter \[2,2,3,1\] expects 3/],
  ["depthwiseConv2d with strides and dilations", () => tt.depthwiseConv2d(tt.ones([1, 4, 4, 1]), tt.ones([2, 2, 1, 1]), 2, "valid", "NHWC", 2), tt.ArgumentError, /depthwiseConv2d: strides \[2,2\] and dilations \[2,2\] cannot both be greater than 1/],
  ["depthwiseConv2d of rank 2", () => tt.depthwiseConv2d(tt.ones([4, 4]), tt.ones([2, 2, 1, 1]), 1, "valid"), tt.ShapeError, /depthwiseConv2d: x must have rank 4/],
  ["batchNorm with a mean that does not broadcast", () => tt.batchNorm(tt.ones([2, 3]), tt.ones([2]), tt.ones([3])), tt.ShapeError, /batchNorm: shapes \[2,3\] and \[2\]/],
  ["batchNorm with a mean larger than x", () => tt.batchNorm(tt.ones([3]), tt.ones([2, 3]), tt.ones([3])), tt.ShapeError, /batchNorm: mean \[2,3\] must broadcast to x \[3\]/],
  ["batchNorm with a negative epsilon", () => tt.batchNorm(tt.ones([3]), tt.ones([3]), tt.ones([3]), undefined, undefined, -1), tt.ArgumentError, /batchNorm: varianceEpsilon must be a finite number >= 0, got -1/],
  ["batchNorm without a variance", () => tt.batchNorm(tt.ones([3]), tt.ones([3]), undefined as never), tt.ArgumentError, /batchNorm: mean and variance are required/],
  ["layerNorm over an axis out of range", () => tt.layerNorm(tt.ones([2, 3]), 2), tt.ShapeError, /layerNorm: axis 2 is out of range for a tensor of rank 2/],
  ["layerNorm with a gamma that does not broadcast", () => tt.layerNorm(tt.ones([2, 3]), -1, 1e-5, tt.ones([2])), tt.ShapeError, /layerNorm: shapes \[2,3\] and \[2\]/],
  ["layerNorm of int32", () => tt.layerNorm(tt.ones([2], "int32")), tt.DTypeError, /layerNorm: x must be float32, got int32/],
  ["layerNorm with NaN epsilon", () => tt.layerNorm(tt.ones([2]), -1, NaN), tt.ArgumentError, /layerNorm: epsilon must be a finite number >= 0, got NaN/],
];
badInputTests(test, bad);

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
