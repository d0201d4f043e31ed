// Scans and summaries (issue #12): cumsum/cumprod over kernel sizes against float64, methods, bad input, memory.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, rng, uniform } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(1212);

/** float64 reference scan of [outer, n, inner] along n */
function refScan(x: number[], outer: number, n: number, inner: number, prod: boolean, ex: boolean, rev: boolean): number[] {
  const out = new Array<number>(x.length);
  for (let o = 0; o < outer; o++) for (let j = 0; j < inner; j++) {
    let acc = prod ? 1 : 0;
    for (let s = 0; s < n; s++) {
      const i = rev ? n - 1 - s : s, k = (o * n + i) * inner + j;
      if (ex) { out[k] = acc; acc = prod ? acc * x[k] : acc + x[k]; } else { acc = prod ? acc * x[k] : acc + x[k]; out[k] = acc; }
    }
  }
  return out;
}

test("cumsum and cumprod: SIMD rows and tails (inner 1…9, 15…17) in every mode, against float64", () => {
  for (const inner of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17]) for (const n of [1, 2, 5]) for (const mode of [0, 1, 2, 3]) {
    const ex = (mode & 1) !== 0, rev = (mode & 2) !== 0, outer = 2;
    const x = uniform(rand, outer * n * inner, 0.5, 1.5);
    tt.tidy(() => {
      const t = tt.tensor(x, [outer, n, inner]);
      assertClose(Array.from(tt.cumsum(t, 1, ex, rev).dataSync()), refScan(x, outer, n, inner, false, ex, rev), 1e-5, 1e-6, `cumsum inner ${inner} n ${n} mode ${mode}`);
      assertClose(Array.from(tt.cumprod(t, 1, ex, rev).dataSync()), refScan(x, outer, n, inner, true, ex, rev), 1e-5, 1e-6, `cumprod inner ${inner} n ${n} mode ${mode}`);
    });
  }
});

test("cumsum/cumprod on int32 wrap as TF's; empty tensors; linear time on a long axis", () => {
  tt.tidy(() => {
    assert.equal(tt.cumsum(tt.tensor([2 ** 31 - 1, 1, 5], [3], "int32")).arraySync(), [2 ** 31 - 1, -(2 ** 31), -(2 ** 31) + 5]);
    assert.equal(tt.cumprod(tt.tensor([[2, 3], [4, 5]], [2, 2], "int32"), 0, true).arraySync(), [[1, 1], [2, 3]]);
    assert.equal(tt.cumsum(tt.zeros([0, 3]), 1).shape, [0, 3]);
    const n = 1 << 20;
    const t0 = performance.now();
    const y = tt.cumsum(tt.ones([n]));
    assert.ok(performance.now() - t0 < 2000, "a million-element scan is fast");
    assert.is(y.dataSync()[n - 1], n);
  });
});

test("methods: x.cumsum(), x.cumprod(), x.norm(), x.moments(), x.any(), x.all()", () => {
  tt.tidy(() => {
    const x = tt.tensor([[1, -2], [3, 4]]);
    assert.equal(x.cumsum(1).arraySync(), [[1, -1], [3, 7]]);
    assert.equal(x.cumprod(0, false, true).arraySync(), [[3, -8], [3, 4]]);
    assert.equal(x.norm(1, [0, 1]).arraySync(), 6);
    assert.equal(x.norm(Infinity).arraySync(), 4);
    const m = x.moments(0);
    assert.equal([m.mean.arraySync(), m.variance.arraySync()], [[2, 1], [1, 9]]);
    assert.equal(x.greater(0).any(1).arraySync(), [true, true]);
    assert.equal(x.greater(0).all(1, true).arraySync(), [[false], [true]]);
  });
});

test("the gradients: cumsum's is a reversed cumsum; norm's is x/‖x‖; moments' variance 2(x − m)/n", () => {
  tt.tidy(() => {
    const x = tt.tensor([3, 4]);
    const g = tt.grad((v: tt.Tensor) => tt.cumsum(v).mul(tt.tensor([1, 10])).sum())(x);
    assert.equal(g.arraySync(), [11, 10]);
    assertClose(Array.from(tt.grad((v: tt.Tensor) => tt.norm(v))(x).dataSync()), [0.6, 0.8], 1e-6, 1e-7, "norm");
    assertClose(Array.from(tt.grad((v: tt.Tensor) => tt.moments(v).variance)(tt.tensor([1, 2, 6])).dataSync()), [-4 / 3, -2 / 3, 2], 1e-6, 1e-6, "variance");
  });
});

const bad: BadRow[] = [
  ["cumsum over an axis out of range", () => tt.cumsum(tt.ones([2, 3]), 2), tt.ShapeError, /cumsum: axis 2 is out of range for a tensor of rank 2 \(shape \[2,3\]\)/],
  ["cumsum of a scalar", () => tt.cumsum(tt.scalar(1)), tt.ShapeError, /cumsum: axis 0 is out of range for a tensor of rank 0/],
  ["cumprod over a fractional axis", () => tt.cumprod(tt.ones([2]), 0.5), tt.ShapeError, /cumprod: axis 0.5/],
  ["cumprod over an array of axes", () => tt.cumprod(tt.ones([2]), [0] as never), tt.ArgumentError, /cumprod: axis must be a number/],
  ["cumsum of bool", () => tt.cumsum(tt.tensor([true])), tt.DTypeError, /cumsum: x must be float32 or int32, got bool \[1\]/],
  ["cumsum with a non-boolean exclusive", () => tt.cumsum(tt.ones([2]), 0, 1 as never), tt.ArgumentError, /cumsum: exclusive must be a boolean/],
  ["norm with an unknown ord", () => tt.norm(tt.ones([3]), 3), tt.ArgumentError, /norm: ord 3 is not supported for a vector norm of x \[3\]/],
  ["norm with ord fro on a vector", () => tt.norm(tt.ones([3]), "fro", 0), tt.ArgumentError, /norm: ord "fro" is not supported for a vector norm/],
  ["norm with ord 2 on a matrix", () => tt.norm(tt.ones([2, 2]), 2, [0, 1]), tt.ArgumentError, /norm: ord 2 is not supported for a matrix norm of x \[2,2\]/],
  ["norm over three axes", () => tt.norm(tt.ones([2, 2, 2]), "fro", [0, 1, 2]), tt.ShapeError, /norm: axis \[0,1,2\] names 3 axes of x \[2,2,2\]/],
  ["norm over a repeated axis", () => tt.norm(tt.ones([2, 2]), "fro", [1, -1]), tt.ShapeError, /norm: axis \[1,1\] repeats an axis of x \[2,2\]/],
  ["norm of int32", () => tt.norm(tt.ones([2], "int32")), tt.DTypeError, /norm: x must be float32, got int32 \[2\]/],
  ["moments over an axis out of range", () => tt.moments(tt.ones([2]), 1), tt.ShapeError, /moments: axis 1 is out of range for a tensor of rank 1/],
  ["any of float32", () => tt.any(tt.ones([2])), tt.DTypeError, /any: x must be bool, got float32 \[2\]/],
  ["all over an axis out of range", () => tt.all(tt.tensor([true]), 3), tt.ShapeError, /all: axis 3 is out of range/],
];
badInputTests(test, bad);

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
