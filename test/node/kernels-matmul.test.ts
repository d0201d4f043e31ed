// matmul_f32 at the ABI on every build: all transposes and sizes, the blocking, row ranges
import { expectSame, forEachBuild, generators, GUARD, same, SENTINEL } from "../helpers/wasm.js";
import * as assert from "uvu/assert";

const { uniform, ints } = generators(3141);
const intsF = (n: number, lo: number, hi: number) => Float32Array.from(ints(n, lo, hi));

await forEachBuild("kernels: matmul", (S, env) => {
  const { k } = env;

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
        const a = intsF(m * kk, -8, 8), b = intsF(kk * n, -8, 8);
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
});
