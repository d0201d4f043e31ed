// Memory: exact counts after tidy, gradient, grad-of-grad and tape disposal; flat training; OOM; ready().
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rng, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";
import { fresh as freshNode } from "../helpers/fresh.js";

const baseline = leakFields(tt.memory());
const mem = () => leakFields(tt.memory());

test("tidy frees everything but its result; keep() escapes; errors inside tidy free what was made", () => {
  const before = mem();
  let kept: tt.Tensor | null = null;
  const y = tt.tidy(() => {
    const a = tt.ones([10]);
    const b = a.mul(2).add(1);
    kept = tt.keep(b.exp());
    return [b, { c: a.sum() }];
  });
  const after = mem();
  assert.is(after.numTensors - before.numTensors, 3, "b, c and the kept exp survive");
  assert.throws(() => tt.tidy(() => { tt.ones([100]); throw new Error("inside"); }), /inside/);
  assert.equal(mem(), after, "the tensor made before the throw was freed");
  const nested = tt.tidy(() => tt.tidy(() => tt.ones([3]).add(1)));
  assert.is(mem().numTensors - after.numTensors, 1);
  tt.dispose([y, nested]);
  assert.is(mem().numTensors - before.numTensors, 1, "only the kept tensor is left");
  kept!.dispose();
  assert.equal(mem(), before);
});

test("gradient: the tape frees its saved buffers; only the results remain", () => {
  const x = tt.tensor([0.5, -1, 2]);
  const before = mem();
  const t = new tt.GradientTape();
  const y = t.record(() => { t.watch(x); return tt.tidy(() => x.tanh().mul(x).exp().sum()); });
  const during = mem();
  assert.ok(during.numBuffers > before.numBuffers + 1, "the tape holds intermediate buffers");
  assert.is(during.numTensors, before.numTensors + 1, "only y is a live handle");
  const g = t.gradient(y, x)!;
  assert.is(mem().numTensors, before.numTensors + 2, "y and the gradient");
  assert.is(mem().numBuffers, before.numBuffers + 2, "the non-persistent tape released everything it saved");
  tt.dispose([y, g]);
  assert.equal(mem(), before);
  x.dispose();
});

test("grad of grad through nested tapes: exactly the returned tensors remain", () => {
  const x = tt.tensor([0.3, 0.7]);
  const before = mem();
  const [d1, d2] = tt.tidy(() => {
    const outer = new tt.GradientTape();
    const d1 = outer.record(() => {
      const inner = new tt.GradientTape();
      const y = inner.record(() => { inner.watch(x); return x.sigmoid().sum(); });
      return inner.gradient(y, x)!;
    });
    return [d1, outer.gradient(d1, x)!];
  });
  assert.is(mem().numTensors, before.numTensors + 2);
  assert.is(mem().numBuffers, before.numBuffers + 2);
  const s = [0.3, 0.7].map((v) => 1 / (1 + Math.exp(-v)));
  d2.dataSync().forEach((v, i) => assert.ok(Math.abs(v - s[i] * (1 - s[i]) * (1 - 2 * s[i])) < 1e-6));
  tt.dispose([d1, d2]);
  assert.equal(mem(), before);
  x.dispose();
});

test("a persistent tape holds its buffers until dispose(), then memory is back exactly", () => {
  const before = mem();
  const x = tt.tensor([1, 2, 3, 4]);
  const t = new tt.GradientTape({ persistent: true });
  const y = t.record(() => { t.watch(x); return tt.tidy(() => x.square().sqrt().mul(x).sum()); });
  tt.dispose([t.gradient(y, x), t.gradient(y, x)]);
  const held = mem();
  x.dispose();
  y.dispose();
  assert.ok(mem().numBuffers > before.numBuffers, "the tape still holds x and the intermediates");
  t.dispose();
  assert.equal(mem(), before);
  assert.ok(held.numBuffers > before.numBuffers);
});

test("a training loop stays flat: 300 SGD steps of a 2-layer MLP", () => {
  const rand = rng(5);
  const X = tt.tensor(uniform(rand, 32 * 8), [32, 8]);
  const Y = tt.tensor(uniform(rand, 32 * 2), [32, 2]);
  let W1 = tt.tensor(uniform(rand, 8 * 16, -0.5, 0.5), [8, 16]), b1 = tt.zeros([16]);
  let W2 = tt.tensor(uniform(rand, 16 * 2, -0.5, 0.5), [16, 2]), b2 = tt.zeros([2]);
  const losses: number[] = [];
  let marks: ReturnType<typeof tt.memory>[] = [];
  for (let step = 0; step < 300; step++) {
    const next = tt.tidy(() => {
      const t = new tt.GradientTape();
      const loss = t.record(() => {
        t.watch([W1, b1, W2, b2]);
        const h = tt.relu(tt.matmul(X, W1).add(b1));
        const out = tt.matmul(h, W2).add(b2);
        return tt.mean(tt.square(tt.sub(out, Y)));
      });
      losses.push(loss.dataSync()[0]);
      const g = t.gradient(loss, [W1, b1, W2, b2]);
      return [W1, b1, W2, b2].map((p, i) => tt.sub(p, tt.mul(g[i]!, 0.1)));
    });
    tt.dispose([W1, b1, W2, b2]);
    [W1, b1, W2, b2] = next;
    if (step >= 10) marks.push(tt.memory());
  }
  assert.ok(losses[299] < 0.7 * losses[0], `loss went down: ${losses[0]} → ${losses[299]}`);
  for (const m of marks) assert.equal(leakFields(m), leakFields(marks[0]));
  assert.ok(marks.every((m) => m.wasmBytes === marks[0].wasmBytes), "wasm memory does not grow after warm-up");
  tt.dispose([X, Y, W1, b1, W2, b2]);
  marks = [];
});

/** Run a script in a fresh Node process (ready() decides once per process); its standard output as one string. */
const fresh = (body: string) => { const r = freshNode(body); return { ...r, out: r.out.join("\n") }; };

test("ready(): ops before it throw NotReadyError; same options are a no-op; different ones an error", () => {
  const r = fresh(`
    try { tt.ones([1]); } catch (e) { console.log(e.name, e.message); }
    for (const bad of [{ maxMemoryBytes: -1 }, { maxMemoryBytes: NaN }, { simd: "avx" }]) {
      try { await tt.ready(bad); } catch (e) { console.log(e.name, e.message); }
    }
    await tt.ready({ simd: "base" });
    await tt.ready({ simd: "base" });
    try { await tt.ready({ simd: "relaxed" }); } catch (e) { console.log(e.name, /already initialised/.test(e.message)); }
    console.log(tt.ones([2]).toString());`);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out.split("\n"), [
    "NotReadyError tensortape is not ready: await tt.ready() before using tensors",
    "ArgumentError ready: maxMemoryBytes must be a finite number of at least 65536, got -1",
    "ArgumentError ready: maxMemoryBytes must be a finite number of at least 65536, got NaN",
    'ArgumentError ready: simd must be "relaxed" or "base", got avx',
    "ArgumentError true",
    "[1. 1.]",
  ]);
});

test("out of memory under maxMemoryBytes: OutOfMemoryError, memory() unchanged, the runtime keeps working", () => {
  const r = fresh(`
    await tt.ready({ maxMemoryBytes: 4 << 20 });
    const a = tt.ones([256 * 1024]);                   // 1 MiB
    const counts = () => { const m = tt.memory(); return [m.numTensors, m.numBuffers, m.numBytes].join(); };
    const before = counts();
    try { tt.ones([2 * 1024 * 1024]); } catch (e) { console.log(e.name, /cannot allocate 8388608 bytes/.test(e.message)); }
    console.log(counts() === before);
    try { tt.tidy(() => tt.matmul(tt.ones([512, 512]), tt.ones([512, 512]))); } catch (e) { console.log(e.name); }
    console.log(counts() === before);
    console.log(a.sum().toString());`);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out.split("\n"), ["OutOfMemoryError true", "true", "OutOfMemoryError", "true", "262144.0"]);
});

test("freed blocks are merged and split when memory cannot grow: no OutOfMemoryError while there is room", () => {
  const r = fresh(`
    await tt.ready({ maxMemoryBytes: 4 << 20 });
    const MB = 1 << 18;                                   // floats per MiB
    // three adjacent 1 MiB blocks, freed: a 2.5 MiB request takes the space they leave at the top
    tt.dispose([tt.ones([MB]), tt.ones([MB]), tt.ones([MB])]);
    const show = (...ts) => console.log(tt.tidy(() => ts.map((t) => t.sum().toString()).join(" ")));
    const big = tt.ones([2.5 * MB]);
    show(big);
    big.dispose();
    // a freed 3 MiB block below a live one: a 2 MiB request is carved out of it
    const a = tt.ones([3 * MB]), pin = tt.ones([4096]);
    a.dispose();
    const b = tt.fill([2 * MB], 2);
    show(b, pin);
    // and what truly does not fit is still refused, leaving everything as it was
    const before = JSON.stringify([tt.memory().numTensors, tt.memory().numBytes]);
    try { tt.ones([3 * MB]); } catch (e) { console.log(e.name); }
    console.log(JSON.stringify([tt.memory().numTensors, tt.memory().numBytes]) === before);`);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out.split("\n"), ["655360.0", "1.048576e+06 4096.0", "OutOfMemoryError", "true"]);
});

test("matmul and conv2d free their packing workspace before returning: only the output is left", () => {
  const a = tt.ones([70, 300]), b = tt.ones([300, 90]), batch = tt.ones([3, 70, 300]);
  const x = tt.ones([2, 9, 9, 3]), f = tt.ones([3, 3, 3, 4]);
  const before = tt.memory();
  const cases: [() => tt.Tensor, number][] = [[() => tt.matmul(a, b), 70 * 90 * 4], [() => tt.matmul(batch, b), 3 * 70 * 90 * 4],
    [() => tt.matmul(b, a, { transposeA: true, transposeB: true }), 90 * 70 * 4], [() => tt.conv2d(x, f, 1, "same"), 2 * 9 * 9 * 4 * 4]];
  for (const [op, bytes] of cases) {
    const y = op(), m = tt.memory();
    assert.is(m.numBuffers, before.numBuffers + 1, "one new buffer: the output");
    assert.is(m.numBytes, before.numBytes + bytes, "its bytes only");
    y.dispose();
  }
  assert.equal(leakFields(tt.memory()), leakFields(before));
  tt.dispose([a, b, batch, x, f]);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
