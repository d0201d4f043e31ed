// Unary kernels at the ABI on every build (f32 vs float64 Math.* with max-ulp sweeps, clip, i32), body and tail
import { accuracyReport, expectSame, expectUlps, forEachBuild, fr, generators, LENGTHS, runGuarded, same, STARTS, ulpErr } from "../helpers/wasm.js";
import * as assert from "uvu/assert";

const { uniform } = generators(1234);

// ---- references in float64 (V8's Math.sin/cos/tan reduce exactly, with Payne–Hanek for large arguments) ----

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));
const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
const elu = (x: number) => (x > 0 ? x : Math.expm1(x));
const signRef = (x: number) => (x > 0 ? 1 : x < 0 ? -1 : x); // ±0 and NaN returned as they are
// erf in float64: Maclaurin series below 2.5 (terms up to ~500, so ~1e-13 relative), 1 − erfc above, with
// erfc's continued fraction e^(−x²)/√π / (x + ½/(x + 1/(x + 3/2/(x + …)))) (A&S 7.1.14) evaluated from depth 80
export const erfRef = (x: number): number => {
  const a = Math.abs(x);
  if (Number.isNaN(x) || a === 0) return x;
  if (a < 2.5) {
    let term = a, sum = a;
    for (let n = 1; n < 80; n++) { term *= -(a * a) / n; sum += term / (2 * n + 1); }
    return Math.sign(x) * sum * 2 / Math.sqrt(Math.PI);
  }
  let t = a;
  for (let k = 80; k >= 1; k--) t = a + k / 2 / t;
  return Math.sign(x) * (1 - Math.exp(-a * a) / Math.sqrt(Math.PI) / t);
};
// round half to even (TF's round), keeping the sign of zero
const roundEven = (x: number) => (Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : Math.round(x));
const relu = (x: number) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0); // max(x, 0): NaN stays

// f32 unary kernels: reference, tolerance in ulps (0 = bit-exact), input domain
const UNARY: { name: string; f: (x: number) => number; ulps: number; lo: number; hi: number }[] = [
  { name: "neg_f32", f: (x) => -x, ulps: 0, lo: -10, hi: 10 },
  { name: "abs_f32", f: Math.abs, ulps: 0, lo: -10, hi: 10 },
  { name: "exp_f32", f: Math.exp, ulps: 2, lo: -100, hi: 88 },
  { name: "log_f32", f: Math.log, ulps: 2, lo: 0, hi: 100 },
  { name: "sqrt_f32", f: (x) => fr(Math.sqrt(x)), ulps: 0, lo: 0, hi: 100 },
  { name: "square_f32", f: (x) => fr(x * x), ulps: 0, lo: -10, hi: 10 },
  { name: "tanh_f32", f: Math.tanh, ulps: 2, lo: -6, hi: 6 },
  { name: "sigmoid_f32", f: sigmoid, ulps: 2, lo: -20, hi: 20 },
  { name: "relu_f32", f: relu, ulps: 0, lo: -10, hi: 10 },
  { name: "sign_f32", f: signRef, ulps: 0, lo: -3, hi: 3 },
  { name: "log1p_f32", f: Math.log1p, ulps: 2, lo: -0.99, hi: 10 },
  { name: "expm1_f32", f: Math.expm1, ulps: 2, lo: -20, hi: 20 },
  { name: "rsqrt_f32", f: (x) => 1 / Math.sqrt(x), ulps: 2, lo: 0, hi: 100 },
  { name: "reciprocal_f32", f: (x) => fr(1 / x), ulps: 0, lo: -100, hi: 100 },
  { name: "sin_f32", f: Math.sin, ulps: 2, lo: -100, hi: 100 },
  { name: "cos_f32", f: Math.cos, ulps: 2, lo: -100, hi: 100 },
  { name: "tan_f32", f: Math.tan, ulps: 2, lo: -100, hi: 100 },
  { name: "elu_f32", f: elu, ulps: 2, lo: -10, hi: 10 },
  { name: "softplus_f32", f: softplus, ulps: 2, lo: -30, hi: 30 },
  { name: "floor_f32", f: Math.floor, ulps: 0, lo: -10, hi: 10 },
  { name: "ceil_f32", f: Math.ceil, ulps: 0, lo: -10, hi: 10 },
  { name: "round_f32", f: roundEven, ulps: 0, lo: -10, hi: 10 },
  { name: "sinh_f32", f: Math.sinh, ulps: 1, lo: -20, hi: 20 },
  { name: "cosh_f32", f: Math.cosh, ulps: 1, lo: -20, hi: 20 },
  { name: "asinh_f32", f: Math.asinh, ulps: 1, lo: -100, hi: 100 },
  { name: "acosh_f32", f: Math.acosh, ulps: 1, lo: 1, hi: 100 },
  { name: "atanh_f32", f: Math.atanh, ulps: 1, lo: -1, hi: 1 },
  { name: "asin_f32", f: Math.asin, ulps: 1, lo: -1, hi: 1 },
  { name: "acos_f32", f: Math.acos, ulps: 1, lo: -1, hi: 1 },
  { name: "atan_f32", f: Math.atan, ulps: 1, lo: -100, hi: 100 },
  { name: "erf_f32", f: erfRef, ulps: 1, lo: -5, hi: 5 },
];
const TRIG = ["sin_f32", "cos_f32", "tan_f32"];

const N = 100_000; // sweep points
const lin = (lo: number, hi: number) => Float32Array.from({ length: N }, (_, i) => lo + ((hi - lo) * i) / (N - 1));
// uniform over the float32 bit patterns in [lo, hi] (lo, hi > 0), negated when sign < 0
const bits = (lo: number, hi: number, sign = 1) => {
  const u = new Uint32Array(2);
  new Float32Array(u.buffer).set([lo, hi]);
  const b = new Float32Array(Uint32Array.from({ length: N }, (_, i) => u[0] + Math.floor(((u[1] - u[0]) * i) / (N - 1))).buffer);
  return sign < 0 ? b.map((v) => -v) : b;
};

const maxUlp: Record<string, number> = {};

const ran = await forEachBuild("kernels: unary", (S, env, build) => {
  const { k } = env;
  const run = (kernel: string, x: Float32Array | Int32Array, n: number, start: number, opts?: { extra?: number[]; inPlace?: boolean }) =>
    runGuarded(env, kernel, [x], n, start, opts);

  S("f32: every length, sub-ranges, guards, in place", () => {
    for (const u of UNARY) {
      for (const n of LENGTHS) {
        for (const start of STARTS) {
          const x = uniform(n, u.lo, u.hi);
          const want = Array.from(x, u.f);
          expectUlps(run(u.name, x, n, start), want, u.ulps, `${u.name} n=${n} start=${start}`, x);
          if (start === 1) expectUlps(run(u.name, x, n, start, { inPlace: true }), want, u.ulps, `${u.name} n=${n} in place`, x);
        }
      }
    }
  });

  S("f32: results do not depend on position (body vs tail), also with Payne–Hanek lanes", () => {
    for (const u of UNARY) {
      const x = uniform(9, u.lo, u.hi);
      if (TRIG.includes(u.name)) { x[2] = 1e30; x[5] = -3e9; x[8] = 123456789; }
      const whole = run(u.name, x, 9, 0);
      for (let i = 0; i < 9; i++) {
        const one = run(u.name, x.subarray(i, i + 1), 1, 2);
        assert.ok(same(one[0], whole[i]), `${u.name}: x=${x[i]} alone ${one[0]} vs in a vector ${whole[i]}`);
      }
    }
  });

  S("exp/log/tanh/sigmoid/sqrt/relu: special values and thresholds", () => {
    const cases: [string, number[], (x: number) => number][] = [
      ["exp_f32", [0, -0, Infinity, -Infinity, NaN, 1, -1, 88.7, 88.72283, 88.72284, 88.73, 89, 100, 1e30,
        -87.33, -87.34, -100, -103, -103.97, -103.98, -104, -150, -1e30, 1e-8, -1e-8, 1e-45, 0.3465, -0.3466], Math.exp],
      ["log_f32", [0, -0, Infinity, -Infinity, NaN, 1, -1, -1e-45, 1e-45, 2e-45, 1e-40, 1.1754942e-38, 1.1754944e-38,
        3.4028235e38, 0.7071067, 0.7071068, 1.0000001, 0.99999994, 2, 0.5, Math.E], Math.log],
      ["tanh_f32", [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-20, 1e-4, 0.6249999, 0.625, -0.625, 0.63,
        1, 5, 9, 9.1, 10, 20, 44, 45, 100, -100, 1e30], Math.tanh],
      ["sigmoid_f32", [0, -0, Infinity, -Infinity, NaN, 1e-20, -1e-20, 1, -1, 16.6, 17, 20, 88, 89, 100, -80, -87.3,
        -88, -100, -103, -103.9, -104, -200, 1e30, -1e30], sigmoid],
      ["sqrt_f32", [0, -0, Infinity, -Infinity, NaN, -1, 1e-45, 2, 4, 3.4028235e38], (x) => fr(Math.sqrt(x))],
      ["relu_f32", [0, -0, Infinity, -Infinity, NaN, -1e-45, 1e-45, -3, 3], relu],
    ];
    for (const [kernel, xs, f] of cases) {
      const x = Float32Array.from(xs);
      const got = run(kernel, x, x.length, 1);
      if (kernel === "sqrt_f32" || kernel === "relu_f32") expectSame(got, Array.from(x, f), `${kernel} specials`);
      else expectUlps(got, Array.from(x, f), 2, `${kernel} specials`, x);
      // exact special results: ±0, ±Inf, NaN and saturation must be exact, not just within 2 ulp
      x.forEach((v, i) => {
        const want = fr(f(v));
        if (!Number.isFinite(want) || want === 0 || Math.abs(want) === 1) {
          assert.ok(same(got[i], want), `${kernel}(${v}) = ${got[i]}, want exactly ${want}`);
        }
      });
    }
  });

  S("sign … softplus: ±0, ±Inf, NaN, domain edges, overflow, exact where the result is exact", () => {
    const sv = [0, -0, Infinity, -Infinity, NaN, 1, -1, -2, 0.5, -0.5, 1e-45, -1e-45, 1e-40, -1e-40, 1e-30, -1e-30, 5.9e-8,
      -5.9e-8, 1e-7, 88.7, 88.72, 88.7228, 88.73, 89, 100, -18.7, -20, -30, -87, -103, -104, -150, 3.4e38, -3.4e38, 1e10,
      33554430, 33554432, -33554432, 16777216, 1e30, 0.34657, -0.34657, 1.0397, -1.0397, 0.41421354, -0.29289323];
    const x = Float32Array.from(sv);
    for (const u of UNARY.slice(UNARY.findIndex((u) => u.name === "sign_f32"))) {
      const got = run(u.name, x, x.length, 1);
      expectUlps(got, Array.from(x, u.f), u.ulps, `${u.name} specials`, x);
      x.forEach((v, i) => { // ±0, ±Inf, NaN, ±1 results exactly (sign of zero included)
        const want = fr(u.f(v));
        if (!Number.isFinite(want) || want === 0 || Math.abs(want) === 1) assert.ok(same(got[i], want), `${u.name}(${v}) = ${got[i]}, want exactly ${want}`);
      });
    }
  });

  // ≤ tol ulp on normal results; absTol: also |error| ≤ absTol (near the zeros of sin/cos, where the result is
  // tiny next to 1); subnormal results are checked by the specials above
  const sweep = (kernel: string, f: (x: number) => number, x: Float32Array, tol: number, absTol?: number) => {
    const xp = env.putF32(x), op = env.alloc(4 * N);
    k[kernel](xp, op, 0, N);
    const got = env.f32(op, N);
    let worst = 0;
    for (let i = 0; i < N; i++) {
      const exact = f(x[i]);
      if (absTol !== undefined) {
        const err = Math.abs(got[i] - exact);
        if (!(err <= absTol)) assert.unreachable(`${kernel} x=${x[i]}: |error| ${err} > ${absTol}`);
      }
      if (Math.abs(fr(exact)) < 2 ** -126) continue;
      const e = ulpErr(got[i], exact);
      if (e > tol) assert.unreachable(`${kernel} x=${x[i]}: got ${got[i]}, want ${exact} (${e.toFixed(2)} ulp > ${tol})`);
      worst = Math.max(worst, e);
    }
    maxUlp[`${kernel} ${build}`] = Math.max(maxUlp[`${kernel} ${build}`] ?? 0, worst);
    env.reset();
  };

  S("exp/log/tanh/sigmoid: 100k-point sweeps, max ulp", () => {
    // every result here is checked, subnormal ones included
    const sweepAll = (kernel: string, f: (x: number) => number, x: Float32Array) => {
      const xp = env.putF32(x), op = env.alloc(4 * N);
      k[kernel](xp, op, 0, N);
      const worst = expectUlps(env.f32(op, N), Array.from(x, f), 2, `${kernel} sweep`, x);
      maxUlp[`${kernel} ${build}`] = Math.max(maxUlp[`${kernel} ${build}`] ?? 0, worst);
      env.reset();
    };
    sweepAll("exp_f32", Math.exp, lin(-104, 89));
    sweepAll("exp_f32", Math.exp, lin(-1, 1));
    sweepAll("log_f32", Math.log, bits(1e-45, 3.4e38));
    sweepAll("log_f32", Math.log, lin(0.5, 2));
    sweepAll("tanh_f32", Math.tanh, lin(-10, 10));
    sweepAll("tanh_f32", Math.tanh, bits(1e-30, 10));
    sweepAll("tanh_f32", Math.tanh, lin(-0.7, 0.7));
    sweepAll("sigmoid_f32", sigmoid, lin(-104, 20));
    sweepAll("sigmoid_f32", sigmoid, lin(-2, 2));
  });

  S("log1p … softplus sweeps: ≤ 2 ulp on normal results (≤ 1 for the f64-evaluated trig); sin/cos |error| ≤ 2e-7 for |x| ≤ 1e4", () => {
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

  S("floor … erf sweeps: ≤ 1 ulp (evaluated in f64, see assembly/wide.ts); rounding exact", () => {
    for (const [kernel, f] of [["floor_f32", Math.floor], ["ceil_f32", Math.ceil], ["round_f32", roundEven]] as const) {
      sweep(kernel, f, lin(-8.5, 8.5), 0);
      sweep(kernel, f, bits(1e-30, 3.4e38), 0);
      sweep(kernel, f, bits(1e-30, 3.4e38, -1), 0);
    }
    sweep("sinh_f32", Math.sinh, lin(-89.4, 89.4), 1);
    sweep("sinh_f32", Math.sinh, bits(1e-30, 89.4), 1);
    sweep("cosh_f32", Math.cosh, lin(-89.4, 89.4), 1);
    sweep("cosh_f32", Math.cosh, bits(1e-30, 89.4, -1), 1);
    sweep("asinh_f32", Math.asinh, bits(1e-30, 3.4e38), 1);
    sweep("asinh_f32", Math.asinh, lin(-2, 2), 1);
    sweep("acosh_f32", Math.acosh, bits(1, 3.4e38), 1);
    sweep("acosh_f32", Math.acosh, lin(1, 1.01), 1);
    sweep("atanh_f32", Math.atanh, bits(1e-30, 0.99999994, -1), 1);
    sweep("atanh_f32", Math.atanh, lin(-0.9999, 0.9999), 1);
    sweep("asin_f32", Math.asin, bits(1e-30, 1), 1);
    sweep("acos_f32", Math.acos, lin(-1, 1), 1);
    sweep("acos_f32", Math.acos, bits(1e-30, 1, -1), 1);
    sweep("atan_f32", Math.atan, bits(1e-30, 3.4e38, -1), 1);
    sweep("atan_f32", Math.atan, lin(-3, 3), 1);
    sweep("erf_f32", erfRef, lin(-4.5, 4.5), 1);
    sweep("erf_f32", erfRef, bits(1e-30, 4.5), 1);
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
      expectUlps(run(kernel, x, x.length, 0), Array.from(x, f), 1, `${kernel} near n·π/2`, x);
    }
  });

  S("clip_f32: lo ≤ x ≤ hi passes, NaN stays, ±0 per max/min", () => {
    const x = Float32Array.from([-3, -1, -0.5, 0, -0, 0.5, 1, 3, NaN, Infinity, -Infinity, 0.25, 2, -2, 1e-45, 0.9]);
    for (const n of [1, 3, 4, 7, 16]) {
      const got = run("clip_f32", x.subarray(0, n), n, 1, { extra: [-1, 1] });
      got.forEach((v, i) => assert.ok(same(v, Number.isNaN(x[i]) ? NaN : Math.min(Math.max(x[i], -1), 1)), `clip(${x[i]}) = ${v}`));
    }
    const z = run("clip_f32", Float32Array.from([-0, 0, -1]), 3, 0, { extra: [0, 0] });
    assert.ok(Object.is(z[0], 0) && Object.is(z[1], 0) && Object.is(z[2], 0), "clip to [0, 0] gives +0");
  });

  S("i32: neg, abs, sign, square wrap like int32", () => {
    const x = Int32Array.from([0, 1, -1, 7, -7, 46341, -46341, 2147483647, -2147483648, 65536, 12, -12, 3, -100000, 99, 5, -5]);
    const refs: [string, (v: number) => number][] = [
      ["neg_i32", (v) => -v | 0], ["abs_i32", (v) => Math.abs(v) | 0], ["sign_i32", (v) => Math.sign(v)], ["square_i32", (v) => Math.imul(v, v)],
    ];
    for (const [kernel, f] of refs) {
      for (const n of LENGTHS.filter((n) => n <= x.length)) {
        const got = run(kernel, x.subarray(0, n), n, n % 3);
        got.forEach((v, i) => assert.is(v, f(x[i]), `${kernel}(${x[i]})`));
      }
    }
  });
});

accuracyReport("kernels: unary accuracy report", ran, maxUlp);
