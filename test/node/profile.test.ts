// tt.time, tt.profile and tt.setDebug: the values of every field, nothing of the caller's freed, nothing leaked.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

test("profile: net tensors and bytes, the peak, each kernel with its op's allocation; the result is the caller's", async () => {
  const x = tt.ones([1000]); // 4000 bytes
  const before = tt.memory();
  const p = await tt.profile(() => tt.tidy(() => x.square().sum()));
  assert.is(p.newTensors, 1);
  assert.is(p.newBytes, 4);
  // square's 4000-byte output and sum's 4-byte output were live together inside the tidy
  assert.is(p.peakBytes, before.numBytes + 4004);
  assert.equal(p.kernels.map((k) => [k.name, k.bytes]), [["square_f32", 4000], ["sum_f32", 4]]);
  for (const k of p.kernels) assert.ok(k.ms >= 0 && Number.isFinite(k.ms), `${k.name}: ms ${k.ms}`);
  assert.is(p.result.dataSync()[0], 1000);
  assert.equal(Array.from(x.dataSync().slice(0, 2)), [1, 1], "the caller's input is untouched and alive");
  p.result.dispose();
  assert.equal(leakFields(tt.memory()), leakFields(before));
  x.dispose();
});

test("profile: an async fn is awaited; a nested profile's kernels are the outer's too, and the outer peak survives", async () => {
  const before = leakFields(tt.memory());
  const outer = await tt.profile(async () => {
    const big = tt.zeros([2000]); // 8000 bytes, freed before the inner profile
    big.dispose();
    await Promise.resolve();
    const inner = await tt.profile(() => tt.tidy(() => tt.exp(tt.zeros([10])).sum()));
    assert.equal(inner.kernels.map((k) => k.name), ["fill_f32", "exp_f32", "sum_f32"]);
    assert.ok(inner.peakBytes < before.numBytes + 8000, "the inner peak starts at the inner call");
    return inner.result;
  });
  assert.equal(outer.kernels.map((k) => k.name), ["fill_f32", "fill_f32", "exp_f32", "sum_f32"]);
  assert.ok(outer.peakBytes >= before.numBytes + 8000, `outer peak ${outer.peakBytes}`);
  assert.is(outer.newTensors, 1);
  (outer.result as tt.Tensor).dispose();
  assert.equal(leakFields(tt.memory()), before);
});

test("profile and time: a throwing fn rejects with its error and leaves no timing behind", async () => {
  const before = leakFields(tt.memory());
  const boom = new Error("boom");
  await tt.profile(() => { tt.tidy(() => { tt.ones([3]).neg(); }); throw boom; }).then(
    () => assert.unreachable("resolved"), (e) => assert.is(e, boom));
  await tt.time(async () => { throw boom; }).then(() => assert.unreachable("resolved"), (e) => assert.is(e, boom));
  const p = await tt.profile(() => undefined);
  assert.equal(p.kernels, [], "no kernel calls recorded by the earlier, failed measurements");
  assert.is(p.newTensors, 0);
  assert.is(p.newBytes, 0);
  assert.equal(leakFields(tt.memory()), before);
  await tt.profile(42 as never).then(() => assert.unreachable("resolved"),
    (e) => assert.ok(e instanceof tt.ArgumentError && /^profile: expected a function, got number/.test(e.message), String(e)));
  await tt.time(null as never).then(() => assert.unreachable("resolved"),
    (e) => assert.ok(e instanceof tt.ArgumentError && /^time: expected a function, got null/.test(e.message), String(e)));
});

test("time: wall and kernel milliseconds; tensors are neither freed nor leaked", async () => {
  const a = tt.randomNormal([192, 192], 0, 1, "float32", 1);
  const before = leakFields(tt.memory());
  let y: tt.Tensor | undefined;
  const t = await tt.time(() => { y = tt.tidy(() => a.matmul(a).matmul(a).matmul(a)); });
  assert.ok(t.kernelMs !== undefined && t.kernelMs > 0, `kernelMs ${t.kernelMs}`);
  assert.ok(t.wallMs >= t.kernelMs!, `wallMs ${t.wallMs} < kernelMs ${t.kernelMs}`);
  assert.is(tt.memory().numTensors, before.numTensors + 1, "time() does not dispose what fn made");
  y!.dispose();
  assert.equal(leakFields(tt.memory()), before);
  const idle = await tt.time(async () => { await new Promise((r) => setTimeout(r, 20)); });
  assert.ok(idle.wallMs >= 15, `an awaited timer counts in wallMs: ${idle.wallMs}`);
  assert.is(idle.kernelMs, 0);
  a.dispose();
});

test("setDebug: a NaN output throws a NumericError naming the op, on the fast path and the general one; Infinity is allowed", () => {
  const before = leakFields(tt.memory());
  const neg = tt.tensor([1, -1]);
  const zero = tt.zeros([2]);
  tt.setDebug(true);
  try {
    assert.throws(() => tt.log(neg), (e: Error) => e instanceof tt.NumericError && e instanceof tt.TensorTapeError &&
      /^log: produced NaN at flat index 1 of its output/.test(e.message));
    assert.throws(() => neg.sqrt(), (e: Error) => e instanceof tt.NumericError && /^sqrt: /.test(e.message));
    assert.throws(() => tt.log([[-1]]), (e: Error) => e instanceof tt.NumericError && /^log: /.test(e.message));
    assert.throws(() => tt.div(zero, zero), (e: Error) => e instanceof tt.NumericError && /^div: /.test(e.message));
    // floorDiv is not recorded on a tape: withArgs' own check names it
    assert.throws(() => tt.floorDiv([0], [0]), (e: Error) => e instanceof tt.NumericError && /^floorDiv: /.test(e.message));
    const inf = tt.log(zero); // −Infinity is legitimate
    assert.equal(Array.from(inf.dataSync()), [-Infinity, -Infinity]);
    inf.dispose();
    // inside a tape: the NaN is caught before the tape records anything
    const tape = new tt.GradientTape();
    tape.watch(neg);
    assert.throws(() => tape.record(() => tt.log(neg)), (e: Error) => e instanceof tt.NumericError);
    tape.dispose();
  } finally { tt.setDebug(false); }
  const nan = tt.log(neg); // off again: NaN flows through
  assert.ok(Number.isNaN(nan.dataSync()[1]));
  nan.dispose();
  tt.dispose([neg, zero]);
  assert.equal(leakFields(tt.memory()), before, "the throwing ops freed their outputs");
  assert.throws(() => tt.setDebug(1 as never), (e: Error) => e instanceof tt.ArgumentError && /^setDebug: /.test(e.message));
});

test("setDebug: a NaN from a fused optimizer update names the optimizer and leaves the variable as it was; custom gradients are checked", () => {
  const before = leakFields(tt.memory());
  const init = tt.tensor([1, 2]);
  const w = tt.variable(init, { name: "w" });
  const g = tt.tensor([0.5, NaN]); // made before debug mode: the NaN comes from outside
  const x = tt.tensor([-1, 4]);
  const opt = tt.optimizers.sgd(0.1);
  const logOf = tt.customGradient((v: tt.Tensor) => ({ value: tt.log(v), gradFunc: (dy: tt.Tensor) => dy.div(v) }));
  tt.setDebug(true);
  try {
    assert.throws(() => opt.applyGradients([w], [g]), (e: Error) => e instanceof tt.NumericError && /^sgd: produced NaN at flat index 1/.test(e.message));
    assert.equal(Array.from(w.dataSync()), [1, 2], "the variable keeps its value");
    assert.throws(() => logOf(x), (e: Error) => e instanceof tt.NumericError && /^log: /.test(e.message));
  } finally { tt.setDebug(false); }
  opt.dispose();
  tt.dispose([w, init, g, x]);
  assert.equal(leakFields(tt.memory()), before);
});

test.run();
