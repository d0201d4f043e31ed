// Wasm kernels at the ABI (build/{simd,debug,relaxed}.wasm) against plain-JS float64 references
import { extent, GUARD, kernelRng, LENGTHS, loadEnv, offsets, prod, SENTINEL, ulp, ulpErr, type KernelEnv } from "../helpers/wasm.js";
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { existsSync, readFileSync } from "node:fs";

type Kernels = Record<string, (...args: number[]) => number>;

// ---- harness: one instance per build, a bump allocator from heapBase, fresh views per access ------

type Env = KernelEnv<Kernels>;
const load = (file: string) => loadEnv<Kernels>(file);

// ---- numeric helpers ------------------------------------------------------------------------------

const fr = Math.fround;

const rng = kernelRng;
const rand = rng(1234);
const uniform = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + (hi - lo) * rand());
const ints = (n: number, lo: number, hi: number) => Float32Array.from({ length: n }, () => lo + Math.floor((hi - lo + 1) * rand()));

const same = (got: number, want: number) => Object.is(got, want) || (Number.isNaN(got) && Number.isNaN(want));


function expectSame(got: ArrayLike<number>, want: ArrayLike<number>, what: string): void {
  assert.is(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    if (!same(got[i], want[i])) assert.unreachable(`${what}: [${i}] got ${got[i]}, want ${want[i]}`);
  }
}

function expectUlps(got: ArrayLike<number>, exact: ArrayLike<number>, tol: number, what: string, xs?: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < exact.length; i++) {
    const e = ulpErr(got[i], exact[i]);
    if (e > tol) assert.unreachable(`${what}: [${i}]${xs ? ` x=${xs[i]}` : ""} got ${got[i]}, want ${exact[i]} (${e.toFixed(2)} ulp > ${tol})`);
    worst = Math.max(worst, e);
  }
  return worst;
}

// ---- references ---------------------------------------------------------------------------------

const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

// unary kernels: reference, tolerance in ulps (0 = bit-exact), input domain
const UNARY: { name: string; f: (x: number) => number; ulps: number; lo: number; hi: number }[] = [
  { name: "neg_f32", f: (x) => -x, ulps: 0, lo: -10, hi: 10 },
  { name: "abs_f32", f: Math.abs, ulps: 0, lo: -10, hi: 10 },
  { name: "exp_f32", f: Math.exp, ulps: 2, lo: -100, hi: 88 },
  { name: "log_f32", f: Math.log, ulps: 2, lo: 0, hi: 100 },
  { name: "sqrt_f32", f: (x) => fr(Math.sqrt(x)), ulps: 0, lo: 0, hi: 100 },
  { name: "square_f32", f: (x) => fr(x * x), ulps: 0, lo: -10, hi: 10 },
  { name: "tanh_f32", f: Math.tanh, ulps: 2, lo: -6, hi: 6 },
  { name: "sigmoid_f32", f: sigmoid, ulps: 2, lo: -20, hi: 20 },
  { name: "relu_f32", f: (x) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0), ulps: 0, lo: -10, hi: 10 }, // max(x, 0): NaN stays
];

// contiguous binary kernels and their binary_f32 op codes
const BINARY: { name: string; op: number; f: (a: number, b: number) => number; ulps: number; lo: number; hi: number }[] = [
  { name: "add_f32", op: 0, f: (a, b) => fr(a + b), ulps: 0, lo: -10, hi: 10 },
  { name: "sub_f32", op: 1, f: (a, b) => fr(a - b), ulps: 0, lo: -10, hi: 10 },
  { name: "mul_f32", op: 2, f: (a, b) => fr(a * b), ulps: 0, lo: -10, hi: 10 },
  { name: "div_f32", op: 3, f: (a, b) => fr(a / b), ulps: 0, lo: -10, hi: 10 },
  { name: "pow_f32", op: 4, f: Math.pow, ulps: 1, lo: 0, hi: 4 },
  { name: "maximum_f32", op: 5, f: Math.max, ulps: 0, lo: -10, hi: 10 },
  { name: "minimum_f32", op: 6, f: Math.min, ulps: 0, lo: -10, hi: 10 },
];

const COMPARE: ((a: number, b: number) => boolean)[] = [
  (a, b) => a === b, (a, b) => a !== b, (a, b) => a < b, (a, b) => a <= b, (a, b) => a > b, (a, b) => a >= b,
];

const STARTS = [0, 1, 3, 6]; // the range [start, start + n) of a buffer with guards on both sides

// strided layouts: shape and strides (elements) per operand; covers scalar/row/column/middle broadcasting,
// transposes and permutations, slices with odd strides, ranks 1–4
const LAYOUTS: { name: string; shape: number[]; strides: number[][] }[] = [
  { name: "rank1 contiguous", shape: [37], strides: [[1], [1], [1]] },
  { name: "rank1 scalar b", shape: [37], strides: [[1], [0], [1]] },
  { name: "rank1 scalar a", shape: [37], strides: [[0], [1], [0]] },
  { name: "rank1 stride 3 / 2", shape: [21], strides: [[3], [2], [5]] },
  { name: "row broadcast 6x19", shape: [6, 19], strides: [[19, 1], [0, 1], [0, 1]] },
  { name: "column broadcast 7x18", shape: [7, 18], strides: [[18, 1], [1, 0], [1, 0]] },
  { name: "outer product 9x21", shape: [9, 21], strides: [[1, 0], [0, 1], [21, 1]] },
  { name: "transpose 3x5", shape: [5, 3], strides: [[1, 5], [3, 1], [1, 5]] },
  { name: "transpose 17x9", shape: [9, 17], strides: [[1, 9], [1, 9], [17, 1]] },
  { name: "transpose 32x20", shape: [20, 32], strides: [[1, 20], [32, 1], [1, 20]] },
  { name: "batched transpose 2x7x6", shape: [2, 6, 7], strides: [[42, 1, 6], [0, 1, 6], [42, 7, 1]] },
  { name: "middle stride-0 2x3x4", shape: [2, 3, 4], strides: [[12, 4, 1], [4, 0, 1], [0, 0, 1]] },
  { name: "perm (2,0,1) of 2x3x4", shape: [4, 2, 3], strides: [[1, 12, 4], [6, 3, 1], [1, 12, 4]] },
  { name: "perm (1,2,0) of 2x3x4", shape: [3, 4, 2], strides: [[4, 1, 12], [8, 2, 1], [0, 1, 12]] },
  { name: "slice every 2nd, 3x4", shape: [3, 4], strides: [[9, 2], [4, 1], [0, 3]] },
  { name: "rank4 mixed", shape: [2, 3, 2, 9], strides: [[54, 18, 9, 1], [0, 9, 0, 1], [1, 0, 27, 2]] },
  { name: "rank4 long rows", shape: [2, 1, 3, 40], strides: [[120, 0, 40, 1], [40, 0, 0, 1], [0, 0, 1, 0]] },
];


// element offsets of each operand for output element i

// ranges over [0, total) to run a strided kernel on: whole, mid-row sub-ranges, and a 3-way split
function ranges(total: number): [number, number][][] {
  const out: [number, number][][] = [[[0, total]]];
  if (total > 4) out.push([[3, total - 2]], [[1, 2]], [[0, 2], [2, total >> 1], [total >> 1, total]]);
  return out;
}

// ---- the suite, once per build --------------------------------------------------------------------

const maxUlp: Record<string, number> = {};

function kernelSuite(name: string, env: Env): void {
  const S = suite(`kernels [${name}]`);
  const { k } = env;
  S.before.each(() => env.reset());

  S("heapBase is a non-negative address", () => {
    const hb = k.heapBase();
    assert.ok(Number.isInteger(hb) && hb >= 0);
  });

  if (name === "debug") {
    S("debug build: malformed meta and matmul sizes abort", () => {
      const buf = env.alloc(64);
      assert.throws(() => k.copy_32(buf, buf, env.putI32([0]), 0, 1), /abort/);
      assert.throws(() => k.binary_f32(0, buf, buf, buf, env.putI32([9]), 0, 1), /abort/);
      assert.throws(() => k.matmul_f32(buf, buf, buf, 2, 2, 2, 0, 0, buf, 0, 3), /abort/);
    });
  }

  // run a contiguous kernel over [start, start + n) of guarded buffers; returns the written values
  function runGuarded(kernel: string, inputs: Float32Array[], n: number, start: number, inPlace = false): Float32Array {
    const len = start + n + GUARD;
    const ptrs = inputs.map((x) => {
      const full = new Float32Array(len).fill(7);
      full.set(x, start);
      return env.putF32(full);
    });
    const out = inPlace ? ptrs[0] : env.putF32(new Float32Array(len).fill(SENTINEL));
    k[kernel](...ptrs, out, start, start + n);
    const got = env.f32(out, len).slice();
    for (let i = 0; i < len; i++) {
      if (i >= start && i < start + n) continue;
      const want = inPlace ? 7 : SENTINEL;
      if (got[i] !== want) assert.unreachable(`${kernel}: wrote outside [${start}, ${start + n}) at ${i}`);
    }
    return got.slice(start, start + n);
  }

  S("unary kernels: every length, sub-ranges, guards, in place", () => {
    for (const u of UNARY) {
      for (const n of LENGTHS) {
        for (const start of STARTS) {
          const x = uniform(n, u.lo, u.hi);
          const want = Array.from(x, u.f);
          const check = (got: Float32Array, how: string) =>
            u.ulps === 0 ? expectSame(got, want.map(fr), `${u.name} n=${n} ${how}`) : expectUlps(got, want, u.ulps, `${u.name} n=${n} ${how}`, x);
          check(runGuarded(u.name, [x], n, start), `start=${start}`);
          if (start === 1) check(runGuarded(u.name, [x], n, start, true), "in place");
        }
      }
    }
  });

  S("unary kernels: results do not depend on position (body vs tail)", () => {
    for (const u of UNARY) {
      const x = uniform(9, u.lo, u.hi);
      const whole = runGuarded(u.name, [x], 9, 0);
      for (let i = 0; i < 9; i++) {
        const one = runGuarded(u.name, [x.subarray(i, i + 1)], 1, 2);
        assert.ok(same(one[0], whole[i]), `${u.name}: x=${x[i]} alone ${one[0]} vs in a vector ${whole[i]}`);
      }
    }
  });

  S("binary kernels: every length, sub-ranges, guards, in place", () => {
    for (const b of BINARY) {
      for (const n of LENGTHS) {
        for (const start of STARTS) {
          const x = uniform(n, b.lo, b.hi), y = uniform(n, b.lo, b.hi);
          if (b.name === "div_f32" && n > 2) y[1] = 0;
          const want = Array.from(x, (v, i) => b.f(v, y[i]));
          const check = (got: Float32Array, how: string) =>
            b.ulps === 0 ? expectSame(got, want, `${b.name} n=${n} ${how}`) : expectUlps(got, want, b.ulps, `${b.name} n=${n} ${how}`);
          check(runGuarded(b.name, [x, y], n, start), `start=${start}`);
          if (start === 3) check(runGuarded(b.name, [x, y], n, start, true), "in place");
        }
      }
    }
  });

  S("binary kernels: special values", () => {
    const sv = [0, -0, 1, -1, 2, 0.5, Infinity, -Infinity, NaN, 3.4e38, 1e-45, -2.5];
    const xs: number[] = [], ys: number[] = [];
    for (const a of sv) for (const b of sv) { xs.push(a); ys.push(b); }
    for (const b of BINARY) {
      const got = runGuarded(b.name, [Float32Array.from(xs), Float32Array.from(ys)], xs.length, 0);
      const want = xs.map((x, i) => b.f(fr(x), fr(ys[i])));
      if (b.ulps === 0) expectSame(got, want, b.name);
      else expectUlps(got, want, b.ulps, b.name);
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
      ["relu_f32", [0, -0, Infinity, -Infinity, NaN, -1e-45, 1e-45, -3, 3], UNARY.find((u) => u.name === "relu_f32")!.f],
    ];
    for (const [kernel, xs, f] of cases) {
      const x = Float32Array.from(xs);
      const got = runGuarded(kernel, [x], x.length, 1);
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

  S("exp/log/tanh/sigmoid: 100k-point sweeps, max ulp", () => {
    const N = 100_000;
    const sweep = (kernel: string, f: (x: number) => number, x: Float32Array) => {
      const xp = env.putF32(x), op = env.alloc(4 * N);
      k[kernel](xp, op, 0, N);
      const worst = expectUlps(env.f32(op, N), Array.from(x, f), 2, `${kernel} sweep`, x);
      maxUlp[`${kernel} ${name}`] = Math.max(maxUlp[`${kernel} ${name}`] ?? 0, worst);
      env.reset();
    };
    const lin = (lo: number, hi: number) => Float32Array.from({ length: N }, (_, i) => lo + ((hi - lo) * i) / (N - 1));
    const bits = (lo: number, hi: number) => { // uniform over the float32 bit patterns in [lo, hi] (lo, hi > 0)
      const u = new Uint32Array(2);
      new Float32Array(u.buffer).set([lo, hi]);
      return new Float32Array(Uint32Array.from({ length: N }, (_, i) => u[0] + Math.floor(((u[1] - u[0]) * i) / (N - 1))).buffer);
    };
    sweep("exp_f32", Math.exp, lin(-104, 89));
    sweep("exp_f32", Math.exp, lin(-1, 1));
    sweep("log_f32", Math.log, bits(1e-45, 3.4e38));
    sweep("log_f32", Math.log, lin(0.5, 2));
    sweep("tanh_f32", Math.tanh, lin(-10, 10));
    sweep("tanh_f32", Math.tanh, bits(1e-30, 10));
    sweep("tanh_f32", Math.tanh, lin(-0.7, 0.7));
    sweep("sigmoid_f32", sigmoid, lin(-104, 20));
    sweep("sigmoid_f32", sigmoid, lin(-2, 2));
  });

  // runs a strided kernel over every range split of LAYOUT-style operands and checks each output element
  // (f32 outputs compared as values, NaN = NaN; u32/u8 outputs compared exactly) and the untouched rest
  function stridedCase(shape: number[], strides: number[][], make: (p: number, n: number) => number,
    run: (ptrs: number[], out: number, meta: number, s: number, e: number) => void, kind: "f32" | "u32" | "u8",
    want: (offs: number[]) => number, what: string): void {
    const total = prod(shape);
    const ptrs = strides.map((s, p) => make(p, extent(shape, s)));
    const meta = env.meta(shape, ...strides);
    const untouched = kind === "f32" ? SENTINEL : kind === "u32" ? 0xdeadbeef : 77;
    for (const rs of ranges(total)) {
      const out = kind === "u8" ? env.putU8(new Uint8Array(total + GUARD).fill(77))
        : kind === "f32" ? env.putF32(new Float32Array(total + GUARD).fill(SENTINEL)) : env.putI32(new Int32Array(total + GUARD).fill(0xdeadbeef | 0));
      for (const [s, e] of rs) run(ptrs, out, meta, s, e);
      const got = kind === "u8" ? env.u8(out, total + GUARD) : kind === "f32" ? env.f32(out, total + GUARD) : env.u32(out, total + GUARD);
      for (let i = 0; i < total + GUARD; i++) {
        const w = rs.some(([s, e]) => i >= s && i < e) ? want(offsets(shape, strides, i)) : untouched;
        if (!same(got[i], w)) assert.unreachable(`${what} ranges ${JSON.stringify(rs)}: [${i}] got ${got[i]}, want ${w}`);
      }
    }
  }

  S("binary_f32: broadcasting, transposes, odd strides, ranks 1–4, mid-row ranges", () => {
    for (const L of LAYOUTS) {
      for (const b of BINARY) {
        const vals: Float32Array[] = [];
        const make = (p: number, n: number) => {
          // pow: small integer bases and exponents, so the result is exact in float32
          const v = b.op === 4 ? ints(n, p === 0 ? 0 : -2, p === 0 ? 4 : 3) : ints(n, -4, 4);
          if (b.op !== 4 && n > 3) { v[1] = NaN; v[2] = -0; }
          vals[p] = v;
          return env.putF32(v);
        };
        stridedCase(L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => k.binary_f32(b.op, pa, pb, out, meta, s, e),
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

  S("compare_f32: all ops, NaN and ±0, broadcasting and strides", () => {
    for (const L of LAYOUTS) {
      for (let op = 0; op < 6; op++) {
        const vals: Float32Array[] = [];
        const make = (p: number, n: number) => {
          const v = ints(n, -2, 2);
          for (let i = 0; i < n; i += 7) v[i] = NaN;
          for (let i = 3; i < n; i += 5) v[i] = -0;
          vals[p] = v;
          return env.putF32(v);
        };
        stridedCase(L.shape, L.strides.slice(0, 2), make, ([pa, pb], out, meta, s, e) => k.compare_f32(op, pa, pb, out, meta, s, e),
          "u8", ([oa, ob]) => (COMPARE[op](vals[0][oa], vals[1][ob]) ? 1 : 0), `compare_f32 op ${op} ${L.name}`);
      }
    }
  });

  // random 32-bit words, one a NaN payload that must survive a copy or select
  const words = (n: number) => {
    const w = Uint32Array.from({ length: n }, () => (rand() * 2 ** 32) >>> 0);
    if (n > 2) w[1] = 0x7fc0beef;
    return w;
  };

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
      stridedCase(L.shape, L.strides, make, ([pc, pa, pb], out, meta, s, e) => k.where_32(pc, pa, pb, out, meta, s, e), "u32",
        ([oc, oa, ob]) => (vals[0][oc] !== 0 ? vals[1][oa] : vals[2][ob]), `where_32 ${L.name}`);
    }
  });

  S("copy_32 / copy_8: broadcast, transpose, slice materialisation", () => {
    for (const L of LAYOUTS) {
      for (const strides of [L.strides[0], L.strides[1]]) {
        let w32 = new Uint32Array(0), w8 = new Uint8Array(0);
        stridedCase(L.shape, [strides], (_, n) => env.putI32(new Int32Array((w32 = words(n)).buffer)),
          ([ps], out, meta, s, e) => k.copy_32(ps, out, meta, s, e), "u32", ([o]) => w32[o], `copy_32 ${L.name} ${strides}`);
        stridedCase(L.shape, [strides], (_, n) => env.putU8((w8 = Uint8Array.from({ length: n }, () => Math.floor(256 * rand())))),
          ([ps], out, meta, s, e) => k.copy_8(ps, out, meta, s, e), "u8", ([o]) => w8[o], `copy_8 ${L.name} ${strides}`);
      }
    }
  });

  S("sum_f32 / max_f32: inner 1 and > 1, n = 0…17, 33, 100, ranges over outer", () => {
    const outer = 4;
    for (const inner of [1, 2, 3, 4, 5, 7, 8, 16, 17, 33]) {
      for (const n of [...Array(18).keys(), 33, 100]) {
        const x = uniform(outer * n * inner, -1, 1);
        const xp = env.putF32(x);
        for (const [kernel, start, end] of [["sum_f32", 0, outer], ["sum_f32", 1, 3], ["max_f32", 0, outer], ["max_f32", 2, 3]] as const) {
          const op = env.putF32(new Float32Array(outer * inner + GUARD).fill(SENTINEL));
          k[kernel](xp, op, n, inner, start, end);
          const got = env.f32(op, outer * inner + GUARD);
          for (let o = 0; o < outer; o++) {
            for (let j = 0; j < inner; j++) {
              const g = got[o * inner + j];
              if (o < start || o >= end) { assert.is(g, SENTINEL, `${kernel} wrote row ${o} outside [${start}, ${end})`); continue; }
              let s = 0, abs = 0, m = -Infinity;
              for (let q = 0; q < n; q++) { const v = x[(o * n + q) * inner + j]; s += v; abs += Math.abs(v); m = Math.max(m, v); }
              const what = `${kernel} inner=${inner} n=${n} [${o},${j}]`;
              if (kernel === "max_f32") assert.ok(same(g, m), `${what}: got ${g}, want ${m}`);
              else assert.ok(Math.abs(g - s) <= (n + 4) * 2 ** -24 * abs, `${what}: got ${g}, want ${s}`);
            }
          }
          for (let i = outer * inner; i < outer * inner + GUARD; i++) assert.is(got[i], SENTINEL, `${kernel}: guard`);
        }
        env.reset();
      }
    }
  });

  S("sum_f32 / max_f32: wide rows (inner ≥ 1024, streamed through out)", () => {
    for (const [outer, n, inner] of [[2, 3, 1030], [1, 1, 2051], [3, 0, 1024], [2, 5, 1024]]) {
      const x = uniform(outer * n * inner, -1, 1);
      if (x.length > 3000) { x[1500] = NaN; x[2000] = -Infinity; }
      const xp = env.putF32(x);
      for (const kernel of ["sum_f32", "max_f32"]) {
        const op = env.putF32(new Float32Array(outer * inner + GUARD).fill(SENTINEL));
        k[kernel](xp, op, n, inner, 1, outer);
        const got = env.f32(op, outer * inner + GUARD);
        for (let i = 0; i < outer * inner + GUARD; i++) {
          const o = Math.floor(i / inner), j = i % inner;
          if (o < 1 || o >= outer) { assert.is(got[i], SENTINEL, `${kernel} wrote outside the range at ${i}`); continue; }
          let s = 0, m = -Infinity;
          for (let q = 0; q < n; q++) { const v = x[(o * n + q) * inner + j]; s = fr(s + v); m = Number.isNaN(v) || Number.isNaN(m) ? NaN : Math.max(m, v); }
          // each column is a plain sequential float32 sum here, so it is exact against fr-rounded steps
          assert.ok(same(got[i], kernel === "sum_f32" ? s : m), `${kernel} ${outer}x${n}x${inner} [${o},${j}]: got ${got[i]}, want ${kernel === "sum_f32" ? s : m}`);
        }
      }
      env.reset();
    }
  });

  S("max_f32: NaN propagates, -Inf, ±0; sum_f32 with Inf", () => {
    const rows: [number[], number, number][] = [ // values, want max, want sum
      [[1, NaN, 3], NaN, NaN],
      [[...Array(20).fill(1), NaN], NaN, NaN],
      [[NaN, ...Array(20).fill(1)], NaN, NaN],
      [[-Infinity, -Infinity], -Infinity, -Infinity],
      [[-Infinity, ...Array(18).fill(-Infinity), -5], -5, -Infinity],
      [[-0, -0, -0, -0, -0, -0], -0, 0],
      [[-0, 0, -0], 0, 0],
      [[Infinity, -Infinity], Infinity, NaN],
      [[3.4e38, 3.4e38], fr(3.4e38), Infinity],
    ];
    for (const [xs, m, s] of rows) {
      for (const inner of [1, 5]) { // inner 5: the same column repeated in every lane
        const x = Float32Array.from(xs.flatMap((v) => Array(inner).fill(v)));
        const xp = env.putF32(x), op = env.alloc(4 * inner);
        k.max_f32(xp, op, xs.length, inner, 0, 1);
        env.f32(op, inner).forEach((g) => assert.ok(same(g, m), `max(${xs}) inner=${inner} = ${g}, want ${m}`));
        k.sum_f32(xp, op, xs.length, inner, 0, 1);
        env.f32(op, inner).forEach((g) => assert.ok(same(g, s) || (g === 0 && s === 0), `sum(${xs}) inner=${inner} = ${g}, want ${s}`));
      }
    }
    const op = env.alloc(8);
    k.max_f32(0, op, 0, 2, 0, 1);
    expectSame(env.f32(op, 2), [-Infinity, -Infinity], "max n=0");
    k.sum_f32(0, op, 0, 2, 0, 1);
    expectSame(env.f32(op, 2), [0, 0], "sum n=0");
  });

  // matmul: out = op(A)·op(B) with A stored m×k (k×m if tA), B stored k×n (n×k if tB)
  function matmulRef(a: Float32Array, b: Float32Array, m: number, n: number, k: number, tA: number, tB: number) {
    const v = new Float64Array(m * n), bound = new Float64Array(m * n);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0, abs = 0;
        for (let p = 0; p < k; p++) {
          const x = tA ? a[p * m + i] : a[i * k + p], y = tB ? b[j * k + p] : b[p * n + j];
          s += x * y;
          abs += Math.abs(x * y);
        }
        v[i * n + j] = s;
        bound[i * n + j] = (k + 2) * 2 ** -24 * abs;
      }
    }
    return { v, bound };
  }

  function runMatmul(a: Float32Array, b: Float32Array, m: number, n: number, kk: number, tA: number, tB: number, start = 0, end = m) {
    const ap = env.putF32(a), bp = env.putF32(b);
    const op = env.putF32(new Float32Array(m * n + GUARD).fill(SENTINEL));
    k.matmul_f32(ap, bp, op, m, n, kk, tA, tB, env.alloc(k.matmulWorkBytes(m, n, kk)), start, end);
    return env.f32(op, m * n + GUARD).slice();
  }

  const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33];

  S("matmul_f32: all transposes, m, n, k in {1…33}, within the float error bound", () => {
    for (const tA of [0, 1]) for (const tB of [0, 1]) {
      for (const m of SIZES) for (const n of SIZES) for (const kk of SIZES) {
        const a = uniform(m * kk, -1, 1), b = uniform(kk * n, -1, 1);
        const got = runMatmul(a, b, m, n, kk, tA, tB);
        const { v, bound } = matmulRef(a, b, m, n, kk, tA, tB);
        for (let i = 0; i < m * n; i++) {
          if (!(Math.abs(got[i] - v[i]) <= bound[i] + 1e-30)) {
            assert.unreachable(`matmul ${m}x${n}x${kk} tA=${tA} tB=${tB} [${i}] got ${got[i]}, want ${v[i]}`);
          }
        }
        for (let i = m * n; i < m * n + GUARD; i++) assert.is(got[i], SENTINEL, "matmul guard");
        env.reset();
      }
    }
  });

  // the blocking: rows beyond one row block (MC ≤ 156), columns beyond one column block (NC = 1024), k in
  // several equal blocks (KC = 256: 784 → 4 × 196)
  S("matmul_f32: exact on small integers (every build, fused or not), 64×64×64, odd sizes, several blocks", () => {
    for (const tA of [0, 1]) for (const tB of [0, 1]) {
      for (const [m, n, kk] of [[64, 64, 64], [1, 1, 1], [13, 29, 31], [6, 70, 3], [37, 5, 40], [5, 9, 300], [9, 13, 600],
        [331, 11, 9], [3, 1031, 7], [7, 3, 784]]) {
        const a = ints(m * kk, -8, 8), b = ints(kk * n, -8, 8);
        const got = runMatmul(a, b, m, n, kk, tA, tB);
        const { v } = matmulRef(a, b, m, n, kk, tA, tB);
        expectSame(got.subarray(0, m * n), Array.from(v, (x) => x + 0), `matmul int ${m}x${n}x${kk} tA=${tA} tB=${tB}`);
        env.reset();
      }
    }
  });

  S("matmul_f32: k = 0 gives zeros; row sub-ranges write only their rows, bit-identical to one call", () => {
    for (const tA of [0, 1]) for (const tB of [0, 1]) {
      const z = runMatmul(new Float32Array(0), new Float32Array(0), 5, 6, 0, tA, tB);
      expectSame(z.subarray(0, 30), Array(30).fill(0), "k = 0");
      for (const [m, n, kk] of [[17, 19, 23], [9, 33, 5], [64, 64, 64], [11, 10, 517]]) { // k > 256: several k blocks
        const a = uniform(m * kk, -1, 1), b = uniform(kk * n, -1, 1);
        const whole = runMatmul(a, b, m, n, kk, tA, tB);
        const part = runMatmul(a, b, m, n, kk, tA, tB, 3, m - 2);
        for (let i = 0; i < m * n + GUARD; i++) {
          const row = Math.floor(i / n);
          const want = i < m * n && row >= 3 && row < m - 2 ? whole[i] : SENTINEL;
          assert.ok(same(part[i], want), `matmul ${m}x${n}x${kk} tA=${tA} tB=${tB} rows [3, ${m - 2}): [${i}] ${part[i]} vs ${want}`);
        }
        // three consecutive ranges together equal one call
        const ap = env.putF32(a), bp = env.putF32(b), op = env.alloc(4 * m * n), w = env.alloc(k.matmulWorkBytes(m, n, kk));
        for (const [s, e] of [[0, 1], [1, 6], [6, m]]) k.matmul_f32(ap, bp, op, m, n, kk, tA, tB, w, s, e);
        expectSame(env.f32(op, m * n), whole.subarray(0, m * n), `matmul ${m}x${n}x${kk} split rows`);
        env.reset();
      }
    }
  });

  S("casts: NaN, ±Inf, ±0, fractions, saturation, all lengths", () => {
    const fv = [NaN, Infinity, -Infinity, 0, -0, -0.5, 0.5, 2.7, -2.7, 1e10, -1e10, 2147483520, -2147483648, 3e9, 1.5, 255, 256, -1];
    const iv = [0, 1, -1, 255, 256, -256, 2147483647, -2147483648, 16777217, 7, 42, -99];
    const trunc = (x: number) => (Number.isNaN(x) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(x))) + 0);
    const cases: [string, "f32" | "i32" | "u8", "f32" | "i32" | "u8", number[], (x: number) => number][] = [
      ["cast_f32_i32", "f32", "i32", fv, trunc],
      ["cast_i32_f32", "i32", "f32", iv, fr],
      ["cast_u8_f32", "u8", "f32", [0, 1, 2, 127, 128, 254, 255], (x) => x],
      ["cast_u8_i32", "u8", "i32", [0, 1, 2, 127, 128, 254, 255], (x) => x],
      ["cast_f32_u8", "f32", "u8", fv, (x) => (x !== 0 || Number.isNaN(x) ? 1 : 0)],
      ["cast_i32_u8", "i32", "u8", iv, (x) => (x !== 0 ? 1 : 0)],
    ];
    const put = { f32: env.putF32, i32: env.putI32, u8: env.putU8 };
    const view = { f32: env.f32, i32: env.i32, u8: env.u8 };
    for (const [kernel, from, to, vs, f] of cases) {
      for (const n of [...LENGTHS, 40]) {
        const start = n % 3;
        const x = Array.from({ length: start + n }, (_, i) => vs[(i * 7 + n) % vs.length]);
        const xp = put[from](x);
        const op = put[to](Array(start + n + GUARD).fill(to === "f32" ? SENTINEL : 99));
        k[kernel](xp, op, start, start + n);
        const got = Array.from(view[to](op, start + n + GUARD));
        const want = x.map((v, i) => (i < start ? (to === "f32" ? SENTINEL : 99) : f(from === "f32" ? fr(v) : v)));
        expectSame(got, [...want, ...Array(GUARD).fill(to === "f32" ? SENTINEL : 99)], `${kernel} n=${n}`);
        env.reset();
      }
    }
  });

  S("fills: f32, i32, u8 (v & 0xff), sub-ranges and guards", () => {
    for (const n of [...LENGTHS, 40]) {
      for (const start of [0, 3]) {
        const len = start + n + GUARD;
        const pf = env.putF32(Array(len).fill(SENTINEL));
        k.fill_f32(pf, -0, start, start + n);
        expectSame(env.f32(pf, len), Array.from({ length: len }, (_, i) => (i >= start && i < start + n ? -0 : SENTINEL)), `fill_f32 n=${n}`);
        const pi = env.putI32(Array(len).fill(5));
        k.fill_i32(pi, -7, start, start + n);
        expectSame(env.i32(pi, len), Array.from({ length: len }, (_, i) => (i >= start && i < start + n ? -7 : 5)), `fill_i32 n=${n}`);
        const pb = env.putU8(Array(len).fill(5));
        k.fill_u8(pb, 0x1ff, start, start + n);
        expectSame(env.u8(pb, len), Array.from({ length: len }, (_, i) => (i >= start && i < start + n ? 255 : 5)), `fill_u8 n=${n}`);
        k.fill_f32(pf, NaN, start, start + n);
        env.f32(pf, len).forEach((v, i) => assert.ok(i >= start && i < start + n ? Number.isNaN(v) : v === SENTINEL, "fill_f32 NaN"));
        env.reset();
      }
    }
  });

  S.run();
}

// ---- run against every build present (relaxed only where this engine validates it) -------------

const builds: [string, string, boolean][] = [["simd", "simd.wasm", false], ["debug", "debug.wasm", false], ["relaxed", "relaxed.wasm", true]];
let ran = 0;
for (const [name, file, relaxed] of builds) {
  const env = await load(file);
  if (!env) {
    if (!relaxed) throw new Error(`build/${file} is missing or invalid: run npx asc assembly/index.ts --target ${name}`);
    continue;
  }
  kernelSuite(name, env);
  ran++;
}

const report = suite("kernels: accuracy report");
report("max ulp of the transcendental sweeps (≤ 2 asserted above)", () => {
  assert.ok(ran >= 2);
  console.log(`  max ulp: ${Object.entries(maxUlp).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")}`);
});
report.run();
