// Binary kernels at the ABI on every build: contiguous and strided/broadcast arithmetic (f32, i32), compare, where
import { expectSame, expectUlps, forEachBuild, fr, generators, GUARD, LAYOUTS, LENGTHS, runGuarded, same, STARTS, stridedCase } from "../helpers/wasm.js";
import * as assert from "uvu/assert";

const { rand, uniform, ints } = generators(4321);
const intsF = (n: number, lo: number, hi: number) => Float32Array.from(ints(n, lo, hi));

// contiguous f32 kernels and their binary_f32 op codes
const BINARY: { name: string; op: number; f: (a: number, b: number) => number; ulps: number; lo: number; hi: number }[] = [
  { name: "add_f32", op: 0, f: (a, b) => fr(a + b), ulps: 0, lo: -10, hi: 10 },
  { name: "sub_f32", op: 1, f: (a, b) => fr(a - b), ulps: 0, lo: -10, hi: 10 },
  { name: "mul_f32", op: 2, f: (a, b) => fr(a * b), ulps: 0, lo: -10, hi: 10 },
  { name: "div_f32", op: 3, f: (a, b) => fr(a / b), ulps: 0, lo: -10, hi: 10 },
  { name: "pow_f32", op: 4, f: Math.pow, ulps: 1, lo: 0, hi: 4 },
  { name: "maximum_f32", op: 5, f: Math.max, ulps: 0, lo: -10, hi: 10 },
  { name: "minimum_f32", op: 6, f: Math.min, ulps: 0, lo: -10, hi: 10 },
];

// f32 mod with the kernels' convention (sign of b); i32 floor division and floor mod (x/0 = x mod 0 = 0, wrapping)
const modF = (a: number, b: number) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? fr(r + b) : r; };
const floorDivI = (a: number, b: number) => (b === 0 ? 0 : Math.floor(a / b) | 0);
const modI = (a: number, b: number) => (b === 0 ? 0 : (((a % b) + b) % b) | 0);
// i32 pow by squaring, wrapping; a negative exponent truncates aᵇ toward 0 (1, ±1 or 0, as tfjs)
const powI = (a: number, b: number) =>
  b < 0 ? (a === 1 ? 1 : a === -1 ? (b & 1 ? -1 : 1) : 0) : Number(BigInt.asIntN(32, BigInt(a) ** BigInt(b)));
const I32_OPS: [number, string, (a: number, b: number) => number][] = [
  [4, "pow", powI],
  [0, "add", (a, b) => (a + b) | 0], [1, "sub", (a, b) => (a - b) | 0], [2, "mul", (a, b) => Math.imul(a, b)],
  [3, "div", floorDivI], [5, "maximum", Math.max], [6, "minimum", Math.min], [7, "floorDiv", floorDivI], [8, "mod", modI],
];
const COMPARE: ((a: number, b: number) => boolean)[] = [
  (a, b) => a === b, (a, b) => a !== b, (a, b) => a < b, (a, b) => a <= b, (a, b) => a > b, (a, b) => a >= b,
];

// random 32-bit words, one a NaN payload that must survive a select
const words = (n: number) => {
  const w = Uint32Array.from({ length: n }, () => (rand() * 2 ** 32) >>> 0);
  if (n > 2) w[1] = 0x7fc0beef;
  return w;
};

await forEachBuild("kernels: binary", (S, env) => {
  const { k } = env;

  S("f32 contiguous: every length, sub-ranges, guards, in place", () => {
    for (const b of BINARY) {
      for (const n of LENGTHS) {
        for (const start of STARTS) {
          const x = uniform(n, b.lo, b.hi), y = uniform(n, b.lo, b.hi);
          if (b.name === "div_f32" && n > 2) y[1] = 0;
          const want = Array.from(x, (v, i) => b.f(v, y[i]));
          const check = (got: number[], how: string) =>
            b.ulps === 0 ? expectSame(got, want, `${b.name} n=${n} ${how}`) : expectUlps(got, want, b.ulps, `${b.name} n=${n} ${how}`);
          check(runGuarded(env, b.name, [x, y], n, start), `start=${start}`);
          if (start === 3) check(runGuarded(env, b.name, [x, y], n, start, { inPlace: true }), "in place");
        }
      }
    }
  });

  S("f32 contiguous: special values", () => {
    const sv = [0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, 3.4e38, 1e-45, -2.5];
    const xs: number[] = [], ys: number[] = [];
    for (const a of sv) for (const b of sv) { xs.push(a); ys.push(b); }
    for (const b of BINARY) {
      const got = runGuarded(env, b.name, [Float32Array.from(xs), Float32Array.from(ys)], xs.length, 0);
      const want = xs.map((x, i) => b.f(fr(x), fr(ys[i])));
      if (b.ulps === 0) expectSame(got, want, b.name);
      else expectUlps(got, want, b.ulps, b.name);
    }
  });

  S("i32 contiguous: every length and range", () => {
    for (const [op, name, f] of I32_OPS) {
      if (op === 3 || op === 4 || op >= 7) continue; // no contiguous kernel (strided binary_i32 only)
      for (const n of LENGTHS) {
        const a = ints(n, -50000, 50000), b = ints(n, -50000, 50000);
        if (n > 3) { a[1] = -2147483648; b[2] = 2147483647; }
        const start = n % 4;
        const len = start + n + GUARD;
        const pa = env.putI32([...Array(start).fill(0), ...a, ...Array(GUARD).fill(0)]);
        const pb = env.putI32([...Array(start).fill(0), ...b, ...Array(GUARD).fill(0)]);
        const po = env.putI32(Array(len).fill(-999));
        k[`${name}_i32`](pa, pb, po, start, start + n);
        const got = env.i32(po, len);
        for (let i = 0; i < len; i++) {
          const want = i >= start && i < start + n ? f(a[i - start], b[i - start]) : -999;
          assert.is(got[i], want, `${name}_i32 n=${n} [${i}]`);
        }
        env.reset();
      }
    }
  });

  S("binary_f32: broadcasting, transposes, odd strides, ranks 1–4, mid-row ranges", () => {
    for (const L of LAYOUTS) {
      for (const b of BINARY) {
        const vals: Float32Array[] = [];
        const make = (p: number, n: number) => {
          // pow: small integer bases and exponents, so the result is exact in float32
          const v = b.op === 4 ? intsF(n, p === 0 ? 0 : -2, p === 0 ? 4 : 3) : intsF(n, -4, 4);
          if (b.op !== 4 && n > 3) { v[1] = NaN; v[2] = -0; }
          vals[p] = v;
          return env.putF32(v);
        };
        stridedCase(env, L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => k.binary_f32(b.op, pa, pb, out, meta, s, e),
          "f32", ([oa, ob]) => fr(b.f(vals[0][oa], vals[1][ob])), `binary_f32 op ${b.op} ${L.name}`);
      }
    }
  });

  S("binary_f32 pow agrees with pow_f32 and the reference under broadcasting", () => {
    const a = uniform(24, 0.1, 3), b = uniform(6, -2, 2);
    const pa = env.putF32(a), pb = env.putF32(b), out = env.alloc(4 * 24);
    k.binary_f32(4, pa, pb, out, env.meta([4, 6], [6, 1], [0, 1]), 0, 24);
    expectUlps(env.f32(out, 24), Array.from(a, (x, i) => Math.pow(x, b[i % 6])), 1, "pow broadcast");
  });

  S("binary_f32 floorDiv (7) and mod (8): sign of the divisor, exact fmod, zeros and infinities", () => {
    const sv = [7, -7, 7.5, -7.5, 0, -0, 1, 2, -2, 3, 0.1, 1e30, -1e-30, Infinity, -Infinity, NaN];
    const a: number[] = [], b: number[] = [];
    for (const x of sv) for (const y of sv) { a.push(x); b.push(y); }
    const n = a.length;
    const pa = env.putF32(a), pb = env.putF32(b), out = env.alloc(4 * n), meta = env.meta([n], [1], [1], [1]);
    k.binary_f32(7, pa, pb, out, meta, 0, n);
    env.f32(out, n).forEach((v, i) => assert.ok(same(v, fr(Math.floor(fr(fr(a[i]) / fr(b[i]))))), `floorDiv(${a[i]}, ${b[i]}) = ${v}`));
    k.binary_f32(8, pa, pb, out, meta, 0, n);
    env.f32(out, n).forEach((v, i) => assert.ok(same(v, modF(fr(a[i]), fr(b[i]))), `mod(${a[i]}, ${b[i]}) = ${v}`));
    for (const L of LAYOUTS) { // broadcasting, strides
      for (const op of [7, 8]) {
        const vals: Float32Array[] = [];
        const make = (p: number, m: number) => { const v = intsF(m, -9, 9).map((x) => (p === 1 && x === 0 ? 3 : x / 2)); vals[p] = v; return env.putF32(v); };
        stridedCase(env, L.shape, L.strides.slice(0, 2), make, ([x, y], o, m, s, e) => k.binary_f32(op, x, y, o, m, s, e), "f32",
          ([oa, ob]) => (op === 7 ? Math.floor(fr(vals[0][oa] / vals[1][ob])) : modF(vals[0][oa], vals[1][ob])), `binary_f32 op ${op} ${L.name}`);
      }
    }
  });

  S("binary_f32 atan2 (9): ≤ 1 ulp over all four quadrants and magnitudes; C's signed zeros and infinities exactly", () => {
    const n = 200_000, a = new Float32Array(n), b = new Float32Array(n);
    for (let i = 0; i < n; i++) { // magnitudes over 2^±60, every sign pair
      a[i] = (rand() < 0.5 ? -1 : 1) * 2 ** (120 * rand() - 60) * (1 + rand());
      b[i] = (rand() < 0.5 ? -1 : 1) * 2 ** (120 * rand() - 60) * (1 + rand());
    }
    const pa = env.putF32(a), pb = env.putF32(b), out = env.alloc(4 * n);
    k.binary_f32(9, pa, pb, out, env.meta([n], [1], [1], [1]), 0, n);
    const got = env.f32(out, n), want = Array.from(a, (y, i) => Math.atan2(y, b[i]));
    const tiny = want.map((w) => Math.abs(w) < 2 ** -126); // subnormal results: compared exactly after rounding
    expectUlps(got.filter((_, i) => !tiny[i]), want.filter((_, i) => !tiny[i]), 1, "atan2 sweep");
    got.forEach((v, i) => { if (tiny[i]) assert.ok(Math.abs(v - want[i]) <= 2 ** -149, `atan2(${a[i]}, ${b[i]}) = ${v}, want ${want[i]}`); });
    const sv = [0, -0, 1, -1, 3e-45, -3e-45, 3.4e38, -3.4e38, Infinity, -Infinity, NaN];
    const ya: number[] = [], xb: number[] = [];
    for (const y of sv) for (const x of sv) { ya.push(y); xb.push(x); }
    const m = ya.length, py = env.putF32(ya), px = env.putF32(xb), o = env.alloc(4 * m);
    k.binary_f32(9, py, px, o, env.meta([m], [1], [1], [1]), 0, m);
    env.f32(o, m).forEach((v, i) => assert.ok(same(v, fr(Math.atan2(fr(ya[i]), fr(xb[i])))), `atan2(${ya[i]}, ${xb[i]}) = ${v}, want ${fr(Math.atan2(ya[i], xb[i]))}`));
  });

  S("binary_i32: every op incl. floor division and mod by 0, −1 and negative divisors, broadcasting and strides", () => {
    for (const L of LAYOUTS) {
      for (const [op, name, f] of I32_OPS) {
        const vals: Int32Array[] = [];
        const make = (p: number, n: number) => {
          const v = ints(n, -9, 9);
          if (n > 4) { v[0] = p === 0 ? -2147483648 : -1; v[3] = 0; v[4] = p === 0 ? 2147483647 : 2; }
          vals[p] = v;
          return env.putI32(v);
        };
        stridedCase(env, L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => k.binary_i32(op, pa, pb, out, meta, s, e),
          "i32", ([oa, ob]) => f(vals[0][oa], vals[1][ob]), `binary_i32 ${name} ${L.name}`);
      }
    }
  });

  // every compare op at every layout: values in [−2, 2] (ties between a and b), with the given specials put in
  const compareCase = <T extends Float32Array | Int32Array>(name: string, values: (n: number) => T, put: (v: T) => number,
    run: (op: number, pa: number, pb: number, out: number, meta: number, s: number, e: number) => void) => {
    for (const L of LAYOUTS) {
      for (let op = 0; op < 6; op++) {
        const vals: T[] = [];
        const make = (p: number, n: number) => put(vals[p] = values(n));
        stridedCase(env, L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => run(op, pa, pb, out, meta, s, e),
          "u8", ([oa, ob]) => (COMPARE[op](vals[0][oa], vals[1][ob]) ? 1 : 0), `${name} op ${op} ${L.name}`);
      }
    }
  };

  S("compare_f32: all ops, NaN and ±0, broadcasting and strides", () => {
    compareCase("compare_f32", (n) => {
      const v = intsF(n, -2, 2);
      for (let i = 0; i < n; i += 7) v[i] = NaN;
      for (let i = 3; i < n; i += 5) v[i] = -0;
      return v;
    }, (v) => env.putF32(v), k.compare_f32);
  });

  S("compare_i32: all ops, extremes, broadcasting and strides", () => {
    compareCase("compare_i32", (n) => {
      const v = ints(n, -2, 2);
      for (let i = 0; i < n; i += 7) v[i] = -2147483648;
      for (let i = 3; i < n; i += 11) v[i] = 2147483647;
      return v;
    }, (v) => env.putI32(v), k.compare_i32);
  });

  S("where_32: selects 32-bit words (NaN payloads kept), u8 conditions incl. 2 and 255", () => {
    for (const L of LAYOUTS) {
      const vals: (Uint8Array | Uint32Array)[] = [];
      const make = (p: number, n: number) => {
        if (p === 0) {
          const c = Uint8Array.from({ length: n }, () => [0, 1, 2, 255, 0][Math.floor(5 * rand())]);
          vals[p] = c;
          return env.putU8(c);
        }
        const w = words(n);
        vals[p] = w;
        return env.putI32(new Int32Array(w.buffer));
      };
      stridedCase(env, L.shape, L.strides, make, ([pc, pa, pb], out, meta, s, e) => k.where_32(pc, pa, pb, out, meta, s, e), "u32",
        ([oc, oa, ob]) => (vals[0][oc] !== 0 ? vals[1][oa] : vals[2][ob]), `where_32 ${L.name}`);
    }
  });

  S("where_8: selects bytes, conditions 0/1/2/255, broadcasting and strides", () => {
    for (const L of [...LAYOUTS, { name: "rank1 long contiguous", shape: [53], strides: [[1], [1], [1]] }]) {
      const vals: Uint8Array[] = [];
      const make = (p: number, n: number) => {
        const v = Uint8Array.from({ length: n }, () => (p === 0 ? [0, 1, 2, 255, 0][Math.floor(5 * rand())] : Math.floor(256 * rand())));
        vals[p] = v;
        return env.putU8(v);
      };
      stridedCase(env, L.shape, L.strides, make, ([pc, pa, pb], out, meta, s, e) => k.where_8(pc, pa, pb, out, meta, s, e), "u8",
        ([oc, oa, ob]) => (vals[0][oc] !== 0 ? vals[1][oa] : vals[2][ob]), `where_8 ${L.name}`);
    }
  });
});
