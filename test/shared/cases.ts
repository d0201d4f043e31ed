// One test set for every runtime (Node, Deno, workerd, Chromium): public API only, no runtime-specific imports.
import type * as tensortape from "tensortape";

type TT = typeof tensortape;
export interface Case { name: string; run(tt: TT): void | Promise<void> }
export interface Report { passed: number; failed: number; failures: { name: string; message: string }[] }

function assert(ok: boolean, message: string): void {
  if (!ok) throw new Error(message);
}
const same = (actual: unknown, expected: unknown, what: string) =>
  assert(actual === expected, `${what}: got ${JSON.stringify(actual)}, expected ${JSON.stringify(expected)}`);
function close(actual: ArrayLike<number>, expected: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  same(actual.length, expected.length, `${what} length`);
  for (let i = 0; i < actual.length; i++) {
    assert(Math.abs(actual[i] - expected[i]) <= atol + rtol * Math.abs(expected[i]),
      `${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}
const live = (m: tensortape.MemoryInfo) => JSON.stringify({ numTensors: m.numTensors, numBuffers: m.numBuffers, numBytes: m.numBytes });

const checks: Case[] = [
  {
    name: "seed cell 1: persistent tape, dz/dy and dz/dx print as numpy does",
    run(tt) {
      tt.tidy(() => {
        const x = tt.ones([2, 2]);
        const t = new tt.GradientTape({ persistent: true });
        const [y, z] = t.record(() => {
          t.watch(x);
          const y = tt.sum(x);
          return [y, tt.mul(y, y)];
        });
        try {
          same(t.gradient(z, y)!.toString(), "8.0", "dz/dy");
          same(t.gradient(z, x)!.toString(), "[[8. 8.]\n [8. 8.]]", "dz/dx");
        } finally {
          t.dispose(); // a persistent tape holds what it saved until then
        }
      });
    },
  },
  {
    name: "seed cell 2: nested tapes give dy/dx = 3.0 and d2y/dx2 = 6.0",
    run(tt) {
      tt.tidy(() => {
        const c = tt.scalar(1.0);
        const outer = new tt.GradientTape();
        const dydx = outer.record(() => {
          const inner = new tt.GradientTape();
          const y = inner.record(() => { inner.watch(c); return tt.mul(tt.mul(c, c), c); });
          return inner.gradient(y, c)!;
        });
        same(dydx.toString(), "3.0", "dy/dx");
        same(outer.gradient(dydx, c)!.toString(), "6.0", "d2y/dx2");
      });
    },
  },
  {
    name: "second order: d²/dx² Σ tanh(x) = −2·tanh(x)·(1 − tanh²(x))",
    run(tt) {
      const xs = [-1.5, -0.5, 0, 0.3, 2];
      tt.tidy(() => {
        const x = tt.tensor(xs);
        const outer = new tt.GradientTape();
        const g = outer.record(() => {
          outer.watch(x);
          const inner = new tt.GradientTape();
          const y = inner.record(() => { inner.watch(x); return tt.sum(tt.tanh(x)); });
          return tt.sum(inner.gradient(y, x)!); // Σ (1 − tanh²); its gradient is the Hessian's diagonal
        });
        const expected = xs.map((v) => -2 * Math.tanh(v) * (1 - Math.tanh(v) ** 2));
        close(outer.gradient(g, x)!.dataSync(), expected, 1e-4, 1e-5, "d²/dx²");
      });
    },
  },
  {
    name: "SGD on a 2-layer MLP (matmul, relu, mean of squares): the loss goes down",
    run(tt) {
      // fixed data and weights (Park–Miller: products stay below 2^53, so exact), the same in every runtime
      let seed = 42;
      const rand = (n: number) => Array.from({ length: n }, () => ((seed = (seed * 16807) % 2147483647) / 2147483647) * 2 - 1);
      const xv = rand(16 * 2);
      const yv = Array.from({ length: 16 }, (_, i) => xv[2 * i] * xv[2 * i + 1] + 0.5 * xv[2 * i]);
      const x = tt.tensor(xv, [16, 2]), y = tt.tensor(yv, [16, 1]);
      let params = [tt.tensor(rand(16), [2, 8]), tt.zeros([8]), tt.tensor(rand(8), [8, 1]), tt.zeros([1])];
      const losses: number[] = [];
      for (let step = 0; step < 30; step++) {
        const next = tt.tidy(() => {
          const tape = new tt.GradientTape();
          const loss = tape.record(() => {
            tape.watch(params);
            const [w1, b1, w2, b2] = params;
            const h = tt.relu(tt.add(tt.matmul(x, w1), b1));
            return tt.mean(tt.square(tt.sub(tt.add(tt.matmul(h, w2), b2), y)));
          });
          losses.push(loss.dataSync()[0]);
          const grads = tape.gradient(loss, params);
          return params.map((p, i) => tt.sub(p, tt.mul(grads[i]!, 0.2)));
        });
        tt.dispose(params);
        params = next;
      }
      tt.dispose([x, y, ...params]);
      assert(losses[1] < losses[0], `the first step did not lower the loss: ${losses[0]} → ${losses[1]}`);
      assert(losses[29] < 0.5 * losses[0], `30 steps did not halve the loss: ${losses[0]} → ${losses[29]}`);
    },
  },
  {
    name: "errors: add([2,3], [4]) throws ShapeError naming the op and shapes; the runtime stays usable",
    run(tt) {
      tt.tidy(() => {
        let caught: unknown;
        try { tt.add(tt.ones([2, 3]), tt.ones([4])); } catch (e) { caught = e; }
        assert(caught instanceof tt.ShapeError && caught instanceof tt.TensorTapeError, `expected a ShapeError, got ${String(caught)}`);
        const message = (caught as Error).message;
        assert(message.includes("add: shapes [2,3] and [4]"), `message does not name the op and shapes: ${message}`);
        same(tt.add(tt.ones([2, 3]), tt.ones([3])).toString(), "[[2. 2. 2.]\n [2. 2. 2.]]", "add after the error");
      });
    },
  },
  {
    name: "seeded random tensors are bit-identical in every runtime and kernel build (Philox4x32-10)",
    run(tt) {
      tt.tidy(() => {
        // values recorded once; every runtime (and the base and relaxed-SIMD builds) must reproduce them exactly
        close(tt.randomUniform([6], 0, 1, "float32", 42).dataSync(), [0.9624579548835754, 0.8796108961105347, 0.6555247902870178,
          0.6592577695846558, 0.5318299531936646, 0.4110966920852661], 0, 0, "randomUniform seed 42");
        close(tt.randomNormal([6], 0, 1, "float32", 42).dataSync(), [0.2011982649564743, -0.18986554443836212, -0.4960607588291168,
          -0.7736677527427673, -0.9529584050178528, 0.595594584941864], 0, 0, "randomNormal seed 42");
        close(tt.randomUniform([6], -100, 100, "int32", "tensortape").dataSync(), [29, -31, 91, 64, -33, 41], 0, 0, "randomUniform int32");
        close(tt.randomNormal([5], 10, 3, "int32", 7).dataSync(), [8, 9, 14, 11, 17], 0, 0, "randomNormal int32");
      });
    },
  },
  {
    name: "gather and its gradient (a scatter-add) with repeated indices; oneHot; tile",
    run(tt) {
      tt.tidy(() => {
        const x = tt.tensor([[1, 2], [3, 4], [5, 6]]);
        const t = new tt.GradientTape();
        const y = t.record(() => { t.watch(x); return tt.gather(x, [2, 0, 2]); });
        same(y.toString(), "[[5. 6.]\n [1. 2.]\n [5. 6.]]", "gather");
        same(t.gradient(y, x)!.toString(), "[[1. 1.]\n [0. 0.]\n [2. 2.]]", "d gather / dx");
        same(tt.oneHot(tt.tensor([1, 5], [2], "int32"), 3).toString(), "[[0. 1. 0.]\n [0. 0. 0.]]", "oneHot");
        same(tt.tile(tt.tensor([true, false]), [2]).toString(), "[ True False  True False]", "tile bool");
      });
    },
  },
  {
    name: "nn: conv2d, maxPool, avgPool and softmaxCrossEntropy give hand-computed values and gradients",
    run(tt) {
      tt.tidy(() => {
        const x = tt.tensor([1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 3, 3, 1]), w = tt.ones([2, 2, 1, 1]);
        close(tt.conv2d(x, w, 1, "valid").dataSync(), [12, 16, 24, 28], 0, 0, "conv2d");
        close(tt.grad((w) => tt.conv2d(x, w, 1, "valid"))(w).dataSync(), [12, 16, 24, 28], 0, 0, "d conv2d / d filter");
        close(tt.grad((x) => tt.conv2d(x, w, 1, "valid"))(x).dataSync(), [1, 2, 1, 2, 4, 2, 1, 2, 1], 0, 0, "d conv2d / d x");
        close(tt.maxPool(x, 2, 1, "valid").dataSync(), [5, 6, 8, 9], 0, 0, "maxPool");
        close(tt.grad((x) => tt.maxPool(x, 2, 1, "valid"))(x).dataSync(), [0, 0, 0, 0, 1, 1, 0, 1, 1], 0, 0, "d maxPool / d x");
        // "same" windows at the bottom and right hold fewer pixels and average only those (TF)
        close(tt.avgPool(x, 2, 1, "same").dataSync(), [3, 4, 4.5, 6, 7, 7.5, 7.5, 8.5, 9], 1e-7, 0, "avgPool");
        const z = tt.tensor([[0, Math.log(3)]]), labels = tt.tensor([[0, 1]]);
        close(tt.softmaxCrossEntropy(labels, z).dataSync(), [-Math.log(0.75)], 1e-6, 0, "softmaxCrossEntropy");
        close(tt.grad((z) => tt.softmaxCrossEntropy(labels, z))(z).dataSync(), [0.25, -0.25], 1e-6, 1e-7, "softmax − labels");
      });
    },
  },
  {
    name: "sin/cos of huge x (64-bit Payne–Hanek), log1p/expm1 near 0, int32 floor division, argMax, logSumExp",
    run(tt) {
      tt.tidy(() => {
        const xs = [0.5, -3, 1e4, 1e7, 3e9, 1e30].map(Math.fround);
        close(tt.sin(xs).dataSync(), xs.map(Math.sin), 2.4e-7, 0, "sin");
        close(tt.cos(xs).dataSync(), xs.map(Math.cos), 2.4e-7, 0, "cos");
        close(tt.log1p([1e-10, 3]).dataSync(), [1e-10, Math.log(4)], 2.4e-7, 0, "log1p");
        close(tt.expm1([1e-10, -1]).dataSync(), [1e-10, Math.expm1(-1)], 2.4e-7, 0, "expm1");
        const q = tt.div(tt.tensor([7, -7, 5, -2147483648], [4], "int32"), tt.tensor([2, 2, 0, -1], [4], "int32"));
        same(q.dtype, "int32", "int32 div dtype");
        same(q.toString(), "[          3          -4           0 -2147483648]", "int32 div");
        same(tt.argMax([[1, 9, 9], [NaN, 2, 3]], 1).toString(), "[1 0]", "argMax");
        const x = tt.tensor([0.5, -1, 2]);
        const g = tt.grad((v: tensortape.Tensor) => tt.logSumExp(v))(x);
        const e = [0.5, -1, 2].map(Math.exp), z = e[0] + e[1] + e[2];
        close(g.dataSync(), e.map((v) => v / z), 1e-6, 1e-7, "logSumExp gradient (softmax)");
      });
    },
  },  {
    name: "threads: backendInfo(), and ops large enough to be split across threads (where there are threads) are exact",
    run(tt) {
      const info = tt.backendInfo();
      same(JSON.stringify(Object.keys(info).sort()), '["sharedMemory","simd","threads"]', "backendInfo() keys");
      assert(Number.isInteger(info.threads) && info.threads >= 1 && (info.threads === 1 || info.sharedMemory), `backendInfo() ${JSON.stringify(info)}`);
      tt.tidy(() => {
        // small integers: every sum below is exact in float32, whatever the order
        const n = 300, a = tt.tensor(Float32Array.from({ length: n * n }, (_, i) => (i % 7) - 3), [n, n]);
        const ones = tt.ones([n, n]), c = tt.matmul(a, ones).dataSync();
        const rows = a.sum(1).dataSync();
        for (let i = 0; i < n; i++) { same(c[i * n], rows[i], `matmul row ${i}`); same(c[i * n + n - 1], rows[i], `matmul row ${i} end`); }
        const big = tt.range(0, 1 << 19), s = big.add(big).dataSync();
        for (let i = 0; i < s.length; i += 997) same(s[i], 2 * i, `add [${i}]`);
        const img = tt.ones([2, 32, 32, 16]), f = tt.ones([3, 3, 16, 8]);
        const y = tt.conv2d(img, f, 1, "same").dataSync();
        same(y[0], 4 * 16, "conv2d corner"); same(y[(33 * 8) + 3], 9 * 16, "conv2d inside");
        const p = tt.maxPool(tt.conv2d(img, f, 1, "same"), 2, 2, "valid").dataSync();
        same(p[0], 9 * 16, "maxPool of conv2d");
      });
    },
  },
  {
    name: "linalg: cholesky, solve, det, qr values, det's gradient, and a LinalgError for a matrix that is not positive definite",
    run(tt) {
      tt.tidy(() => {
        close(tt.linalg.cholesky([[4, 2], [2, 3]]).dataSync(), [2, 0, 1, Math.SQRT2], 1e-6, 1e-7, "cholesky");
        close(tt.linalg.solve([[0, 2, 1], [1, 1, 0], [3, 0, 1]], [3, 2, 4]).dataSync(), [1, 1, 1], 1e-6, 1e-6, "solve (pivoting)");
        close(tt.linalg.det([[1, 2], [3, 4]]).dataSync(), [-2], 1e-6, 1e-6, "det");
        const [q, r] = tt.linalg.qr([[3, 1], [4, 2]]);
        close(q.dataSync(), [-0.6, -0.8, -0.8, 0.6], 1e-6, 1e-6, "qr q");
        close(r.dataSync(), [-5, -2.2, 0, 0.4], 1e-6, 1e-6, "qr r");
        close(tt.grad((a: tensortape.Tensor) => tt.linalg.det(a))(tt.tensor([[1, 2], [3, 4]])).dataSync(), [4, -3, -2, 1], 1e-6, 1e-6, "det gradient (cofactors)");
        let name = "none";
        try { tt.linalg.cholesky([[1, 2], [2, 1]]); } catch (e) { name = (e as Error).name; }
        same(name, "LinalgError", "cholesky of an indefinite matrix");
      });
    },
  },
  {
    name: "issue #12 kernels: cumsum/cumprod scans (exclusive, reverse, SIMD rows), stable argsort with NaN last, reverse, topk's gradient",
    run(tt) {
      tt.tidy(() => {
        close(tt.cumsum(tt.range(0, 12).reshape([2, 6]), 1, true, true).dataSync(), [15, 14, 12, 9, 5, 0, 45, 38, 30, 21, 11, 0], 0, 0, "cumsum exclusive reverse");
        close(tt.cumprod(tt.tensor([[1, 2, 3, 4, 5], [2, 2, 2, 2, 2]]), 0).dataSync(), [1, 2, 3, 4, 5, 2, 4, 6, 8, 10], 0, 0, "cumprod along rows (SIMD lanes)");
        close(tt.argsort([3, NaN, 1, 3, -2, 1], -1, true).dataSync(), [0, 3, 2, 5, 4, 1], 0, 0, "argsort descending, stable, NaN last");
        close(tt.sort(tt.range(0, 40).reshape([2, 20]).mul(-1), 1).dataSync(), Array.from({ length: 40 }, (_, i) => -(i < 20 ? 19 - i : 59 - i)), 0, 0, "sort (merge passes)");
        close(tt.reverse(tt.range(0, 6).reshape([2, 3]), [0, 1]).dataSync(), [5, 4, 3, 2, 1, 0], 0, 0, "reverse");
        close(tt.grad((v: tensortape.Tensor) => tt.topk(v, 2).values.mul([10, 1]).sum())(tt.tensor([0.5, 2, -1, 3])).dataSync(), [0, 1, 0, 10], 0, 0, "topk's gradient");
      });
    },
  },
  {
    name: "training: seeded initializers, two Adam steps over a tree and a safetensors checkpoint are bit-identical everywhere",
    run(tt) {
      tt.tidy(() => {
        same(JSON.stringify(Array.from(tt.initializers.heNormal({ seed: 42 })([2, 3]).dataSync())),
          "[0.2287316918373108,-0.21584811806678772,-0.5639452934265137,-0.8795420527458191,-1.083368182182312,0.6771000623703003]", "heNormal");
        same(JSON.stringify(Array.from(tt.initializers.orthogonal({ seed: 42 })([2, 3]).dataSync())),
          "[0.1840759515762329,-0.4538453221321106,-0.8718603849411011,-0.15659809112548828,-0.8892290592193604,0.42982396483421326]", "orthogonal");
        const w = tt.variable([1, -2, 0.5], { name: "w" });
        const opt = tt.optimizers.adam(0.1);
        opt.applyGradients({ w }, { w: tt.tensor([0.1, -0.3, 2]) });
        opt.applyGradients({ w }, { w: tt.tensor([0.2, 0.1, -1]) });
        same(JSON.stringify(Array.from(w.dataSync())), "[0.8034836053848267,-1.859979271888733,0.37336722016334534]", "w after two Adam steps");
        const state = opt.getWeights();
        const bytes = tt.io.saveSafetensors({ w, opt: state });
        let h = 0;
        for (const b of bytes) h = (Math.imul(h, 31) + b) | 0;
        same(`${bytes.length} ${h}`, "296 -962529579", "checkpoint bytes (length, hash)");
        const back = tt.tree.fromPaths(tt.io.loadSafetensors(bytes).tensors) as { w: tensortape.Tensor; opt: Record<string, tensortape.Tensor> };
        same(JSON.stringify(Array.from(back.w.dataSync())), JSON.stringify(Array.from(w.dataSync())), "reloaded w");
        const resumed = tt.optimizers.adam(0.1);
        resumed.setWeights(back.opt);
        same(resumed.iterations, 2, "iterations");
        opt.dispose(); resumed.dispose(); w.dispose();
      });
    },
  },
];

const leakCheck: Case = {
  name: "memory() is back at its baseline after every other case",
  async run(tt) {
    const before = live(tt.memory());
    for (const c of checks) {
      try { await c.run(tt); } catch { /* reported by that case itself; here only memory counts */ }
    }
    same(live(tt.memory()), before, "memory()");
  },
};

export const cases: Case[] = [...checks, leakCheck];

/** Run `list` in order; a case fails when it throws or rejects. Each result is also handed to `log`. */
export async function runCases(tt: TT, list: Case[] = cases, log: (line: string) => void = () => {}): Promise<Report> {
  const report: Report = { passed: 0, failed: 0, failures: [] };
  for (const c of list) {
    try {
      await c.run(tt);
      report.passed++;
      log(`ok   ${c.name}`);
    } catch (e) {
      const message = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      report.failed++;
      report.failures.push({ name: c.name, message });
      log(`FAIL ${c.name}: ${message}`);
    }
  }
  return report;
}
