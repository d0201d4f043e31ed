// Matrix product, batched with broadcasting of the leading (batch) dimensions.
import { show } from "../read.js";
import { allocBuffer, release, type DataBuffer } from "../buffer.js";
import { readOptions } from "../read.js";
import { ArgumentError, ShapeError } from "../errors.js";
import { broadcastShapes, broadcastStrides, fmt } from "../shape.js";
import { active, record } from "../record.js";
import { ptrOf, sizeOf, Tensor } from "../tensor.js";
import { MATMUL_BATCH } from "../threads/protocol.js";
import { MATMUL_MIN_MACS } from "../threads/split.js";
import { i32, rt } from "../wasm.js";
import { make, requireFloat, withArgs, type TensorLike } from "./run.js";

/** Options of `matmul`: multiply by the transpose of `a` and/or `b` without materialising it (tfjs's `transposeA`/`transposeB`, TF's `transpose_a`/`transpose_b`). */
export interface MatmulOptions { transposeA?: boolean; transposeB?: boolean }

/**
 * @internal out[m×n] = op(A)·op(B) at raw pointers (A m×k, or k×m when tA; B k×n, or n×k when tB), with the
 * kernel's packing workspace allocated for the call and freed before returning (also on a throw).
 */
export function gemm(a: number, b: number, out: number, m: number, n: number, k: number, tA: number, tB: number): void {
  const K = rt().kernels;
  const work = allocBuffer(K.matmulWorkBytes(m, n, k));
  try {
    K.matmul_f32(a, b, out, m, n, k, tA, tB, work.ptr, 0, m);
  } finally {
    release(work);
  }
}

/**
 * a · b over the last two dimensions; leading dimensions broadcast (numpy `matmul`). Both operands have
 * rank ≥ 2. `transposeA` / `transposeB` use the transposes without materialising them.
 *
 *     tt.matmul(x, w);  tt.matmul(dy, w, { transposeB: true });
 */
export function matmul(a: TensorLike, b: TensorLike, options: MatmulOptions = {}): Tensor {
  return withArgs("matmul", (args) => {
    if (options === null || typeof options !== "object") throw new ArgumentError(`matmul: options must be an object { transposeA?, transposeB? }, got ${show(options)}`);
    const o = readOptions(options, "matmul", ["transposeA", "transposeB"]); // each property read once
    const tA = o.transposeA === true, tB = o.transposeB === true;
    const [A, B] = args.operands(a, b);
    requireFloat(A, "matmul", "a");
    if (A.rank < 2 || B.rank < 2) {
      throw new ShapeError(`matmul: both operands must have rank >= 2, got a ${fmt(A.shape)} and b ${fmt(B.shape)}`);
    }
    // NOTE: dimensions by index, and the 2-D case slices no shape: slicing a frozen shape takes V8's slow path
    // (~0.3 µs each); only batched operands pay for `lead`
    const ra = A.rank, rb = B.rank, ar = A.shape[ra - 2], ac = A.shape[ra - 1], br = B.shape[rb - 2], bc = B.shape[rb - 1];
    const m = tA ? ac : ar, k = tA ? ar : ac, kb = tB ? bc : br, n = tB ? br : bc;
    if (k !== kb) {
      throw new ShapeError(`matmul: inner dimensions of a ${fmt(A.shape)} and b ${fmt(B.shape)} do not match (${k} vs ${kb}; transposeA=${tA}, transposeB=${tB})`);
    }
    const lead = (t: Tensor) => t.shape.slice(0, -2);
    const batch = ra === 2 && rb === 2 ? [] : broadcastShapes(lead(A), lead(B), "matmul (batch dimensions)");
    const count = sizeOf(batch), K = rt().kernels;
    // the kernel's packing workspace: one block for every matrix of the batch, freed before returning
    const out = make(batch.length === 0 ? [m, n] : [...batch, m, n], "float32");
    const work = count * m * n > 0 ? allocBuffer(K.matmulWorkBytes(m, n, k)) : null;
    // with threads, a batch of matrices each too small to split by rows is split by matrices (src/threads/split.ts)
    const byMatrix = (K as unknown as Partial<Record<string, (...a: number[]) => void>>)[MATMUL_BATCH];
    let table: DataBuffer | null = null;
    try {
      if (work !== null && byMatrix !== undefined && m * n * k < MATMUL_MIN_MACS && count * m * n * k >= MATMUL_MIN_MACS) table = allocBuffer(count * 12);
      if (work !== null) {
        const pa = ptrOf(A), pb = ptrOf(B), po = ptrOf(out);
        if (batch.length === 0) K.matmul_f32(pa, pb, po, m, n, k, +tA, +tB, work.ptr, 0, m);
        else {
          const sa = broadcastStrides(lead(A), batch), sb = broadcastStrides(lead(B), batch);
          const idx = new Array<number>(batch.length).fill(0);
          const offsets = table === null ? null : i32(table.ptr, 3 * count); // byte offsets into a, b, out per matrix
          for (let i = 0; i < count; i++) {
            let oa = 0, ob = 0;
            for (let d = 0; d < batch.length; d++) { oa += idx[d] * sa[d]; ob += idx[d] * sb[d]; }
            if (offsets !== null) { offsets[3 * i] = oa * ar * ac * 4; offsets[3 * i + 1] = ob * br * bc * 4; offsets[3 * i + 2] = i * m * n * 4; }
            else K.matmul_f32(pa + oa * ar * ac * 4, pb + ob * br * bc * 4, po + i * m * n * 4, m, n, k, +tA, +tB, work.ptr, 0, m);
            for (let d = batch.length - 1; d >= 0 && ++idx[d] === batch[d]; d--) idx[d] = 0;
          }
          if (table !== null) byMatrix!(pa, pb, po, m, n, k, +tA, +tB, work.ptr, table.ptr, 0, count);
        }
      }
    } finally {
      if (work !== null) release(work);
      if (table !== null) release(table);
    }
    if (active.length > 0) record("matmul", [A, B], [out], { transposeA: tA, transposeB: tB });
    return out;
  });
}
