// The op-spec table drives these tests: forward and first-order gradients vs tfjs 4.22 (cpu),
// numerical checks at order 2 for every differentiable row (order 3 where a row asks).
import { test } from "uvu";
import { specs } from "../opspec/index.js";
import { checkForward, checkGradOracle, checkNumeric, seedOf } from "../opspec/run.js";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());

specs.forEach((spec) => {
  spec.cases.forEach((c) => {
    const seed = seedOf(spec.op, c.label);
    test(`${spec.op}: ${c.label}`, () => {
      checkForward(c, seed);
      if (!c.differentiable) return;
      if (c.oracle && !c.gradOracleSkip) checkGradOracle(c, seed);
      else checkNumeric(c, seed, 1);
      checkNumeric(c, seed, 2);
      if (c.order3) checkNumeric(c, seed, 3);
    });
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
