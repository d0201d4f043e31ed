// nn ops beyond the op-spec table: TF's tie and padding rules by hand, stability, the exact cross-entropy
// gradient, a large batch across workspace groups vs tfjs, forward mode, and a tiny CNN trained by SGD with
// flat memory. (The nn kernels' range contract is in kernels-nn.test.ts.)
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import { spawnSync } from "node:child_process";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { assertClose, rng, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";

await tf.setBackend("cpu");
const baseline = leakFields(tt.memory());
const rand = rng(77);
const mem = () => leakFields(tt.memory());
const arr = (t: tt.Tensor) => Array.from(t.dataSync());

test("maxPool: the first maximum of each window (row-major) takes the whole gradient, as TF", () => {
  tt.tidy(() => {
    const x = tt.tensor([1, 3, 3, 0, 3, 2, 3, 3, 0, 0, 1, 1], [1, 3, 4, 1]);
    const g = tt.grad((x) => tt.maxPool(x, 2, 1, "valid"))(x);
    // windows' first maxima: (0,1) (0,1) (0,2) / (1,0) (1,2) (1,2)
    assert.equal(arr(g), [0, 2, 1, 0, 1, 0, 2, 0, 0, 0, 0, 0]);
    assert.equal(arr(tt.maxPool(x, 2, 1, "valid")), [3, 3, 3, 3, 3, 3]);
  });
});

test("maxPool: a window holding NaN gives NaN (as max), and its first NaN takes the gradient (as argMax)", () => {
  tt.tidy(() => {
    // [1, 2, 3, 5]: 5 channels exercise the 4-lane body and the partial last block; 2x2 windows, stride 1
    const H = 2, W = 3, C = 5;
    const v = Array.from({ length: H * W * C }, (_, i) => (i * 7) % 11 - 5);
    const nan = [[0, 1, 0], [0, 2, 0], [1, 1, 0], [0, 0, 3], [1, 2, 3], [1, 0, 4], [0, 1, 1]]; // (h, w, c)
    for (const [h, w, c] of nan) v[(h * W + w) * C + c] = NaN;
    const x = tt.tensor(v, [1, H, W, C]);
    // reference: per output pixel and channel, the first NaN in row-major window order, else the first maximum
    const want: number[] = [], grad = new Array<number>(v.length).fill(0);
    for (let ow = 0; ow < W - 1; ow++) {
      for (let c = 0; c < C; c++) {
        let best = -Infinity, at = -1;
        for (let h = 0; h < 2; h++) {
          for (let w = ow; w < ow + 2; w++) {
            const u = v[(h * W + w) * C + c];
            if (at < 0 || (Number.isNaN(u) && !Number.isNaN(best)) || u > best) { best = u; at = (h * W + w) * C + c; }
          }
        }
        want.push(best);
        grad[at] += 1;
      }
    }
    assert.ok(want.filter(Number.isNaN).length >= 5, "the case has NaN windows in both lane blocks");
    const y = tt.maxPool(x, 2, 1, "valid");
    assert.equal(y.shape, [1, 1, 2, 5]);
    assert.equal(arr(y), want);
    // max over the same windows agrees (NaN)
    const w0 = tt.max(tt.slice(x, [0, 0, 0, 0], [1, 2, 2, 5]), [1, 2]);
    assert.equal(arr(w0), want.slice(0, 5));
    assert.equal(arr(tt.grad((t) => tt.sum(tt.maxPool(t, 2, 1, "valid")))(x)), grad);
  });
  assert.equal(mem(), baseline);
});

test("avgPool 'same': windows divide by the input pixels they hold, forward and gradient (TF)", () => {
  tt.tidy(() => {
    const x = tt.tensor([2, 4, 9], [1, 3, 1, 1]);
    assertClose(arr(tt.avgPool(x, [3, 1], 1, "same")), [3, 5, 6.5], 1e-7, 0);
    // windows hold rows {0,1}, {0,1,2}, {1,2}: dx = Σ 1/count over the windows holding each row
    assertClose(arr(tt.grad((x) => tt.avgPool(x, [3, 1], 1, "same"))(x)), [1 / 2 + 1 / 3, 1 / 2 + 1 / 3 + 1 / 2, 1 / 3 + 1 / 2], 1e-6, 0);
  });
});

test("softmax and logSoftmax are finite for huge logits and -Infinity masks; rows sum to 1", () => {
  tt.tidy(() => {
    const z = tt.tensor([[1e30, 0, -1e30], [88, 89, 90], [-Infinity, 0, 0]]);
    assertClose(arr(tt.softmax(z)), [1, 0, 0, 0.09003057, 0.24472847, 0.66524096, 0, 0.5, 0.5], 1e-6, 1e-7);
    assertClose(arr(tt.logSoftmax(z)), [0, -1e30, -2e30, -2.40760596, -1.40760596, -0.40760596, -Infinity, -Math.LN2, -Math.LN2], 1e-6, 1e-7);
    const s = tt.sum(tt.softmax(tt.tensor(uniform(rand, 60, -50, 50), [3, 4, 5]), 1), 1);
    assertClose(arr(s), new Array(15).fill(1), 1e-6, 0);
  });
});

test("softmaxCrossEntropy: d/dlogits is (softmax − labels) / rows; d/dlabels is −logSoftmax / rows", () => {
  tt.tidy(() => {
    const z = tt.tensor(uniform(rand, 12, -30, 30), [4, 3]);
    const l = tt.tensor([[0, 1, 0], [1, 0, 0], [0, 0, 1], [0.25, 0.25, 0.5]]);
    const [gl, gz] = tt.grad((l, z) => tt.softmaxCrossEntropy(l, z), { argnums: [0, 1] })(l, z);
    assertClose(arr(gz), arr(tt.softmax(z).sub(l).div(4)), 1e-6, 1e-8);
    assertClose(arr(gl), arr(tt.logSoftmax(z).neg().div(4)), 1e-6, 1e-8);
    // a one-hot int32 label tensor (what oneHot gives) is accepted as data
    const li = tt.tensor([1, 0, 2, 2], [4], "int32");
    const oh = tt.cast(tt.equal(tt.cast(li, "float32").reshape([4, 1]), tt.range(0, 3).reshape([1, 3])), "int32");
    const loss = tt.softmaxCrossEntropy(oh, z);
    const want = tf.tidy(() => tf.losses.softmaxCrossEntropy(tf.tensor(arr(oh), [4, 3], "int32"), tf.tensor(arr(z), [4, 3])).dataSync()[0]);
    assertClose(arr(loss), [want], 1e-6, 0);
  });
});

test("conv2d across workspace groups (64 images, 2 groups): forward and both gradients vs tfjs", () => {
  const xs = uniform(rand, 64 * 24 * 24 * 8), ws = uniform(rand, 3 * 3 * 8 * 8), dys = uniform(rand, 64 * 12 * 12 * 8);
  const want = tf.tidy(() => {
    const x = tf.tensor4d(xs, [64, 24, 24, 8]), w = tf.tensor4d(ws, [3, 3, 8, 8]);
    const f = (x: tf.Tensor4D, w: tf.Tensor4D) => tf.conv2d(x, w, 2, "same");
    const [gx, gw] = tf.grads((x, w) => f(x as tf.Tensor4D, w as tf.Tensor4D))([x, w], tf.tensor4d(dys, [64, 12, 12, 8]));
    return [f(x, w), gx, gw].map((t) => Array.from(t.dataSync()));
  });
  const before = mem();
  tt.tidy(() => {
    const x = tt.tensor(xs, [64, 24, 24, 8]), w = tt.tensor(ws, [3, 3, 8, 8]);
    const tape = new tt.GradientTape();
    const y = tape.record(() => { tape.watch([x, w]); return tt.conv2d(x, w, 2, "same"); });
    const [gx, gw] = tape.gradient(y, [x, w], { outputGradients: tt.tensor(dys, [64, 12, 12, 8]) });
    assertClose(arr(y), want[0], 1e-4, 1e-5, "forward");
    assertClose(arr(gx!), want[1], 1e-4, 1e-5, "dx");
    assertClose(arr(gw!), want[2], 1e-4, 1e-4, "dfilter");
  });
  assert.equal(mem(), before, "workspaces and partial sums are freed");
});

test("forward mode: the JVP of conv2d is conv2d(ẋ, w) + conv2d(x, ẇ); of maxPool, ẋ at the maxima", () => {
  tt.tidy(() => {
    const x = tt.tensor(uniform(rand, 2 * 5 * 5 * 3), [2, 5, 5, 3]), w = tt.tensor(uniform(rand, 3 * 3 * 3 * 2), [3, 3, 3, 2]);
    const vx = tt.tensor(uniform(rand, x.size), x.shape), vw = tt.tensor(uniform(rand, w.size), w.shape);
    const acc = new tt.ForwardAccumulator([x, w], [vx, vw]);
    const [y, p] = acc.record(() => [tt.conv2d(x, w, 2, "same"), tt.maxPool(x, 2, 2, "valid")]);
    const [jy, jp] = [acc.jvp(y)!, acc.jvp(p)!];
    assertClose(arr(jy), arr(tt.conv2d(vx, w, 2, "same").add(tt.conv2d(x, vw, 2, "same"))), 1e-5, 1e-6);
    // plain JS: v at each 2×2 window's maximum of x
    const xv = arr(x), v = arr(vx), want: number[] = [];
    const at = (n: number, h: number, w: number, c: number) => ((n * 5 + h) * 5 + w) * 3 + c;
    for (let n = 0; n < 2; n++) for (let oh = 0; oh < 2; oh++) for (let ow = 0; ow < 2; ow++) for (let c = 0; c < 3; c++) {
      let best = at(n, 2 * oh, 2 * ow, c);
      for (const [dh, dw] of [[0, 1], [1, 0], [1, 1]]) { const i = at(n, 2 * oh + dh, 2 * ow + dw, c); if (xv[i] > xv[best]) best = i; }
      want.push(v[best]);
    }
    assert.equal(arr(jp), want);
    acc.dispose();
  });
});

test("empty batches: conv2d, pools and their gradients give empty or zero results", () => {
  tt.tidy(() => {
    const x = tt.zeros([0, 4, 4, 2]), w = tt.ones([3, 3, 2, 3]);
    const [gx, gw] = tt.grad((x, w) => tt.conv2d(x, w, 1, "same"), { argnums: [0, 1] })(x, w);
    assert.equal(gx.shape, [0, 4, 4, 2]);
    assert.equal(arr(gw), new Array(54).fill(0));
    assert.equal(tt.maxPool(x, 2, 2, "valid").shape, [0, 2, 2, 2]);
    assert.equal(tt.grad((x) => tt.avgPool(x, 2, 2, "same"))(x).shape, [0, 4, 4, 2]);
  });
});

test("out of memory for conv2d's patch matrix: OutOfMemoryError, memory() unchanged, the runtime keeps working", () => {
  const src = `import * as tt from "tensortape";
    await tt.ready({ maxMemoryBytes: 4 << 20 });
    const filler = tt.ones([640 * 1024]);                          // 2.5 MiB
    const x = tt.ones([1, 64, 64, 4]), w = tt.ones([5, 5, 4, 4]);  // the output fits, its 1.6 MB patch matrix does not
    const counts = () => { const m = tt.memory(); return [m.numTensors, m.numBuffers, m.numBytes].join(); };
    const before = counts();
    try { tt.conv2d(x, w, 1, "same"); } catch (e) { console.log(e.name); }
    console.log(counts() === before);
    try { tt.tidy(() => tt.grad((w) => tt.conv2d(x, w, 1, "same"))(w)); } catch (e) { console.log(e.name); }
    console.log(counts() === before);
    console.log(tt.conv2d(tt.ones([1, 8, 8, 4]), w, 1, "same").max().toString());`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", src], { encoding: "utf8", cwd: new URL("../..", import.meta.url).pathname });
  assert.is(r.status, 0, r.stderr);
  assert.equal(r.stdout.trim().split("\n"), ["OutOfMemoryError", "true", "OutOfMemoryError", "true", "100.0"]);
});

// ---- end to end -------------------------------------------------------------------------------------

test("a tiny CNN (conv2d → relu → maxPool → reshape → matmul → softmaxCrossEntropy) learns by SGD with flat memory", () => {
  // 8×8 images of a horizontal (class 0) or vertical (class 1) bar at a random place, plus noise
  const B = 16, r = rng(5);
  const images: number[] = [], labels: number[] = [];
  for (let i = 0; i < B; i++) {
    const cls = i % 2, at = 1 + Math.floor(r() * 6);
    for (let y = 0; y < 8; y++) for (let x = 0; x < 8; x++) images.push(((cls === 0 ? y : x) === at ? 1 : 0) + 0.1 * (r() - 0.5));
    labels.push(cls === 0 ? 1 : 0, cls);
  }
  const x = tt.tensor(images, [B, 8, 8, 1]), y = tt.tensor(labels, [B, 2]);
  const w1 = tt.tidy(() => tt.variable(tt.tensor(uniform(r, 3 * 3 * 1 * 4, -0.5, 0.5), [3, 3, 1, 4])));
  const w2 = tt.tidy(() => tt.variable(tt.tensor(uniform(r, 4 * 4 * 4 * 2, -0.2, 0.2), [64, 2])));
  const loss = () => tt.tidy(() => {
    const h = tt.maxPool(tt.relu(tt.conv2d(x, w1, 1, "same")), 2, 2, "valid");
    return tt.softmaxCrossEntropy(y, tt.matmul(tt.reshape(h, [B, 64]), w2));
  });
  const step = (): number => tt.tidy(() => {
    const tape = new tt.GradientTape();
    const l = tape.record(loss);
    const [g1, g2] = tape.gradient(l, [w1, w2]) as tt.Tensor[];
    w1.assign(w1.sub(g1.mul(0.5)));
    w2.assign(w2.sub(g2.mul(0.5)));
    return l.dataSync()[0];
  });
  const losses = [step()];
  const after1 = mem();
  for (let i = 0; i < 30; i++) {
    losses.push(step());
    assert.equal(mem(), after1, `memory after step ${i + 2}`);
  }
  assert.ok(losses[0] > 0.6, `initial loss ${losses[0]} is about ln 2`);
  assert.ok(losses[30] < 0.5 * losses[0], `loss went from ${losses[0]} to ${losses[30]}`);
  console.log(`  tiny CNN: loss ${losses[0].toFixed(4)} → ${losses[30].toFixed(4)} in 30 SGD steps`);
  for (let i = 5; i <= 30; i += 5) assert.ok(losses[i] < losses[i - 5], `loss decreasing: ${losses.join(", ")}`);
  tt.dispose([x, y, w1, w2]);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
