// tt.linalg: forward values against numpy/scipy fixtures (scripts/gen-linalg-fixtures.py), identities, the error
// cases, gradients of the composites (orders 1–3), bad input, and memory back at its baseline.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import type { Tensor } from "tensortape";
import { assertClose, checkGrad, rng, size, uniform } from "../helpers/check.js";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const L = tt.linalg;
type Arr = { shape: number[]; values: number[] };
interface Case { label: string; inputs: Arr[]; outputs?: Arr[]; error?: boolean; lower?: boolean; adjoint?: boolean }
// JSON has no infinities: the generator writes them as strings, which Number() reads back
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/linalg.json", import.meta.url), "utf8"),
  (k, v) => (k === "values" ? (v as (number | string)[]).map(Number) : v)) as Record<string, Case[]>;

/** Each op's outputs as a list, from fixture inputs. */
const run: Record<string, (c: Case, ...x: Tensor[]) => Tensor[]> = {
  cholesky: (_, a) => [L.cholesky(a)],
  triangularSolve: (c, a, b) => [L.triangularSolve(a, b, c.lower, c.adjoint)],
  lu: (_, a) => L.lu(a),
  solve: (_, a, b) => [L.solve(a, b)],
  inv: (_, a) => [L.inv(a)],
  det: (_, a) => [L.det(a)],
  slogdet: (_, a) => { const r = L.slogdet(a); return [r.sign, r.logAbsDet]; },
  qr: (_, a) => L.qr(a),
};

for (const [op, list] of Object.entries(fixtures)) {
  test(`${op}: forward values and shapes match numpy/scipy (${list.length} cases, errors included)`, () => {
    for (const c of list) {
      const before = leakFields(tt.memory());
      tt.tidy(() => {
        const xs = c.inputs.map((i) => tt.tensor(i.values, i.shape));
        if (c.error) {
          try { run[op](c, ...xs); } catch (e) {
            assert.instance(e, tt.LinalgError, `${op} ${c.label}: ${(e as Error).message}`);
            assert.instance(e, tt.TensorTapeError);
            assert.match((e as Error).message, new RegExp(`^${op}: .*(not positive definite|singular)`));
            return;
          }
          assert.unreachable(`${op} ${c.label}: no error thrown`);
        }
        const ys = run[op](c, ...xs);
        assert.is(ys.length, c.outputs!.length);
        ys.forEach((y, k) => {
          const want = c.outputs![k];
          assert.equal([...y.shape], want.shape, `${op} ${c.label}: output ${k} shape`);
          assertClose(Array.from(y.dataSync(), Number), want.values, 2e-4, 2e-5, `${op} ${c.label} output ${k}`);
        });
      });
      assert.equal(leakFields(tt.memory()), before, `${op} ${c.label} leaked`);
    }
  });
}

test("det and slogdet of a singular matrix: 0 and { sign: 0, logAbsDet: -Infinity }, +0 as numpy (no error)", () => {
  tt.tidy(() => {
    const d = L.det([[1, 2], [2, 4]]).dataSync()[0];
    assert.ok(Object.is(d, 0), `det ${d}`);
    const s = L.slogdet([[1, 2], [2, 4]]);
    assert.ok(Object.is(s.sign.dataSync()[0], 0));
    assert.is(s.logAbsDet.dataSync()[0], -Infinity);
    assert.is(L.det([[1, 2], [2, 4]]).toString(), "0.0");
  });
});

const rand = rng(77);
/** a random matrix (batch) with a dominant diagonal of either sign */
function dominant(shape: number[]): number[] {
  const n = shape[shape.length - 1];
  return uniform(rand, size(shape)).map((v, i) => (Math.floor(i / n) % n === i % n ? (rand() < 0.5 ? -1 : 1) * (n / 2 + 1 + v / 2) : v));
}
const maxAbsDiff = (a: Tensor, b: Tensor) => { const x = a.dataSync(), y = b.dataSync(); let m = 0; for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i])); return m; };

test("identities: A·solve(A, b) = b, L·Lᵀ = A, QR = A with QᵀQ = I, inv(A)·A = I, slogdet = log|det|", () => {
  tt.tidy(() => {
    for (const n of [1, 4, 17, 40]) {
      const a = tt.tensor(dominant([2, n, n]), [2, n, n]), b = tt.tensor(uniform(rand, 2 * n * 3), [2, n, 3]);
      assert.ok(maxAbsDiff(tt.matmul(a, L.solve(a, b)), b) < 1e-4 * n, `solve n=${n}`);
      const spd = tt.add(tt.matmul(a, a, { transposeB: true }), tt.eye(n));
      const l = L.cholesky(spd);
      assert.ok(maxAbsDiff(tt.matmul(l, l, { transposeB: true }), spd) < 1e-5 * n * n, `cholesky n=${n}`);
      assert.is(maxAbsDiff(l, tt.mul(l, tt.tensor(Array.from({ length: n * n }, (_, i) => (i % n <= Math.floor(i / n) ? 1 : 0)), [n, n]))), 0, "L is lower");
      const [q, r] = L.qr(tt.slice(a, [0, 0, 0], [2, n, Math.max(1, n - 1)]));
      assert.ok(maxAbsDiff(tt.matmul(q, r), tt.slice(a, [0, 0, 0], [2, n, Math.max(1, n - 1)])) < 1e-5 * n, `QR = A n=${n}`);
      assert.ok(maxAbsDiff(tt.matmul(q, q, { transposeA: true }), tt.eye(q.shape[2], q.shape[2], [2])) < 1e-5 * n, `QᵀQ = I n=${n}`);
      assert.ok(maxAbsDiff(tt.matmul(L.inv(a), a), tt.eye(n, n, [2])) < 1e-5 * n, `inv n=${n}`);
      const { sign, logAbsDet } = L.slogdet(a), det = L.det(a).dataSync();
      if (n <= 17) Array.from(det).forEach((d, i) => {
        assert.is(Math.sign(d), sign.dataSync()[i]);
        assert.ok(Math.abs(Math.log(Math.abs(d)) - logAbsDet.dataSync()[i]) < 1e-4 * n, `slogdet n=${n}`);
      });
    }
  });
});

/** float64 references: op(A)⁻¹·B by substitution (A's `lower` triangle), and the Cholesky factor */
function refSolve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, k: number, lower: boolean, adjoint: boolean, unit: boolean): number[] {
  const at = (i: number, p: number) => (adjoint ? a[p * n + i] : a[i * n + p]), x = Array.from(b), fwd = lower !== adjoint;
  for (let t = 0; t < n; t++) {
    const i = fwd ? t : n - 1 - t;
    for (let c = 0; c < k; c++) {
      let s = x[i * k + c];
      for (let p = fwd ? 0 : i + 1; p < (fwd ? i : n); p++) s -= at(i, p) * x[p * k + c];
      x[i * k + c] = unit ? s : s / a[i * n + i];
    }
  }
  return x;
}
function refCholesky(a: ArrayLike<number>, n: number): number[] {
  const l = new Array<number>(n * n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) {
    let s = a[i * n + j];
    for (let p = 0; p < j; p++) s -= l[i * n + p] * l[j * n + p];
    l[i * n + j] = i === j ? Math.sqrt(s) : s / l[j * n + j];
  }
  return l;
}

test("kernel sizes: every SIMD body and tail and block edge (n = 1…9, 15…17, 31, 33; k = 1…5, 16, 17, 20) against float64", () => {
  tt.tidy(() => {
    for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 15, 16, 17, 31, 33]) {
      const a = dominant([n, n]), spd = tt.add(tt.matmul(tt.tensor(a, [n, n]), tt.tensor(a, [n, n]), { transposeB: true }), tt.eye(n));
      const spdv = spd.dataSync();
      assertClose(Array.from(L.cholesky(spd).dataSync()), refCholesky(spdv, n), 1e-4, 1e-5, `cholesky n=${n}`);
      for (const k of [1, 2, 3, 4, 5, 16, 17, 20]) {
        const b = uniform(rand, n * k);
        for (const [lower, adjoint, unit] of [[true, false, false], [true, true, false], [false, false, true], [false, true, false], [true, false, true]] as const) {
          const got = L.triangularSolve(tt.tensor(a, [n, n]), tt.tensor(b, [n, k]), lower, adjoint, unit).dataSync();
          assertClose(Array.from(got), refSolve(a, b, n, k, lower, adjoint, unit), 1e-4, 1e-4, `triangularSolve n=${n} k=${k} lower=${lower} adjoint=${adjoint} unit=${unit}`);
        }
      }
      // lu: x[p] = L·U with the pivots numpy would choose (the rows are a random permutation of a dominant matrix)
      const order = Array.from({ length: n }, (_, i) => i).sort(() => rand() - 0.5);
      const x = tt.gather(tt.tensor(a, [n, n]), tt.tensor(order, [n], "int32"));
      const [lu, p] = L.lu(x);
      const inverse = new Array<number>(n);
      order.forEach((r, i) => { inverse[r] = i; });
      assert.equal(Array.from(p.dataSync()), inverse, `lu n=${n}: pivots undo the row order`);
      const l = tt.add(tt.mul(lu, tt.tensor(Array.from({ length: n * n }, (_, i) => (i % n < Math.floor(i / n) ? 1 : 0)), [n, n])), tt.eye(n));
      const u = tt.mul(lu, tt.tensor(Array.from({ length: n * n }, (_, i) => (i % n >= Math.floor(i / n) ? 1 : 0)), [n, n]));
      assert.ok(maxAbsDiff(tt.matmul(l, u), tt.gather(x, p)) < 1e-5 * n, `lu n=${n}: L·U = x[p]`);
      for (const m of [n, n + 3, Math.max(1, n - 2)]) {
        const y = tt.tensor(uniform(rand, m * n), [m, n]), [q, r] = L.qr(y), kk = Math.min(m, n);
        assert.ok(maxAbsDiff(tt.matmul(q, r), y) < 1e-5 * n, `qr ${m}×${n}: QR = A`);
        assert.ok(maxAbsDiff(tt.matmul(q, q, { transposeA: true }), tt.eye(kk)) < 1e-5 * n, `qr ${m}×${n}: QᵀQ = I`);
        const rv = r.dataSync();
        for (let i = 0; i < kk; i++) for (let j = 0; j < i; j++) assert.is(rv[i * n + j], 0, `qr ${m}×${n}: R upper`);
      }
    }
  });
});

test("slogdet stays finite where det overflows float32 (a 40×40 matrix with diagonal 20)", () => {
  tt.tidy(() => {
    const a = tt.eye(40).mul(20);
    assert.is(L.det(a).dataSync()[0], Infinity);
    assert.ok(Math.abs(L.slogdet(a).logAbsDet.dataSync()[0] - 40 * Math.log(20)) < 1e-3);
  });
});

test("lu: x[p] = L·U with the permutation as int32, and triangularSolve reads only its triangle", () => {
  tt.tidy(() => {
    const x = tt.tensor([[0, 2, 1], [1, 1, 0], [3, 0, 1]]);
    const [lu, p] = L.lu(x);
    assert.is(p.dtype, "int32");
    assert.equal(Array.from(p.dataSync()), [2, 0, 1]);
    const l = tt.add(tt.mul(lu, tt.tensor([[0, 0, 0], [1, 0, 0], [1, 1, 0]])), tt.eye(3)), u = tt.mul(lu, tt.tensor([[1, 1, 1], [0, 1, 1], [0, 0, 1]]));
    assert.ok(maxAbsDiff(tt.matmul(l, u), tt.gather(x, p)) < 1e-6);
    const junk = tt.tensor([[2, 99], [1, 1]]);
    assert.equal(Array.from(L.triangularSolve(junk, [[2], [3]]).dataSync()), [1, 2]);
  });
});

// gradients of the composites (the primitives' rules are in grads.test.ts), on well-conditioned matrices
const inp = (shape: number[], values = uniform(rand, size(shape))) => ({ shape, values });
const composites: [string, (...x: Tensor[]) => Tensor, { shape: number[]; values: number[] }[]][] = [
  ["solve [3,3]·[3,2]", (a, b) => L.solve(a, b), [inp([3, 3], dominant([3, 3])), inp([3, 2])]],
  ["solve, vector b, batch a", (a, b) => L.solve(a, b), [inp([2, 3, 3], dominant([2, 3, 3])), inp([3])]],
  ["solve, broadcast batches", (a, b) => L.solve(a, b), [inp([2, 1, 2, 2], dominant([2, 1, 2, 2])), inp([3, 2, 1])]],
  ["inv", (a) => L.inv(a), [inp([3, 3], dominant([3, 3]))]],
  ["det", (a) => L.det(a), [inp([2, 3, 3], dominant([2, 3, 3]))]],
  ["slogdet", (a) => { const s = L.slogdet(a); return s.logAbsDet.mul(s.sign.add(2)); }, [inp([3, 3], dominant([3, 3]))]],
];
for (const order of [1, 2]) {
  test(`composites: order ${order} matches central differences (solve, inv, det, slogdet)`, () => {
    for (const [label, f, inputs] of composites) {
      const before = leakFields(tt.memory());
      try { checkGrad({ f, inputs, order, seed: order }); } catch (e) { throw new Error(`${label}: ${(e as Error).message}`); }
      assert.equal(leakFields(tt.memory()), before, `${label} leaked`);
    }
  });
}

test("det's gradient is det·A⁻ᵀ (Jacobi's formula)", () => {
  tt.tidy(() => {
    const a = tt.tensor(dominant([3, 3]), [3, 3]);
    const g = tt.grad((x: Tensor) => L.det(x))(a);
    assert.ok(maxAbsDiff(g, tt.mul(L.det(a), tt.transpose(L.inv(a)))) < 1e-4);
  });
});

test("third order on a sample: cholesky, triangularSolve, solve, inv, det, slogdet, qr", () => {
  const o3 = { order: 3, rtol: 2e-2, atol: 2e-3 };
  const sym = (x: Tensor) => tt.add(tt.add(x, tt.transpose(x)), tt.eye(3).mul(6));
  checkGrad({ f: (x) => L.cholesky(sym(x)), inputs: [inp([3, 3])], ...o3 });
  checkGrad({ f: (a, b) => L.solve(a, b), inputs: [inp([3, 3], dominant([3, 3])), inp([3])], ...o3 });
  checkGrad({ f: (a) => L.det(a), inputs: [inp([3, 3], dominant([3, 3]))], ...o3 });
  checkGrad({ f: (a) => L.qr(a)[1], inputs: [inp([3, 2])], ...o3 });
  checkGrad({ f: (a, b) => L.triangularSolve(a, b, false, true), inputs: [inp([3, 3], dominant([3, 3])), inp([3, 2])], ...o3 });
  checkGrad({ f: (a) => L.inv(a), inputs: [inp([2, 2], dominant([2, 2]))], ...o3 });
  checkGrad({ f: (a) => L.slogdet(a).logAbsDet, inputs: [inp([3, 3], dominant([3, 3]))], ...o3 });
});

test("Newton's method: hessian, then linalg.solve, minimises a quadratic in one step", () => {
  tt.tidy(() => {
    const A = tt.tensor([[3, 1], [1, 2]]), c = tt.tensor([1, -1]);
    const f = (x: Tensor) => tt.sum(tt.mul(x, tt.matmul(A, x.reshape([2, 1])).reshape([2]))).mul(0.5).sub(tt.sum(tt.mul(c, x)));
    const x0 = tt.tensor([5, 5]);
    const x1 = tt.sub(x0, L.solve(tt.hessian(f)(x0), tt.grad(f)(x0)));
    assertClose(Array.from(x1.dataSync()), Array.from(L.solve(A, c).dataSync()), 1e-5, 1e-5, "Newton step");
  });
});

test("the README's Newton example converges to ∇f = 0 and frees what it made", () => {
  const before = leakFields(tt.memory());
  const f = (x: Tensor) => x.sub([1, 2]).pow(4).sum().add(x.square().sum());
  let x = tt.tensor([0, 0]);
  for (let i = 0; i < 8; i++) {
    const step = tt.tidy(() => x.sub(tt.linalg.solve(tt.hessian(f)(x), tt.grad(f)(x))));
    x.dispose(); x = step;
  }
  tt.tidy(() => assert.ok(Math.max(...Array.from(tt.grad(f)(x).dataSync(), Math.abs)) < 1e-4, `∇f = ${tt.grad(f)(x).toString()}`));
  assertClose(Array.from(x.dataSync()), [0.4102, 1.1649], 0, 1e-3, "Newton's minimum");
  x.dispose();
  assert.equal(leakFields(tt.memory()), before);
});

const bad: BadRow[] = [
  ["cholesky of a vector", () => L.cholesky([1, 2]), tt.ShapeError, /^cholesky: x must be a square matrix \[\.\.\., n, n\] \(or a batch of them\), got \[2\]/],
  ["cholesky of a non-square matrix", () => L.cholesky(tt.ones([2, 3])), tt.ShapeError, /^cholesky: x must be a square matrix .*got \[2,3\]/],
  ["cholesky of int32", () => L.cholesky(tt.ones([2, 2], "int32")), tt.DTypeError, /^cholesky: x must be float32, got int32 \[2,2\]/],
  ["cholesky of a non-PD batch item", () => L.cholesky(tt.stack([tt.eye(2), tt.eye(2).neg()])), tt.LinalgError, /^cholesky: x \[2,2,2\] is not positive definite \(matrix 1 of the batch\)/],
  ["triangularSolve with mismatched rows", () => L.triangularSolve(tt.eye(3), tt.ones([2, 1])), tt.ShapeError, /^triangularSolve: b \[2,1\] must have 3 rows, as a \[3,3\] has/],
  ["triangularSolve with a vector b", () => L.triangularSolve(tt.eye(3), tt.ones([3])), tt.ShapeError, /^triangularSolve: b must be a matrix \[\.\.\., m, n\]/],
  ["triangularSolve with batches that do not broadcast", () => L.triangularSolve(tt.ones([2, 2, 2]), tt.ones([3, 2, 1])), tt.ShapeError, /^triangularSolve \(batch dimensions of a \[2,2,2\] and b \[3,2,1\]\)/],
  ["triangularSolve with an object for adjoint (its toString never runs)", () => L.triangularSolve(tt.eye(2), tt.ones([2, 1]), true, { toString() { throw new Error("ran"); } } as never), tt.ArgumentError, /^triangularSolve: lower, adjoint and unitDiagonal must be booleans, got true, an object and false/],
  ["triangularSolve with a non-boolean lower", () => L.triangularSolve(tt.eye(2), tt.ones([2, 1]), 1 as never), tt.ArgumentError, /^triangularSolve: lower, adjoint and unitDiagonal must be booleans, got 1, false and false/],
  ["triangularSolve with a zero diagonal", () => L.triangularSolve([[1, 0], [1, 0]], [[1], [1]]), tt.LinalgError, /^triangularSolve: a \[2,2\] is singular: a zero on its diagonal/],
  ["triangularSolve of a singular broadcast batch", () => L.triangularSolve(tt.stack([tt.eye(2), tt.zeros([2, 2])]), tt.ones([1, 2, 1])), tt.LinalgError, /singular: a zero on its diagonal \(matrix 1 of the batch\)/],
  ["solve with a wrong-length vector", () => L.solve(tt.eye(3), [1, 2]), tt.ShapeError, /^solve: b must be \[\.\.\., 3, k\] or \[3\] to match a \[3,3\], got \[2\]/],
  ["solve with a scalar b", () => L.solve(tt.eye(3), 1), tt.ShapeError, /^solve: b must be/],
  ["solve with batches that do not broadcast", () => L.solve(tt.ones([2, 2, 2]), tt.ones([3, 2, 1])), tt.ShapeError, /^solve \(batch dimensions of a \[2,2,2\] and b \[3,2,1\]\)/],
  ["solve with int32 b", () => L.solve(tt.eye(2), tt.ones([2], "int32")), tt.DTypeError, /^solve: b must be float32, got int32 \[2\]/],
  ["solve of a singular matrix", () => L.solve([[1, 2], [2, 4]], [1, 1]), tt.LinalgError, /^solve: a \[2,2\] is singular: a zero pivot/],
  ["inv of a singular batch item", () => L.inv(tt.stack([tt.eye(2), tt.zeros([2, 2])])), tt.LinalgError, /^inv: x \[2,2,2\] is singular: a zero pivot in its LU factorisation \(matrix 1 of the batch\)/],
  ["inv of a non-square matrix", () => L.inv(tt.ones([2, 3])), tt.ShapeError, /^inv: x must be a square matrix/],
  ["det of a scalar", () => L.det(3), tt.ShapeError, /^det: x must be a square matrix .*got \[\]/],
  ["slogdet of a Promise", () => L.slogdet(Promise.resolve(1) as never), tt.ArgumentError, /^slogdet: argument x is a Promise/],
  ["lu of a non-square matrix", () => L.lu(tt.ones([3, 2])), tt.ShapeError, /^lu: x must be a square matrix/],
  ["qr of a vector", () => L.qr([1, 2, 3]), tt.ShapeError, /^qr: x must be a matrix \[\.\.\., m, n\] \(or a batch of them\), got \[3\]/],
  ["qr of a disposed tensor", () => { const x = tt.eye(2); x.dispose(); L.qr(x); }, tt.DisposedError, /^qr: Tensor \d+ \(float32 \[2,2\]\) is disposed/],
  ["qr's gradient of a wide matrix", () => tt.grad((x: Tensor) => L.qr(x)[1])(tt.ones([2, 3])), tt.LinalgError, /^qr: the gradient is implemented for m >= n only, got x \[2,3\]/],
];
badInputTests(test, bad, () => assert.equal(Array.from(L.solve([[2, 0], [0, 4]], [2, 2]).dataSync()), [1, 0.5]));

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
