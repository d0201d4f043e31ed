// The op-spec table: every public op's rows, in one list (parts live beside this file).
import { coreSpecs } from "./core.js";
import { elementwiseSpecs } from "./elementwise.js";
import { layoutSpecs } from "./layout.js";
import { linalgSpecs } from "./linalg.js";
import { nnSpecs } from "./nn.js";
import { indexingSpecs } from "./indexing.js";
import { layersSpecs } from "./layers.js";
import { selectSpecs } from "./select.js";
import { summarySpecs } from "./summary.js";
import { trainingSpecs } from "./training.js";
import type { OpSpec } from "./types.js";

/** Specs of one op from several parts become one spec (one row of check:ops), in first-seen order. */
function byOp(parts: OpSpec[]): OpSpec[] {
  const merged = new Map<string, OpSpec>();
  for (const s of parts) {
    const m = merged.get(s.op);
    if (m) m.cases = [...m.cases, ...s.cases];
    else merged.set(s.op, { op: s.op, cases: [...s.cases] });
  }
  return [...merged.values()];
}

export const specs: OpSpec[] = byOp([...coreSpecs, ...elementwiseSpecs, ...layoutSpecs, ...nnSpecs, ...linalgSpecs, ...summarySpecs, ...selectSpecs, ...indexingSpecs, ...layersSpecs, ...trainingSpecs]);
