// The browser demo's model, with no DOM in it: the two-spirals data, a small tanh network and its training step.
import * as tt from "tensortape";

/** mulberry32 (Tommy Ettinger's public-domain 32-bit generator), seeded: every page load trains on the same data. */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Two interleaved spirals, `n` points each, in [-1, 1]²: point i of arm k sits at radius r = (i + 1)/n and angle
 * θ = turns·2π·r + kπ (arm 1 is arm 0 turned by half a circle), plus Gaussian noise of `noise` (Box–Muller).
 * Returns plain arrays: `points` [2n][2] and `labels` [2n] (0 or 1).
 */
export function spirals(n = 100, { turns = 2.25, noise = 0.03, seed = 7 } = {}) {
  const random = mulberry32(seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const points = [], labels = [];
  for (let arm = 0; arm < 2; arm++) {
    for (let i = 0; i < n; i++) {
      const r = (i + 1) / n, theta = turns * 2 * Math.PI * r + arm * Math.PI;
      points.push([r * Math.cos(theta) + noise * gauss(), r * Math.sin(theta) + noise * gauss()]);
      labels.push(arm);
    }
  }
  return { points, labels };
}

/**
 * A 2 → hidden → hidden → 1 network with tanh between the layers; its output is the logit of P(arm 1).
 * Weights are trainable variables from LeCun's normal initializer (variance 1/fan_in, which suits tanh), seeded.
 */
export function createModel(hidden = 24, seed = 1) {
  const sizes = [2, hidden, hidden, 1];
  const layers = [];
  for (let l = 0; l < 3; l++) {
    const init = tt.initializers.lecunNormal({ seed: seed * 10 + l });
    // tidy frees the initial values; variables are not tracked by tidy, so they survive it
    layers.push(tt.tidy(() => ({
      w: tt.variable(init([sizes[l], sizes[l + 1]]), { name: `w${l + 1}` }),
      b: tt.variable(tt.zeros([sizes[l + 1]]), { name: `b${l + 1}` }),
    })));
  }
  return layers;
}

/** The logits [N, 1] of the points `x` [N, 2]. */
export function forward(layers, x) {
  let h = x;
  layers.forEach(({ w, b }, l) => {
    h = h.matmul(w).add(b);
    if (l < layers.length - 1) h = h.tanh();
  });
  return h;
}

/** The share of points whose logit has the sign of their label. */
export const accuracy = (z, y) => tt.cast(tt.greater(z, 0), "float32").equal(y).cast("float32").mean();

/**
 * Everything one training run holds: the data as tensors, the network, its optimizer. `step()` runs one
 * full-batch epoch (forward, gradient, Adam update) and returns its loss and accuracy before the update; every
 * tensor it makes is freed before it returns, so memory() stays flat from epoch to epoch.
 */
export function createTrainer({ points, labels }, { hidden = 24, lr = 0.01, seed = 1 } = {}) {
  const x = tt.tensor(points);
  const y = tt.tensor(labels, [labels.length, 1]);
  const layers = createModel(hidden, seed);
  const params = layers.flatMap(({ w, b }) => [w, b]);
  const optimizer = tt.optimizers.adam(lr);
  return {
    layers,
    step() {
      return tt.tidy(() => {
        const tape = new tt.GradientTape();          // reading a trainable variable inside record() watches it
        let logits;
        // binary cross-entropy of σ(logits), averaged over the points
        const loss = tape.record(() => tt.sigmoidCrossEntropy(y, (logits = forward(layers, x))));
        optimizer.applyGradients(params, tape.gradient(loss, params));
        const [l, a] = tt.stack([loss, accuracy(logits, y)]).dataSync();
        return { loss: l, accuracy: a };
      });
    },
    /** P(arm 1) at each point of `grid` [M, 2], as a Float32Array of M values. */
    predict(grid) {
      return tt.tidy(() => forward(layers, grid).sigmoid().dataSync());
    },
    dispose() {
      optimizer.dispose();
      tt.dispose([x, y, ...params]);
    },
  };
}
