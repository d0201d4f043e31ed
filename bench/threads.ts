// npm run bench's threads part (a child of bench/run.ts, once per SIMD build): tensortape at 1 and 2 threads and
// tfjs-backend-wasm's threaded build at 2 threads, interleaved in one process, with the load average per round.
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { loadavg } from "node:os";
import * as tf from "@tensorflow/tfjs";
import { getThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tt from "tensortape";
import { rng } from "./cases.js";
import { enableTfjsWasmThreads } from "./tfjs-threads.js";

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const build = (args.find((a) => a.startsWith("--build="))?.slice(8) ?? "base") as "base" | "relaxed";
const only = args.find((a) => a.startsWith("--only="))?.slice(7);
const ROUNDS = quick ? 3 : 7, SAMPLE_MS = quick ? 60 : 250, THREADS = 2;

type TT = typeof tt;
type Sys = "tt1" | "tt2" | "wasm2";
interface Runner { run(): void; dispose(): void }
interface Case { name: string; unit: "GFLOP/s" | "GB/s" | "ms"; work: number; setup(s: Sys): Runner }

// Two copies of tensortape with their own memories (the ESM and the CommonJS build: the dual-package hazard put
// to use), so that 1 and 2 threads run side by side in one process.
const require = createRequire(import.meta.url);
const tt2 = require("tensortape") as TT;
const lib = (s: Sys): TT => (s === "tt1" ? tt : tt2);

const data = (n: number, seed: number) => { const r = rng(seed), v = new Float32Array(n); for (let i = 0; i < n; i++) v[i] = 2 * r() - 1; return v; };
const size = (shape: number[]) => shape.reduce((p, d) => p * d, 1);
type T = tt.Tensor | tf.Tensor;
const make = (s: Sys, shape: number[], seed: number): T => (s === "wasm2" ? tf.tensor(data(size(shape), seed), shape) : lib(s).tensor(data(size(shape), seed), shape));

/** A case that computes `f` of fresh inputs each run and disposes the result. */
function simple(name: string, unit: Case["unit"], work: number, shapes: number[][],
  ours: (t: TT, xs: tt.Tensor[]) => tt.Tensor | tt.Tensor[], theirs: ((xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[]) | null): Case {
  return {
    name, unit, work,
    setup(s) {
      const xs = shapes.map((sh, i) => make(s, sh, i + 1));
      if (s === "wasm2" && theirs === null) throw new Error("no such kernel");
      const run = s === "wasm2"
        ? () => { tf.dispose(theirs!(xs as tf.Tensor[])); }
        : () => { const t = lib(s); t.dispose(t.tidy(() => ours(t, xs as tt.Tensor[]))); };
      return { run, dispose: () => { for (const x of xs) x.dispose(); } };
    },
  };
}

const conv = [[16, 28, 28, 16], [3, 3, 16, 32]]; // "same": 16·28·28·32·3·3·16·2 flop
const convFlop = 2 * 16 * 28 * 28 * 32 * 3 * 3 * 16;
const LAYERS = [784, 256, 256, 10], BATCH = 128;
const M16 = 1 << 24;

const cases: Case[] = [
  simple("matmul 512", "GFLOP/s", 2 * 512 ** 3, [[512, 512], [512, 512]], (t, [a, b]) => t.matmul(a, b), ([a, b]) => tf.matMul(a, b)),
  simple("matmul 1024", "GFLOP/s", 2 * 1024 ** 3, [[1024, 1024], [1024, 1024]], (t, [a, b]) => t.matmul(a, b), ([a, b]) => tf.matMul(a, b)),
  simple("conv2d [16,28,28,16]⊛[3,3,16,32] same", "GFLOP/s", convFlop, conv, (t, [x, f]) => t.conv2d(x, f, 1, "same"),
    ([x, f]) => tf.conv2d(x as tf.Tensor4D, f as tf.Tensor4D, 1, "same")),
  // both gradients of sum(conv2d): the input and the filter backprop (tfjs-wasm has no Conv2DBackpropFilter kernel)
  simple("conv2d backward (dx, df)", "GFLOP/s", 2 * convFlop, conv,
    (t, [x, f]) => { const tape = new t.GradientTape(); const y = tape.record(() => { tape.watch(x); tape.watch(f); return t.conv2d(x, f, 1, "same").sum(); }); return tape.gradient(y, [x, f]) as tt.Tensor[]; },
    ([x, f]) => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, "same").sum())([x, f])),
  {
    name: "MLP 784-256-256-10 SGD step", unit: "ms", work: 1,
    setup(s) {
      const shapes = [[BATCH, LAYERS[0]], ...LAYERS.slice(1).flatMap((o, l) => [[LAYERS[l], o], [o]])];
      const r = rng(12), labels = new Float32Array(BATCH * 10);
      for (let i = 0; i < BATCH; i++) labels[i * 10 + Math.floor(r() * 10)] = 1;
      if (s === "wasm2") {
        const [x, ...ps] = shapes.map((sh, i) => tf.tensor(data(size(sh), 20 + i).map((v) => v * 0.05), sh));
        const params = ps.map((p) => tf.variable(p)), y = tf.tensor(labels, [BATCH, 10]), opt = tf.train.sgd(0.01);
        const forward = () => { let h: tf.Tensor = x; for (let l = 0; l < 3; l++) { const z = tf.add(tf.matMul(h, params[2 * l]), params[2 * l + 1]); h = l < 2 ? tf.relu(z) : z; } return tf.losses.softmaxCrossEntropy(y, h) as tf.Scalar; };
        return { run: () => { opt.minimize(forward, true, params)!.dispose(); }, dispose: () => { tf.dispose([x, y, ...ps, ...params]); opt.dispose(); } };
      }
      const t = lib(s);
      const [x, ...ps] = shapes.map((sh, i) => t.tensor(data(size(sh), 20 + i).map((v) => v * 0.05), sh));
      const params = ps.map((p) => t.variable(p)), y = t.tensor(labels, [BATCH, 10]);
      const run = () => t.tidy(() => {
        const tape = new t.GradientTape();
        const loss = tape.record(() => { let h: tt.Tensor = x; for (let l = 0; l < 3; l++) { const z = t.add(t.matmul(h, params[2 * l]), params[2 * l + 1]); h = l < 2 ? t.relu(z) : z; } return t.softmaxCrossEntropy(y, h); });
        const g = tape.gradient(loss, params);
        params.forEach((p, i) => p.assignSub(t.mul(g[i]!, 0.01)));
        loss.dataSync();
      });
      return { run, dispose: () => { t.dispose([x, y, ...ps, ...params]); } };
    },
  },
  simple("add 16M", "GB/s", 12 * M16, [[M16], [M16]], (t, [a, b]) => t.add(a, b), ([a, b]) => tf.add(a, b)),
  simple("mul 16M", "GB/s", 12 * M16, [[M16], [M16]], (t, [a, b]) => t.mul(a, b), ([a, b]) => tf.mul(a, b)),
];

function sample(r: Runner): number {
  let n = 0;
  const t0 = performance.now();
  let t = t0;
  do { r.run(); n++; t = performance.now(); } while (t - t0 < SAMPLE_MS);
  return (t - t0) / 1000 / n;
}
const median = (xs: number[]) => { const s = xs.slice().sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const value = (c: Case, sec: number) => (c.unit === "ms" ? sec * 1e3 : c.work / sec / 1e9);
const fmt = (v: number | undefined) => (v === undefined ? "fails" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

async function main(): Promise<void> {
  await tt.ready({ simd: build, threads: 1 });
  await tt2.ready({ simd: build, threads: THREADS });
  const restore = enableTfjsWasmThreads(THREADS);
  setWasmPaths(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm")) + "/");
  await tf.setBackend("wasm");
  restore();
  const info = `tensortape ${JSON.stringify(tt.backendInfo())} and ${JSON.stringify(tt2.backendInfo())}; tfjs-wasm threaded SIMD, ` +
    `${getThreadsCount()} threads (WASM_HAS_MULTITHREAD_SUPPORT ${tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT")})`;
  const systems: Sys[] = ["tt1", "tt2", "wasm2"];
  const rows: string[][] = [["case", "unit", "tt 1 thread", "tt 2 threads", "tfjs-wasm 2 threads", "tt 1→2 speed-up", "tt 2 vs wasm 2", "load (per round)"]];
  const json: Record<string, unknown>[] = [];
  for (const c of cases) {
    if (only && !new RegExp(only).test(c.name)) continue;
    const runners = new Map<Sys, Runner>();
    for (const s of systems) { try { const r = c.setup(s); r.run(); r.run(); runners.set(s, r); } catch { /* the peer lacks a kernel */ } }
    const per = new Map<Sys, number[]>(systems.map((s) => [s, []]));
    const loads: number[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < systems.length; i++) {
        const s = systems[(round + i) % systems.length], r = runners.get(s);
        if (r) per.get(s)![round] = sample(r);
      }
      loads.push(loadavg()[0]);
    }
    for (const r of runners.values()) r.dispose();
    // speed-ups and ratios: medians of the per-round ratios (the systems of a round ran back to back)
    const ratio = (a: Sys, b: Sys) => (runners.has(a) && runners.has(b) ? median(per.get(a)!.map((x, i) => per.get(b)![i] / x)) : undefined);
    const v = (s: Sys) => (runners.has(s) ? value(c, median(per.get(s)!)) : undefined);
    const up = ratio("tt2", "tt1"), vs = ratio("tt2", "wasm2");
    rows.push([c.name, c.unit, fmt(v("tt1")), fmt(v("tt2")), fmt(v("wasm2")), up === undefined ? "" : `${up.toFixed(2)}×`,
      vs === undefined ? "peer fails" : `${vs.toFixed(2)}×`, loads.map((l) => l.toFixed(1)).join(" ")]);
    json.push({ name: c.name, unit: c.unit, tt1: v("tt1"), tt2: v("tt2"), wasm2: v("wasm2"), speedup: up, vsWasm: vs, loads });
    console.error(`  ${c.name}: ${rows[rows.length - 1].slice(2, 7).join(", ")}`);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  const table = rows.map((r) => r.map((x, i) => (i < 2 || i === 7 ? x.padEnd(w[i]) : x.padStart(w[i]))).join("  ").trimEnd()).join("\n");
  process.stdout.write(JSON.stringify({ build, info, table, results: json }) + "\n");
  await tt2.shutdown();
  process.exit(0); // tfjs's pthreads keep Node alive
}
main().catch((e) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
