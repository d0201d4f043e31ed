// The fused optimizer kernels (assembly/optim.ts) against the unfused chains of elementwise ops they replace, bit for
// bit over several steps (a ragged length, NaN, ±Infinity and −0 in the gradients), and the variable's new buffer:
// a tape that saved the old value still differentiates it.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { rng, uniform } from "../helpers/check.js";
import { leakFields, tt } from "../helpers/setup.js";
import type { Tensor } from "tensortape";

const baseline = leakFields(tt.memory());
const rand = rng(2024);
const { add, sub, mul, div, sqrt, square, maximum, abs } = tt;
const f = Math.fround;

type S = Record<string, Tensor>;
/** Each rule as the separate op passes of before the fused kernels (the order of operations is the contract). */
const rules: Record<string, { make: () => tt.Optimizer; slots: Record<string, number>; step: (x: Tensor, g: Tensor, s: S, t: number) => [Tensor, S] }> = {
  sgd: { make: () => tt.optimizers.sgd(0.1), slots: {}, step: (x, g) => [sub(x, mul(g, 0.1)), {}] },
  momentum: { make: () => tt.optimizers.momentum(0.05, 0.9), slots: { momentum: 0 }, step: (x, g, s) => {
    const a = add(mul(s.momentum, 0.9), g);
    return [sub(x, mul(a, 0.05)), { momentum: a }];
  } },
  nesterov: { make: () => tt.optimizers.momentum(0.05, 0.9, true), slots: { momentum: 0 }, step: (x, g, s) => {
    const a = add(mul(s.momentum, 0.9), g);
    return [sub(x, mul(add(g, mul(a, 0.9)), 0.05)), { momentum: a }];
  } },
  adam: { make: () => tt.optimizers.adam(0.05), slots: { m: 0, v: 0 }, step: (x, g, s, t) => {
    let p1 = 1, p2 = 1;
    for (let i = 0; i < t; i++) { p1 = f(p1 * f(0.9)); p2 = f(p2 * f(0.999)); }
    const m = add(mul(s.m, 0.9), mul(g, 1 - 0.9)), v = add(mul(s.v, 0.999), mul(square(g), 1 - 0.999));
    return [sub(x, mul(div(div(m, 1 - p1), add(sqrt(div(v, 1 - p2)), 1e-7)), 0.05)), { m, v }];
  } },
  adamw: { make: () => tt.optimizers.adamw(0.05), slots: { m: 0, v: 0 }, step: (x, g, s, t) => {
    const m = add(mul(s.m, 0.9), mul(g, 1 - 0.9)), v = add(mul(s.v, 0.999), mul(square(g), 1 - 0.999));
    const c1 = 1 - 0.9 ** t, c2 = 1 - 0.999 ** t;
    const denom = add(mul(sqrt(v), 1 / Math.sqrt(c2)), 1e-8);
    return [sub(mul(x, 1 - 0.05 * 0.01), mul(div(m, denom), 0.05 / c1)), { m, v }];
  } },
  adamax: { make: () => tt.optimizers.adamax(0.05, 0.9, 0.99, 1e-7, 0.01), slots: { m: 0, v: 0 }, step: (x, g, s, t) => {
    let p1 = 1;
    for (let i = 0; i < t; i++) p1 = f(p1 * f(0.9));
    const m = add(mul(s.m, 0.9), mul(g, 1 - 0.9)), u = maximum(mul(s.v, 0.99), abs(g));
    const rate = f(f(f(-0.05) / f(f((t - 1) * f(0.01)) + 1)) / f(1 - p1));
    return [add(x, mul(div(m, add(u, 1e-7)), rate)), { m, v: u }];
  } },
  ...Object.fromEntries([[false, 0], [true, 0], [false, 0.5], [true, 0.3]].map(([centered, mu]) => [`rmsprop${centered ? " centered" : ""}${mu ? " momentum" : ""}`, {
    make: () => tt.optimizers.rmsprop(0.01, 0.8, mu as number, 1e-7, centered as boolean),
    slots: { rms: 0, ...(mu ? { momentum: 0 } : {}), ...(centered ? { mg: 0 } : {}) },
    step: (x: Tensor, g: Tensor, s: S): [Tensor, S] => {
      const rms = add(mul(s.rms, 0.8), mul(square(g), 1 - 0.8));
      const out: S = { rms };
      let den: Tensor;
      if (centered) { const mg = add(mul(s.mg, 0.8), mul(g, 1 - 0.8)); den = sqrt(add(sub(rms, square(mg)), 1e-7)); out.mg = mg; } else den = sqrt(add(rms, 1e-7));
      let step = div(mul(g, 0.01), den);
      if (mu) step = out.momentum = add(mul(s.momentum, mu as number), step);
      return [sub(x, step), out];
    },
  }])),
  adagrad: { make: () => tt.optimizers.adagrad(0.1), slots: { accumulator: 0.1 }, step: (x, g, s) => {
    const acc = add(s.accumulator, square(g));
    return [sub(x, mul(div(g, sqrt(add(acc, 1e-7))), 0.1)), { accumulator: acc }];
  } },
  adadelta: { make: () => tt.optimizers.adadelta(1, 0.9), slots: { accum_grad: 0, accum_var: 0 }, step: (x, g, s) => {
    const d = mul(div(sqrt(add(s.accum_var, 1e-7)), sqrt(add(s.accum_grad, 1e-7))), g);
    const ag = add(mul(s.accum_grad, 0.9), mul(square(g), 1 - 0.9)), av = add(mul(s.accum_var, 0.9), mul(square(d), 1 - 0.9));
    return [sub(x, mul(d, 1)), { accum_grad: ag, accum_var: av }];
  } },
};

/** The values with −0 told from 0 and every NaN alike (a NaN's payload is not part of the contract). */
const bits = (t: Tensor) => Array.from(t.dataSync(), (v) => (Number.isNaN(v) ? "NaN" : Object.is(v, -0) ? "-0" : v));

for (const [name, r] of Object.entries(rules)) {
  test(`fused ${name}: 6 steps equal the unfused op chain bit for bit (n = 1037, NaN/±Inf/−0 in the gradients)`, () => {
    const n = 1037;
    const init = uniform(rand, n, -2, 2);
    const x0 = tt.tensor(init), x = tt.variable(x0, { name: `w_${name.replace(/ /g, "_")}` });
    x0.dispose();
    const opt = r.make();
    let xr = tt.tensor(init);
    let sr: S = Object.fromEntries(Object.entries(r.slots).map(([k, v]) => [k, tt.fill([n], v)]));
    for (let t = 1; t <= 6; t++) {
      const gv = uniform(rand, n, -1, 1);
      if (t === 4) { gv[3] = NaN; gv[10] = Infinity; gv[11] = -Infinity; gv[12] = -0; gv[n - 1] = NaN; }
      const g = tt.tensor(gv);
      opt.applyGradients([x], [g]);
      const [xn, sn] = tt.tidy(() => { const [a, b] = r.step(xr, g, sr, t); return [a, b] as const; });
      tt.dispose([xr, ...Object.values(sr), g]);
      xr = xn; sr = sn;
      assert.equal(bits(x), bits(xr), `${name} step ${t}: the variable`);
      const w = opt.getWeights();
      for (const k of Object.keys(r.slots)) assert.equal(bits(w[`${x.name}/${k}`]), bits(sr[k]), `${name} step ${t}: slot ${k}`);
      assert.equal(Object.keys(w).length, 1 + Object.keys(r.slots).length);
      tt.dispose(Object.values(w));
    }
    tt.dispose([x, xr, ...Object.values(sr)]);
    opt.dispose();
    assert.equal(leakFields(tt.memory()), baseline);
  });
}

test("an update gives the variable a new buffer: a tape that saved the old value still differentiates it", () => {
  for (const make of Object.values(rules).map((r) => r.make)) {
    const x0 = tt.tensor([1, -2, 3]), x = tt.variable(x0, { name: "w" });
    x0.dispose();
    const opt = make();
    const tape = new tt.GradientTape({ persistent: true });
    const y = tape.record(() => tt.tidy(() => tt.sum(tt.mul(x, x))));
    const g = tt.tensor([0.5, 0.5, 0.5]);
    opt.applyGradients([x], [g]);
    assert.ok(x.dataSync()[0] !== 1, "updated");
    const [dx] = tape.gradient(y, [x]) as Tensor[];
    assert.equal(Array.from(dx.dataSync()), [2, -4, 6]); // 2·x before the update
    tt.dispose([dx, y, g, x]);
    tape.dispose();
    opt.dispose();
  }
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
