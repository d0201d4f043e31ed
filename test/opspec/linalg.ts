// Op-spec rows for tt.linalg: forward values from the numpy/scipy fixtures (test/fixtures/linalg.json), gradients
// numerically (tfjs has none of these but qr, whose signs differ); error fixtures are tested in linalg.test.ts.
import { readFileSync } from "node:fs";
import type * as TT from "tensortape";
import type { OpSpec } from "./types.js";

type Arr = { shape: number[]; values: number[] };
interface Fixture { label: string; inputs: Arr[]; outputs?: Arr[]; lower?: boolean; adjoint?: boolean }
const fixtures = JSON.parse(readFileSync(new URL("../fixtures/linalg.json", import.meta.url), "utf8"),
  (k, v) => (k === "values" ? (v as (number | string)[]).map(Number) : v)) as Record<string, Fixture[]>;

type Linalg = typeof TT.linalg;
const flat = (tt: typeof TT, ys: TT.Tensor[]) => tt.concat(ys.map((y) => y.reshape([-1])));
/** How each op is called on a fixture's inputs (several outputs are flattened into one row). */
const call: Record<string, (L: Linalg, tt: typeof TT, f: Fixture, ...x: TT.Tensor[]) => TT.Tensor> = {
  // symmetrised, so the numerical checks perturb along symmetric directions (the rule's domain); same forward values
  cholesky: (L, tt, _, x) => L.cholesky(tt.add(x, tt.transpose(x, x.rank === 2 ? [1, 0] : [0, 2, 1])).mul(0.5)),
  triangularSolve: (L, _, f, a, b) => L.triangularSolve(a, b, f.lower, f.adjoint),
  lu: (L, _, __, x) => L.lu(x)[0],
  solve: (L, _, __, a, b) => L.solve(a, b),
  inv: (L, _, __, x) => L.inv(x),
  det: (L, _, __, x) => L.det(x),
  slogdet: (L, tt, _, x) => { const r = L.slogdet(x); return flat(tt, [r.sign, r.logAbsDet]); },
  qr: (L, tt, _, x) => flat(tt, L.qr(x)),
};
/** Rows without a gradient check: singular inputs, a wide qr, and lu (random pivots can sit within a step of a tie:
 * the [3, 3] row's second pivot is 0.6241 vs 0.6237); lu's rule is checked in grads.test.ts on clearly pivoted matrices. */
const smooth = (op: string, f: Fixture) =>
  !/singular|zero column/.test(f.label) && !(op === "qr" && f.inputs[0].shape.at(-2)! < f.inputs[0].shape.at(-1)!) && op !== "lu";

export const linalgSpecs: OpSpec[] = Object.entries(fixtures).map(([op, list]) => ({
  op: `linalg.${op}`,
  cases: list.filter((f) => f.outputs !== undefined).map((f) => ({
    label: `linalg.${op} ${f.label}`,
    inputs: f.inputs.map((i) => ({ shape: i.shape, values: i.values })),
    ours: (tt: typeof TT, ...xs: TT.Tensor[]) => call[op](tt.linalg, tt, f, ...xs),
    expected: op === "lu" ? f.outputs![0].values : f.outputs!.flatMap((o) => o.values),
    tol: [2e-4, 2e-5] as [number, number],
    differentiable: smooth(op, f),
  })),
}));
