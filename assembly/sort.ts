// Stable argsort of the rows of a contiguous [rows, n] matrix (f32 with NaN last, i32), ascending or descending

// @ts-ignore: decorator
@inline const RUN = 16;

// The key of a 32-bit word as a signed integer that orders like its value: i32 as is; f32 with −0 as +0 and the
// magnitude bits of negatives flipped (so larger magnitudes sort lower), which orders every non-NaN float as it
// compares. One body serves both dtypes (the module's size), the dtype a runtime flag.
// @ts-ignore: decorator
@inline function key(float: bool, w: i32): i32 {
  if (!float) return w;
  if (w == 0x80000000) return 0;
  return w ^ ((w >> 31) & 0x7fffffff);
}
// @ts-ignore: decorator
@inline function isNaNBits(float: bool, w: i32): bool { return float && (w & 0x7fffffff) > 0x7f800000; }

// element a strictly before element b: NaN after every number in both directions (numpy's NaN-last), equal keys
// never (stability). NOTE: not inlined, for the module's size (the call costs under 10% of a sort)
function before(float: bool, desc: bool, x: usize, a: i32, b: i32): bool {
  const wa = load<i32>(x + (<usize>a << 2)), wb = load<i32>(x + (<usize>b << 2));
  if (isNaNBits(float, wa)) return false;
  if (isNaNBits(float, wb)) return true;
  const ka = key(float, wa), kb = key(float, wb);
  return desc ? ka > kb : ka < kb;
}

// bottom-up merge sort of one row: runs of RUN by insertion (an element moves only past strictly later keys), then
// merges of doubling width between idx and work (ties taken from the left run): stable; O(n log n) compares
function argsortRow(float: bool, desc: bool, x: usize, idx: usize, work: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(idx + (<usize>i << 2), i);
  for (let lo = 0; lo < n; lo += RUN) {
    const hi = min(lo + RUN, n);
    for (let i = lo + 1; i < hi; i++) {
      const v = load<i32>(idx + (<usize>i << 2));
      let j = i;
      while (j > lo) {
        const u = load<i32>(idx + (<usize>(j - 1) << 2));
        if (!before(float, desc, x, v, u)) break;
        store<i32>(idx + (<usize>j << 2), u);
        j--;
      }
      store<i32>(idx + (<usize>j << 2), v);
    }
  }
  let src = idx, dst = work;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      const mid = min(lo + w, n), hi = min(lo + (w << 1), n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const a = load<i32>(src + (<usize>i << 2)), b = load<i32>(src + (<usize>j << 2));
        if (before(float, desc, x, b, a)) { store<i32>(dst + (<usize>k << 2), b); j++; }
        else { store<i32>(dst + (<usize>k << 2), a); i++; }
        k++;
      }
      if (i < mid) memory.copy(dst + (<usize>k << 2), src + (<usize>i << 2), <usize>(mid - i) << 2);
      else if (j < hi) memory.copy(dst + (<usize>k << 2), src + (<usize>j << 2), <usize>(hi - j) << 2);
    }
    const t = src; src = dst; dst = t;
  }
  if (src != idx) memory.copy(idx, src, <usize>n << 2);
}

function argsort(float: bool, x: usize, out: usize, work: usize, n: i32, descending: i32, start: i32, end: i32): void {
  const rowBytes = <usize>n << 2;
  for (let r = start; r < end; r++) argsortRow(float, descending != 0, x + <usize>r * rowBytes, out + <usize>r * rowBytes, work, n);
}

// out[r, :] = the stable order of row r of x (i32 indices into the row); work: n i32 words; the range is over rows
export function argsort_f32(x: usize, out: usize, work: usize, n: i32, descending: i32, start: i32, end: i32): void { argsort(true, x, out, work, n, descending, start, end); }
export function argsort_i32(x: usize, out: usize, work: usize, n: i32, descending: i32, start: i32, end: i32): void { argsort(false, x, out, work, n, descending, start, end); }
