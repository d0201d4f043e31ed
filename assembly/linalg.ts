// Dense factorisations of batches of row-major matrices: Cholesky, triangular solves, LU with partial pivoting, Householder QR

// Every kernel walks batch items [start, end); item b's matrices start at b times their size. Status returns are
// -1 when every item succeeded, else the first item that failed (the other items are still computed).

// ---- row helpers (contiguous rows, f32x4 body and scalar tail) -----------------------------------------

// y[0..len) −= s·x[0..len)
// @ts-ignore: decorator
@inline function axpy(y: usize, x: usize, s: f32, len: i32): void {
  const sv = f32x4.splat(s);
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const o = <usize>j << 2;
    v128.store(y + o, f32x4.sub(v128.load(y + o), f32x4.mul(sv, v128.load(x + o))));
  }
  for (; j < len; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, load<f32>(y + o) - s * load<f32>(x + o));
  }
}

// ---- Cholesky ---------------------------------------------------------------------------------------

// row[0..len) −= m0·u0 + m1·u1 + m2·u2 + m3·u3, the four rows u_q ld bytes apart from u0: a rank-4 update of one row
// @ts-ignore: decorator
@inline function rank4(row: usize, u0: usize, ld: usize, m0: f32, m1: f32, m2: f32, m3: f32, len: i32): void {
  const v0 = f32x4.splat(m0), v1 = f32x4.splat(m1), v2 = f32x4.splat(m2), v3 = f32x4.splat(m3);
  const u1 = u0 + ld, u2 = u1 + ld, u3 = u2 + ld;
  let j = 0;
  for (; j + 4 <= len; j += 4) {
    const q = <usize>j << 2;
    const s = f32x4.add(f32x4.add(f32x4.mul(v0, v128.load(u0 + q)), f32x4.mul(v1, v128.load(u1 + q))),
      f32x4.add(f32x4.mul(v2, v128.load(u2 + q)), f32x4.mul(v3, v128.load(u3 + q))));
    v128.store(row + q, f32x4.sub(v128.load(row + q), s));
  }
  for (; j < len; j++) {
    const q = <usize>j << 2;
    store<f32>(row + q, load<f32>(row + q) - ((m0 * load<f32>(u0 + q) + m1 * load<f32>(u1 + q)) + (m2 * load<f32>(u2 + q) + m3 * load<f32>(u3 + q))));
  }
}

// L of A = L·Lᵀ for one n×n matrix, in place in l: right-looking and blocked by 4 columns (LAPACK's potrf over
// potf2), in one pass over the rows per panel. Row i's four panel entries are finished in registers
// (L[i,k] = (a[i,k] − Σ_{k0≤q<k} L[i,q]·L[k,q]) / L[k,k], L[k,k] = √(…)), mirrored into the free upper triangle of
// the panel's rows (L21ᵀ, contiguous there), and then row i's part of the trailing lower triangle gets its rank-4
// update A22[i, kend..i] −= L21[i]·L21ᵀ. Reads only A's lower triangle; zeros above the diagonal. Returns false
// when a pivot is not > 0 (not positive definite, or NaN).
function cholOne(a: usize, l: usize, n: i32): bool {
  const n4 = <usize>n << 2;
  for (let i = 0; i < n; i++) memory.copy(l + <usize>i * n4, a + <usize>i * n4, <usize>(i + 1) << 2);
  for (let k0 = 0; k0 < n; k0 += 4) {
    const kend = min(k0 + 4, n), c0 = <usize>k0 << 2, o = <usize>kend << 2, u0 = l + <usize>k0 * n4 + o;
    for (let i = k0; i < n; i++) {
      const ri = l + <usize>i * n4, top = min(kend, i + 1);
      for (let k = k0; k < top; k++) {
        const rk = l + <usize>k * n4;
        let s = load<f32>(ri + (<usize>k << 2));
        for (let q = k0; q < k; q++) s -= load<f32>(ri + (<usize>q << 2)) * load<f32>(rk + (<usize>q << 2));
        if (k == i) {
          if (!(s > 0)) return false;
          store<f32>(ri + (<usize>k << 2), sqrt<f32>(s));
        } else store<f32>(ri + (<usize>k << 2), s / load<f32>(rk + (<usize>k << 2)));
      }
      if (i < kend) continue; // a row of the diagonal block (kend − k0 < 4 only in the last panel: no rows below it)
      const m0 = load<f32>(ri + c0), m1 = load<f32>(ri + c0 + 4), m2 = load<f32>(ri + c0 + 8), m3 = load<f32>(ri + c0 + 12);
      const col = <usize>i << 2, q0 = l + <usize>k0 * n4 + col;
      store<f32>(q0, m0); store<f32>(q0 + n4, m1); store<f32>(q0 + 2 * n4, m2); store<f32>(q0 + 3 * n4, m3);
      rank4(ri + o, u0, n4, m0, m1, m2, m3, i - kend + 1);
    }
  }
  for (let i = 0; i < n - 1; i++) memory.fill(l + <usize>i * n4 + (<usize>(i + 1) << 2), 0, <usize>(n - i - 1) << 2);
  return true;
}

// out[b] = cholesky(a[b]) for batch items [start, end) of n×n matrices; status as above (not positive definite)
export function cholesky_f32(a: usize, out: usize, n: i32, start: i32, end: i32): i32 {
  assert(n >= 0 && start >= 0 && start <= end, "cholesky sizes");
  const size = <usize>n * <usize>n << 2;
  let bad = -1;
  for (let b = start; b < end; b++) {
    if (!cholOne(a + <usize>b * size, out + <usize>b * size, n) && bad < 0) bad = b;
  }
  return bad;
}

// ---- triangular solve -------------------------------------------------------------------------------

// x = op(A)⁻¹·b for one n×n triangular A and n×k b (op(A) = A, or Aᵀ when adjoint), by substitution over rows
// of x: x[i] = (b[i] − Σ_{p solved} op(A)[i,p]·x[p]) / A[i,i]. Rows go forward when op(A) is lower triangular
// (lower ≠ adjoint), else backward. Each row is updated 16 columns at a time in registers over all p.
// Reads only A's triangle, and with `unit` not its diagonal either (taken as ones: LU's L packed beside U).
// Returns false on a zero diagonal element.
function trsOne(a: usize, b: usize, x: usize, n: i32, k: i32, lower: bool, adjoint: bool, unit: bool): bool {
  const n4 = <usize>n << 2, k4 = <usize>k << 2;
  memory.copy(x, b, <usize>n * k4);
  const forward = lower != adjoint;
  // address of op(A)[i, p] = a + i·si + p·sp
  const si: usize = adjoint ? 4 : n4, sp: usize = adjoint ? n4 : 4;
  for (let t = 0; t < n; t++) {
    const i = forward ? t : n - 1 - t;
    const p0 = forward ? 0 : i + 1, p1 = forward ? i : n;
    const xi = x + <usize>i * k4, ai = a + <usize>i * si;
    let c = 0;
    for (; c + 16 <= k; c += 16) {
      const o = <usize>c << 2;
      let v0 = v128.load(xi + o), v1 = v128.load(xi + o, 16), v2 = v128.load(xi + o, 32), v3 = v128.load(xi + o, 48);
      for (let p = p0; p < p1; p++) {
        const s = f32x4.splat(load<f32>(ai + <usize>p * sp)), xp = x + <usize>p * k4 + o;
        v0 = f32x4.sub(v0, f32x4.mul(s, v128.load(xp)));
        v1 = f32x4.sub(v1, f32x4.mul(s, v128.load(xp, 16)));
        v2 = f32x4.sub(v2, f32x4.mul(s, v128.load(xp, 32)));
        v3 = f32x4.sub(v3, f32x4.mul(s, v128.load(xp, 48)));
      }
      v128.store(xi + o, v0); v128.store(xi + o, v1, 16); v128.store(xi + o, v2, 32); v128.store(xi + o, v3, 48);
    }
    for (; c + 4 <= k; c += 4) {
      const o = <usize>c << 2;
      let v = v128.load(xi + o);
      for (let p = p0; p < p1; p++) v = f32x4.sub(v, f32x4.mul(f32x4.splat(load<f32>(ai + <usize>p * sp)), v128.load(x + <usize>p * k4 + o)));
      v128.store(xi + o, v);
    }
    for (; c < k; c++) {
      const o = <usize>c << 2;
      let v = load<f32>(xi + o);
      for (let p = p0; p < p1; p++) v -= load<f32>(ai + <usize>p * sp) * load<f32>(x + <usize>p * k4 + o);
      store<f32>(xi + o, v);
    }
    if (unit) continue;
    const d = load<f32>(a + <usize>i * n4 + (<usize>i << 2));
    if (d == 0) return false;
    const dv = f32x4.splat(d);
    c = 0;
    for (; c + 4 <= k; c += 4) { const o = <usize>c << 2; v128.store(xi + o, f32x4.div(v128.load(xi + o), dv)); }
    for (; c < k; c++) { const o = <usize>c << 2; store<f32>(xi + o, load<f32>(xi + o) / d); }
  }
  return true;
}

// out[b] = op(a[b])⁻¹·b[b] (a n×n triangular, b and out n×k) for batch items [start, end); status: a zero diagonal.
// unit ≠ 0: the diagonal is taken as ones and not read
export function triangularSolve_f32(a: usize, b: usize, out: usize, n: i32, k: i32, lower: i32, adjoint: i32, unit: i32,
  start: i32, end: i32): i32 {
  assert(n >= 0 && k >= 0 && start >= 0 && start <= end, "triangularSolve sizes");
  const sa = <usize>n * <usize>n << 2, sb = <usize>n * <usize>k << 2;
  let bad = -1;
  for (let i = start; i < end; i++) {
    if (!trsOne(a + <usize>i * sa, b + <usize>i * sb, out + <usize>i * sb, n, k, lower != 0, adjoint != 0, unit != 0) && bad < 0) bad = i;
  }
  return bad;
}

// ---- LU with partial pivoting -----------------------------------------------------------------------

// LU of one n×n matrix in place in lu (a copy of A): A[perm] = L·U, L unit lower (below the diagonal), U upper.
// Right-looking and blocked by NB = 4 columns (LAPACK getrf over getf2): each panel is factored with row pivoting
// (the largest |a[i,k]|, the first on ties, as isamax) and whole-row swaps; then U12 = L11⁻¹·A12 and the trailing
// rank-4 update A22 −= L21·U12, which reads and writes each trailing row once per panel. A zero pivot (a zero
// column below the diagonal) skips that elimination step, as getf2 does. Returns false if some pivot was 0.
function luOne(lu: usize, perm: usize, n: i32): bool {
  const n4 = <usize>n << 2;
  let ok = true;
  for (let i = 0; i < n; i++) store<i32>(perm + (<usize>i << 2), i);
  for (let k0 = 0; k0 < n; k0 += 4) {
    const kend = min(k0 + 4, n), kb = kend - k0;
    for (let k = k0; k < kend; k++) {
      const ck = lu + (<usize>k << 2);
      let p = k, best = abs<f32>(load<f32>(ck + <usize>k * n4));
      for (let i = k + 1; i < n; i++) {
        const v = abs<f32>(load<f32>(ck + <usize>i * n4));
        if (v > best) { best = v; p = i; }
      }
      const rk = lu + <usize>k * n4;
      if (p != k) {
        const rp = lu + <usize>p * n4;
        let j = 0;
        for (; j + 4 <= n; j += 4) {
          const o = <usize>j << 2, t = v128.load(rk + o);
          v128.store(rk + o, v128.load(rp + o)); v128.store(rp + o, t);
        }
        for (; j < n; j++) {
          const o = <usize>j << 2, t = load<f32>(rk + o);
          store<f32>(rk + o, load<f32>(rp + o)); store<f32>(rp + o, t);
        }
        const pk = perm + (<usize>k << 2), pp = perm + (<usize>p << 2), t = load<i32>(pk);
        store<i32>(pk, load<i32>(pp)); store<i32>(pp, t);
      }
      const piv = load<f32>(rk + (<usize>k << 2));
      if (piv == 0) { ok = false; continue; }
      for (let i = k + 1; i < n; i++) {
        const ri = lu + <usize>i * n4, m = load<f32>(ri + (<usize>k << 2)) / piv;
        store<f32>(ri + (<usize>k << 2), m);
        for (let j = k + 1; j < kend; j++) store<f32>(ri + (<usize>j << 2), load<f32>(ri + (<usize>j << 2)) - m * load<f32>(rk + (<usize>j << 2)));
      }
    }
    const w = n - kend;
    if (w <= 0) continue;
    const o = <usize>kend << 2;
    // U12: rows k0 < r < kend, minus the multiples of the panel's earlier rows
    for (let r = k0 + 1; r < kend; r++) {
      const rr = lu + <usize>r * n4;
      for (let q = k0; q < r; q++) axpy(rr + o, lu + <usize>q * n4 + o, load<f32>(rr + (<usize>q << 2)), w);
    }
    const u0 = lu + <usize>k0 * n4 + o;
    for (let i = kend; i < n; i++) {
      const ri = lu + <usize>i * n4;
      if (kb < 4) {
        for (let q = 0; q < kb; q++) axpy(ri + o, u0 + <usize>q * n4, load<f32>(ri + (<usize>(k0 + q) << 2)), w);
        continue;
      }
      const c0 = ri + (<usize>k0 << 2);
      rank4(ri + o, u0, n4, load<f32>(c0), load<f32>(c0 + 4), load<f32>(c0 + 8), load<f32>(c0 + 12), w);
    }
  }
  return ok;
}

// lu[b], perm[b] (i32) = the LU factorisation of a[b] for batch items [start, end); status: a zero pivot (singular;
// the factorisation is still complete, as LAPACK's getrf with info > 0)
export function lu_f32(a: usize, lu: usize, perm: usize, n: i32, start: i32, end: i32): i32 {
  assert(n >= 0 && start >= 0 && start <= end, "lu sizes");
  const size = <usize>n * <usize>n << 2, ps = <usize>n << 2;
  let bad = -1;
  for (let b = start; b < end; b++) {
    memory.copy(lu + <usize>b * size, a + <usize>b * size, size);
    if (!luOne(lu + <usize>b * size, perm + <usize>b * ps, n) && bad < 0) bad = b;
  }
  return bad;
}

// ---- Householder QR ---------------------------------------------------------------------------------

// w[0..len) = X[0, ·] + Σ_{0<i<rows} v[i]·X[i, ·], four rows of X per pass over w (rows of X ld bytes apart; v[i] at
// vp + i·vld, a column of the work matrix)
function vtx(x: usize, ld: usize, vp: usize, vld: usize, rows: i32, len: i32, w: usize): void {
  memory.copy(w, x, <usize>len << 2);
  let i = 1;
  for (; i + 4 <= rows; i += 4) {
    const v = vp + <usize>i * vld;
    // w − Σ (−s_q)·x_q: negation is exact, so this is w + Σ s_q·x_q bit for bit
    rank4(w, x + <usize>i * ld, ld, -load<f32>(v), -load<f32>(v + vld), -load<f32>(v + 2 * vld), -load<f32>(v + 3 * vld), len);
  }
  for (; i < rows; i++) axpy(w, x + <usize>i * ld, -load<f32>(vp + <usize>i * vld), len);
}

// X −= τ·v·(vᵀ·X) for the reflector v (v[0] = 1, v[i] at vp + i·vld) on the rows × len block X (rows ld bytes apart)
function applyLeft(x: usize, ld: usize, vp: usize, vld: usize, rows: i32, len: i32, tau: f32, w: usize): void {
  vtx(x, ld, vp, vld, rows, len, w);
  axpy(x, w, tau, len);
  for (let i = 1; i < rows; i++) axpy(x + <usize>i * ld, w, tau * load<f32>(vp + <usize>i * vld), len);
}

// The reduced QR of one m×n matrix (k = min(m, n)): q m×k with orthonormal columns, r k×n upper triangular, from
// Householder reflections H_j = I − τ_j·v_j·v_jᵀ as LAPACK's geqr2/larfg (β = −sign(α)·‖x‖, so R's diagonal signs
// are numpy's) and org2r (Q = H_0⋯H_{k−1}·[I; 0], accumulated backwards). work: m·n + n + k floats.
function qrOne(a: usize, q: usize, r: usize, m: i32, n: i32, work: usize): void {
  const k = min(m, n), n4 = <usize>n << 2, k4 = <usize>k << 2;
  const W = work, w = W + <usize>m * n4, taus = w + n4;
  memory.copy(W, a, <usize>m * n4);
  for (let j = 0; j < k; j++) {
    const cj = W + <usize>j * n4 + (<usize>j << 2); // W[j, j]
    const alpha = load<f32>(cj);
    let ss: f64 = 0;
    for (let i = 1; i < m - j; i++) { const v = <f64>load<f32>(cj + <usize>i * n4); ss += v * v; }
    let tau: f32 = 0;
    if (ss != 0) {
      const beta = <f32>(-copysign<f64>(Math.sqrt(<f64>alpha * <f64>alpha + ss), <f64>alpha));
      tau = (beta - alpha) / beta;
      const scale: f32 = 1 / (alpha - beta);
      for (let i = 1; i < m - j; i++) store<f32>(cj + <usize>i * n4, load<f32>(cj + <usize>i * n4) * scale);
      store<f32>(cj, beta);
    }
    store<f32>(taus + (<usize>j << 2), tau);
    if (tau != 0 && j + 1 < n) applyLeft(cj + 4, n4, cj, n4, m - j, n - j - 1, tau, w);
  }
  for (let i = 0; i < k; i++) {
    const ri = r + <usize>i * n4;
    memory.fill(ri, 0, <usize>i << 2);
    memory.copy(ri + (<usize>i << 2), W + <usize>i * n4 + (<usize>i << 2), <usize>(n - i) << 2);
  }
  memory.fill(q, 0, <usize>m * k4);
  for (let i = 0; i < k; i++) store<f32>(q + <usize>i * k4 + (<usize>i << 2), 1);
  for (let j = k - 1; j >= 0; j--) {
    const tau = load<f32>(taus + (<usize>j << 2));
    if (tau == 0) continue;
    // H_j on Q[j:, j:], with v_j from column j of W (rows of W n4 apart, rows of Q k4 apart)
    applyLeft(q + <usize>j * k4 + (<usize>j << 2), k4, W + <usize>j * n4 + (<usize>j << 2), n4, m - j, k - j, tau, w);
  }
}

// q[b] (m×k), r[b] (k×n) = qr(a[b]) for batch items [start, end), k = min(m, n); work: (m·n + n + k)·4 bytes
export function qr_f32(a: usize, q: usize, r: usize, work: usize, m: i32, n: i32, start: i32, end: i32): void {
  assert(m >= 0 && n >= 0 && start >= 0 && start <= end, "qr sizes");
  const k = min(m, n), sa = <usize>m * <usize>n << 2, sq = <usize>m * <usize>k << 2, sr = <usize>k * <usize>n << 2;
  for (let b = start; b < end; b++) qrOne(a + <usize>b * sa, q + <usize>b * sq, r + <usize>b * sr, m, n, work);
}
