// The optimizers' update cost per parameter (node --import tsx bench/update.ts [params]): applyGradients on one
// variable, as ns per parameter and as a multiple of one elementwise kernel pass (add) over the same size.
import * as tt from "tensortape";

await tt.ready();
const n = Number(process.argv[2] ?? 1 << 20);
const rounds = 7;

/** Median ns per parameter of `fn` over `rounds` timed runs of `reps` calls each, after a warm-up. */
function time(fn: () => void, reps: number): number {
  for (let i = 0; i < reps; i++) fn();
  const t: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    t.push(((performance.now() - t0) * 1e6) / (reps * n));
  }
  return t.sort((a, b) => a - b)[rounds >> 1];
}

const x = tt.tidy(() => tt.variable(tt.randomNormal([n], 0, 1, "float32", 1), { name: "x" }));
tt.tidy(() => { x.assign(x.add(0)); });                   // its own buffer from here on (no longer shared with the init)
const g = tt.randomNormal([n], 0, 0.1, "float32", 2);
const reps = Math.min(2000, Math.max(3, Math.round(2e7 / n)));
const pass = time(() => tt.add(x, g).dispose(), reps * 4);
console.log(`${n} parameters; one add pass ${pass.toFixed(3)} ns/param (${tt.memory().wasmBytes >> 20} MiB wasm)`);
const make: Record<string, () => tt.Optimizer> = {
  sgd: () => tt.optimizers.sgd(0.01), momentum: () => tt.optimizers.momentum(0.01, 0.9),
  adam: () => tt.optimizers.adam(), adamax: () => tt.optimizers.adamax(), rmsprop: () => tt.optimizers.rmsprop(0.01),
  "rmsprop centered+momentum": () => tt.optimizers.rmsprop(0.01, 0.9, 0.9, 1e-7, true), adagrad: () => tt.optimizers.adagrad(0.01),
  adadelta: () => tt.optimizers.adadelta(), adamw: () => tt.optimizers.adamw(),
};
for (const [name, mk] of Object.entries(make)) {
  const before = tt.memory();
  const opt = mk();
  const ns = time(() => opt.applyGradients([x], [g]), reps);
  opt.dispose();
  const after = tt.memory(), flat = after.numTensors === before.numTensors && after.numBuffers === before.numBuffers;
  console.log(`${name.padEnd(26)} ${ns.toFixed(2).padStart(6)} ns/param  = ${(ns / pass).toFixed(1).padStart(4)} add passes${flat ? "" : "  (LEAK)"}`);
}
tt.dispose([x, g]);
