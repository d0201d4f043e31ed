// Index and random kernels at the ABI (gather, segment sum, one-hot, Philox streams) on every build
import { expectSame, forEachBuild, fr, GUARD, kernelRng, same } from "../helpers/wasm.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";

const rng = kernelRng;
let rand = rng(77); // reset per build so every build sees the same inputs
const int = (lo: number, hi: number) => lo + Math.floor((hi - lo + 1) * rand()); // inclusive

// ---- references -----------------------------------------------------------------------------------

/** Philox4x32-10 in BigInt-free 32-bit JS: (counter[4], key[2]) → 4 words (unsigned). */
function philox(c: number[], key: number[]): number[] {
  const mulhilo = (a: number, b: number): [number, number] => {
    // 32×32 → 64 from 16-bit halves, exact in float64
    const a0 = a & 0xffff, a1 = a >>> 16, b0 = b & 0xffff, b1 = b >>> 16;
    const lo = Math.imul(a, b) >>> 0;
    const mid = a1 * b0 + ((a0 * b0) >>> 16);
    const mid2 = a0 * b1 + (mid & 0xffff);
    const hi = (a1 * b1 + Math.floor(mid / 65536) + Math.floor(mid2 / 65536)) >>> 0;
    return [hi, lo];
  };
  let [c0, c1, c2, c3] = c.map((v) => v >>> 0);
  let [k0, k1] = key.map((v) => v >>> 0);
  for (let r = 0; r < 10; r++) {
    const [h0, l0] = mulhilo(0xd2511f53, c0), [h1, l1] = mulhilo(0xcd9e8d57, c2);
    [c0, c1, c2, c3] = [(h1 ^ c1 ^ k0) >>> 0, l1, (h0 ^ c3 ^ k1) >>> 0, l0];
    k0 = (k0 + 0x9e3779b9) >>> 0;
    k1 = (k1 + 0xbb67ae85) >>> 0;
  }
  return [c0, c1, c2, c3];
}
/** word of element e in the kernels' layout: counter (e >> 2, stream, 0, 0), word e & 3 */
const word = (e: number, key: number[], stream: number) => philox([e >>> 2, stream, 0, 0], key)[e & 3];
const unit = (w: number) => (w >>> 8) * 2 ** -24;

/** Box–Muller pair of block words in float64: element e's standard normal value */
function normalRef(e: number, key: number[], stream: number): number {
  const w = philox([e >>> 2, stream, 0, 0], key);
  const p = (e & 3) >> 1;
  const u = ((w[2 * p] >>> 8) + 1) * 2 ** -24, t = unit(w[2 * p + 1]);
  const rho = Math.sqrt(-2 * Math.log(u));
  return (e & 1) === 0 ? rho * Math.cos(2 * Math.PI * t) : rho * Math.sin(2 * Math.PI * t);
}

// ranges over [0, n): whole, an offset one, and a 3-way split (mid-group boundaries)
const splits = (n: number): [number, number][][] =>
  n > 6 ? [[[0, n]], [[3, n - 2]], [[0, 5], [5, n >> 1], [n >> 1, n]]] : [[[0, n]]];

// ---- the suite, once per build --------------------------------------------------------------------

const outputs: Record<string, number[][]> = {}; // per build: every random output, to compare builds

await forEachBuild("kernels: index/random", (S, env, name) => {
  const { k } = env;
  S.before(() => { rand = rng(77); });
  const mine: number[][] = (outputs[name] = []);

  // run kernel over ranges into a guarded output; returns the whole buffer
  function runRanges(kind: "f32" | "i32" | "u8", n: number, ranges: [number, number][], sentinel: number,
    call: (out: number, s: number, e: number) => void): number[] {
    const out = env.put(kind, new Array(n + GUARD).fill(sentinel));
    for (const [s, e] of ranges) call(out, s, e);
    return Array.from(env.view(kind, out, n + GUARD));
  }

  S("philox reference reproduces Random123's known-answer vectors", () => {
    assert.equal(philox([0, 0, 0, 0], [0, 0]), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    assert.equal(philox([-1, -1, -1, -1], [-1, -1]), [0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    assert.equal(philox([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]),
      [0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });

  S("random_uniform_i32 with width 2^32−1 exposes the raw Philox words (w − 1), every range split", () => {
    for (const [key, stream] of [[[0, 0], 0], [[0x12345678, -1], 3], [[-7, 99], 0x7fffffff]] as [number[], number][]) {
      for (const n of [0, 1, 3, 4, 5, 15, 16, 17, 33, 64, 70]) {
        const want = Array.from({ length: n }, (_, e) => { const w = word(e, key, stream); return (w === 0 ? 0 : w - 1) | 0; });
        for (const rs of splits(n)) {
          const got = runRanges("i32", n, rs, 0x55555555, (o, s, e) => k.random_uniform_i32(o, key[0], key[1], stream, 0, -1, s, e));
          const full = want.map((w, i) => (rs.some(([s, e]) => i >= s && i < e) ? w : 0x55555555));
          expectSame(got, [...full, ...Array(GUARD).fill(0x55555555)], `words key ${key} stream ${stream} n ${n} ranges ${JSON.stringify(rs)}`);
        }
        if (n === 70) mine.push(want);
      }
    }
    // key (0, 0), stream 0, block 0 is the first known-answer vector
    const out = env.put("i32", [0, 0, 0, 0]);
    k.random_uniform_i32(out, 0, 0, 0, 0, -1, 0, 4);
    expectSame(Array.from(env.view("i32", out, 4), (v) => (v >>> 0) + 1), [0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8], "KAT through the kernel");
  });

  S("random_uniform_i32: lo + ⌊w·width/2^32⌋ exactly, within [lo, lo + width)", () => {
    for (const [lo, width] of [[0, 10], [-5, 3], [-2147483648, 1], [100, 1000003], [-2147483648, 4294967295]]) {
      const n = 203, key = [int(0, 1e9), int(0, 1e9)];
      const got = runRanges("i32", n, [[0, n]], 0, (o, s, e) => k.random_uniform_i32(o, key[0], key[1], 0, lo, width | 0, s, e)).slice(0, n);
      const want = Array.from({ length: n }, (_, e) => lo + Math.floor((word(e, key, 0) * width) / 2 ** 32));
      // the product can exceed 2^53: compare exactly via BigInt
      want.forEach((_, e) => { want[e] = Number(BigInt(lo) + ((BigInt(word(e, key, 0)) * BigInt(width)) >> 32n)); });
      expectSame(got, want, `uniform_i32 lo ${lo} width ${width}`);
      assert.ok(got.every((v) => v >= lo && v < lo + width), "in range");
      mine.push(got);
    }
  });

  S("random_uniform_f32: min(a + b·u, cap) with u = ⌊w/2^8⌋·2^-24, exact; cap holds the top end", () => {
    for (const [a, b, c] of [[0, 1, fr(1 - 2 ** -24)], [-1, 2, fr(1 - 2 ** -23)], [fr(0.1), fr(0.2), fr(0.3)], [3, 0, 3]]) {
      const n = 150, key = [int(0, 1e9), int(0, 1e9)], stream = int(0, 5);
      for (const rs of splits(n)) {
        const got = runRanges("f32", n, rs, -99, (o, s, e) => k.random_uniform_f32(o, key[0], key[1], stream, a, b, c, s, e));
        const want = Array.from({ length: n + GUARD }, (_, e) => (rs.some(([s, t]) => e >= s && e < t)
          ? Math.min(fr(a + fr(b * unit(word(e, key, stream)))), c) : -99));
        expectSame(got, want, `uniform_f32 ${a} ${b} ${c} ${JSON.stringify(rs)}`);
        if (rs.length === 1 && rs[0][0] === 0) mine.push(got);
      }
    }
    // a large scale rounds a + b·u up to maxval for u near 1: cap keeps it below
    const out = env.put("f32", [0]);
    k.random_uniform_f32(out, 0, 0, 0, 1, 3e38, fr(7), 0, 1);
    assert.ok(env.view("f32", out, 1)[0] <= 7);
  });

  S("random_normal_f32 agrees with a float64 Box–Muller of the same words (≤ 4e-6·(1 + |z|)); mean/std scale", () => {
    const n = 4099, key = [12345, 678], stream = 2;
    const got = runRanges("f32", n, [[0, n]], 0, (o, s, e) => k.random_normal_f32(o, key[0], key[1], stream, 0, 1, s, e)).slice(0, n);
    let worst = 0;
    got.forEach((z, e) => {
      const want = normalRef(e, key, stream);
      const err = Math.abs(z - want) / (1 + Math.abs(want));
      worst = Math.max(worst, err);
      if (err > 4e-6) assert.unreachable(`normal [${e}]: ${z} vs ${want}`);
    });
    mine.push(got);
    const scaled = runRanges("f32", n, [[0, n]], 0, (o, s, e) => k.random_normal_f32(o, key[0], key[1], stream, 3, 0.5, s, e)).slice(0, n);
    expectSame(scaled, got.map((z) => fr(3 + fr(0.5 * z))), "mean + std·z");
    // sub-ranges and splits give the same bits
    for (const rs of splits(n).slice(1)) {
      const part = runRanges("f32", n, rs, -99, (o, s, e) => k.random_normal_f32(o, key[0], key[1], stream, 0, 1, s, e));
      part.forEach((v, i) => { if (rs.some(([s, e]) => i >= s && i < e) && !same(v, got[i])) assert.unreachable(`split ${JSON.stringify(rs)} [${i}]`); });
    }
  });

  S("random_normal_i32 is random_normal_f32 rounded to nearest (ties to even)", () => {
    const n = 333, key = [5, 6];
    const f = runRanges("f32", n, [[0, n]], 0, (o, s, e) => k.random_normal_f32(o, key[0], key[1], 1, 10, 4, s, e)).slice(0, n);
    const i = runRanges("i32", n, [[0, n]], 0, (o, s, e) => k.random_normal_i32(o, key[0], key[1], 1, 10, 4, s, e)).slice(0, n);
    const rint = (v: number) => { const r = Math.round(v); return (r - v === 0.5 && r % 2 !== 0 ? r - 1 : r) + 0; };
    expectSame(i, f.map(rint), "rounded");
    mine.push(i);
  });

  // gather reference: y[o, j, :] = x[o, idx[(o / per)·m + j], :] (zero row when out of range)
  function gatherRef(x: number[], idx: number[], n: number, inner: number, m: number, per: number, outer: number): number[] {
    const y: number[] = [];
    for (let o = 0; o < outer; o++) for (let j = 0; j < m; j++) {
      const i = idx[Math.floor(o / per) * m + j];
      for (let t = 0; t < inner; t++) y.push(i >= 0 && i < n ? x[(o * n + i) * inner + t] : 0);
    }
    return y;
  }
  // outer, n, inner, m, per (per = outer: one index list)
  const GEOMS: number[][] = [[1, 5, 1, 7, 1], [1, 9, 4, 3, 1], [3, 4, 17, 5, 3], [6, 3, 2, 4, 3], [6, 3, 33, 2, 1], [2, 7, 0, 3, 2], [4, 1, 5, 6, 2]];

  S("gather_32 / gather_8: rows by index, batch lists (per), out-of-range rows zeroed, row ranges, guards", () => {
    for (const [outer, n, inner, m, per] of GEOMS) {
      const lists = Math.ceil(outer / per);
      const idx = Array.from({ length: lists * m }, () => (rand() < 0.1 ? [-1, n, 1 << 30, -(2 ** 31)][int(0, 3)] : int(0, n - 1)));
      for (const [kind, kernel] of [["f32", "gather_32"], ["u8", "gather_8"]] as const) {
        const x = Array.from({ length: outer * n * inner }, () => (kind === "u8" ? int(1, 255) : int(-1000, 1000) / 8));
        const want = gatherRef(x, idx, n, inner, m, per, outer);
        const xp = env.put(kind, x), ip = env.put("i32", idx);
        const rows = outer * m;
        for (const rs of splits(rows)) {
          const got = runRanges(kind, want.length, rs.map(([s, e]) => [s * inner, e * inner]), 77, (o, s, e) => k[kernel](xp, ip, o, n, inner, m, per, s / inner, e / inner));
          const full = want.map((v, i) => (rs.some(([s, e]) => i >= s * inner && i < e * inner) ? v : 77));
          expectSame(got, [...full, ...Array(GUARD).fill(77)], `${kernel} geom ${[outer, n, inner, m, per]} rows ${JSON.stringify(rs)}`);
        }
      }
    }
  });

  S("gather_32 copies NaN payloads and int32 words bit-exactly", () => {
    const words = [0x7fc0beef, -1, 0, -2147483648, 0x7f800001, 12345];
    const xp = env.put("i32", words), ip = env.put("i32", [4, 0, 5, 1, 3, 2]);
    const out = env.put("i32", new Array(6).fill(0));
    k.gather_32(xp, ip, out, 6, 1, 6, 1, 0, 6);
    expectSame(env.view("i32", out, 6), [0x7f800001, 0x7fc0beef, 12345, -1, -2147483648, 0], "words");
  });

  S("segment_sum_f32: rows summed in index order into zeroed [outer, n, inner], out-of-range ids skipped, outer ranges", () => {
    for (const [outer, n, inner, m, per] of [...GEOMS, [2, 0, 3, 4, 1], [3, 5, 6, 0, 1]]) {
      const lists = Math.ceil(outer / per);
      const idx = Array.from({ length: lists * m }, () => (rand() < 0.1 ? [-1, n, 1 << 30][int(0, 2)] : int(0, Math.max(n - 1, 0))));
      const y = Array.from({ length: outer * m * inner }, () => fr(rand() * 4 - 2));
      const want = new Array(outer * n * inner).fill(0);
      for (let o = 0; o < outer; o++) for (let j = 0; j < m; j++) {
        const i = idx[Math.floor(o / per) * m + j];
        if (i < 0 || i >= n) continue;
        for (let t = 0; t < inner; t++) want[(o * n + i) * inner + t] = fr(want[(o * n + i) * inner + t] + y[(o * m + j) * inner + t]);
      }
      const yp = env.put("f32", y), ip = env.put("i32", idx);
      const slab = n * inner;
      for (const rs of splits(outer)) {
        const got = runRanges("f32", want.length, rs.map(([s, e]) => [s * slab, e * slab]), -99, (o, s, e) => k.segment_sum_f32(yp, ip, o, n, inner, m, per, s / slab, e / slab));
        const full = want.map((v, i) => (rs.some(([s, e]) => i >= s * slab && i < e * slab) ? v : -99));
        expectSame(got, [...full, ...Array(GUARD).fill(-99)], `segment_sum geom ${[outer, n, inner, m, per]} ${JSON.stringify(rs)}`);
      }
    }
  });

  S("one_hot_32: on at the index, off elsewhere, all-off rows for out-of-range indices, row ranges", () => {
    for (const depth of [0, 1, 3, 4, 5, 9, 16]) {
      const idx = Array.from({ length: 11 }, () => int(-2, depth + 1));
      const on = 0x3f800000, off = -7; // 1.0f and an arbitrary int bit pattern
      const want = idx.flatMap((i) => Array.from({ length: depth }, (_, t) => (t === i ? on : off)));
      const ip = env.put("i32", idx);
      for (const rs of splits(11)) {
        const got = runRanges("i32", want.length, rs.map(([s, e]) => [s * depth, e * depth]), 5, (o, s, e) => (depth === 0 ? undefined : k.one_hot_32(ip, o, depth, on, off, s / depth, e / depth)));
        const full = want.map((v, i) => (rs.some(([s, e]) => i >= s * depth && i < e * depth) ? v : 5));
        expectSame(got, [...full, ...Array(GUARD).fill(5)], `one_hot depth ${depth} ${JSON.stringify(rs)}`);
      }
    }
  });

}, 64);

const across = suite("random kernels: every build gives the same bits");
across("simd, debug and relaxed outputs are identical", () => {
  const names = Object.keys(outputs);
  assert.ok(names.length >= 2 && outputs[names[0]].length >= 10, `${names.length} builds, ${outputs[names[0]]?.length} outputs`);
  for (const other of names.slice(1)) {
    assert.is(outputs[other].length, outputs[names[0]].length);
    outputs[other].forEach((o, i) => expectSame(o, outputs[names[0]][i], `${other} vs ${names[0]} output ${i}`));
  }
});
across.run();
