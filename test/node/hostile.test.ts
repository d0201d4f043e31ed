// Hostile input, driven by a table of public signatures: every attack value on every numeric, list, options
// and tensor argument. Each case asserts a TensorTapeError (of the expected class where the value's kind
// decides it) or a sane result, read-once (no getter or trap runs twice, no valueOf ever runs), memory()
// unchanged, a canary tensor intact and the next valid op right.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

type Kind = "tensor" | "tensors" | "shape" | "ints" | "int" | "number" | "options" | "dtype" | "pairs" | "pad" | "axes";
/** `consumes`: the call disposes its arguments (dispose), so only the memory after freeing them is compared */
interface Sig { name: string; kinds: Kind[]; args: () => unknown[]; call: (...a: never[]) => unknown; consumes?: boolean }

const f = (shape: number[]) => tt.tidy(() => tt.reshape(tt.range(1, 1 + shape.reduce((p, d) => p * d, 1)), shape));
const x23 = () => f([2, 3]);
const img = () => f([1, 4, 4, 2]);

// The public API as a table: which argument is a tensor, a shape, an axis list, an options object…
const sigs: Sig[] = [
  ...["neg", "exp", "abs", "relu", "softplus", "stopGradient", "zerosLike", "onesLike"].map((n): Sig => ({ name: n, kinds: ["tensor"], args: () => [x23()], call: (tt as never)[n] })),
  ...["floor", "round", "erf", "atanh", "gelu", "silu", "selu", "logSigmoid", "isNaN", "isFinite"].map((n): Sig => ({ name: n, kinds: ["tensor"], args: () => [x23()], call: (tt as never)[n] })),
  { name: "leakyRelu", kinds: ["tensor", "number"], args: () => [x23(), 0.1], call: tt.leakyRelu as never },
  ...["add", "mul", "sub", "div", "maximum", "floorDiv", "mod", "equal", "less", "atan2", "squaredDifference"].map((n): Sig => ({ name: n, kinds: ["tensor", "tensor"], args: () => [x23(), f([3])], call: (tt as never)[n] })),
  { name: "where", kinds: ["tensor", "tensor", "tensor"], args: () => [tt.tensor([true, false, true]), x23(), f([3])], call: tt.where as never },
  { name: "clip", kinds: ["tensor", "number", "number"], args: () => [x23(), 1, 4], call: tt.clip as never },
  { name: "cast", kinds: ["tensor", "dtype"], args: () => [x23(), "int32"], call: tt.cast as never },
  ...["sum", "mean", "max", "min", "prod", "logSumExp"].map((n): Sig => ({ name: n, kinds: ["tensor", "axes"], args: () => [x23(), [1]], call: (tt as never)[n] })),
  { name: "argMax", kinds: ["tensor", "int"], args: () => [x23(), 1], call: tt.argMax as never },
  { name: "matmul", kinds: ["tensor", "tensor", "options"], args: () => [x23(), f([3, 2]), { transposeA: false }], call: tt.matmul as never },
  { name: "reshape", kinds: ["tensor", "shape"], args: () => [x23(), [3, 2]], call: tt.reshape as never },
  { name: "transpose", kinds: ["tensor", "ints"], args: () => [x23(), [1, 0]], call: tt.transpose as never },
  { name: "broadcastTo", kinds: ["tensor", "shape"], args: () => [f([3]), [2, 3]], call: tt.broadcastTo as never },
  { name: "slice", kinds: ["tensor", "ints", "ints"], args: () => [x23(), [0, 1], [2, 2]], call: tt.slice as never },
  { name: "pad", kinds: ["tensor", "pairs", "number"], args: () => [x23(), [[1, 0], [0, 2]], 7], call: tt.pad as never },
  { name: "concat", kinds: ["tensors", "int"], args: () => [[x23(), x23()], 1], call: tt.concat as never },
  { name: "stack", kinds: ["tensors", "int"], args: () => [[x23(), x23()], 0], call: tt.stack as never },
  { name: "split", kinds: ["tensor", "ints", "int"], args: () => [x23(), [1, 2], 1], call: tt.split as never },
  { name: "tile", kinds: ["tensor", "ints"], args: () => [x23(), [2, 1]], call: tt.tile as never },
  { name: "expandDims", kinds: ["tensor", "int"], args: () => [x23(), 1], call: tt.expandDims as never },
  { name: "squeeze", kinds: ["tensor", "axes"], args: () => [f([1, 3]), [0]], call: tt.squeeze as never },
  { name: "gather", kinds: ["tensor", "tensor", "int", "int"], args: () => [x23(), [1, 0], 0, 0], call: tt.gather as never },
  { name: "unsortedSegmentSum", kinds: ["tensor", "tensor", "int"], args: () => [f([4]), [0, 1, 0, 1], 2], call: tt.unsortedSegmentSum as never },
  { name: "oneHot", kinds: ["tensor", "int", "number", "number"], args: () => [[0, 2], 3, 1, 0], call: tt.oneHot as never },
  { name: "softmax", kinds: ["tensor", "int"], args: () => [x23(), -1], call: tt.softmax as never },
  { name: "conv2d", kinds: ["tensor", "tensor", "ints", "pad", "dtype", "ints"], args: () => [img(), f([2, 2, 2, 1]), [1, 1], "valid", "NHWC", [1, 1]], call: tt.conv2d as never },
  { name: "conv2dTranspose", kinds: ["tensor", "tensor", "shape", "ints", "pad"], args: () => [f([1, 3, 3, 1]), f([2, 2, 2, 1]), [1, 4, 4, 2], [1, 1], "valid"], call: tt.conv2dTranspose as never },
  { name: "maxPool", kinds: ["tensor", "ints", "ints", "pad"], args: () => [img(), [2, 2], [2, 2], [[0, 0], [0, 1], [1, 0], [0, 0]]], call: tt.maxPool as never },
  { name: "avgPool", kinds: ["tensor", "ints", "ints", "pad"], args: () => [img(), [2, 2], [1, 1], "same"], call: tt.avgPool as never },
  { name: "meanSquaredError", kinds: ["tensor", "tensor"], args: () => [x23(), x23()], call: tt.meanSquaredError as never },
  { name: "softmaxCrossEntropy", kinds: ["tensor", "tensor", "tensor", "number"], args: () => [[[0, 1, 0]], [[1, 2, 3]], [1], 0.1], call: tt.softmaxCrossEntropy as never },
  { name: "sigmoidCrossEntropy", kinds: ["tensor", "tensor", "tensor", "number"], args: () => [[[0, 1, 0]], [[1, 2, 3]], [1], 0.1], call: tt.sigmoidCrossEntropy as never },
  { name: "dropout", kinds: ["tensor", "number", "ints"], args: () => [x23(), 0.5, [2, 1]], call: tt.dropout as never },
  { name: "depthwiseConv2d", kinds: ["tensor", "tensor", "ints", "pad", "dtype", "ints"], args: () => [img(), f([2, 2, 2, 1]), [1, 1], "valid", "NHWC", [1, 1]], call: tt.depthwiseConv2d as never },
  { name: "tensor", kinds: ["tensor", "shape", "dtype"], args: () => [[1, 2, 3, 4, 5, 6], [2, 3], "float32"], call: tt.tensor as never },
  { name: "scalar", kinds: ["number", "dtype"], args: () => [3, "int32"], call: tt.scalar as never },
  { name: "fill", kinds: ["shape", "number", "dtype"], args: () => [[2, 3], 5, "float32"], call: tt.fill as never },
  { name: "zeros", kinds: ["shape", "dtype"], args: () => [[2, 3], "int32"], call: tt.zeros as never },
  { name: "range", kinds: ["number", "number", "number", "dtype"], args: () => [0, 6, 1, "float32"], call: tt.range as never },
  { name: "linspace", kinds: ["number", "number", "int"], args: () => [0, 1, 5], call: tt.linspace as never },
  { name: "eye", kinds: ["int", "int", "shape", "dtype"], args: () => [2, 3, [2], "float32"], call: tt.eye as never },
  { name: "randomUniform", kinds: ["shape", "number", "number", "dtype", "number"], args: () => [[2, 3], 0, 1, "float32", 7], call: tt.randomUniform as never },
  { name: "randomNormal", kinds: ["shape", "number", "number", "dtype", "number"], args: () => [[2, 3], 0, 1, "float32", 7], call: tt.randomNormal as never },
  { name: "variable", kinds: ["tensor", "options"], args: () => [[1, 2, 3], { trainable: true }], call: tt.variable as never },
  { name: "dispose", kinds: ["tensors"], args: () => [[x23()]], call: tt.dispose as never, consumes: true },
  { name: "GradientTape", kinds: ["options"], args: () => [{ persistent: false }], call: ((o: never) => new tt.GradientTape(o).dispose()) as never },
  { name: "tape.gradient", kinds: ["tensor", "tensors", "options"], args: () => { const x = x23(); return [x, [x], { unconnectedGradients: "zero" }]; },
    call: ((x: tt.Tensor, sources: never, o: never) => tt.tidy(() => {
      const t = new tt.GradientTape();
      try { const y = t.record(() => { t.watch(x); return tt.sum(x); }); return t.gradient(y, sources, o); } finally { t.dispose(); }
    })) as never },
  { name: "grad", kinds: ["tensor"], args: () => [x23()], call: ((x: never) => tt.grad((v: tt.Tensor) => tt.sum(tt.square(v)))(x)) as never },
  { name: "valueAndGrad", kinds: ["tensor", "tensor"], args: () => [x23(), x23()],
    call: ((a: never, b: never) => tt.valueAndGrad((u: tt.Tensor, v: tt.Tensor) => tt.sum(tt.mul(u, v)), { argnums: [0, 1] })(a, b)) as never },
  { name: "hessian", kinds: ["tensor"], args: () => [f([3])], call: ((x: never) => tt.hessian((v: tt.Tensor) => tt.sum(tt.mul(v, tt.mul(v, v))))(x)) as never },
  { name: "customGradient", kinds: ["tensor"], args: () => [x23()],
    call: ((x: never) => tt.customGradient((v: tt.Tensor) => ({ value: tt.square(v), gradFunc: (dy: tt.Tensor, [u]: tt.Tensor[]) => tt.mul(dy, u) }))(x)) as never },
  { name: "ForwardAccumulator", kinds: ["tensor", "tensors", "tensors"], args: () => { const x = x23(); return [x, [x], [x23()]]; },
    call: ((x: tt.Tensor, p: never, t: never) => tt.tidy(() => {
      const acc = new tt.ForwardAccumulator(p, t);
      try { return acc.jvp(acc.record(() => tt.square(x))); } finally { acc.dispose(); }
    })) as never },
];

// issue #12's ops (their boolean flags are attacked as "number": any scalar that is not a boolean must be refused)
const pairOf = (r: { [k: string]: tt.Tensor }) => Object.values(r);
sigs.push(
  ...(["cumsum", "cumprod"] as const).map((n): Sig => ({ name: n, kinds: ["tensor", "int", "number", "number"], args: () => [x23(), 1, false, true], call: tt[n] as never })),
  { name: "norm", kinds: ["tensor", "number", "axes", "number"], args: () => [x23(), 1, [0, 1], false], call: tt.norm as never },
  { name: "moments", kinds: ["tensor", "axes", "number"], args: () => [x23(), [1], false], call: ((x: never, a: never, k: never) => pairOf(tt.moments(x, a, k))) as never },
  ...(["any", "all"] as const).map((n): Sig => ({ name: n, kinds: ["tensor", "axes", "number"], args: () => [tt.tensor([[true, false], [false, false]]), [1], false], call: tt[n] as never })),
  { name: "topk", kinds: ["tensor", "int", "number"], args: () => [x23(), 2, true], call: ((x: never, k: never, s: never) => pairOf(tt.topk(x, k, s))) as never },
  ...(["sort", "argsort"] as const).map((n): Sig => ({ name: n, kinds: ["tensor", "int", "number"], args: () => [x23(), -1, true], call: tt[n] as never })),
  { name: "reverse", kinds: ["tensor", "axes"], args: () => [x23(), [0, 1]], call: tt.reverse as never },
  { name: "clone", kinds: ["tensor"], args: () => [x23()], call: tt.clone as never },
  { name: "dot", kinds: ["tensor", "tensor"], args: () => [x23(), f([3])], call: tt.dot as never },
  { name: "einsum", kinds: ["dtype", "tensor", "tensor"], args: () => ["ij,jk->ik", x23(), f([3, 2])], call: tt.einsum as never },
  { name: "gatherND", kinds: ["tensor", "tensor"], args: () => [x23(), [[1, 0], [0, 2]]], call: tt.gatherND as never },
  { name: "scatterND", kinds: ["tensor", "tensor", "shape"], args: () => [[[1], [0]], [5, 6], [3]], call: tt.scatterND as never },
  ...(["tensorScatterUpdate", "tensorScatterAdd"] as const).map((n): Sig => ({ name: n, kinds: ["tensor", "tensor", "tensor"], args: () => [x23(), [[1]], [[7, 8, 9]]], call: tt[n] as never })),
  { name: "conv1d", kinds: ["tensor", "tensor", "int", "pad", "dtype", "int"], args: () => [f([1, 5, 2]), f([2, 2, 1]), 1, "valid", "NWC", 1], call: tt.conv1d as never },
  { name: "depthwiseConv2d", kinds: ["tensor", "tensor", "ints", "pad", "dtype", "ints"], args: () => [img(), f([2, 2, 2, 1]), [1, 1], "valid", "NHWC", [1, 1]], call: tt.depthwiseConv2d as never },
  { name: "batchNorm", kinds: ["tensor", "tensor", "tensor", "tensor", "tensor", "number"], args: () => [x23(), f([3]), f([3]), f([3]), f([3]), 0.001], call: tt.batchNorm as never },
  { name: "layerNorm", kinds: ["tensor", "axes", "number", "tensor", "tensor"], args: () => [x23(), [-1], 1e-5, f([3]), f([3])], call: tt.layerNorm as never },
);

// ---- attack values --------------------------------------------------------------------------------------

const ctl = { valueOfCalls: 0, reads: 0, maxReads: 0 };
/** An object whose valueOf would allocate, dispose the canary or throw; read-once code never calls it. */
const evil = (what: "allocate" | "dispose" | "throw", canary: () => tt.Tensor) => ({
  valueOf() {
    ctl.valueOfCalls++;
    if (what === "allocate") tt.keep(tt.zeros([100000]));
    if (what === "dispose") canary().dispose();
    if (what === "throw") throw new Error("valueOf ran");
    return 2;
  },
  toString() { ctl.valueOfCalls++; return "2"; },
});
/** A copy of `list` whose element `i` answers `valid` on its first read and `bad` after (counted). */
function lyingElement(list: unknown[], i: number, bad: unknown): unknown[] {
  const c = list.slice();
  const valid = c[i];
  let n = 0;
  Object.defineProperty(c, i, { get() { n++; ctl.maxReads = Math.max(ctl.maxReads, n); return n === 1 ? valid : bad; }, enumerable: true });
  return c;
}
/** A Proxy over a copy of `list` that answers the true length and elements once, then lies; reads are counted per key. */
function lyingProxy(list: unknown[], badLength: number, bad: unknown): unknown[] {
  const counts = new Map<PropertyKey, number>();
  return new Proxy(list.slice(), {
    get(t, k, r) {
      if (typeof k === "symbol" || !(k === "length" || /^\d+$/.test(k))) return Reflect.get(t, k, r);
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      ctl.maxReads = Math.max(ctl.maxReads, n);
      if (n === 1) return Reflect.get(t, k, r);
      return k === "length" ? badLength : bad;
    },
  });
}
function detachedF32(): Float32Array {
  const b = new ArrayBuffer(16), a = new Float32Array(b);
  structuredClone(b, { transfer: [b] });
  return a;
}
class LyingF32 extends Float32Array { get length() { return 256; } }
const NUMBERS = [NaN, Infinity, -Infinity, -0, 0.5, -1, 2 ** 31, 2 ** 32, 2 ** 53 + 1];
const KINDS = (canary: () => tt.Tensor): unknown[] => ["3", 3n, {}, null, Symbol("s"), [], evil("allocate", canary), evil("dispose", canary), evil("throw", canary)];

/** The attack values for an argument of `kind` whose valid value is `valid`. */
function attacks(kind: Kind, valid: unknown, canary: () => tt.Tensor): [string, (cur: unknown) => unknown][] {
  const out: [string, (cur: unknown) => unknown][] = [];
  // list attacks are built on the case's own fresh argument when it is a list (so tensors in it are live)
  const base = (cur: unknown): unknown[] => (Array.isArray(cur) ? cur : (valid as unknown[]));
  const scalars = [...NUMBERS, ...KINDS(canary)];
  scalars.forEach((v, i) => out.push([`value ${i} (${describe(v)})`, () => v]));
  if (Array.isArray(valid) && valid.length > 0) {
        scalars.forEach((v, i) => out.push([`element = ${describe(v)} (${i})`, (cur) => { const c = base(cur).slice(); c[0] = v; return c; }]));
    out.push(["a getter element that changes after its first read", (cur) => lyingElement(base(cur), 0, -64)]);
    out.push(["a Proxy whose length and elements change after the first read", (cur) => lyingProxy(base(cur), 2 ** 31, -64)]);
    out.push(["a sparse array", (cur) => { const f0 = base(cur); const c = new Array(f0.length + 2); c[0] = f0[0]; return c; }]);
    out.push(["a cyclic array", (cur) => { const c: unknown[] = base(cur).slice(); c.push(c); return c; }]);
    out.push(["a cycle in the first element", (cur) => { const c: unknown[] = [base(cur)[0]]; c[0] = c; return c; }]);
  }
  if (kind === "tensor" || kind === "shape" || kind === "ints") {
    for (const T of [Float32Array, Float64Array, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array, Int32Array, Uint32Array]) {
      out.push([`a ${T.name}`, () => T.from([1, 2, 3, 4, 5, 6])]);
    }
    out.push(["a Uint32Array beyond int32", () => Uint32Array.of(1, 2 ** 31 + 5, 3)]);
    out.push(["a BigInt64Array", () => BigInt64Array.of(1n, 2n, 3n, 4n, 5n, 6n)]);
    out.push(["a BigInt64Array beyond int32", () => BigInt64Array.of(1n, 2n ** 40n)]);
    out.push(["a BigUint64Array", () => BigUint64Array.of(1n, 2n)]);
    out.push(["a DataView", () => new DataView(new ArrayBuffer(8))]);
    out.push(["a detached Float32Array", detachedF32]);
    out.push(["a Float32Array subclass that lies about its length", () => new LyingF32(6)]);
  }
  if (kind === "tensor") {
    out.push(["nested arrays holding a valueOf object", () => [[1, evil("dispose", canary)], [3, 4]]]);
    out.push(["nested arrays with a getter row", () => lyingElement([[1, 2], [3, 4]], 1, [5, 6, 7, 8, 9])]);
    out.push(["a Promise", () => Promise.resolve(1)]);
  }
  if (kind === "options") {
    out.push(["options whose getters change between reads", () => {
      const o = { ...(valid as object) };
      for (const k of Object.keys(o)) {
        const v = (o as Record<string, unknown>)[k];
        let n = 0;
        Object.defineProperty(o, k, { get() { n++; ctl.maxReads = Math.max(ctl.maxReads, n); return n === 1 ? v : 2 ** 40; }, enumerable: true });
      }
      return o;
    }]);
    out.push(["options from a Proxy that throws", () => new Proxy({}, { get() { throw new tt.ArgumentError("trap ran"); } })]);
    out.push(["options with valueOf properties", () => ({ transposeA: evil("allocate", canary), persistent: evil("throw", canary), trainable: evil("dispose", canary) })]);
  }
  if (kind === "pairs" || kind === "pad") {
    out.push(["a pair with a getter entry", () => [lyingElement([1, 0], 0, -64), [0, 2]]]);
    out.push(["pairs with NaN", () => [[NaN, 0], [0, 0]]]);
    out.push(["pairs with 2^31", () => [[2 ** 31, 0], [0, 0]]]);
    out.push(["explicit pads with a negative entry", () => [[0, 0], [-4, 0], [0, 0], [0, 0]]]);
    out.push(["explicit pads of 2^31", () => [[0, 0], [2 ** 31, 0], [0, 0], [0, 0]]]);
  }
  return out;
}

function describe(v: unknown): string {
  if (typeof v === "bigint") return `${v}n`;
  if (typeof v === "symbol") return "symbol";
  if (typeof v === "string") return JSON.stringify(v);
  if (v !== null && typeof v === "object") return Array.isArray(v) ? "array" : "object";
  return Object.is(v, -0) ? "-0" : String(v);
}

/**
 * The error class a shape argument must give for an attack (null: any TensorTapeError or a result): a value that
 * is not an array, and a non-number entry, are ArgumentErrors; a NaN, infinite, fractional, negative or ≥ 2³¹
 * dimension is a ShapeError.
 */
function expectedForShape(label: string): (new (...a: never[]) => Error) | null {
  if ((label.startsWith("value ") && !label.endsWith("(array)")) || /^a (Float|Int|Uint|Big|Data|detached)|^a Float32Array subclass|^a sparse|^a cyclic|^a cycle/.test(label)) return tt.ArgumentError;
  const m = /^element = (.*) \(\d+\)$/.exec(label);
  if (m === null) return null;
  if (["NaN", "Infinity", "-Infinity", "0.5", "2147483648", "4294967296", "9007199254740992"].includes(m[1])) return tt.ShapeError;
  if (m[1] === "-0" || m[1] === "-1") return null; // −0 is 0; −1 is reshape's inferred dimension
  return tt.ArgumentError;
}

/**
 * Scalar geometry and size arguments (a count, depth, size, stride, dilation, window, reps; "sig/index"): the
 * wrong kind (a string, bigint, symbol, object, null, an array where a number goes) is an ArgumentError; a NaN,
 * infinite, fractional, negative or ≥ 2³¹ value (alone or as a list entry) is a ShapeError.
 */
const GEOMETRY = new Set(["unsortedSegmentSum/2", "oneHot/1", "linspace/2", "eye/0", "eye/1", "conv2d/2", "conv2d/5",
  "conv2dTranspose/3", "maxPool/1", "maxPool/2", "avgPool/1", "avgPool/2", "tile/1"]);
/** tile's reps is a list only: a lone number is the wrong kind. */
const LIST_ONLY = new Set(["tile/1"]);
function expectedForGeometry(label: string, kind: Kind, key: string): (new (...a: never[]) => Error) | null {
  const m = /^value \d+ \((.*)\)$/.exec(label) ?? /^element = (.*) \(\d+\)$/.exec(label);
  if (m === null) return null;
  const v = m[1], element = label.startsWith("element");
  if (v === "array") return kind === "int" || element ? tt.ArgumentError : null; // [] for a pair or reps: a wrong count
  if (!element && LIST_ONLY.has(key)) return tt.ArgumentError;
  if (["NaN", "Infinity", "-Infinity", "0.5", "-1", "2147483648", "4294967296", "9007199254740992"].includes(v)) return tt.ShapeError;
  if (v === "-0") return null; // 0: a valid count for some, a ShapeError for a stride
  return tt.ArgumentError; // "3", 3n, symbol, object, null, valueOf objects
}

// ---- the cases ----------------------------------------------------------------------------------------

const CANARY = [1, -2, 3.5, 4e10, -0.25, 6, 7, 8];
let cases = 0, threw = 0, returned = 0, geometryOrShapeChecks = 0;

/** Run one case: error class or sane result, no leak, canary intact, read-once, next op right. */
function runCase(sig: Sig, argIndex: number, attack: (cur: unknown) => unknown, label: string): void {
  const start = leakFields(tt.memory());
  let canary = tt.tensor(CANARY);
  const args = sig.args();
  const made = tensorsIn(args); // the valid arguments' tensors, freed after the case
  const before = leakFields(tt.memory());
  ctl.valueOfCalls = 0; ctl.maxReads = 0;
  args[argIndex] = attack(args[argIndex]);
  const t0 = performance.now();
  if (process.env.HOSTILE_DEBUG) console.log(`case ${sig.name} ${argIndex} ${label}`);
  let result: unknown;
  let error: unknown = null;
  try {
    result = (sig.call as (...a: unknown[]) => unknown)(...args);
  } catch (e) {
    error = e;
  }
  const where = `${sig.name} argument ${argIndex} (${sig.kinds[argIndex]}) ← ${label}`;
  const ms = performance.now() - t0;
  if (ms > 250) console.log(`hostile: slow case (${ms.toFixed(0)} ms): ${where}`);
  const expected = sig.kinds[argIndex] === "shape" ? expectedForShape(label)
    : GEOMETRY.has(`${sig.name}/${argIndex}`) ? expectedForGeometry(label, sig.kinds[argIndex], `${sig.name}/${argIndex}`) : null;
  if (expected !== null) geometryOrShapeChecks++;
  if (expected !== null) assert.instance(error, expected, `${where}: expected ${expected.name}, got ${error === null ? "a result" : `${(error as Error).name}: ${(error as Error).message}`}`);
  if (error !== null) {
    threw++;
    assert.ok(error instanceof tt.TensorTapeError, `${where}: threw ${(error as Error)?.name}: ${(error as Error)?.message}`);
    assert.ok(!/internal check/.test((error as Error).message), `${where}: only the last line of defence caught it: ${(error as Error).message}`);
  } else {
    returned++;
    for (const t of tensorsIn(result)) {
      assert.ok(t.shape.every((d) => Number.isInteger(d) && d >= 0), `${where}: result shape ${t.shape}`);
      assert.is(t.dataSync().length, t.size, `${where}: result size`);
    }
    tt.dispose(result);
  }
  assert.is(ctl.valueOfCalls, 0, `${where}: a valueOf/toString ran`);
  assert.ok(ctl.maxReads <= 1, `${where}: a getter or trap was read ${ctl.maxReads} times`);
  if (!sig.consumes) assert.equal(leakFields(tt.memory()), before, `${where}: memory changed`);
  if (canary.isDisposed) canary = tt.tensor(CANARY); // only a valueOf could have done this, and that is asserted above
  assert.equal(Array.from(canary.dataSync()), Array.from(Float32Array.from(CANARY)), `${where}: canary overwritten`);
  const next = tt.add(canary, 1);
  assert.equal(Array.from(next.dataSync()), Array.from(Float32Array.from(CANARY, (v) => v + 1)), `${where}: the next op is wrong`);
  next.dispose();
  canary.dispose();
  tt.dispose(made);
  assert.equal(leakFields(tt.memory()), start, `${where}: memory not back at the case's start`);
  cases++;
}

function tensorsIn(r: unknown): tt.Tensor[] {
  if (r instanceof tt.Tensor) return [r];
  if (Array.isArray(r)) return r.flatMap(tensorsIn);
  return [];
}

const baseline = leakFields(tt.memory());

for (const sig of sigs) {
  test(`hostile: ${sig.name}`, () => {
    sig.kinds.forEach((kind, i) => {
      const probe = sig.args();
      const valid = probe[i] instanceof tt.Tensor ? (probe[i] as tt.Tensor).arraySync() : probe[i];
      tt.dispose(probe);
      const canaryRef = { t: null as tt.Tensor | null };
      for (const [label, make] of attacks(kind, valid, () => canaryRef.t ?? tt.scalar(0))) {
        runCase(sig, i, make, label);
      }
    });
  });
}

test("hostile: the suite ran a case for every attack on every argument", () => {
  console.log(`hostile: ${cases} cases (${threw} threw a TensorTapeError, ${returned} returned a result; ${geometryOrShapeChecks} with the exact class asserted)`);
  assert.ok(geometryOrShapeChecks > 500, `${geometryOrShapeChecks} exact-class checks`);
  assert.ok(cases > 2000, `${cases} cases`);
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
