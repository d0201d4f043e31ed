// GradientTape semantics: persistence, intermediates, nesting, watch propagation, structures, errors.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const vals = (t: tt.Tensor | null) => (t === null ? null : Array.from(t.dataSync()));

test("a non-persistent tape gives one gradient, then throws a clear error", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2]);
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch(x); return x.square().sum(); });
    assert.equal(vals(t.gradient(y, x)), [2, 4]);
    assert.throws(() => t.gradient(y, x), (e: Error) => e instanceof tt.TapeError && /non-persistent GradientTape can only be used to compute one set of gradients/.test(e.message));
    assert.throws(() => t.record(() => 0), /already computed its gradient/);
  });
});

test("a persistent tape gives any number of gradients until dispose()", () => {
  tt.tidy(() => {
    const x = tt.tensor([3]);
    const t = new tt.GradientTape({ persistent: true });
    const [y, z] = t.record(() => { t.watch(x); const y = x.mul(x); return [y, y.mul(x)]; });
    assert.equal(vals(t.gradient(y, x)), [6]);
    assert.equal(vals(t.gradient(z, x)), [27]);
    assert.equal(vals(t.gradient(z, y)), [3]);
    assert.equal(vals(t.gradient(y, x)), [6]);
    t.dispose();
    assert.throws(() => t.gradient(y, x), (e: Error) => e instanceof tt.DisposedError);
    t.dispose(); // no-op
  });
});

test("gradients to intermediates and inputs in one call; sources as array and object", () => {
  tt.tidy(() => {
    const a = tt.tensor([1, 2]), b = tt.tensor([3, 4]);
    const t = new tt.GradientTape({ persistent: true });
    const [h, y] = t.record(() => { t.watch([a, b]); const h = a.mul(b); return [h, h.exp().sum()]; });
    const [da, dh, db] = t.gradient(y, [a, h, b]);
    const e = [Math.exp(3), Math.exp(8)];
    assert.ok(Math.abs(da!.dataSync()[1] - 4 * e[1]) / (4 * e[1]) < 1e-6);
    assert.ok(Math.abs(dh!.dataSync()[0] - e[0]) / e[0] < 1e-6);
    assert.ok(Math.abs(db!.dataSync()[0] - 1 * e[0]) / e[0] < 1e-6);
    const g = t.gradient(y, { first: a, second: b });
    assert.equal(Object.keys(g), ["first", "second"]);
    assert.equal(vals(g.first), vals(da));
    t.dispose();
  });
});

test("unconnected sources give null, or zeros with unconnectedGradients: 'zero'; integer sources give null", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2]), u = tt.tensor([5, 6]), i = tt.tensor([1, 2], [2], "int32");
    const t = new tt.GradientTape({ persistent: true });
    const y = t.record(() => { t.watch([x, u, i]); return x.sum(); });
    assert.is(t.gradient(y, u), null);
    assert.equal(vals(t.gradient(y, u, { unconnectedGradients: "zero" })), [0, 0]);
    assert.is(t.gradient(y, i), null);
    const unwatched = tt.tensor([1]);
    const y2 = t.record(() => unwatched.mul(2));
    assert.is(t.gradient(y2, unwatched), null, "ops on unwatched tensors are not recorded");
    assert.throws(() => t.gradient(y, x, { unconnectedGradients: "nonsense" as never }), /unknown value for unconnectedGradients: 'nonsense'/);
    t.dispose();
  });
});

test("a non-scalar target is seeded with ones; outputGradients sets the seed", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 2, 3]);
    const t = new tt.GradientTape({ persistent: true });
    const y = t.record(() => { t.watch(x); return x.square(); });
    assert.equal(vals(t.gradient(y, x)), [2, 4, 6]);
    assert.equal(vals(t.gradient(y, x, { outputGradients: tt.tensor([1, 0, 10]) })), [2, 0, 60]);
    const seed = tt.tensor([1, 1, 1]);
    const self = t.gradient(y, y, { outputGradients: seed })!;
    assert.is.not(self, seed, "the caller's seed is not handed back as the result");
    assert.equal(vals(self), [1, 1, 1]);
    assert.throws(() => t.gradient(y, x, { outputGradients: tt.tensor([1, 2]) }), /outputGradients must be a float32 tensor of the target's shape \[3\]/);
    t.dispose();
  });
});

test("broadcasting in the forward pass sums the gradient back to each input's shape", () => {
  tt.tidy(() => {
    const a = tt.ones([2, 3]), b = tt.tensor([1, 2, 3]), s = tt.scalar(2);
    const t = new tt.GradientTape({ persistent: true });
    const y = t.record(() => { t.watch([a, b, s]); return a.mul(b).mul(s).sum(); });
    assert.equal(t.gradient(y, b)!.arraySync(), [4, 4, 4]);
    assert.equal(t.gradient(y, s)!.arraySync(), 12);
    assert.equal(t.gradient(y, a)!.arraySync(), [[2, 4, 6], [2, 4, 6]]);
    t.dispose();
  });
});

test("watch propagates to enclosing recording tapes; watchLocal keeps it local (TF 2)", () => {
  tt.tidy(() => {
    const x = tt.scalar(3);
    // default: the inner watch makes the outer tape see x too (the seed's TF 1 behaviour)
    const outer = new tt.GradientTape();
    const d1 = outer.record(() => {
      const inner = new tt.GradientTape();
      const y = inner.record(() => { inner.watch(x); return x.mul(x); });
      return inner.gradient(y, x)!;
    });
    assert.equal(vals(outer.gradient(d1, x)), [2]);
    // watchLocal: the outer tape never watched x, so its gradient is unconnected
    const outer2 = new tt.GradientTape();
    const d2 = outer2.record(() => {
      const inner = new tt.GradientTape({ watchLocal: true });
      const y = inner.record(() => { inner.watch(x); return x.mul(x); });
      return inner.gradient(y, x)!;
    });
    assert.equal(vals(d2), [6]);
    assert.is(outer2.gradient(d2, x), null);
    // TF 2 style: both tapes watch explicitly, watchLocal or not
    const outer3 = new tt.GradientTape({ watchLocal: true });
    const d3 = outer3.record(() => {
      outer3.watch(x);
      const inner = new tt.GradientTape({ watchLocal: true });
      const y = inner.record(() => { inner.watch(x); return x.mul(x).mul(x); });
      return inner.gradient(y, x)!;
    });
    assert.equal(vals(outer3.gradient(d3, x)), [18]);
  });
});

test("nesting three tapes deep: y = x⁴ + eˣ gives y'' = 12x² + eˣ and y''' = 24x + eˣ", () => {
  tt.tidy(() => {
    const x = tt.scalar(0.5);
    const t1 = new tt.GradientTape(), t2 = new tt.GradientTape(), t3 = new tt.GradientTape();
    const d2 = t1.record(() => {
      const d1 = t2.record(() => {
        const y = t3.record(() => { t3.watch(x); return x.pow(4).add(x.exp()); });
        return t3.gradient(y, x)!;            // 4x³ + eˣ
      });
      return t2.gradient(d1, x)!;             // 12x² + eˣ
    });
    const d3 = t1.gradient(d2, x)!;           // 24x + eˣ
    assert.ok(Math.abs(d2.dataSync()[0] - (3 + Math.exp(0.5))) < 1e-5);
    assert.ok(Math.abs(d3.dataSync()[0] - (12 + Math.exp(0.5))) < 1e-5);
  });
});

test("a persistent tape inside its own record records its backward pass: three derivatives from one tape", () => {
  tt.tidy(() => {
    const x = tt.scalar(2);
    const t = new tt.GradientTape({ persistent: true });
    const [d1, d2] = t.record(() => {
      t.watch(x);
      const y = x.mul(x).mul(x);            // x³
      const d1 = t.gradient(y, x)!;          // 3x² (recorded on t)
      const d2 = t.gradient(d1, x)!;         // 6x (recorded on t)
      return [d1, d2];
    });
    assert.equal(vals(d1), [12]);
    assert.equal(vals(d2), [12]);
    assert.equal(vals(t.gradient(d2, x)), [6]);
    t.dispose();
  });
});

test("disposing tensors the tape saved (or tidying them away) does not break gradient()", () => {
  const x = tt.tensor([1, 2, 3]);
  const t = new tt.GradientTape();
  let sq: tt.Tensor | null = null;
  const y = t.record(() => {
    t.watch(x);
    // x² and its exp are made inside a tidy and disposed with it; the tape holds its own references
    return tt.tidy(() => { sq = x.mul(x); return sq.exp().sum(); });
  });
  assert.ok(sq!.isDisposed);
  const g = t.gradient(y, x)!;
  const want = [1, 2, 3].map((v) => 2 * v * Math.exp(v * v));
  g.dataSync().forEach((v, i) => assert.ok(Math.abs(v - want[i]) / want[i] < 1e-6));
  // a disposed source is a use-after-dispose error, naming the tensor
  const t2 = new tt.GradientTape();
  const z = t2.record(() => { t2.watch(x); return x.sum(); });
  x.dispose();
  assert.throws(() => t2.gradient(z, x), (e: Error) => e instanceof tt.DisposedError && /GradientTape.gradient \(source\): Tensor \d+ \(float32 \[3\]\) is disposed/.test(e.message));
  t2.dispose();
  tt.dispose([g, y, z]);
});

test("record: errors for re-entry, a Promise result, a non-function; state restored after a throw", () => {
  const t = new tt.GradientTape();
  assert.throws(() => t.record(() => t.record(() => 1)), (e: Error) => e instanceof tt.TapeError && /tape is still recording; a tape cannot be re-entered/.test(e.message));
  assert.throws(() => t.record(() => Promise.resolve(1)), /returned a Promise/);
  assert.throws(() => t.record(3 as never), /expected a function/);
  assert.throws(() => t.record(() => { throw new Error("boom"); }), /boom/);
  assert.is(t.isRecording, false);
  tt.tidy(() => {
    const x = tt.scalar(2);
    const y = t.record(() => { t.watch(x); return x.square(); });
    assert.equal(vals(t.gradient(y, x)), [4]);
  });
});

test("stopRecording pauses the tape; watch rejects non-tensors; gradient rejects a missing target", () => {
  tt.tidy(() => {
    const x = tt.scalar(2);
    const t = new tt.GradientTape({ persistent: true });
    const [y, z] = t.record(() => {
      t.watch(x);
      const y = x.square();
      const z = t.stopRecording(() => x.square());
      return [y, z];
    });
    assert.equal(vals(t.gradient(y, x)), [4]);
    assert.is(t.gradient(z, x), null);
    assert.throws(() => t.watch(3 as never), (e: Error) => e instanceof tt.ArgumentError && /GradientTape.watch: x must be a Tensor/.test(e.message));
    assert.throws(() => t.gradient(undefined as never, x), /target should be a Tensor or a nested structure/);
    assert.throws(() => t.gradient(y, 5 as never), /sources must be a Tensor/);
    assert.throws(() => t.stopRecording(() => 1), /trying to stop recording a tape which is not recording/);
    t.dispose();
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
