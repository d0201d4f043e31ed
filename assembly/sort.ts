// Stable argsort of the rows of a contiguous [rows, n] matrix (f32 with NaN last, i32), ascending or descending

// @ts-ignore: decorator
@inline const RUN = 16;

// a strictly before b: NaN after every number in both directions (numpy's NaN-last), equal keys never (stability)
// @ts-ignore: decorator
@inline function before<T>(desc: bool, a: T, b: T): bool {
  if (!isInteger<T>()) {
    if (isNaN<T>(a)) return false;
    if (isNaN<T>(b)) return true;
  }
  return desc ? a > b : a < b;
}

// @ts-ignore: decorator
@inline function key<T>(x: usize, i: i32): T { return load<T>(x + (<usize>i << 2)); }

// idx[lo, hi) sorted by insertion (stable: an element moves only past strictly later keys)
// @ts-ignore: decorator
@inline function insertion<T>(desc: bool, x: usize, idx: usize, lo: i32, hi: i32): void {
  for (let i = lo + 1; i < hi; i++) {
    const v = load<i32>(idx + (<usize>i << 2)), kv = key<T>(x, v);
    let j = i;
    while (j > lo) {
      const u = load<i32>(idx + (<usize>(j - 1) << 2));
      if (!before<T>(desc, kv, key<T>(x, u))) break;
      store<i32>(idx + (<usize>j << 2), u);
      j--;
    }
    store<i32>(idx + (<usize>j << 2), v);
  }
}

// bottom-up merge sort of one row: runs of RUN by insertion, then merges of doubling width between idx and work
// (ties taken from the left run: stable); O(n log n) compares, n words of work
// @ts-ignore: decorator
@inline function argsortRow<T>(desc: bool, x: usize, idx: usize, work: usize, n: i32): void {
  for (let i = 0; i < n; i++) store<i32>(idx + (<usize>i << 2), i);
  for (let lo = 0; lo < n; lo += RUN) insertion<T>(desc, x, idx, lo, min(lo + RUN, n));
  let src = idx, dst = work;
  for (let w = RUN; w < n; w <<= 1) {
    for (let lo = 0; lo < n; lo += w << 1) {
      const mid = min(lo + w, n), hi = min(lo + (w << 1), n);
      let i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        const a = load<i32>(src + (<usize>i << 2)), b = load<i32>(src + (<usize>j << 2));
        if (before<T>(desc, key<T>(x, b), key<T>(x, a))) { store<i32>(dst + (<usize>k << 2), b); j++; }
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

// out[r, :] = the stable order of row r of x (i32 indices into the row); work: n i32 words; the range is over rows
export function argsort_f32(x: usize, out: usize, work: usize, n: i32, descending: i32, start: i32, end: i32): void {
  const rowBytes = <usize>n << 2;
  for (let r = start; r < end; r++) argsortRow<f32>(descending != 0, x + <usize>r * rowBytes, out + <usize>r * rowBytes, work, n);
}
export function argsort_i32(x: usize, out: usize, work: usize, n: i32, descending: i32, start: i32, end: i32): void {
  const rowBytes = <usize>n << 2;
  for (let r = start; r < end; r++) argsortRow<i32>(descending != 0, x + <usize>r * rowBytes, out + <usize>r * rowBytes, work, n);
}
