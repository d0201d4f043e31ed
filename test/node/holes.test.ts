// One test per hole of the hostile-input issue (#10), each the issue's own example: the error class (or the
// right result), memory() unchanged and every other tensor intact.
import { spawnSync } from "node:child_process";
import v8 from "node:v8";
import vm from "node:vm";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const mem = () => leakFields(tt.memory());
const baseline = mem();

function throwsClass(fn: () => unknown, cls: new (...a: never[]) => Error, message?: RegExp): void {
  const before = mem();
  try {
    tt.dispose(tt.tidy(() => fn()) as never); // the tidy frees the arguments the test itself made
    assert.unreachable("no error thrown");
  } catch (e) {
    assert.instance(e, cls, `${(e as Error).name}: ${(e as Error).message}`);
    if (message) assert.match((e as Error).message, message);
  }
  assert.equal(mem(), before, "memory unchanged by the failure");
}

test("hole 1: sizes are checked where they are used (slice of NaN or 0.5; no allocation overlaps a live tensor)", () => {
  const v = tt.tensor([7, 8, 9, 10]);
  const x = tt.tensor([1, 2, 3, 4]);
  throwsClass(() => tt.slice(x, NaN), tt.ShapeError, /slice: begin must be an integer/);
  throwsClass(() => tt.slice(x, 0.5), tt.ShapeError);
  throwsClass(() => tt.slice(x, 0, NaN), tt.ShapeError);
  throwsClass(() => tt.slice(x, [Infinity]), tt.ShapeError);
  assert.ok(Number.isFinite(tt.memory().numBytes));
  const filled = tt.fill([5000], 3);
  assert.equal(Array.from(v.dataSync()), [7, 8, 9, 10]);
  tt.dispose([v, x, filled]);
  assert.equal(mem(), baseline);
});

/** An array whose element `i` reads `first` once, then `later`; counts its reads. */
function flip<T>(list: T[], i: number, later: unknown): { arr: T[]; reads: () => number } {
  const arr = list.slice();
  let n = 0;
  const first = list[i];
  Object.defineProperty(arr, i, { get() { n++; return n === 1 ? first : later; } });
  return { arr, reads: () => n };
}

test("hole 2: user arrays are read once (shapes, paddings, strides, filter sizes, dilations, explicit pads)", () => {
  const canary = tt.tensor([1, 2, 3, 4]);
  const before = mem();
  const cases: [string, (a: unknown[]) => unknown, unknown[], number, unknown][] = [
    ["zeros shape", (a) => tt.zeros(a as number[]), [4], 0, -64],
    ["tensor shape", (a) => tt.tensor([1, 2, 3, 4], a as number[]), [2, 2], 0, -64],
    ["randomUniform shape", (a) => tt.randomUniform(a as number[], 0, 1, "float32", 1), [4], 0, -64],
    ["broadcastTo shape", (a) => tt.broadcastTo(tt.scalar(1), a as number[]), [4], 0, -64],
    ["pad paddings", (a) => tt.pad(canary, a as [number, number][]), [[1, 1]], 0, [-64, 200]],
    ["conv2d strides", (a) => tt.conv2d(tt.ones([1, 4, 4, 1]), tt.ones([2, 2, 1, 1]), a as [number, number], "valid"), [1, 1], 0, -4],
    ["conv2d dilations", (a) => tt.conv2d(tt.ones([1, 4, 4, 1]), tt.ones([2, 2, 1, 1]), 1, "valid", "NHWC", a as [number, number]), [1, 1], 0, 2 ** 31],
    ["maxPool filterSize", (a) => tt.maxPool(tt.ones([1, 4, 4, 1]), a as [number, number], 1, "valid"), [2, 2], 0, -8],
    ["avgPool explicit pads", (a) => tt.avgPool(tt.ones([1, 4, 4, 1]), 2, 1, a as never), [[0, 0], [1, 1], [0, 0], [0, 0]], 1, [-64, 5]],
    ["reshape shape", (a) => tt.reshape(canary, a as number[]), [2, 2], 0, 16],
    ["tile reps", (a) => tt.tile(canary, a as number[]), [2], 0, -64],
    ["transpose perm", (a) => tt.transpose(tt.ones([2, 3]), a as number[]), [1, 0], 0, 5],
  ];
  for (const [what, call, valid, i, later] of cases) {
    const plain = tt.tidy(() => call(valid) as tt.Tensor);
    const { arr, reads } = flip(valid, i, later);
    const r = tt.tidy(() => call(arr) as tt.Tensor);
    assert.ok(reads() <= 1, `${what}: read ${reads()} times`);
    assert.equal(r.shape, plain.shape, `${what}: the first read decides`);
    assert.equal(Array.from(r.dataSync()), Array.from(plain.dataSync()), what);
    tt.dispose([r, plain]);
    assert.equal(Array.from(canary.dataSync()), [1, 2, 3, 4], `${what}: canary intact`);
  }
  // a Proxy whose length and elements change between reads: only the first answers count
  let lengthReads = 0;
  const proxy = new Proxy([4], { get(t, k, r) { if (k === "length") return ++lengthReads === 1 ? 1 : 2 ** 30; if (k === "0") return 4; return Reflect.get(t, k, r); } });
  const z = tt.zeros(proxy);
  assert.equal(z.shape, [4]);
  assert.is(lengthReads, 1);
  z.dispose();
  assert.equal(mem(), before);
  canary.dispose();
});

test("hole 3: no user code runs while values are written (valueOf is never called; it cannot grow memory, dispose or throw mid-write)", () => {
  const other = tt.tensor([5, 6]);
  const before = mem();
  let calls = 0;
  const grow = { valueOf() { calls++; tt.keep(tt.zeros([1 << 20])); return 1; } };
  const kill = { valueOf() { calls++; other.dispose(); return 1; } };
  const boom = { valueOf() { calls++; throw new Error("valueOf ran"); } };
  throwsClass(() => tt.tensor([[1, 2], [3, grow]] as never), tt.ArgumentError, /tensor: values holds an object/);
  throwsClass(() => tt.add(other, [kill, 2] as never), tt.ArgumentError);
  throwsClass(() => tt.tensor([boom] as never), tt.ArgumentError);
  throwsClass(() => tt.zeros([grow] as never), tt.ArgumentError);
  assert.is(calls, 0);
  assert.is(other.isDisposed, false);
  assert.equal(Array.from(other.dataSync()), [5, 6]);
  assert.equal(mem(), before);
  other.dispose();
});

test("hole 4: typed arrays are copied by their internal slots, converted by one table, detached ones refused", () => {
  const before = mem();
  class Lying extends Float32Array { get length() { return 256; } }
  const lying = tt.tensor(new Lying([1, 2, 3, 4]));
  assert.equal(lying.shape, [4]);
  assert.equal(Array.from(lying.dataSync()), [1, 2, 3, 4]);
  lying.dispose();
  const b = new ArrayBuffer(16), detached = new Float32Array(b);
  structuredClone(b, { transfer: [b] });
  throwsClass(() => tt.tensor(detached), tt.ArgumentError, /tensor: values is a detached Float32Array/);
  const table: [ArrayBufferView, tt.DType, number[]][] = [
    [Float64Array.of(1.5, 1e300), "float32", [1.5, Infinity]],
    [Int8Array.of(-3, 4), "int32", [-3, 4]],
    [Uint8Array.of(255), "int32", [255]],
    [Uint8ClampedArray.of(7), "int32", [7]],
    [Int16Array.of(-300), "int32", [-300]],
    [Uint16Array.of(65535), "int32", [65535]],
    [Uint32Array.of(2 ** 31 - 1), "int32", [2 ** 31 - 1]],
    [BigInt64Array.of(-5n), "int32", [-5]],
    [BigUint64Array.of(9n), "int32", [9]],
  ];
  for (const [arr, dtype, values] of table) {
    const t = tt.tensor(arr as never);
    assert.is(t.dtype, dtype, arr.constructor.name);
    assert.equal(Array.from(t.dataSync()), values, arr.constructor.name);
    t.dispose();
  }
  throwsClass(() => tt.tensor(Uint32Array.of(2 ** 31) as never), tt.ArgumentError, /values\[0\] = 2147483648 \(Uint32Array\) is outside the int32 range/);
  throwsClass(() => tt.tensor(BigInt64Array.of(2n ** 40n) as never), tt.ArgumentError, /outside the int32 range/);
  throwsClass(() => tt.tensor(new DataView(new ArrayBuffer(4)) as never), tt.ArgumentError, /values is a DataView, which tensortape does not convert/);
  assert.equal(mem(), before);
});

test("hole 5: handles are sealed: read-only fields, no buffer on the public object, no public constructor", () => {
  const t = tt.tensor([1, 2, 3, 4]);
  assert.throws(() => { (t as { size: number }).size = 1024; }, TypeError);
  assert.is(t.size, 4);
  assert.equal(Array.from(t.dataSync()), [1, 2, 3, 4]);
  assert.is((t as unknown as { buf?: unknown }).buf, undefined, "no buffer on the public object");
  (t as unknown as { buf: unknown }).buf = { ptr: 0, bytes: 1 << 20, refs: 1 }; // an own property the library never reads
  assert.equal(Array.from(t.dataSync()), [1, 2, 3, 4]);
  const Ctor = tt.Tensor as unknown as new (...a: unknown[]) => tt.Tensor;
  throwsClass(() => new Ctor({ ptr: 0, bytes: 1 << 20, refs: 1 }, [1024], "float32"), tt.ArgumentError, /Tensor: the constructor is internal/);
  const VCtor = tt.Variable as unknown as new (...a: unknown[]) => tt.Variable;
  throwsClass(() => new VCtor(Symbol(), { ptr: 0, bytes: 64, refs: 1 }, t, true, "v"), tt.ArgumentError);
  assert.ok(t instanceof tt.Tensor);
  const v = tt.variable([1]);
  assert.ok(v instanceof tt.Tensor && v instanceof tt.Variable);
  tt.dispose([t, v]);
});

test("hole 6: every error path frees what it made", () => {
  const before = mem();
  // pad of a rank-9 tensor: the strided write needs 9 dimensions; the 1 MB output made before that is freed
  const r9 = tt.ones([2, 2, 2, 2, 2, 2, 2, 2, 2]);
  throwsClass(() => tt.pad(r9, new Array(9).fill([1, 1])), tt.ShapeError, /pad: shape \[2,2,2,2,2,2,2,2,2\] needs 9 strided dimensions/);
  r9.dispose();
  // customGradient whose f disposes its own input
  const x = tt.tensor([1, 2]);
  const f = tt.customGradient((a: tt.Tensor) => { const value = a.square(); a.dispose(); return { value, gradFunc: (dy: tt.Tensor) => dy }; });
  throwsClass(() => f([1, 2]), tt.DisposedError, /customGradient: argument 0 \(disposed by f\)/);
  // cyclic containers
  const cyc: unknown[] = [tt.ones([2])];
  cyc.push(cyc);
  tt.dispose(cyc);
  const fromTidy = tt.tidy(() => { const c: unknown[] = [tt.ones([3]), tt.ones([3])]; c.push(c); return c; }) as tt.Tensor[];
  tt.dispose(fromTidy);
  // sizes beyond int32 and out-of-range geometry
  throwsClass(() => tt.range(0, 2 ** 32 + 10), tt.ShapeError, /range: .* more than 2147483647/);
  throwsClass(() => tt.conv2d(tt.ones([1, 4, 4, 1]), tt.ones([2, 1, 1, 1]), 1, "valid", "NHWC", [2 ** 31, 1]), tt.ShapeError);
  throwsClass(() => tt.conv2d(tt.ones([1, 4, 4, 1]), tt.ones([2, 1, 1, 1]), 1, "valid", "NHWC", [2 ** 30, 1]), tt.ShapeError);
  throwsClass(() => tt.maxPool(tt.ones([1, 4, 4, 1]), 2, 1, [[0, 0], [2 ** 31 - 1, 2 ** 31 - 1], [0, 0], [0, 0]]), tt.ShapeError);
  // a gradFunc returning a disposed tensor is refused, not handed back
  x.dispose();
  const g = tt.customGradient((a: tt.Tensor) => ({ value: a.square(), gradFunc: (dy: tt.Tensor) => { const d = dy.mul(2); d.dispose(); return d; } }));
  throwsClass(() => tt.grad((a: tt.Tensor) => g(a).sum())([1, 2]), tt.DisposedError, /gradFunc's gradient 0/);
  assert.equal(mem(), before);
});

test("hole 6: range(0, 4e8) and linspace(0, 1, 2**31 - 1) fail with OutOfMemoryError under maxMemoryBytes in a 512 MB heap", () => {
  const script = `
    import * as tt from "tensortape";
    await tt.ready({ maxMemoryBytes: 64 << 20 });
    const out = [];
    for (const f of [() => tt.range(0, 4e8), () => tt.linspace(0, 1, 2 ** 31 - 1), () => tt.zeros([2 ** 30])]) {
      try { f(); out.push("no error"); } catch (e) { out.push(e.name); }
    }
    const m = tt.memory();
    console.log(JSON.stringify({ out, numBuffers: m.numBuffers, numTensors: m.numTensors }));`;
  const r = spawnSync(process.execPath, ["--max-old-space-size=512", "--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
  assert.is(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout.trim().split("\n").pop()!), { out: ["OutOfMemoryError", "OutOfMemoryError", "OutOfMemoryError"], numBuffers: 0, numTensors: 0 });
});

test("hole 7: what dropped tapes and accumulators saved is released after garbage collection", async () => {
  v8.setFlagsFromString("--expose-gc");
  const gc = vm.runInNewContext("gc") as () => void;
  const before = tt.memory();
  const x = tt.tensor([1, 2, 3]);
  const tangents: tt.Tensor[] = [];
  (() => {
    for (let i = 0; i < 1000; i++) {
      const t = new tt.GradientTape();
      tt.tidy(() => { t.record(() => { t.watch(x); return x.mul(2).square(); }); }); // recorded (x·2 saved), then neither used nor disposed
    }
    for (let i = 0; i < 10; i++) {
      const t = new tt.GradientTape();
      try { tt.tidy(() => t.record(() => { t.watch(x); x.mul(3).square(); throw new Error("left record()"); })); } catch { /* dropped */ }
      const v = tt.onesLike(x);
      tangents.push(v);
      const acc = new tt.ForwardAccumulator(x, v);
      tt.dispose(acc.record(() => x.square()));
    }
  })();
  assert.ok(tt.memory().numBuffers > before.numBuffers + 1000, "the dropped recorders hold their saved buffers until collected");
  for (let i = 0; i < 10 && tt.memory().numBuffers > before.numBuffers + 1 + 10; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  // left: x, and the 10 tangents the test itself kept (their handles are live, user-owned)
  assert.is(tt.memory().numBuffers, before.numBuffers + 1 + 10);
  tt.dispose([x, tangents]);
});

test("memory is back at its baseline", () => {
  assert.equal(mem(), baseline);
});

test.run();
