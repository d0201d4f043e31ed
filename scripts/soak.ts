// `npm run soak [steps]`: a long training run (default 10,000 steps) alternating a non-persistent and a
// persistent tape, variables updated in place; reports memory() and the wasm memory size as it goes.
// Flat after warm-up is the pass condition; the script exits 1 if anything grows after step 100.
import * as tt from "tensortape";

await tt.ready();
const steps = Number(process.argv[2] ?? 10000);
const rand = (() => { let a = 12345; return () => { a = (a + 0x6d2b79f5) >>> 0; let t = Math.imul(a ^ (a >>> 15), a | 1); t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; }; })();
const init = (shape: number[], s: number) => tt.tensor(Array.from({ length: shape.reduce((p, d) => p * d, 1) }, () => (rand() * 2 - 1) * s), shape);

const X = init([64, 16], 1), Y = init([64, 4], 1);
// variables hold their own references: tidy frees the initial values
const params = tt.tidy(() => [tt.variable(init([16, 32], 0.3)), tt.variable(tt.zeros([32])), tt.variable(init([32, 4], 0.3)), tt.variable(tt.zeros([4]))]);
const [W1, b1, W2, b2] = params;
const loss = () => {
  const h = tt.tanh(tt.matmul(X, W1).add(b1));
  return tt.mean(tt.square(tt.sub(tt.matmul(h, W2).add(b2), Y)));
};

let first = 0, last = 0, warm: tt.MemoryInfo | null = null, grew = false;
const t0 = performance.now();
for (let step = 0; step < steps; step++) {
  tt.tidy(() => {
    const persistent = step % 2 === 1;
    const tape = new tt.GradientTape({ persistent });
    const l = tape.record(() => loss());
    const gs = tape.gradient(l, params);
    if (persistent) {
      tape.gradient(l, W1); // a second use, then dispose
      tape.dispose();
    }
    params.forEach((p, i) => p.assignSub(gs[i]!.mul(0.05)));
    const v = l.dataSync()[0];
    if (step === 0) first = v;
    last = v;
  });
  const m = tt.memory();
  if (step === 100) warm = m;
  if (warm !== null && step > 100 && (m.numTensors !== warm.numTensors || m.numBuffers !== warm.numBuffers ||
    m.numBytes !== warm.numBytes || m.wasmBytes !== warm.wasmBytes)) grew = true;
  if (step % Math.max(1, Math.floor(steps / 10)) === 0 || step === steps - 1) {
    console.log(`step ${String(step).padStart(6)}: loss ${last.toFixed(6)}  numTensors ${m.numTensors}  numBuffers ${m.numBuffers}  numBytes ${m.numBytes}  wasmBytes ${m.wasmBytes}`);
  }
}
const ms = performance.now() - t0;
console.log(`soak: ${steps} steps in ${(ms / 1000).toFixed(1)} s (${(ms / steps).toFixed(3)} ms/step); loss ${first.toFixed(4)} → ${last.toFixed(4)}; ` +
  (grew ? "memory GREW after warm-up" : "memory() and wasm memory flat after warm-up (step 100)"));
tt.dispose([X, Y, ...params]);
process.exit(grew || !(last < first) ? 1 : 0);
