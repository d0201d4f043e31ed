// The browser demo's model, with no DOM in it: the two-spirals data, a small tanh network, its loss and an Adam step.
import * as tt from "tensortape";

/** A small seeded generator (mulberry32), so every page load trains on the same points. */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Two interleaved spirals, `n` points each, in [-1, 1]²: point i of arm k sits at radius r = i/n and angle
 * θ = turns·2π·r + kπ (arm 1 is arm 0 turned by half a circle), plus Gaussian noise of `noise` (Box–Muller).
 * Returns plain arrays: `points` [2n][2] and `labels` [2n] (0 or 1).
 */
export function spirals(n = 100, { turns = 1.25, noise = 0.02, seed = 7 } = {}) {
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
 * Weights are trainable variables drawn from N(0, 1/fan_in) (LeCun's scale, which suits tanh), seeded.
 */
export function createModel(hidden = 24, seed = 1) {
  const sizes = [2, hidden, hidden, 1];
  const layers = [];
  for (let l = 0; l < 3; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    // tidy frees the initial values; variables are not tracked by tidy, so they survive it
    layers.push(tt.tidy(() => ({
      w: tt.variable(tt.randomNormal([fanIn, fanOut], 0, Math.sqrt(1 / fanIn), "float32", seed * 10 + l), { name: `w${l + 1}` }),
      b: tt.variable(tt.zeros([fanOut]), { name: `b${l + 1}` }),
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

/**
 * Binary cross-entropy from logits z with labels y ∈ {0, 1}, averaged over the points:
 * −[y log σ(z) + (1 − y) log(1 − σ(z))] = softplus(z) − y·z, which stays finite for large |z|.
 */
export const crossEntropy = (z, y) => z.softplus().sub(z.mul(y)).mean();

/** The share of points whose logit has the sign of their label. */
export const accuracy = (z, y) => tt.cast(tt.greater(z, 0), "float32").equal(y).cast("float32").mean();

/**
 * Adam (Kingma & Ba 2015, Algorithm 1), with the bias corrections folded into the step size as their §2
 * suggests: lr_t = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ), θ ← θ − lr_t · m / (√v + ε). The moments m and v are
 * non-trainable variables, so they live outside any tidy and are replaced in place each step.
 */
export function adam(params, { lr = 0.01, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-7 } = {}) {
  const slots = params.map((p) => tt.tidy(() => ({
    m: tt.variable(tt.zerosLike(p), { trainable: false }),
    v: tt.variable(tt.zerosLike(p), { trainable: false }),
  })));
  let t = 0;
  return {
    /** Apply one update from `grads` (one per parameter, in order); call it inside a tidy. */
    apply(grads) {
      t++;
      const lrT = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
      params.forEach((p, i) => {
        const { m, v } = slots[i], g = grads[i];
        m.assign(m.mul(beta1).add(g.mul(1 - beta1)));
        v.assign(v.mul(beta2).add(g.square().mul(1 - beta2)));
        p.assignSub(m.div(v.sqrt().add(epsilon)).mul(lrT));
      });
    },
    dispose() { tt.dispose(slots.flatMap(({ m, v }) => [m, v])); },
  };
}

/**
 * Everything one training run holds: the data as tensors, the network, its optimizer. `step()` runs one
 * full-batch epoch (forward, gradient, update) and returns its loss and accuracy before the update; every
 * tensor it makes is freed before it returns, so memory() stays flat from epoch to epoch.
 */
export function createTrainer({ points, labels }, { hidden = 24, lr = 0.01, seed = 1 } = {}) {
  const x = tt.tensor(points);
  const y = tt.tensor(labels, [labels.length, 1]);
  const layers = createModel(hidden, seed);
  const params = layers.flatMap(({ w, b }) => [w, b]);
  const optimizer = adam(params, { lr });
  return {
    layers,
    step() {
      return tt.tidy(() => {
        const tape = new tt.GradientTape();          // reading a trainable variable inside record() watches it
        let logits;
        const loss = tape.record(() => crossEntropy((logits = forward(layers, x)), y));
        optimizer.apply(tape.gradient(loss, params));
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
