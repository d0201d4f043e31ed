// The bad-input row runner the suites share: each row throws its error class (a TensorTapeError) with its message,
// leaves memory() unchanged, and a valid computation right after it is still right.
import type { Test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "./setup.js";

export type ErrorClass = new (...a: never[]) => Error;
/** [what the row tries, the call, the error class it must throw, a pattern its message must match] */
export type BadRow = [what: string, fn: () => unknown, cls: ErrorClass, message: RegExp];

/** One test per row; `after` is the valid computation that must still work (default: ones([2]) + 1). */
export function badInputTests(test: Test, rows: readonly BadRow[],
  after: () => void = () => assert.equal(tt.add(tt.ones([2]), 1).arraySync(), [2, 2])): void {
  for (const [what, fn, cls, message] of rows) {
    test(`bad input: ${what}`, () => {
      const before = leakFields(tt.memory());
      try {
        tt.tidy(() => { fn(); });
        assert.unreachable("no error thrown");
      } catch (e) {
        assert.instance(e, cls, `${(e as Error).name}: ${(e as Error).message}`);
        assert.instance(e, tt.TensorTapeError);
        assert.match((e as Error).message, message);
      }
      assert.equal(leakFields(tt.memory()), before, "memory unchanged by the failure");
      tt.tidy(after);
      assert.equal(leakFields(tt.memory()), before);
    });
  }
}
