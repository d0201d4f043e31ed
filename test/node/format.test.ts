// formatTensor must match numpy's str(ndarray); fixtures come from scripts/gen-format-fixtures.py.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { formatTensor, type FormatDType } from "../../src/format.js";

interface FixtureCase {
  values: (number | string)[];
  shape: number[];
  dtype: FormatDType;
  expected: string;
}

const fixtures: FixtureCase[] = JSON.parse(
  readFileSync(new URL("../fixtures/format.json", import.meta.url), "utf8"),
);

/** JSON cannot hold nan/inf/-0, so the generator writes them as strings. */
function decode(v: number | string): number {
  if (typeof v === "number") return v;
  const special: Record<string, number> = { nan: NaN, inf: Infinity, "-inf": -Infinity, "-0": -0 };
  if (!(v in special)) throw new Error(`unknown encoded value ${JSON.stringify(v)}`);
  return special[v];
}

test("brief examples", () => {
  assert.is(formatTensor([8], [], "float32"), "8.0");
  assert.is(formatTensor([8, 8, 8, 8], [2, 2], "float32"), "[[8. 8.]\n [8. 8.]]");
  assert.is(formatTensor([0.5, 1.25], [2], "float32"), "[0.5  1.25]");
  assert.is(formatTensor([1, 2], [2], "int32"), "[1 2]");
  assert.is(formatTensor([1, 0], [2], "bool"), "[ True False]");
  assert.is(formatTensor(new Float32Array([0.1]), [], "float32"), "0.1");
  assert.is(formatTensor([3], [], "int32"), "3");
  assert.is(formatTensor([1], [], "bool"), "True");
  assert.is(formatTensor([], [2, 0], "float32"), "[]");
  assert.is(formatTensor([NaN, Infinity, -Infinity, -0], [4], "float32"), "[ nan  inf -inf  -0.]");
});

test("numpy fixtures", () => {
  assert.ok(fixtures.length >= 150, `expected at least 150 fixture cases, got ${fixtures.length}`);
  const failures: string[] = [];
  fixtures.forEach((c, index) => {
    const actual = formatTensor(c.values.map(decode), c.shape, c.dtype);
    if (actual !== c.expected) {
      failures.push(
        `case #${index} ${c.dtype} shape [${c.shape.join(", ")}]\n` +
          `expected:\n${c.expected}\nactual:\n${actual}`,
      );
    }
  });
  assert.is(failures.length, 0, `${failures.length} mismatches:\n\n${failures.slice(0, 5).join("\n\n")}`);
});

test.run();
