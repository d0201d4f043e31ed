// The op-spec table: every public op's rows, in one list (parts live beside this file).
import { coreSpecs } from "./core.js";
import { elementwiseSpecs } from "./elementwise.js";
import type { OpSpec } from "./types.js";

export const specs: OpSpec[] = [...coreSpecs, ...elementwiseSpecs];
