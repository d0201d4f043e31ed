// Property tests of broadcasting: random shape pairs (seeded), forward values against a plain-JS numpy-rule
// reference, gradients reduced back to each input's shape, and incompatible pairs rejected.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { broadcastOffset, rng, size, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());
const rand = rng(99);
const int = (n: number) => Math.floor(rand() * n);

/** A random pair of broadcast-compatible shapes (ranks 0–4, some dims 1, leading dims dropped). */
function pair(): [number[], number[], number[]] {
  const rank = int(5);
  const out = Array.from({ length: rank }, () => 1 + int(4));
  const side = () => {
    const drop = int(rank + 1);
    return out.slice(drop).map((d) => (rand() < 0.3 ? 1 : d));
  };
  const a = side(), b = side();
  const r = Math.max(a.length, b.length);
  const full = Array.from({ length: r }, (_, i) => Math.max(a[a.length - r + i] ?? 1, b[b.length - r + i] ?? 1));
  return [a, b, full];
}

const source = broadcastOffset;

const OPS: [string, (a: number, b: number) => number, (a: number, b: number) => [number, number]][] = [
  ["add", (a, b) => a + b, () => [1, 1]],
  ["sub", (a, b) => a - b, () => [1, -1]],
  ["mul", (a, b) => a * b, (a, b) => [b, a]],
  ["div", (a, b) => a / b, (a, b) => [1 / b, -a / (b * b)]],
  ["maximum", Math.max, (a, b) => (a >= b ? [1, 0] : [0, 1])],
];

test("200 random shape pairs × 5 ops: values and gradients follow numpy's rule and sum back to each input", () => {
  for (let trial = 0; trial < 200; trial++) {
    const [as, bs, out] = pair();
    const [op, f, df] = OPS[trial % OPS.length];
    const av = Array.from(Float32Array.from(uniform(rand, size(as), 0.5, 2)));
    const bv = Array.from(Float32Array.from(uniform(rand, size(bs), 0.5, 2)));
    const dy = Array.from(Float32Array.from(uniform(rand, size(out))));
    tt.tidy(() => {
      const a = tt.tensor(av, as), b = tt.tensor(bv, bs);
      const t = new tt.GradientTape();
      const y = t.record(() => { t.watch([a, b]); return (tt as unknown as Record<string, (x: tt.Tensor, z: tt.Tensor) => tt.Tensor>)[op](a, b); });
      const what = `${op} ${JSON.stringify(as)} × ${JSON.stringify(bs)}`;
      assert.equal(y.shape, out, what);
      const [ga, gb] = t.gradient(y, [a, b], { outputGradients: tt.tensor(dy, out) });
      assert.equal(ga!.shape, as, `${what}: da shape`);
      assert.equal(gb!.shape, bs, `${what}: db shape`);
      const yv = y.dataSync(), wantA = new Float64Array(av.length), wantB = new Float64Array(bv.length);
      for (let i = 0; i < yv.length; i++) {
        const x = av[source(i, out, as)], z = bv[source(i, out, bs)];
        const want = Math.fround(f(x, z));
        assert.ok(Math.abs(yv[i] - want) <= 1e-6 * Math.abs(want), `${what}: y[${i}] ${yv[i]} vs ${want}`);
        const [pa, pb] = df(x, z);
        wantA[source(i, out, as)] += dy[i] * pa;
        wantB[source(i, out, bs)] += dy[i] * pb;
      }
      ga!.dataSync().forEach((v, i) => assert.ok(Math.abs(v - wantA[i]) <= 1e-4 * (1 + Math.abs(wantA[i])), `${what}: da[${i}] ${v} vs ${wantA[i]}`));
      gb!.dataSync().forEach((v, i) => assert.ok(Math.abs(v - wantB[i]) <= 1e-4 * (1 + Math.abs(wantB[i])), `${what}: db[${i}] ${v} vs ${wantB[i]}`));
    });
  }
});

test("100 random shape pairs: int32 and bool operands (comparisons, where) broadcast the same way", () => {
  for (let trial = 0; trial < 100; trial++) {
    const [as, bs, out] = pair();
    const av = Array.from({ length: size(as) }, () => int(5) - 2), bv = Array.from({ length: size(bs) }, () => int(5) - 2);
    tt.tidy(() => {
      const a = tt.tensor(av, as, "int32"), b = tt.tensor(bv, bs, "int32");
      const s = tt.add(a, b), g = tt.greater(a, b), w = tt.where(g, a, b);
      for (const r of [s, g, w]) assert.equal(r.shape, out);
      const sv = s.dataSync(), gv = g.dataSync(), wv = w.dataSync();
      for (let i = 0; i < sv.length; i++) {
        const x = av[source(i, out, as)], z = bv[source(i, out, bs)];
        assert.is(sv[i], x + z);
        assert.is(gv[i], x > z ? 1 : 0);
        assert.is(wv[i], Math.max(x, z));
      }
    });
  }
});

test("100 random incompatible pairs throw ShapeError naming both shapes, and leak nothing", () => {
  const before = leakFields(tt.memory());
  for (let trial = 0; trial < 100; trial++) {
    const rank = 1 + int(4);
    const as = Array.from({ length: rank }, () => 1 + int(4));
    const bs = as.slice();
    const d = int(rank);
    bs[d] = as[d] === 1 ? 2 + int(3) : as[d] + 1 + int(3); // differs and neither is 1 … unless a's is 1
    if (as[d] === 1) as[d] = bs[d] + 1;
    tt.tidy(() => {
      assert.throws(() => tt.mul(tt.ones(as), tt.ones(bs)), (e: Error) =>
        e instanceof tt.ShapeError && e.message.includes(`[${as.join(",")}]`) && e.message.includes(`[${bs.join(",")}]`));
    });
  }
  assert.equal(leakFields(tt.memory()), before);
});

test("a size-1 operand (JS number or size-1 tensor, either side) takes the contiguous path: same bits as the general walk", () => {
  const n = 1037; // a ragged length: 16-lane body, 4-lane body and scalar tail
  const xs = Float32Array.from({ length: n }, (_, i) => (i % 13 === 0 ? (i % 2 ? NaN : -0) : uniform(rand, 1, -3, 3)[0]));
  xs[5] = Infinity; xs[6] = -Infinity;
  const x = tt.tensor(xs, [n]);
  const x3 = tt.reshape(x, [1, 17, 61]);
  for (const op of ["add", "sub", "mul", "div", "pow", "maximum", "minimum"] as const) {
    for (const c of [0.01, -2.5, 0, -0, NaN, 1e30]) {
      const f = tt[op] as (a: unknown, b: unknown) => tt.Tensor;
      const c1 = tt.tensor([c], [1]), c11 = tt.tensor([c], [1, 1]); // [1, 1] against [n]: rank grows, so the general walk
      const refT = [f(x, c11), f(c11, x)], ref = refT.map((t) => t.dataSync());
      const got = [f(x, c), f(c, x), f(x, c1), f(c1, x), f(x3, c), f(c1, x3)];
      assert.equal(got.map((t) => t.shape), [[n], [n], [n], [n], [1, 17, 61], [1, 17, 61]]);
      got.forEach((t, i) => {
        const want = ref[i % 2 === 0 ? (i === 5 ? 1 : 0) : 1];
        const have = t.dataSync();
        for (let k = 0; k < n; k++) {
          if (!Object.is(have[k], want[k]) && !(Number.isNaN(have[k]) && Number.isNaN(want[k]))) {
            assert.unreachable(`${op}(${i}) with ${c} at ${k}: ${have[k]} vs ${want[k]}`);
          }
        }
      });
      tt.dispose([c1, c11, ...got, ...refT]);
    }
  }
  // under a tape: the scalar's gradient is the sum over x (a number operand is a constant)
  const small = tt.tensor([1, 2, 3]), two = tt.scalar(2), v3 = tt.tensor([1, 2, 3]);
  const g = tt.grad((s: tt.Tensor) => tt.sum(tt.mul(small, s)))(two);
  assert.equal(Array.from(g.dataSync()), [6]);
  const gn = tt.grad((v: tt.Tensor) => tt.sum(tt.mul(0.5, v)))(v3);
  assert.equal(Array.from(gn.dataSync()), [0.5, 0.5, 0.5]);
  const four = tt.tensor([4], [1]);
  const gs = tt.grad((s: tt.Tensor) => tt.sum(tt.sub(small, s)))(four);
  assert.equal(gs.shape, [1]);
  assert.equal(Array.from(gs.dataSync()), [-3]);
  // int32 keeps its own kernels: 7 // 2
  const i7 = tt.tensor([7, -7], [2], "int32"), i = tt.div(i7, 2);
  assert.equal([i.dtype, Array.from(i.dataSync())], ["int32", [3, -4]]);
  tt.dispose([x, x3, g, gn, small, two, v3, four, gs, i7, i]);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
