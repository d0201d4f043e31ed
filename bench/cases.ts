// The benchmark cases: one setup per system (tensortape, tfjs-backend-wasm, tfjs-backend-cpu) doing the same work.
import * as tf from "@tensorflow/tfjs";
import * as tt from "tensortape";

export type System = "tt" | "wasm" | "cpu";
/** One prepared measurement: `run` does the work once; `check` (optional) returns a number to compare across systems. */
export interface Runner { run(): void; check?(): number; dispose(): void }
export interface Goal { ratio?: number; relaxedRatio?: number; max?: number; relaxedMax?: number; text: string }
export interface Case {
  name: string;
  /** "GFLOP/s" and "GB/s" are work/time (higher is better); "µs/op" and "ms" are times (lower is better) */
  unit: "GFLOP/s" | "GB/s" | "µs/op" | "ms";
  /** flops or bytes per run (GFLOP/s, GB/s), operations per run (µs/op), 1 (ms) */
  work: number;
  goal?: Goal;
  setup(system: System): Runner;
}

// mulberry32: a small seeded generator, so every system sees the same data
export function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const uniform = (n: number, lo: number, hi: number, seed: number): Float32Array => {
  const r = rng(seed), v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * r();
  return v;
};

/** A tensor of seeded uniform values on the given system. */
function make(system: System, shape: number[], lo: number, hi: number, seed: number): tt.Tensor | tf.Tensor {
  const v = uniform(shape.reduce((p, d) => p * d, 1), lo, hi, seed);
  return system === "tt" ? tt.tensor(v, shape) : tf.tensor(v, shape);
}

function matmulCase(n: number, tA = false, tB = false, goal?: Goal): Case {
  const t = tA || tB ? ` ${tA ? "Aᵀ" : "A"}·${tB ? "Bᵀ" : "B"}` : "";
  return {
    name: `matmul ${n}${t}`, unit: "GFLOP/s", work: 2 * n * n * n, goal,
    setup(s) {
      const a = make(s, [n, n], -1, 1, 1), b = make(s, [n, n], -1, 1, 2);
      let y: tt.Tensor | tf.Tensor | null = null;
      const run = s === "tt"
        ? () => { y?.dispose(); y = tt.matmul(a as tt.Tensor, b as tt.Tensor, { transposeA: tA, transposeB: tB }); }
        : () => { y?.dispose(); y = tf.matMul(a as tf.Tensor, b as tf.Tensor, tA, tB); };
      return { run, check: () => y!.dataSync()[n + 1], dispose: () => { y?.dispose(); a.dispose(); b.dispose(); } };
    },
  };
}

type Bin = "add" | "mul";
function binaryCase(op: Bin, n: number, label: string, goal?: Goal): Case {
  return {
    name: `${op} ${label}`, unit: "GB/s", work: 12 * n, goal, // two inputs and the output, 4 bytes each
    setup(s) {
      const a = make(s, [n], -1, 1, 3), b = make(s, [n], -1, 1, 4);
      let y: tt.Tensor | tf.Tensor | null = null;
      const run = s === "tt"
        ? () => { y?.dispose(); y = tt[op](a as tt.Tensor, b as tt.Tensor); }
        : () => { y?.dispose(); y = tf[op](a as tf.Tensor, b as tf.Tensor); };
      return { run, check: () => y!.dataSync()[7], dispose: () => { y?.dispose(); a.dispose(); b.dispose(); } };
    },
  };
}

function expCase(n: number, label: string, goal?: Goal): Case {
  return {
    name: `exp ${label}`, unit: "GB/s", work: 8 * n, goal,
    setup(s) {
      const a = make(s, [n], -10, 10, 5);
      let y: tt.Tensor | tf.Tensor | null = null;
      const run = s === "tt" ? () => { y?.dispose(); y = tt.exp(a as tt.Tensor); } : () => { y?.dispose(); y = tf.exp(a as tf.Tensor); };
      return { run, check: () => y!.dataSync()[7], dispose: () => { y?.dispose(); a.dispose(); } };
    },
  };
}

function sumCase(n: number, label: string, goal?: Goal): Case {
  return {
    name: `sum ${label}`, unit: "GB/s", work: 4 * n, goal, // the input only
    setup(s) {
      const a = make(s, [n], 0, 1, 6);
      let y: tt.Tensor | tf.Tensor | null = null;
      const run = s === "tt" ? () => { y?.dispose(); y = tt.sum(a as tt.Tensor); } : () => { y?.dispose(); y = tf.sum(a as tf.Tensor); };
      return { run, check: () => y!.dataSync()[0] / n, dispose: () => { y?.dispose(); a.dispose(); } };
    },
  };
}

const BLOCK = 1000; // small ops per run: the per-op cost is the run's time / BLOCK

function perOpCase(withTape: boolean, goal: Goal): Case {
  return {
    name: `per-op add 4 floats${withTape ? ", tape" : ""}`, unit: "µs/op", work: BLOCK, goal,
    setup(s) {
      const a = make(s, [4], -1, 1, 7), b = make(s, [4], -1, 1, 8);
      let run: () => void;
      if (s === "tt") {
        const A = a as tt.Tensor, B = b as tt.Tensor;
        run = withTape
          ? () => { // a tape watching a records every add (its entries are released with the tape)
            const tape = new tt.GradientTape();
            tape.record(() => { tape.watch(A); for (let i = 0; i < BLOCK; i++) tt.add(A, B).dispose(); });
            tape.dispose();
          }
          : () => { for (let i = 0; i < BLOCK; i++) tt.add(A, B).dispose(); };
      } else {
        const A = a as tf.Tensor, B = b as tf.Tensor;
        run = withTape
          ? () => { // tf.grad's tape records every add
            tf.grad((x: tf.Tensor) => { for (let i = 0; i < BLOCK; i++) tf.add(x, B).dispose(); return tf.sum(x); })(A).dispose();
          }
          : () => { for (let i = 0; i < BLOCK; i++) tf.add(A, B).dispose(); };
      }
      return { run, dispose: () => { a.dispose(); b.dispose(); } };
    },
  };
}

// ---- MLP 784-256-256-10, batch 128: relu, softmax cross-entropy (mean), Glorot-uniform weights, SGD lr 0.01 ----

const LAYERS = [784, 256, 256, 10], BATCH = 128, LR = 0.01;

/** Seeded data and initial weights, the same numbers for every system. */
function mlpData() {
  const x = uniform(BATCH * LAYERS[0], 0, 1, 11);
  const r = rng(12), labels = new Float32Array(BATCH * 10);
  for (let i = 0; i < BATCH; i++) labels[i * 10 + Math.floor(r() * 10)] = 1;
  const weights = LAYERS.slice(1).map((out, l) => {
    const fin = LAYERS[l], lim = Math.sqrt(6 / (fin + out)); // Glorot uniform
    return { w: uniform(fin * out, -lim, lim, 20 + l), shape: [fin, out], b: new Float32Array(out) };
  });
  return { x, labels, weights };
}

type SCE = (labels: tt.Tensor, logits: tt.Tensor) => tt.Tensor;
/** tensortape's softmaxCrossEntropy where it exists, else the same loss from public ops (log-sum-exp shifted by the max). */
export const ttSoftmaxCE: { fn: SCE; name: string } = (() => {
  const own = (tt as unknown as { softmaxCrossEntropy?: SCE }).softmaxCrossEntropy;
  if (typeof own === "function") return { fn: own, name: "tt.softmaxCrossEntropy" };
  const fn: SCE = (labels, logits) => {
    const z = tt.sub(logits, tt.stopGradient(tt.max(logits, -1, true)));
    const logp = tt.sub(z, tt.log(tt.sum(tt.exp(z), -1, true)));
    return tt.neg(tt.mean(tt.sum(tt.mul(labels, logp), -1)));
  };
  return { fn, name: "composite of public ops (tt.softmaxCrossEntropy is not in this build)" };
})();

function mlpCase(goal: Goal): Case {
  return {
    name: "MLP 784-256-256-10 SGD step", unit: "ms", work: 1, goal,
    setup(s) {
      const d = mlpData();
      let loss = NaN; // at the first step: the same for every system
      if (s === "tt") {
        const x = tt.tensor(d.x, [BATCH, LAYERS[0]]), labels = tt.tensor(d.labels, [BATCH, 10]);
        const params = d.weights.flatMap((l) => [tt.variable(tt.tensor(l.w, l.shape)), tt.variable(tt.tensor(l.b, [l.b.length]))]);
        const forward = () => {
          let h: tt.Tensor = x;
          for (let l = 0; l < 3; l++) {
            const z = tt.add(tt.matmul(h, params[2 * l]), params[2 * l + 1]);
            h = l < 2 ? tt.relu(z) : z;
          }
          return ttSoftmaxCE.fn(labels, h);
        };
        const run = () => tt.tidy(() => {
          const tape = new tt.GradientTape();
          const l = tape.record(forward);
          const g = tape.gradient(l, params);
          params.forEach((p, i) => p.assignSub(tt.mul(g[i]!, LR)));
          const v = l.dataSync()[0];
          if (Number.isNaN(loss)) loss = v;
        });
        return { run, check: () => loss, dispose: () => { tt.dispose([x, labels, ...params]); } };
      }
      const x = tf.tensor(d.x, [BATCH, LAYERS[0]]), labels = tf.tensor(d.labels, [BATCH, 10]);
      const params = d.weights.flatMap((l) => [tf.variable(tf.tensor(l.w, l.shape)), tf.variable(tf.tensor(l.b, [l.b.length]))]);
      const opt = tf.train.sgd(LR);
      const forward = () => {
        let h: tf.Tensor = x;
        for (let l = 0; l < 3; l++) {
          const z = tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]);
          h = l < 2 ? tf.relu(z) : z;
        }
        return tf.losses.softmaxCrossEntropy(labels, h) as tf.Scalar;
      };
      const run = () => {
        const l = opt.minimize(forward, true, params)!, v = l.dataSync()[0];
        if (Number.isNaN(loss)) loss = v;
        l.dispose();
      };
      return { run, check: () => loss, dispose: () => { tf.dispose([x, labels, ...params]); opt.dispose(); } };
    },
  };
}

// ---- d²/dx² Σ tanh(x) on 1M floats: the diagonal of the Hessian, −2·tanh(x)·(1 − tanh²x) ----

function tanh2Case(n: number, goal: Goal): Case {
  return {
    name: "d²/dx² sum(tanh(x)) 1M", unit: "ms", work: 1, goal,
    setup(s) {
      const v = uniform(n, -3, 3, 9);
      const closed = (i: number) => { const t = Math.tanh(v[i]); return -2 * t * (1 - t * t); };
      // the largest error against the closed form, every 997th element (read after timing)
      const err = (g: ArrayLike<number>) => { let e = 0; for (let i = 0; i < g.length; i += 997) e = Math.max(e, Math.abs(g[i] - closed(i))); return e; };
      let y: tt.Tensor | tf.Tensor | null = null;
      if (s === "tt") {
        const x = tt.tensor(v, [n]);
        const d2 = tt.grad((x: tt.Tensor) => tt.sum(tt.grad((y: tt.Tensor) => tt.sum(tt.tanh(y)))(x)));
        const run = () => { y?.dispose(); y = tt.tidy(() => d2(x)); };
        return { run, check: () => err(y!.dataSync()), dispose: () => { y?.dispose(); x.dispose(); } };
      }
      // tfjs's tanh gradient uses the saved output y, which the outer gradient cannot differentiate: it throws
      const x = tf.tensor(v, [n]);
      const d2 = tf.grad((x: tf.Tensor) => tf.sum(tf.grad((y: tf.Tensor) => tf.sum(tf.tanh(y)))(x)));
      const run = () => { y?.dispose(); y = d2(x); };
      return { run, check: () => err(y!.dataSync()), dispose: () => { y?.dispose(); x.dispose(); } };
    },
  };
}

const M = 1 << 20;
export const cases: Case[] = [
  matmulCase(64),
  matmulCase(128),
  matmulCase(256, false, false, { ratio: 1.2, relaxedRatio: 1.6, text: "≥ 1.2× (relaxed ≥ 1.6×)" }),
  matmulCase(512, false, false, { ratio: 1.2, relaxedRatio: 1.6, text: "≥ 1.2× (relaxed ≥ 1.6×)" }),
  matmulCase(1024, false, false, { ratio: 1.2, relaxedRatio: 1.6, text: "≥ 1.2× (relaxed ≥ 1.6×)" }),
  matmulCase(512, true, false),
  matmulCase(512, false, true),
  binaryCase("add", M, "1M", { ratio: 1, text: "≥ 1.0×" }),
  binaryCase("mul", M, "1M", { ratio: 1, text: "≥ 1.0×" }),
  binaryCase("add", 16 * M, "16M", { ratio: 1, text: "≥ 1.0×" }),
  binaryCase("mul", 16 * M, "16M", { ratio: 1, text: "≥ 1.0×" }),
  expCase(M, "1M", { ratio: 4, text: "≥ 4×" }),
  sumCase(M, "1M", { ratio: 10, text: "≥ 10×" }),
  sumCase(16 * M, "16M", { ratio: 5, text: "≥ 5×" }),
  perOpCase(false, { ratio: 10, max: 0.25, text: "≥ 10×, ≤ 0.25 µs" }),
  perOpCase(true, { max: 1, text: "≤ 1 µs" }),
  mlpCase({ ratio: 9.5, max: 5, relaxedMax: 4, text: "≤ 5 ms, ≥ 9.5× (relaxed ≤ 4 ms)" }),
  tanh2Case(M, { max: 10, text: "≤ 10 ms" }),
];
