// The result types of grad and valueAndGrad follow argnums: a number (or none) gives a Tensor, an array gives
// Tensor[]. The annotations are checked by `npm run check` (tsc over test/); the values here at run time.
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const test = suite("types");

test("grad: argnums 0 (default) gives one Tensor, an array gives Tensor[]", () => {
  const before = leakFields(tt.memory());
  tt.tidy(() => {
    const x = tt.tensor([1, 2]), y = tt.tensor([3, 4]);
    const one: tt.Tensor = tt.grad((a: tt.Tensor) => a.square().sum())(x);
    // @ts-expect-error: a single gradient is no array
    void one.map;
    const both: tt.Tensor[] = tt.grad((a: tt.Tensor, b: tt.Tensor) => a.mul(b).sum(), { argnums: [0, 1] })(x, y);
    assert.ok(one instanceof tt.Tensor);
    assert.equal(Array.from(one.dataSync()), [2, 4]);
    assert.ok(Array.isArray(both));
    assert.equal(both.map((g) => Array.from(g.dataSync())), [[3, 4], [1, 2]]);
    const vg = tt.valueAndGrad((a: tt.Tensor, b: tt.Tensor) => a.mul(b).sum(), { argnums: 1 })(x, y);
    const g: tt.Tensor = vg.grads;
    assert.equal(Array.from(g.dataSync()), [1, 2]);
    const vgs: tt.Tensor[] = tt.valueAndGrad((a: tt.Tensor, b: tt.Tensor) => a.mul(b).sum(), { argnums: [1, 0] })(x, y).grads;
    assert.equal(vgs.map((t) => Array.from(t.dataSync())), [[1, 2], [3, 4]]);
  });
  assert.equal(leakFields(tt.memory()), before);
});

test.run();
