// Reduction kernels at the ABI on every build: sum, max, min, prod (f32, i32), argmax and argmin
import { expectSame, forEachBuild, fr, generators, GUARD, same, SENTINEL } from "../helpers/wasm.js";
import * as assert from "uvu/assert";

const { uniform, ints } = generators(1618);

await forEachBuild("kernels: reduce", (S, env) => {
  const { k } = env;

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
});
