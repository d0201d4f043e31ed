// Layout, index and creation ops beyond the op-spec rows: exact values, gradients by hand, forward mode,
// reproducibility of the random ops, and their edge cases.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const arr = (t: tt.Tensor) => Array.from(t.dataSync());

test("expandDims/squeeze are reshapes (no copy) and the methods match the functions", () => {
  tt.tidy(() => {
    const x = tt.range(0, 6).reshape([2, 3]);
    const before = tt.memory().numBuffers;
    assert.equal(tt.expandDims(x, 1).shape, [2, 1, 3]);
    assert.equal(x.expandDims(-1).shape, [2, 3, 1]);
    assert.equal(tt.squeeze(tt.expandDims(x, 0)).shape, [2, 3]);
    assert.equal(tt.squeeze(tt.zeros([1, 2, 1, 1]), [0, -1]).shape, [2, 1]);
    assert.is(tt.memory().numBuffers, before + 1, "only zeros allocated");
    assert.equal(tt.squeeze(tt.ones([1, 1], "bool")).arraySync(), true);
  });
});

test("split: pieces are slices; equal parts, sizes with -1, bool and int32; gradients land in place", () => {
  tt.tidy(() => {
    const x = tt.range(0, 12).reshape([3, 4]);
    const [a, b] = tt.split(x, 2, 1);
    assert.equal(a.arraySync(), [[0, 1], [4, 5], [8, 9]]);
    assert.equal(b.arraySync(), [[2, 3], [6, 7], [10, 11]]);
    const parts = x.split([1, -1], 0);
    assert.equal(parts.map((p) => p.shape), [[1, 4], [2, 4]]);
    assert.equal(tt.split(tt.tensor([true, false, true]), 3).map((p) => p.arraySync()), [[true], [false], [true]]);
    assert.equal(tt.split(tt.tensor([1, 2, 3], [3], "int32"), [0, 3])[0].shape, [0]);
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch(x); const [p, q] = tt.split(x, [1, 3], 1); return tt.add(tt.sum(p), tt.mul(tt.sum(q), 2)); });
    assert.equal(t.gradient(y, x)!.arraySync(), [[1, 2, 2, 2], [1, 2, 2, 2], [1, 2, 2, 2]]);
  });
});

test("tile: values for every dtype; the gradient sums the tiles", () => {
  tt.tidy(() => {
    assert.equal(tt.tile(tt.tensor([[1, 2], [3, 4]], [2, 2], "int32"), [2, 2]).arraySync(),
      [[1, 2, 1, 2], [3, 4, 3, 4], [1, 2, 1, 2], [3, 4, 3, 4]]);
    assert.equal(tt.tile(tt.tensor([[true], [false]]), [1, 3]).arraySync(), [[true, true, true], [false, false, false]]);
    const x = tt.tensor([1, 2]);
    const w = tt.tensor([[1, 10, 100, 1000, 10000, 100000]]);
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch(x); return tt.sum(tt.mul(tt.tile(tt.reshape(x, [1, 2]), [1, 3]), w)); });
    assert.equal(arr(t.gradient(y, x)!), [10101, 101010]);
    // all-ones reps: a new handle with the same values
    const z = tt.tile(x, [1]);
    assert.ok(z !== x && !z.isDisposed);
    assert.equal(arr(z), [1, 2]);
  });
});

test("gather: the gradient scatter-adds dy into the indexed rows (repeats accumulate), any axis", () => {
  tt.tidy(() => {
    const x = tt.range(0, 12).reshape([3, 4]);
    const t = new tt.GradientTape({ persistent: true });
    const [g0, g1] = t.record(() => {
      t.watch(x);
      return [tt.gather(x, [2, 0, 2, 2]), tt.gather(x, tt.tensor([[3, 3], [1, 0]], [2, 2], "int32"), 1)];
    });
    assert.equal(g0.arraySync(), [[8, 9, 10, 11], [0, 1, 2, 3], [8, 9, 10, 11], [8, 9, 10, 11]]);
    assert.equal(t.gradient(g0, x)!.arraySync(), [[1, 1, 1, 1], [0, 0, 0, 0], [3, 3, 3, 3]]);
    assert.equal(g1.shape, [3, 2, 2]);
    assert.equal(t.gradient(g1, x)!.arraySync(), [[1, 1, 0, 2], [1, 1, 0, 2], [1, 1, 0, 2]]);
    t.dispose();
  });
});

test("gather: forward mode (jvp) and a second derivative through the scatter-add", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2, 3]);
    const acc = new tt.ForwardAccumulator(x, tt.tensor([10, 20, 30]));
    const y = acc.record(() => tt.gather(x, [2, 2, 0]));
    assert.equal(arr(acc.jvp(y)!), [30, 30, 10]);
    acc.dispose();
    // d²/dx² Σ gather(x, i)³ = 6·count(i)·x on the gathered rows
    const outer = new tt.GradientTape();
    const g = outer.record(() => {
      const inner = new tt.GradientTape();
      const z = inner.record(() => { inner.watch(x); return tt.sum(tt.pow(tt.gather(x, [2, 2, 0]), 3)); });
      return inner.gradient(z, x)!;
    });
    assert.equal(arr(g), [3, 0, 54]);
    assert.equal(arr(outer.gradient(g, x)!), [6, 0, 36]);
  });
});

test("gather and unsortedSegmentSum: int32 indices never reach the tape; bad indices leave memory unchanged", () => {
  tt.tidy(() => {
    const x = tt.ones([4, 2]), ids = tt.tensor([0, 3], [2], "int32");
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch([x, ids]); return tt.gather(x, ids); });
    const [dx, di] = t.gradient(y, [x, ids]);
    assert.equal(dx!.arraySync(), [[1, 1], [0, 0], [0, 0], [1, 1]]);
    assert.is(di, null);
    const bad = tt.tensor([1, 4, 0], [3], "int32");
    const before = leakFields(tt.memory());
    assert.throws(() => tt.gather(x, bad), /indices\[1\] = 4 is out of range \[0, 4\)/);
    assert.throws(() => tt.gather(x, [[0], [2 ** 31]]), /must hold int32 integers/);
    assert.equal(leakFields(tt.memory()), before);
  });
});

test("unsortedSegmentSum: sums in segments, empty segments 0, ids shaped like x's leading dimensions", () => {
  tt.tidy(() => {
    const x = tt.tensor([[1, 2], [3, 4], [5, 6], [7, 8]]);
    assert.equal(tt.unsortedSegmentSum(x, [1, 1, 3, 1], 4).arraySync(), [[0, 0], [11, 14], [0, 0], [5, 6]]);
    assert.equal(tt.unsortedSegmentSum(tt.reshape(x, [2, 2, 2]), [[0, 1], [0, 0]], 2).arraySync(), [[13, 16], [3, 4]]);
    assert.equal(x.unsortedSegmentSum([0, 0, 0, 0], 1).arraySync(), [[16, 20]]);
    assert.equal(tt.unsortedSegmentSum(tt.zeros([0, 2]), [], 0).shape, [0, 2]);
    // along axis 1 of [2, 3]: columns summed by segment
    assert.equal(tt.unsortedSegmentSum(tt.tensor([[1, 2, 3], [4, 5, 6]]), [1, 0, 1], 2, 1).arraySync(), [[2, 4], [5, 10]]);
  });
});

test("oneHot: float32 by default, int32 on request, out-of-range rows all off, a method on indices", () => {
  tt.tidy(() => {
    const i = tt.tensor([[0, 2], [3, -1]], [2, 2], "int32");
    const h = tt.oneHot(i, 3);
    assert.is(h.dtype, "float32");
    assert.equal(h.shape, [2, 2, 3]);
    assert.equal(h.arraySync(), [[[1, 0, 0], [0, 0, 1]], [[0, 0, 0], [0, 0, 0]]]);
    assert.equal(i.oneHot(3, 5, -5, "int32").arraySync(), [[[5, -5, -5], [-5, -5, 5]], [[-5, -5, -5], [-5, -5, -5]]]);
    assert.is(tt.oneHot([1, 0], 2, 1, 0, "int32").toString(), "[[0 1]\n [1 0]]");
  });
});

test("linspace and eye: exact values", () => {
  tt.tidy(() => {
    assert.equal(arr(tt.linspace(0, 1, 5)), [0, 0.25, 0.5, 0.75, 1]);
    assert.equal(arr(tt.linspace(1, 0, 3)), [1, 0.5, 0]);
    assert.equal(arr(tt.linspace(-2, 2, 1)), [-2]);
    // the end point is `stop` exactly even where float32 accumulation would miss it
    const l = arr(tt.linspace(0, 0.1, 11));
    assert.is(l[10], Math.fround(0.1));
    l.forEach((v, i) => assert.is(v, Math.fround(i === 10 ? 0.1 : i * (0.1 / 10))));
    assert.equal(tt.eye(3).arraySync(), [[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    assert.equal(tt.eye(2, 3).arraySync(), [[1, 0, 0], [0, 1, 0]]);
    assert.equal(tt.eye(3, 2, undefined, "int32").arraySync(), [[1, 0], [0, 1], [0, 0]]);
    const b = tt.eye(2, 2, [3, 1], "bool");
    assert.equal(b.shape, [3, 1, 2, 2]);
    assert.equal(b.arraySync(), [[[[true, false], [false, true]]], [[[true, false], [false, true]]], [[[true, false], [false, true]]]]);
    assert.equal(tt.eye(0).shape, [0, 0]);
  });
});

test("random: a seed reproduces values across calls; the unseeded stream advances; dtypes and shapes", () => {
  tt.tidy(() => {
    const a = tt.randomNormal([4, 5], 1, 2, "float32", 2024), b = tt.randomNormal([4, 5], 1, 2, "float32", 2024);
    assert.equal(arr(a), arr(b));
    assert.equal(a.shape, [4, 5]);
    // a prefix of a longer draw with the same seed is the shorter draw (element e depends only on e)
    assert.equal(arr(tt.randomUniform([7], 0, 1, "float32", 5)), arr(tt.randomUniform([20], 0, 1, "float32", 5)).slice(0, 7));
    assert.equal(arr(tt.randomUniform([3], 0, 1, "float32", "x")), arr(tt.randomUniform([3], 0, 1, "float32", "x")));
    assert.not.equal(arr(tt.randomUniform([3], 0, 1, "float32", "x")), arr(tt.randomUniform([3], 0, 1, "float32", "y")));
    assert.equal(arr(tt.randomUniform([3], 0, 1, "float32", 0)), arr(tt.randomUniform([3], 0, 1, "float32", -0)), "seed -0 is seed 0");
    const u1 = arr(tt.randomUniform([8])), u2 = arr(tt.randomUniform([8]));
    assert.not.equal(u1, u2);
    const i = tt.randomUniform([1000], -2147483648, 2147483647, "int32", 1);
    assert.is(i.dtype, "int32");
    const iv = arr(i);
    assert.ok(iv.some((v) => v < -1e9) && iv.some((v) => v > 1e9), "the full int32 range is reached");
    assert.ok(iv.every((v) => v < 2147483647), "maxval excluded");
    const n = tt.randomNormal([100], 0, 0, "int32", 1);
    assert.equal(arr(n), new Array(100).fill(0));
    assert.equal(tt.randomUniform([]).shape, []);
  });
});

test("randomUniform: values stay in [minval, maxval) even where float32 rounding would reach maxval", () => {
  tt.tidy(() => {
    for (const [lo, hi] of [[1, 1.0000001], [0, 1e-30], [-1, 0], [100, 100.00001], [0.1, 0.3]]) {
      const v = arr(tt.randomUniform([20000], lo, hi, "float32", 9));
      const ok = v.every((x) => x >= Math.fround(lo) && x < hi);
      assert.ok(ok, `[${lo}, ${hi}): min ${Math.min(...v)} max ${Math.max(...v)}`);
    }
    // a range whose float32 step is coarse: every value is one of the representable ones below maxval
    const v = arr(tt.randomUniform([1000], 16777216, 16777220, "float32", 3));
    assert.ok(v.every((x) => x === 16777216 || x === 16777218), `values ${[...new Set(v)]}`);
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
