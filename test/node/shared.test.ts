// The cross-runtime cases (test/shared/cases.ts) under Node, one uvu test each.
import { test } from "uvu";
import { cases } from "../shared/cases.js";
import { tt } from "../helpers/setup.js";

for (const c of cases) test(c.name, () => c.run(tt));

test.run();
