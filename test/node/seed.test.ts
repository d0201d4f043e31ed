// The seed notebook's cells at other points (the cells themselves, with their exact printed text, are in
// test/shared/cases.ts, which every runtime runs, Node included).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());

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
