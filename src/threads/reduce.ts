// Reductions in fixed blocks: a long reduction split the same way whatever the thread count, so results never depend on it.
import { allocBuffer, release } from "../buffer.js";

type Reduce = (x: number, out: number, n: number, inner: number, start: number, end: number) => void;

/** Fixed number of blocks a long reduced axis is cut into (64: enough chunks for 8 threads × 4, few partials). */
const BLOCKS = 64;
/** Shapes that take the blocked path: few outer rows (a split by rows would leave threads idle), a long axis. */
const MAX_OUTER = 16, MIN_N = 1 << 14, MIN_ELEMENTS = 1 << 18;

/**
 * `kernel` over x = [outer, n, inner] into out = [outer, inner] (4-byte values). Large reductions over few rows
 * are computed in two passes whatever the thread count: each row's n values are cut into BLOCKS blocks of L
 * (a multiple of 16, so every block starts on a SIMD boundary; a last, shorter block takes the rest) reduced to
 * partials [outer, blocks, inner] — one kernel call per row, split across threads by blocks — then the partials of
 * each row are reduced in block order. Which values are combined in which order depends on the shape only, so the
 * result is bit-identical on 1, 2 or 8 threads (on one thread it differs from a single pass by rounding, as any
 * reordering of a float sum does). Other shapes: one pass, split across threads by rows.
 */
export function reduceRows(kernel: Reduce, x: number, out: number, n: number, inner: number, outer: number): void {
  if (outer > MAX_OUTER || n < MIN_N || outer * n * inner < MIN_ELEMENTS) {
    kernel(x, out, n, inner, 0, outer);
    return;
  }
  const L = Math.ceil(n / BLOCKS / 16) * 16, full = Math.floor(n / L), tail = n - full * L, blocks = full + (tail > 0 ? 1 : 0);
  const part = allocBuffer(outer * blocks * inner * 4); // may throw OutOfMemoryError: nothing written yet
  try {
    if (tail === 0) kernel(x, part.ptr, L, inner, 0, outer * full); // x as [outer·full, L, inner]: one call
    else {
      for (let o = 0; o < outer; o++) {
        const xo = x + o * n * inner * 4, po = part.ptr + o * blocks * inner * 4;
        kernel(xo, po, L, inner, 0, full); // x_o as [full, L, inner]
        kernel(xo + full * L * inner * 4, po + full * inner * 4, tail, inner, 0, 1);
      }
    }
    kernel(part.ptr, out, blocks, inner, 0, outer); // the partials in block order
  } finally {
    release(part);
  }
}
