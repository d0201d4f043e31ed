// The docs check: every public export (functions, classes and members, namespace members) has a doc comment.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { publicSurface } from "../helpers/docs.js";

/**
 * Items whose comments are owed, not forgotten. Empty since the Tensor methods take their ops' comments (the
 * code-shape work: methods.ts types each method from its op). The test fails on a name that has one already.
 */
const PENDING = new Set<string>([]);

// The Node suites run once per kernel build; this check reads only the sources, so once is enough.
const once = process.env.TENSORTAPE_SIMD !== "relaxed";

test("every public export, class member and namespace member has a doc comment", () => {
  if (!once) return;
  const items = publicSurface();
  const names = new Set(items.map((i) => i.name));
  // the walk reaches what it must: members merged into Tensor, `export * as` namespaces, object namespaces
  for (const n of ["Tensor.dataSync", "Tensor.add", "GradientTape.gradient", "linalg.solve", "optimizers.adam",
    "io.loadNpy", "tree.map", "initializers.heNormal", "profile", "NumericError"]) assert.ok(names.has(n), `the walk misses ${n}`);
  assert.ok(items.length > 250, `only ${items.length} public items found`);
  const missing = items.filter((i) => !i.documented && !PENDING.has(i.name)).map((i) => `${i.file}: ${i.name}`);
  assert.equal(missing, [], `public items without a doc comment:\n  ${missing.join("\n  ")}`);
  const stale = [...PENDING].filter((n) => !names.has(n) || items.find((i) => i.name === n)!.documented);
  assert.equal(stale, [], "PENDING names that are documented (or gone) now: remove them from the list");
});

test.run();
