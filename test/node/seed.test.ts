// The seed notebook's two cells, as tests: exact values and exact printed text.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());

test("cell 1: persistent tape, gradients to an intermediate and to the input", () => {
  tt.tidy(() => {
    const x = tt.ones([2, 2]);
    const t = new tt.GradientTape({ persistent: true });
    const [y, z] = t.record(() => {
      t.watch(x);
      const y = tt.sum(x);
      return [y, tt.mul(y, y)];
    });
    const dzdy = t.gradient(z, y)!;
    const dzdx = t.gradient(z, x)!;
    assert.is(dzdy.toString(), "8.0");
    assert.equal(dzdy.shape, []);
    assert.is(dzdx.toString(), "[[8. 8.]\n [8. 8.]]");
    assert.equal(dzdx.arraySync(), [[8, 8], [8, 8]]);
    t.dispose();
    tt.dispose([x, y, z, dzdy, dzdx]);
  });
});

test("cell 2: nested tapes, only the inner one watches; the outer gives d2y/dx2 = 6", () => {
  tt.tidy(() => {
    const c = tt.scalar(1.0);
    const outer = new tt.GradientTape();
    const dydx = outer.record(() => {
      const inner = new tt.GradientTape();
      const y = inner.record(() => { inner.watch(c); return tt.mul(tt.mul(c, c), c); });
      return inner.gradient(y, c)!;
    });
    assert.is(dydx.toString(), "3.0");
    const d2 = outer.gradient(dydx, c)!;
    assert.is(d2.toString(), "6.0");
    tt.dispose([c, dydx, d2]);
  });
});

test("cell 2 at x = 1.5: y = x³ gives 3x² = 6.75 and 6x = 9", () => {
  tt.tidy(() => {
    const c = tt.scalar(1.5);
    const outer = new tt.GradientTape();
    const dydx = outer.record(() => {
      const inner = new tt.GradientTape();
      const y = inner.record(() => { inner.watch(c); return c.mul(c).mul(c); });
      return inner.gradient(y, c)!;
    });
    assert.is(dydx.arraySync(), 6.75);
    const d2 = outer.gradient(dydx, c)!;
    assert.is(d2.arraySync(), 9);
    tt.dispose([c, dydx, d2]);
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
