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

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
