// The op-spec table's row type: how to call an op in tensortape and in the tfjs oracle, on which inputs.
import type * as TT from "tensortape";
import type * as TF from "@tensorflow/tfjs";

export type DTypeName = "float32" | "int32" | "bool";

/** One input: its shape, dtype and how its values are drawn (uniform in [lo, hi), or given). */
export interface InputSpec {
  shape: number[];
  dtype?: DTypeName;       // default float32
  lo?: number; hi?: number; // default [-1, 1)
  values?: number[];       // fixed values instead of random ones
  /** keep random values at least this far from 0 (kinks, poles); default 0 */
  awayFromZero?: number;
  /** integer values (for int32, or float inputs that must be whole numbers) */
  integer?: boolean;
}

export interface OpCase {
  label: string;
  inputs: InputSpec[];
  ours: (tt: typeof TT, ...xs: TT.Tensor[]) => TT.Tensor;
  /** The same computation in tfjs; omit where tfjs has no such op or differs on purpose (then give `expected`). */
  oracle?: (tf: typeof TF, ...xs: TF.Tensor[]) => TF.Tensor;
  /** Hand-computed forward values (row-major) where the oracle is not used. */
  expected?: number[];
  expectedShape?: number[];
  /** Why the oracle is not used for the gradient (known tfjs differences, DESIGN.md "Test conventions"). */
  gradOracleSkip?: string;
  /** Differentiable w.r.t. which inputs (default: every float32 input when `differentiable`). */
  differentiable?: boolean;
  /** Check order 3 numerically too. */
  order3?: boolean;
  /** Forward tolerance (relative, absolute); default 1e-5, 1e-6. */
  tol?: [number, number];
  /** Gradient checks' tolerance override (relative, absolute). */
  gradTol?: [number, number];
}

export interface OpSpec {
  /** The op's public name, one row of `npm run check:ops`. */
  op: string;
  cases: OpCase[];
}
