// Exceptions never leave state behind: recorder and scope stacks restored, temporaries freed, runtime usable.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const mem = () => leakFields(tt.memory());

/** After a failure: no tape is recording (an op on a watched-by-nobody tensor is not recorded) and ops work. */
function usable(): void {
  tt.tidy(() => {
    const x = tt.tensor([1, 2]);
    const t = new tt.GradientTape();
    const y = t.record(() => { t.watch(x); return x.square().sum(); });
    assert.equal(Array.from(t.gradient(y, x)!.dataSync()), [2, 4]);
  });
}

test("a throw inside record() pops the tape; a throw inside nested record()s pops every one", () => {
  const before = mem();
  const outer = new tt.GradientTape({ persistent: true }), inner = new tt.GradientTape();
  assert.throws(() => outer.record(() => tt.tidy(() => inner.record(() => { tt.ones([3]); throw new Error("deep"); }))), /deep/);
  assert.is(outer.isRecording, false);
  assert.is(inner.isRecording, false);
  outer.dispose(); inner.dispose();
  assert.equal(mem(), before);
  usable();
});

test("a throw inside a gradient rule (customGradient's gradFunc) restores everything and spends the tape", () => {
  const before = mem();
  const boom = tt.customGradient((x) => ({ value: x.mul(2), gradFunc: () => { throw new Error("rule failed"); } }));
  const x = tt.tensor([1, 2, 3]);
  const t = new tt.GradientTape();
  const y = t.record(() => { t.watch(x); return tt.tidy(() => boom(x).exp().sum()); });
  assert.throws(() => t.gradient(y, x), /rule failed/);
  assert.throws(() => t.gradient(y, x), /can only be used to compute one set of gradients/);
  tt.dispose([x, y]);
  assert.equal(mem(), before, "the tape released what it saved, the backward pass's temporaries were freed");
  usable();
});

test("a throw inside customGradient's f frees what f made", () => {
  const before = mem();
  const bad = tt.customGradient((x) => { x.mul(3); throw new Error("f failed"); });
  assert.throws(() => tt.tidy(() => bad(tt.ones([4]))), /f failed/);
  assert.equal(mem(), before);
  usable();
});

test("a throw inside a persistent tape's gradient leaves the tape usable", () => {
  const flaky = { fail: true };
  const op = tt.customGradient((x) => ({ value: x.square(), gradFunc: (dy, [xi]) => { if (flaky.fail) throw new Error("once"); return dy.mul(xi).mul(2); } }));
  const x = tt.scalar(3);
  const t = new tt.GradientTape({ persistent: true });
  const y = t.record(() => { t.watch(x); return op(x); });
  assert.throws(() => t.gradient(y, x), /once/);
  flaky.fail = false;
  const g = t.gradient(y, x)!;
  assert.equal(Array.from(g.dataSync()), [6]);
  t.dispose();
  tt.dispose([x, y, g]);
  usable();
});

test("a throw inside ForwardAccumulator.record pops it; a failing op under an accumulator leaves no tangent behind", () => {
  const before = mem();
  const x = tt.tensor([1, 2]);
  const v = tt.ones([2]);
  const acc = new tt.ForwardAccumulator(x, v);
  assert.throws(() => acc.record(() => tt.tidy(() => { x.exp(); tt.add(x, tt.ones([3])); })), (e: Error) => e instanceof tt.ShapeError);
  assert.is(acc.isRecording, false);
  acc.dispose();
  tt.dispose([x, v]);
  assert.equal(mem(), before);
  usable();
});

test("tidy inside tidy inside record, with a throw at the innermost level", () => {
  const before = mem();
  const t = new tt.GradientTape();
  assert.throws(() => tt.tidy(() => t.record(() => tt.tidy(() => tt.tidy(() => { tt.ones([8]); throw new TypeError("inner"); })))), TypeError);
  t.dispose();
  assert.equal(mem(), before);
  usable();
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
