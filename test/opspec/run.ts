// Runs one op-spec row: forward vs the oracle (or hand values), first-order gradient vs the oracle,
// and numerical gradient checks at order 2 (and 3). Shared by test/node/opspec.test.ts and check:ops.
import * as tf from "@tensorflow/tfjs";
import "@tensorflow/tfjs-backend-cpu";
import * as tt from "tensortape";
import { assertClose, checkGrad, rng } from "../helpers/check.js";
import type { InputSpec, OpCase } from "./types.js";

await tf.setBackend("cpu");

/** A row's seed, from its op and label: stable when rows are added or reordered. */
export function seedOf(op: string, label: string): number {
  let h = 2166136261;
  for (const ch of `${op}|${label}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 1000003 + 1;
}

export interface Drawn { values: number[]; shape: number[]; dtype: "float32" | "int32" | "bool" }

/** Input values for a case, reproducible from its seed (float32-rounded so both libraries see the same numbers). */
export function draw(inputs: InputSpec[], seed: number): Drawn[] {
  const rand = rng(seed);
  return inputs.map((s) => {
    const n = s.shape.reduce((p, d) => p * d, 1);
    const dtype = s.dtype ?? "float32";
    let values = s.values?.slice() ?? Array.from({ length: n }, () => {
      const lo = s.lo ?? (dtype === "bool" ? 0 : -1), hi = s.hi ?? (dtype === "bool" ? 2 : 1);
      let v = lo + (hi - lo) * rand();
      if (s.awayFromZero) v = Math.sign(v || 1) * (s.awayFromZero + Math.abs(v));
      return dtype !== "float32" || s.integer ? Math.floor(v) : v;
    });
    if (dtype === "float32") values = Array.from(Float32Array.from(values));
    return { values, shape: s.shape, dtype };
  });
}

const ourTensor = (d: Drawn) => tt.tensor(d.dtype === "bool" ? d.values.map(Boolean) : d.values, d.shape, d.dtype);
const tfTensor = (d: Drawn) => tf.tensor(d.dtype === "bool" ? d.values.map(Boolean) : d.values, d.shape, d.dtype);

const counts = () => { const m = tt.memory(); return `${m.numTensors}/${m.numBuffers}/${m.numBytes}`; };
function noLeak<T>(what: string, fn: () => T): T {
  const before = counts();
  const r = fn();
  const after = counts();
  if (after !== before) throw new Error(`${what}: memory() went from ${before} to ${after} (tensors/buffers/bytes)`);
  return r;
}

/** Forward values: ours against the oracle or the hand-computed values. Returns the output's shape. */
export function checkForward(c: OpCase, seed: number): void {
  const data = draw(c.inputs, seed);
  noLeak(`${c.label} forward`, () => tt.tidy(() => {
    const y = c.ours(tt, ...data.map(ourTensor));
    const got = Array.from(y.dataSync(), Number);
    if (c.oracle) {
      const want = tf.tidy(() => {
        const r = c.oracle!(tf, ...data.map(tfTensor));
        return { v: Array.from(r.dataSync() as ArrayLike<number>, Number), shape: r.shape, dtype: r.dtype };
      });
      if (JSON.stringify(y.shape) !== JSON.stringify(want.shape)) throw new Error(`${c.label}: shape ${JSON.stringify(y.shape)}, oracle ${JSON.stringify(want.shape)}`);
      const wantDtype = want.dtype === "string" || want.dtype === "complex64" ? want.dtype : want.dtype;
      if (y.dtype !== wantDtype) throw new Error(`${c.label}: dtype ${y.dtype}, oracle ${wantDtype}`);
      assertClose(got, want.v, c.tol?.[0] ?? 1e-5, c.tol?.[1] ?? 1e-6, `${c.label} forward vs tfjs`);
    }
    if (c.expected) {
      if (c.expectedShape && JSON.stringify(y.shape) !== JSON.stringify(c.expectedShape)) {
        throw new Error(`${c.label}: shape ${JSON.stringify(y.shape)}, expected ${JSON.stringify(c.expectedShape)}`);
      }
      assertClose(got, c.expected, c.tol?.[0] ?? 1e-5, c.tol?.[1] ?? 1e-6, `${c.label} forward vs hand values`);
    }
    if (!c.oracle && !c.expected) throw new Error(`${c.label}: neither an oracle nor expected values`);
  }));
}

/** First-order gradient with a random seed dy, against tfjs's grads(). */
export function checkGradOracle(c: OpCase, seed: number): void {
  const data = draw(c.inputs, seed);
  const float = data.map((d) => d.dtype === "float32");
  noLeak(`${c.label} gradient`, () => tt.tidy(() => {
    const xs = data.map(ourTensor);
    const tape = new tt.GradientTape();
    const y = tape.record(() => { tape.watch(xs); return c.ours(tt, ...xs); });
    const dyVals = draw([{ shape: [...y.shape], lo: -1, hi: 1 }], seed + 1)[0];
    const ours = tape.gradient(y, xs, { outputGradients: tt.tensor(dyVals.values, y.shape) });
    const theirs = tf.tidy(() => {
      const txs = data.map(tfTensor);
      const idx = txs.map((_, i) => i).filter((i) => float[i]);
      const g = tf.grads((...fx: tf.Tensor[]) => c.oracle!(tf, ...txs.map((t, i) => (float[i] ? fx[idx.indexOf(i)] : t))));
      const r = g(idx.map((i) => txs[i]), tf.tensor(dyVals.values, [...y.shape]));
      return r.map((t) => Array.from(t.dataSync() as ArrayLike<number>));
    });
    let k = 0;
    data.forEach((d, i) => {
      if (!float[i]) { if (ours[i] !== null) throw new Error(`${c.label}: gradient into non-float input ${i} should be null`); return; }
      const want = theirs[k++];
      const got = ours[i] === null ? new Array(want.length).fill(0) : Array.from(ours[i]!.dataSync());
      assertClose(got, want, c.gradTol?.[0] ?? 1e-4, c.gradTol?.[1] ?? 1e-5, `${c.label} d/dx${i} vs tfjs`);
    });
  }));
}

/** Numerical check of the order-n derivative (float inputs only; non-float inputs are held fixed). */
export function checkNumeric(c: OpCase, seed: number, order: number): void {
  const data = draw(c.inputs, seed);
  const floatIdx = data.map((d, i) => (d.dtype === "float32" ? i : -1)).filter((i) => i >= 0);
  noLeak(`${c.label} order ${order}`, () => {
    const fixed = data.map((d) => (d.dtype === "float32" ? null : tt.keep(ourTensor(d))));
    try {
      checkGrad({
        f: (...fx) => {
          const xs = data.map((_, i) => fixed[i] ?? fx[floatIdx.indexOf(i)]);
          return c.ours(tt, ...xs);
        },
        inputs: floatIdx.map((i) => ({ shape: data[i].shape, values: data[i].values })),
        order,
        seed,
        rtol: c.gradTol?.[0] ?? (order === 1 ? 5e-3 : order === 2 ? 1e-2 : 2e-2),
        atol: c.gradTol?.[1] ?? (order === 1 ? 1e-3 : 2e-3),
      });
    } finally {
      for (const t of fixed) t?.dispose();
    }
  });
}
