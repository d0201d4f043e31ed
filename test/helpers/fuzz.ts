// A seeded lifetime fuzzer: random sequences of creating, operating on, disposing, tidying, keeping,
// recording and differentiating tensors, checked step by step against a plain-JS model of which
// tensors are live and what they hold. Shared by test/node/fuzz.test.ts (short) and `npm run fuzz` (long).
import type * as TT from "tensortape";
import { rng } from "./check.js";

interface Model { t: TT.Tensor; values: number[]; shape: number[]; live: boolean }
export interface FuzzResult { steps: number; checks: number; created: number; gradients: number; errors: number }

const f32 = Math.fround;
const SHAPES = [[], [1], [3], [4], [2, 3], [3, 2], [2, 2, 2]];
type Un = [string, (v: number) => number, (v: number) => number]; // op, value, derivative
const UNARY: Un[] = [
  ["neg", (v) => -v, () => -1],
  ["square", (v) => v * v, (v) => 2 * v],
  ["tanh", Math.tanh, (v) => 1 - Math.tanh(v) ** 2],
  ["sigmoid", (v) => 1 / (1 + Math.exp(-v)), (v) => { const s = 1 / (1 + Math.exp(-v)); return s * (1 - s); }],
  ["exp", Math.exp, Math.exp],
];
const BINARY: [string, (a: number, b: number) => number][] = [["add", (a, b) => a + b], ["sub", (a, b) => a - b], ["mul", (a, b) => a * b]];

export function fuzz(tt: typeof TT, seed: number, steps: number): FuzzResult {
  const rand = rng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)];
  const base = tt.memory();
  const pool: Model[] = [];
  const live = () => pool.filter((m) => m.live);
  const scopes: Model[][] = []; // tensors made inside each open tidy
  const res: FuzzResult = { steps, checks: 0, created: 0, gradients: 0, errors: 0 };
  const fail = (msg: string): never => { throw new Error(`fuzz seed ${seed}: ${msg}`); };
  const close = (a: number, b: number) => a === b || Math.abs(a - b) <= 1e-5 * (1 + Math.abs(b)) || (Number.isNaN(a) && Number.isNaN(b));

  const adopt = (t: TT.Tensor, values: number[]): Model => {
    const m = { t, values: values.map(f32), shape: [...t.shape], live: true };
    pool.push(m);
    scopes[scopes.length - 1]?.push(m);
    res.created++;
    return m;
  };
  const check = (m: Model, what: string) => {
    res.checks++;
    const got = m.t.dataSync();
    if (got.length !== m.values.length) fail(`${what}: ${got.length} values, model has ${m.values.length}`);
    got.forEach((v, i) => { if (!close(v, m.values[i])) fail(`${what}: [${i}] ${v} vs model ${m.values[i]}`); });
    // continue from the library's bits, so rounding differences (≤ 2 ulp per op) do not compound in the model
    m.values = Array.from(got);
  };
  const checkCounts = (what: string) => {
    const n = live().length;
    if (tt.memory().numTensors !== base.numTensors + n) fail(`${what}: numTensors ${tt.memory().numTensors}, model ${base.numTensors + n}`);
  };

  const actions: [number, () => void][] = [
    [4, () => { // create
      const shape = pick(SHAPES);
      const n = shape.reduce((p, d) => p * d, 1);
      const values = Array.from({ length: n }, () => Math.round((rand() * 4 - 2) * 100) / 100);
      adopt(tt.tensor(values, shape), values);
    }],
    [5, () => { // unary op
      const xs = live(); if (!xs.length) return;
      const x = pick(xs), [op, f] = pick(UNARY);
      const y = (tt as unknown as Record<string, (t: TT.Tensor) => TT.Tensor>)[op](x.t);
      check(adopt(y, x.values.map(f)), op);
    }],
    [5, () => { // binary op on equal shapes or against a scalar
      const xs = live(); if (!xs.length) return;
      const a = pick(xs);
      const same = xs.filter((m) => m.values.length === a.values.length && m.shape.join() === a.shape.join());
      const sc = xs.filter((m) => m.shape.length === 0);
      const b = rand() < 0.7 || !sc.length ? pick(same) : pick(sc);
      const [op, f] = pick(BINARY);
      const y = (tt as unknown as Record<string, (a: TT.Tensor, b: TT.Tensor) => TT.Tensor>)[op](a.t, b.t);
      check(adopt(y, a.values.map((v, i) => f(v, b.values.length === 1 ? b.values[0] : b.values[i]))), op);
    }],
    [2, () => { // reductions and layout
      const xs = live().filter((m) => m.shape.length > 0); if (!xs.length) return;
      const x = pick(xs);
      if (rand() < 0.5) check(adopt(tt.sum(x.t), [x.values.reduce((p, v) => p + f32(v), 0)]), "sum");
      else check(adopt(tt.reshape(x.t, [-1]), x.values), "reshape");
    }],
    [4, () => { // dispose (sometimes twice)
      const xs = live(); if (!xs.length) return;
      const x = pick(xs);
      x.t.dispose(); x.live = false;
      if (rand() < 0.3) x.t.dispose();
    }],
    [1, () => { // use after dispose
      const dead = pool.filter((m) => !m.live); if (!dead.length) return;
      try { tt.neg(pick(dead).t); fail("use after dispose did not throw"); } catch (e) {
        if (!(e instanceof tt.DisposedError)) throw e;
        res.errors++;
      }
    }],
    [1, () => { // a failing op inside tidy: the error propagates and the temporary it made is freed
      const xs = live().filter((m) => m.shape.length === 2 && m.shape[0] !== m.shape[1]); if (!xs.length) return;
      const x = pick(xs);
      const before = tt.memory();
      try { tt.tidy(() => tt.add(x.t, tt.transpose(x.t))); fail("bad broadcast did not throw"); } catch (e) {
        if (!(e instanceof tt.ShapeError)) throw e;
        res.errors++;
      }
      const after = tt.memory();
      if (after.numTensors !== before.numTensors || after.numBytes !== before.numBytes) fail("a failed op inside tidy leaked");
    }],
    [2, () => { // tidy around a few steps, returning one tensor and keeping another
      if (scopes.length >= 3) return;
      scopes.push([]);
      let made: Model[] = [];
      let ret: Model | undefined, kept: Model | undefined;
      const out = tt.tidy(() => {
        for (let k = 0; k < 1 + Math.floor(rand() * 4); k++) pick(actions.slice(0, 4))[1]();
        made = scopes[scopes.length - 1];
        const inner = made.filter((m) => m.live);
        if (inner.length && rand() < 0.5) { kept = pick(inner); tt.keep(kept.t); }
        if (inner.length) ret = pick(inner);
        return ret?.t;
      });
      scopes.pop();
      for (const m of made) if (m !== ret && m !== kept) m.live = false;
      if (ret && out !== ret.t) fail("tidy did not return its result");
      if (ret) scopes[scopes.length - 1]?.push(ret);
    }],
    [3, () => { // record and differentiate Σ op(x) on a (non-)persistent tape
      const xs = live(); if (!xs.length) return;
      const x = pick(xs), [op, , df] = pick(UNARY);
      const persistent = rand() < 0.5;
      const tape = new tt.GradientTape({ persistent });
      const y = tape.record(() => tt.tidy(() => { tape.watch(x.t); return tt.sum((tt as unknown as Record<string, (t: TT.Tensor) => TT.Tensor>)[op](x.t)); }));
      if (rand() < 0.5 && xs.length > 1) { x.t.dispose(); x.live = false; } // the tape holds its own copy
      const g = x.live ? tape.gradient(y, x.t)! : null;
      if (g) {
        res.gradients++;
        check(adopt(g, x.values.map(df)), `d sum(${op})`);
      }
      y.dispose();
      if (persistent || !g) tape.dispose();
    }],
  ];
  const total = actions.reduce((p, [w]) => p + w, 0);
  for (let s = 0; s < steps; s++) {
    let r = rand() * total;
    const action = actions.find(([w]) => (r -= w) < 0)![1];
    action();
    if (s % 16 === 0) checkCounts(`step ${s}`);
  }
  checkCounts("end");
  for (const m of live()) check(m, "final values");
  for (const m of live()) { m.t.dispose(); m.live = false; }
  const end = tt.memory();
  if (end.numTensors !== base.numTensors || end.numBuffers !== base.numBuffers || end.numBytes !== base.numBytes) {
    fail(`after disposing everything memory() is ${JSON.stringify(end)}, baseline ${JSON.stringify(base)}`);
  }
  return res;
}
