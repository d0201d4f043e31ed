// Second-batch kernels at the ABI (every build): unary math vs Math.* with max-ulp sweeps, i32, where_8, reductions
import { extent, GUARD, kernelRng, LENGTHS, loadEnv, offsets, prod, SENTINEL, ulp, ulpErr, type KernelEnv } from "../helpers/wasm.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";

type Kernels = Record<string, (...args: number[]) => number>;

type Env = KernelEnv<Kernels>;
const load = (file: string) => loadEnv<Kernels>(file);

// ---- numeric helpers ------------------------------------------------------------------------------

const fr = Math.fround;
const rng = kernelRng;
const rand = rng(4321);
const uniform = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
const ints = (n: number, lo: number, hi: number) => Int32Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * rand()));
const same = (got: number, want: number) => Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));


// references in float64 (V8's Math.sin/cos/tan reduce exactly, with Payne–Hanek for large arguments)
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const elu = (x: number) => (x > 0 ? x : Math.expm1(x));
const signRef = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x); // ±0 and NaN returned as they are

const UNARY: { name: string; f: (x: number) => number; ulps: number; lo: number; hi: number }[] = [
  { name: "sign_f32", f: signRef, ulps: 0, lo: -3, hi: 3 },
  { name: "log1p_f32", f: Math.log1p, ulps: 2, lo: -0.99, hi: 10 },
  { name: "expm1_f32", f: Math.expm1, ulps: 2, lo: -20, hi: 20 },
  { name: "rsqrt_f32", f: (x) => 1 / Math.sqrt(x), ulps: 2, lo: 0, hi: 100 },
  { name: "sin_f32", f: Math.sin, ulps: 2, lo: -100, hi: 100 },
  { name: "cos_f32", f: Math.cos, ulps: 2, lo: -100, hi: 100 },
  { name: "tan_f32", f: Math.tan, ulps: 2, lo: -100, hi: 100 },
  { name: "elu_f32", f: elu, ulps: 2, lo: -10, hi: 10 },
  { name: "softplus_f32", f: softplus, ulps: 2, lo: -30, hi: 30 },
];

const STARTS = [0, 1, 3, 6];

// strided layouts: shape and strides (elements) per operand (up to 3)
const LAYOUTS: { name: string; shape: number[]; strides: number[][] }[] = [
  { name: "rank1 contiguous", shape: [37], strides: [[1], [1], [1]] },
  { name: "rank1 scalar b", shape: [37], strides: [[1], [0], [1]] },
  { name: "rank1 scalar a", shape: [37], strides: [[0], [1], [0]] },
  { name: "rank1 stride 3 / 2", shape: [21], strides: [[3], [2], [5]] },
  { name: "row broadcast 6x19", shape: [6, 19], strides: [[19, 1], [0, 1], [0, 1]] },
  { name: "column broadcast 7x18", shape: [7, 18], strides: [[18, 1], [1, 0], [1, 0]] },
  { name: "transpose 17x9", shape: [9, 17], strides: [[1, 9], [1, 9], [17, 1]] },
  { name: "middle stride-0 2x3x4", shape: [2, 3, 4], strides: [[12, 4, 1], [4, 0, 1], [0, 0, 1]] },
  { name: "rank4 mixed", shape: [2, 3, 2, 9], strides: [[54, 18, 9, 1], [0, 9, 0, 1], [1, 0, 27, 2]] },
];

function ranges(total: number): [number, number][][] {
  const out: [number, number][][] = [[[0, total]]];
  if (total > 4) out.push([[3, total - 2]], [[1, 2]], [[0, 2], [2, total >> 1], [total >> 1, total]]);
  return out;
}

// i32 floor division and floor mod with the kernels' conventions (x/0 = x mod 0 = 0, wrapping)
const floorDivI = (a: number, b: number) => (b === 0 ? 0 : Math.floor(a / b) | 0);
const modI = (a: number, b: number) => (b === 0 ? 0 : (((a % b) + b) % b) | 0);
const modF = (a: number, b: number) => { const r = a % b; return r !== 0 && (r < 0) !== (b < 0) ? fr(r + b) : r; };
const I32_OPS: [number, string, (a: number, b: number) => number][] = [
  [0, "add", (a, b) => (a + b) | 0], [1, "sub", (a, b) => (a - b) | 0], [2, "mul", (a, b) => Math.imul(a, b)],
  [3, "div", floorDivI], [5, "maximum", Math.max], [6, "minimum", Math.min], [7, "floorDiv", floorDivI], [8, "mod", modI],
];
const CMP: ((a: number, b: number) => boolean)[] = [
  (a, b) => a === b, (a, b) => a !== b, (a, b) => a < b, (a, b) => a <= b, (a, b) => a > b, (a, b) => a >= b,
];

const maxUlp: Record<string, number> = {};

function kernelSuite(name: string, env: Env): void {
  const S = suite(`kernels2 [${name}]`);
  const { k } = env;
  S.before.each(() => env.reset());

  // run a contiguous f32 or i32 kernel over [start, start + n) of guarded buffers; returns the written values
  function runGuarded(kernel: string, x: Float32Array | Int32Array, n: number, start: number, extra: number[] = [], inPlace = false): number[] {
    const len = start + n + GUARD;
    const isInt = x instanceof Int32Array;
    const full = isInt ? new Int32Array(len).fill(7) : new Float32Array(len).fill(7);
    full.set(x, start);
    const xp = isInt ? env.putI32(full) : env.putF32(full);
    const out = inPlace ? xp : isInt ? env.putI32(new Int32Array(len).fill(-999)) : env.putF32(new Float32Array(len).fill(SENTINEL));
    k[kernel](xp, out, ...extra, start, start + n);
    const got = Array.from(isInt ? env.i32(out, len) : env.f32(out, len));
    const untouched = inPlace ? 7 : isInt ? -999 : SENTINEL;
    got.forEach((v, i) => {
      if ((i < start || i >= start + n) && v !== untouched) assert.unreachable(`${kernel}: wrote outside [${start}, ${start + n}) at ${i}`);
    });
    return got.slice(start, start + n);
  }

  function expectUlps(got: ArrayLike<number>, exact: ArrayLike<number>, tol: number, what: string, xs: ArrayLike<number>): number {
    let worst = 0;
    for (let i = 0; i < exact.length; i++) {
      const e = tol === 0 ? (same(got[i], fr(exact[i])) ? 0 : Infinity) : ulpErr(got[i], exact[i]);
      if (e > tol) assert.unreachable(`${what}: x=${xs[i]} got ${got[i]}, want ${exact[i]} (${e.toFixed(2)} ulp > ${tol})`);
      worst = Math.max(worst, e);
    }
    return worst;
  }

  S("unary f32: every length, sub-ranges, guards, in place", () => {
    for (const u of UNARY) {
      for (const n of LENGTHS) {
        for (const start of STARTS) {
          const x = uniform(n, u.lo, u.hi);
          const want = Array.from(x, u.f);
          expectUlps(runGuarded(u.name, x, n, start), want, u.ulps, `${u.name} n=${n} start=${start}`, x);
          if (start === 1) expectUlps(runGuarded(u.name, x, n, start, [], true), want, u.ulps, `${u.name} n=${n} in place`, x);
        }
      }
    }
  });

  S("unary f32: results do not depend on position (body vs tail), also with Payne–Hanek lanes", () => {
    for (const u of UNARY) {
      const x = uniform(9, u.lo, u.hi);
      if (u.name.endsWith("n_f32") || u.name === "cos_f32") { x[2] = 1e30; x[5] = -3e9; x[8] = 123456789; }
      const whole = runGuarded(u.name, x, 9, 0);
      for (let i = 0; i < 9; i++) {
        const one = runGuarded(u.name, x.subarray(i, i + 1), 1, 2);
        assert.ok(same(one[0], whole[i]), `${u.name}: x=${x[i]} alone ${one[0]} vs in a vector ${whole[i]}`);
      }
    }
  });

  S("special values: ±0, ±Inf, NaN, domain edges, overflow, exact where the result is exact", () => {
    const sv = [0, -0, Infinity, -Infinity, NaN, 1, -1, -2, 0.5, -0.5, 1e-45, -1e-45, 1e-40, -1e-40, 1e-30, -1e-30, 5.9e-8,
      -5.9e-8, 1e-7, 88.7, 88.72, 88.7228, 88.73, 89, 100, -18.7, -20, -30, -87, -103, -104, -150, 3.4e38, -3.4e38, 1e10,
      33554430, 33554432, -33554432, 16777216, 1e30, 0.34657, -0.34657, 1.0397, -1.0397, 0.41421354, -0.29289323];
    const x = Float32Array.from(sv);
    for (const u of UNARY) {
      const got = runGuarded(u.name, x, x.length, 1);
      expectUlps(got, Array.from(x, u.f), u.ulps, `${u.name} specials`, x);
      x.forEach((v, i) => { // ±0, ±Inf, NaN, ±1 results exactly (sign of zero included)
        const want = fr(u.f(v));
        if (!Number.isFinite(want) || want === 0 || Math.abs(want) === 1) assert.ok(same(got[i], want), `${u.name}(${v}) = ${got[i]}, want exactly ${want}`);
      });
    }
  });

  S("sweeps: ≤ 2 ulp on normal results (≤ 1 for the f64-evaluated trig); sin/cos |error| ≤ 2e-7 for |x| ≤ 1e4", () => {
    const N = 100_000;
    const lin = (lo: number, hi: number) => Float32Array.from({ length: N }, (_, i) => lo + ((hi - lo) * i) / (N - 1));
    const bits = (lo: number, hi: number, sign = 1) => { // uniform over the float32 bit patterns in [lo, hi] (lo, hi > 0)
      const u = new Uint32Array(2);
      new Float32Array(u.buffer).set([lo, hi]);
      const b = new Float32Array(Uint32Array.from({ length: N }, (_, i) => u[0] + Math.floor(((u[1] - u[0]) * i) / (N - 1))).buffer);
      return sign < 0 ? b.map((v) => -v) : b;
    };
    const sweep = (kernel: string, f: (x: number) => number, x: Float32Array, tol: number, absTol?: number) => {
      const xp = env.putF32(x), op = env.alloc(4 * N);
      k[kernel](xp, op, 0, N);
      const got = env.f32(op, N);
      let worst = 0;
      for (let i = 0; i < N; i++) {
        const exact = f(x[i]);
        if (absTol !== undefined) { // absolute error where the result is tiny next to 1 (near the zeros of sin/cos)
          const err = Math.abs(got[i] - exact);
          if (!(err <= absTol)) assert.unreachable(`${kernel} x=${x[i]}: |error| ${err} > ${absTol}`);
        }
        if (Math.abs(fr(exact)) < 2 ** -126) continue; // subnormal results: checked by the specials above
        const e = ulpErr(got[i], exact);
        if (e > tol) assert.unreachable(`${kernel} x=${x[i]}: got ${got[i]}, want ${exact} (${e.toFixed(2)} ulp > ${tol})`);
        worst = Math.max(worst, e);
      }
      maxUlp[`${kernel} ${name}`] = Math.max(maxUlp[`${kernel} ${name}`] ?? 0, worst);
      env.reset();
    };
    sweep("log1p_f32", Math.log1p, lin(-0.9999, 3), 2);
    sweep("log1p_f32", Math.log1p, bits(1e-30, 3.4e38), 2);
    sweep("log1p_f32", Math.log1p, bits(1e-30, 0.9999999, -1), 2);
    sweep("expm1_f32", Math.expm1, lin(-25, 88.72), 2);
    sweep("expm1_f32", Math.expm1, bits(1e-30, 88.72), 2);
    sweep("expm1_f32", Math.expm1, bits(1e-30, 30, -1), 2);
    sweep("rsqrt_f32", (x) => 1 / Math.sqrt(x), bits(1e-45, 3.4e38), 2);
    for (const [kernel, f] of [["sin_f32", Math.sin], ["cos_f32", Math.cos]] as const) {
      sweep(kernel, f, lin(-1e4, 1e4), 1, 2e-7);
      sweep(kernel, f, lin(-7, 7), 1, 2e-7);
      sweep(kernel, f, bits(1e-30, 1e4), 1, 2e-7);
      sweep(kernel, f, bits(1e4, 3.4e38), 1); // Cody–Waite up to 2^25, Payne–Hanek beyond
      sweep(kernel, f, bits(3e7, 4e7, -1), 1); // around the switch at 2^25
    }
    sweep("tan_f32", Math.tan, lin(-1e4, 1e4), 1);
    sweep("tan_f32", Math.tan, bits(1e-30, 3.4e38), 1);
    sweep("tan_f32", Math.tan, bits(1e-30, 3.4e38, -1), 1);
    sweep("elu_f32", elu, lin(-30, 30), 2);
    sweep("elu_f32", elu, bits(1e-30, 20, -1), 2);
    sweep("softplus_f32", softplus, lin(-100, 100), 2);
    sweep("softplus_f32", softplus, lin(-3, 3), 2);
    sweep("softplus_f32", softplus, bits(1e-30, 100, -1), 2);
  });

  S("sin/cos/tan next to multiples of π/2, where the reduction must not cancel", () => {
    // the float32 values nearest n·π/2 for n up to 2^20 and a few huge ones: |r| down to ~1e-9
    const xs: number[] = [];
    for (let n = 1; n < 1 << 20; n = Math.ceil(n * 1.37)) {
      const c = fr(n * Math.PI / 2);
      xs.push(c, -c, fr(c * (1 + 2 ** -23)), fr(c * (1 - 2 ** -24)));
    }
    xs.push(16367173 * 2 ** 72, 8.0e37, 1.57079637, 3.14159274, 4.71238899, 6.28318548, 1.3176793e+30);
    const x = Float32Array.from(xs);
    for (const [kernel, f] of [["sin_f32", Math.sin], ["cos_f32", Math.cos], ["tan_f32", Math.tan]] as const) {
      const got = runGuarded(kernel, x, x.length, 0);
      expectUlps(got, Array.from(x, f), 1, `${kernel} near n·π/2`, x);
    }
  });

  S("clip_f32: lo ≤ x ≤ hi passes, NaN stays, ±0 per max/min", () => {
    const x = Float32Array.from([-3, -1, -0.5, 0, -0, 0.5, 1, 3, NaN, Infinity, -Infinity, 0.25, 2, -2, 1e-45, 0.9]);
    for (const n of [1, 3, 4, 7, 16]) {
      const got = runGuarded("clip_f32", x.subarray(0, n), n, 1, [-1, 1]);
      got.forEach((v, i) => assert.ok(same(v, Number.isNaN(x[i]) ? NaN : Math.min(Math.max(x[i], -1), 1)), `clip(${x[i]}) = ${v}`));
    }
    const z = runGuarded("clip_f32", Float32Array.from([-0, 0, -1]), 3, 0, [0, 0]);
    assert.ok(Object.is(z[0], 0) && Object.is(z[1], 0) && Object.is(z[2], 0), "clip to [0, 0] gives +0");
  });

  S("unary i32: neg, abs, sign, square wrap like int32", () => {
    const x = Int32Array.from([0, 1, -1, 7, -7, 46341, -46341, 2147483647, -2147483648, 65536, 12, -12, 3, -100000, 99, 5, -5]);
    const refs: [string, (v: number) => number][] = [
      ["neg_i32", (v) => -v | 0], ["abs_i32", (v) => Math.abs(v) | 0], ["sign_i32", (v) => Math.sign(v)], ["square_i32", (v) => Math.imul(v, v)],
    ];
    for (const [kernel, f] of refs) {
      for (const n of LENGTHS.filter((n) => n <= x.length)) {
        const got = runGuarded(kernel, x.subarray(0, n), n, n % 3);
        got.forEach((v, i) => assert.is(v, f(x[i]), `${kernel}(${x[i]})`));
      }
    }
  });

  S("i32 binary: contiguous kernels, every length and range", () => {
    for (const [op, name, f] of I32_OPS) {
      if (op === 3 || op >= 7) continue;
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

  // runs a strided kernel over every range split and checks each output element and the untouched rest
  function stridedCase(shape: number[], strides: number[][], make: (p: number, n: number) => number,
    run: (ptrs: number[], out: number, meta: number, s: number, e: number) => void, kind: "f32" | "i32" | "u8",
    want: (offs: number[]) => number, what: string): void {
    const total = prod(shape);
    const ptrs = strides.map((s, p) => make(p, extent(shape, s)));
    const meta = env.meta(shape, ...strides);
    const untouched = kind === "f32" ? SENTINEL : kind === "i32" ? -999 : 77;
    for (const rs of ranges(total)) {
      const out = kind === "u8" ? env.putU8(new Uint8Array(total + GUARD).fill(77))
        : kind === "f32" ? env.putF32(new Float32Array(total + GUARD).fill(SENTINEL)) : env.putI32(new Int32Array(total + GUARD).fill(-999));
      for (const [s, e] of rs) run(ptrs, out, meta, s, e);
      const got = kind === "u8" ? env.u8(out, total + GUARD) : kind === "f32" ? env.f32(out, total + GUARD) : env.i32(out, total + GUARD);
      for (let i = 0; i < total + GUARD; i++) {
        const w = rs.some(([s, e]) => i >= s && i < e) ? want(offsets(shape, strides, i)) : untouched;
        if (!same(got[i], w)) assert.unreachable(`${what} ranges ${JSON.stringify(rs)}: [${i}] got ${got[i]}, want ${w}`);
      }
    }
  }

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
        stridedCase(L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => k.binary_i32(op, pa, pb, out, meta, s, e),
          "i32", ([oa, ob]) => f(vals[0][oa], vals[1][ob]), `binary_i32 ${name} ${L.name}`);
      }
    }
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
        const make = (p: number, m: number) => { const v = Float32Array.from(ints(m, -9, 9)).map((x) => (p === 1 && x === 0 ? 3 : x / 2)); vals[p] = v; return env.putF32(v); };
        stridedCase(L.shape, L.strides.slice(0, 2), make, ([x, y], o, m, s, e) => k.binary_f32(op, x, y, o, m, s, e), "f32",
          ([oa, ob]) => (op === 7 ? Math.floor(fr(vals[0][oa] / vals[1][ob])) : modF(vals[0][oa], vals[1][ob])), `binary_f32 op ${op} ${L.name}`);
      }
    }
  });

  S("compare_i32: all ops, extremes, broadcasting and strides", () => {
    for (const L of LAYOUTS) {
      for (let op = 0; op < 6; op++) {
        const vals: Int32Array[] = [];
        const make = (p: number, n: number) => {
          const v = ints(n, -2, 2);
          for (let i = 0; i < n; i += 7) v[i] = -2147483648;
          for (let i = 3; i < n; i += 11) v[i] = 2147483647;
          vals[p] = v;
          return env.putI32(v);
        };
        stridedCase(L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => k.compare_i32(op, pa, pb, out, meta, s, e),
          "u8", ([oa, ob]) => (CMP[op](vals[0][oa], vals[1][ob]) ? 1 : 0), `compare_i32 op ${op} ${L.name}`);
      }
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
      stridedCase(L.shape, L.strides, make, ([pc, pa, pb], out, meta, s, e) => k.where_8(pc, pa, pb, out, meta, s, e), "u8",
        ([oc, oa, ob]) => (vals[0][oc] !== 0 ? vals[1][oa] : vals[2][ob]), `where_8 ${L.name}`);
    }
  });

  type Red = { kernel: string; int: boolean; init: number; f: (acc: number, v: number) => number; exact: boolean };
  const REDUCE: Red[] = [
    { kernel: "min_f32", int: false, init: Infinity, f: (a, v) => (Number.isNaN(a) || Number.isNaN(v) ? NaN : Math.min(a, v)), exact: true },
    { kernel: "prod_f32", int: false, init: 1, f: (a, v) => a * v, exact: false },
    { kernel: "sum_i32", int: true, init: 0, f: (a, v) => (a + v) | 0, exact: true },
    { kernel: "max_i32", int: true, init: -2147483648, f: Math.max, exact: true },
    { kernel: "min_i32", int: true, init: 2147483647, f: Math.min, exact: true },
    { kernel: "prod_i32", int: true, init: 1, f: Math.imul, exact: true },
  ];

  S("min_f32, prod_f32, sum/max/min/prod_i32: inner 1 and > 1 (also ≥ 1024), n = 0…17, 33, ranges over outer", () => {
    const outer = 3;
    for (const inner of [1, 2, 3, 4, 5, 8, 17, 1030]) {
      for (const n of [...Array(18).keys(), 33]) {
        if (inner === 1030 && n > 5) continue;
        for (const r of REDUCE) {
          const len = outer * n * inner;
          const x = r.int ? ints(len, r.kernel === "prod_i32" ? -3 : -1000000, r.kernel === "prod_i32" ? 3 : 1000000)
            : uniform(len, r.kernel === "prod_f32" ? 0.5 : -1, r.kernel === "prod_f32" ? 1.5 : 1);
          const xp = r.int ? env.putI32(x) : env.putF32(x);
          const op = r.int ? env.putI32(new Int32Array(outer * inner + GUARD).fill(-999)) : env.putF32(new Float32Array(outer * inner + GUARD).fill(SENTINEL));
          k[r.kernel](xp, op, n, inner, 1, outer);
          const got = r.int ? env.i32(op, outer * inner + GUARD) : env.f32(op, outer * inner + GUARD);
          for (let i = 0; i < outer * inner + GUARD; i++) {
            const o = Math.floor(i / inner), j = i % inner;
            if (o < 1 || o >= outer) { assert.ok(same(got[i], r.int ? -999 : SENTINEL), `${r.kernel} wrote outside the range at ${i}`); continue; }
            let acc = r.init;
            for (let q = 0; q < n; q++) acc = r.f(acc, x[(o * n + q) * inner + j]);
            const what = `${r.kernel} inner=${inner} n=${n} [${o},${j}]`;
            if (r.exact) assert.ok(same(got[i], acc), `${what}: got ${got[i]}, want ${acc}`);
            else assert.ok(Math.abs(got[i] - acc) <= (n + 2) * 2 ** -24 * Math.abs(acc), `${what}: got ${got[i]}, want ${acc}`);
          }
          env.reset();
        }
      }
    }
  });

  S("min_f32 / prod_f32: NaN propagates, ±0, ±Inf", () => {
    const rows: [number[], number, number][] = [ // values, want min, want prod
      [[1, NaN, 3], NaN, NaN],
      [[...Array(20).fill(1), NaN], NaN, NaN],
      [[Infinity, Infinity], Infinity, Infinity],
      [[Infinity, ...Array(18).fill(Infinity), 5], 5, Infinity],
      [[0, 0, 0, 0, 0, 0], 0, 0],
      [[0, -0, 0], -0, -0],
      [[-0, ...Array(17).fill(0)], -0, -0],
      [[Infinity, 0], 0, NaN],
      [[-3.4e38, 2], fr(-3.4e38), -Infinity],
    ];
    for (const [xs, m, p] of rows) {
      for (const inner of [1, 5]) {
        const x = Float32Array.from(xs.flatMap((v) => Array(inner).fill(v)));
        const xp = env.putF32(x), op = env.alloc(4 * inner);
        k.min_f32(xp, op, xs.length, inner, 0, 1);
        env.f32(op, inner).forEach((g) => assert.ok(same(g, m), `min(${xs}) inner=${inner} = ${g}, want ${m}`));
        k.prod_f32(xp, op, xs.length, inner, 0, 1);
        env.f32(op, inner).forEach((g) => assert.ok(same(g, p), `prod(${xs}) inner=${inner} = ${g}, want ${p}`));
      }
    }
  });

  // reference arg-best: the first best value; the first NaN if any
  function argRef(xs: ArrayLike<number>, isMax: boolean): number {
    let bi = 0;
    for (let i = 0; i < xs.length; i++) {
      const v = xs[i], b = xs[bi];
      if (Number.isNaN(b)) break;
      if (Number.isNaN(v) || (isMax ? v > b : v < b)) bi = i;
    }
    return bi;
  }

  S("argmax/argmin f32 and i32: first occurrence on ties, first NaN, inner 1 and > 1, n = 1…40", () => {
    const outer = 3;
    for (const kernel of ["argmax_f32", "argmin_f32", "argmax_i32", "argmin_i32"]) {
      const isMax = kernel.startsWith("argmax"), isInt = kernel.endsWith("i32");
      for (const inner of [1, 2, 3, 4, 5, 7, 16, 19]) {
        for (const n of [1, 2, 3, 4, 5, 7, 8, 9, 12, 15, 16, 17, 31, 40]) {
          for (const withNaN of isInt ? [false] : [false, true]) {
            const len = outer * n * inner;
            const x = isInt ? ints(len, -3, 3) : Float32Array.from(ints(len, -3, 3)); // many ties
            if (withNaN) for (let i = 5; i < len; i += 13) x[i] = NaN;
            const xp = isInt ? env.putI32(x) : env.putF32(x);
            const op = env.putI32(new Int32Array(outer * inner + GUARD).fill(-999));
            k[kernel](xp, op, n, inner, 1, outer);
            const got = env.i32(op, outer * inner + GUARD);
            for (let i = 0; i < outer * inner + GUARD; i++) {
              const o = Math.floor(i / inner), j = i % inner;
              if (o < 1 || o >= outer) { assert.is(got[i], -999, `${kernel} wrote outside the range at ${i}`); continue; }
              const col = Array.from({ length: n }, (_, q) => x[(o * n + q) * inner + j]);
              assert.is(got[i], argRef(col, isMax), `${kernel} inner=${inner} n=${n} [${o},${j}] of ${col}`);
            }
            env.reset();
          }
        }
      }
    }
  });

  S("argmax/argmin f32: ±0 and ±Inf ties, all-NaN, NaN first or last, n = 0 writes 0", () => {
    const rows: [number[], number, number][] = [ // values, argmax, argmin
      [[-0, 0, -0, 0, 0, 0, 0, 0, 0], 0, 0], // -0 == 0: a tie, so the first
      [[-Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity, -Infinity], 0, 0],
      [[1, 2, 3, 4, 5, 6, 7, Infinity, 9, Infinity], 7, 0],
      [[NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN, NaN], 0, 0],
      [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, NaN], 10, 10],
      [[NaN, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0, 0],
      [[5, 1, 9, 9, 1, 5, NaN, 9, 1, NaN], 6, 6],
    ];
    for (const [xs, amax, amin] of rows) {
      const xp = env.putF32(xs), op = env.alloc(4);
      k.argmax_f32(xp, op, xs.length, 1, 0, 1);
      assert.is(env.i32(op, 1)[0], amax, `argmax ${xs}`);
      k.argmin_f32(xp, op, xs.length, 1, 0, 1);
      assert.is(env.i32(op, 1)[0], amin, `argmin ${xs}`);
    }
    const op = env.putI32([-5, -5, -5]);
    k.argmax_f32(0, op, 0, 3, 0, 1);
    assert.equal(Array.from(env.i32(op, 3)), [0, 0, 0]);
  });

  S.run();
}

const builds: [string, string, boolean][] = [["simd", "simd.wasm", false], ["debug", "debug.wasm", false], ["relaxed", "relaxed.wasm", true]];
let ran = 0;
for (const [name, file, relaxed] of builds) {
  const env = await load(file);
  if (!env) {
    if (!relaxed) throw new Error(`build/${file} is missing or invalid: run npm run build`);
    continue;
  }
  kernelSuite(name, env);
  ran++;
}

const report = suite("kernels2: accuracy report");
report("max ulp of the sweeps (≤ 2, trig ≤ 1, asserted above)", () => {
  assert.ok(ran >= 2);
  console.log(`  max ulp: ${Object.entries(maxUlp).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
});
report.run();
