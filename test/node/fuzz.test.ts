// A short run of the seeded lifetime fuzzer (the long one is `npm run fuzz`).
import { test } from "uvu";
import * as assert from "uvu/assert";
import { fuzz } from "../helpers/fuzz.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());

for (const seed of [1, 2, 3]) {
  test(`lifetime fuzzer, seed ${seed}: 1500 steps against the model, no leak, no wrong value`, () => {
    const r = fuzz(tt, seed, 1500);
    assert.ok(r.created > 300 && r.checks > 300 && r.gradients > 20 && r.errors > 5, JSON.stringify(r));
  });
}

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
