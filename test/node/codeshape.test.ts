// The shape of src/: no import cycle among value imports (ops record through record.ts, below the tape and
// the rules) and no file over the line budget. `npm run check:shape` prints the same findings.
import { suite } from "uvu";
import * as assert from "uvu/assert";
// @ts-expect-error: a plain .mjs script without declarations
import { cycles, longFiles, MAX_LINES } from "../../scripts/codeshape.mjs";

const test = suite("codeshape");

test("src/ has no import cycle", () => {
  assert.equal(cycles("src"), []);
});

test(`no src file is over ${MAX_LINES} lines`, () => {
  assert.equal(longFiles("src"), []);
});

test("the checks can fail: a cycle and a long file in a fixture are found", () => {
  assert.equal(cycles("test/fixtures/codeshape"), [["test/fixtures/codeshape/a.ts", "test/fixtures/codeshape/b.ts"]]);
  assert.equal(longFiles("test/fixtures/codeshape", 3), [["test/fixtures/codeshape/a.ts", 4]]);
});

test.run();
