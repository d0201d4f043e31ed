// Fused optimizer updates (f32): one pass over [start, end) reads param, grad and slots and writes the new param and slots
//
// Each kernel computes exactly the chain of elementwise ops the host ran before (src/train/optimizers.ts), in the
// same order with the same float32 constants (the host passes each one already rounded, as a tensor of it would be),
// so the results are the unfused ones bit for bit: every lane op is IEEE (no fused multiply-add). The outputs are
// fresh buffers (a variable gets a new buffer on assign), never one of the inputs. A ragged end runs the same
// vector code on a partial vector (loadTail/storeTail), so there is no separate scalar path to keep in step.

import { loadTail, storeTail } from "./simd";

// @ts-ignore: decorator
@inline function ld(PART: bool, p: usize, w: i32): v128 { return PART ? loadTail(p, w) : v128.load(p); }
// @ts-ignore: decorator
@inline function st(PART: bool, p: usize, v: v128, w: i32): void { if (PART) storeTail(p, v, w); else v128.store(p, v); }
// @ts-ignore: decorator
@inline function k(c: f32): v128 { return f32x4.splat(c); }
// @ts-ignore: decorator
@inline function mul(a: v128, b: v128): v128 { return f32x4.mul(a, b); }
// @ts-ignore: decorator
@inline function add(a: v128, b: v128): v128 { return f32x4.add(a, b); }
// @ts-ignore: decorator
@inline function sub(a: v128, b: v128): v128 { return f32x4.sub(a, b); }
// @ts-ignore: decorator
@inline function div(a: v128, b: v128): v128 { return f32x4.div(a, b); }

// ---- sgd, momentum ------------------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function sgdAt(PART: bool, x: usize, g: usize, ox: usize, lr: v128, o: usize, w: i32): void {
  st(PART, ox + o, sub(ld(PART, x + o, w), mul(ld(PART, g + o, w), lr)), w);
}
// x' = x − g·lr
export function sgd_f32(x: usize, g: usize, ox: usize, lr: f32, start: i32, end: i32): void {
  const vlr = k(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) sgdAt(false, x, g, ox, vlr, <usize>i << 2, 4);
  if (i < end) sgdAt(true, x, g, ox, vlr, <usize>i << 2, end - i);
}

// @ts-ignore: decorator
@inline function momentumAt(PART: bool, NESTEROV: bool, x: usize, g: usize, a: usize, ox: usize, oa: usize,
  m: v128, lr: v128, o: usize, w: i32): void {
  const gv = ld(PART, g + o, w);
  const an = add(mul(ld(PART, a + o, w), m), gv);
  const dir = NESTEROV ? add(gv, mul(an, m)) : an;
  st(PART, oa + o, an, w);
  st(PART, ox + o, sub(ld(PART, x + o, w), mul(dir, lr)), w);
}
// @ts-ignore: decorator
@inline function momentumRange(NESTEROV: bool, x: usize, g: usize, a: usize, ox: usize, oa: usize, m: f32, lr: f32, start: i32, end: i32): void {
  const vm = k(m), vlr = k(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) momentumAt(false, NESTEROV, x, g, a, ox, oa, vm, vlr, <usize>i << 2, 4);
  if (i < end) momentumAt(true, NESTEROV, x, g, a, ox, oa, vm, vlr, <usize>i << 2, end - i);
}
// a' = a·m + g; x' = x − a'·lr, or with Nesterov x − (g + a'·m)·lr
export function momentum_f32(x: usize, g: usize, a: usize, ox: usize, oa: usize, m: f32, lr: f32, nesterov: i32, start: i32, end: i32): void {
  if (nesterov != 0) momentumRange(true, x, g, a, ox, oa, m, lr, start, end);
  else momentumRange(false, x, g, a, ox, oa, m, lr, start, end);
}

// ---- adam, adamw, adamax --------------------------------------------------------------------------------

// Adam (tfjs's order): m' = m·b1 + g·nb1; v' = v·b2 + g²·nb2; x' = x − ((m'/c1) / (√(v'/c2) + ε))·lr
// AdamW (PyTorch's): the same m', v'; x' = x·keep − (m' / (√v'·rc2 + ε))·lrc1
// @ts-ignore: decorator
@inline function adamAt(PART: bool, W: bool, x: usize, g: usize, m: usize, v: usize, ox: usize, om: usize, ov: usize,
  b1: v128, nb1: v128, b2: v128, nb2: v128, c1: v128, c2: v128, eps: v128, lr: v128, o: usize, w: i32): void {
  const gv = ld(PART, g + o, w);
  const mn = add(mul(ld(PART, m + o, w), b1), mul(gv, nb1));
  const vn = add(mul(ld(PART, v + o, w), b2), mul(mul(gv, gv), nb2));
  st(PART, om + o, mn, w);
  st(PART, ov + o, vn, w);
  const xv = ld(PART, x + o, w);
  if (W) { // c1 = keep (1 − lr·λ), c2 = 1/√(1 − b2ᵗ), lr = lr/(1 − b1ᵗ)
    st(PART, ox + o, sub(mul(xv, c1), mul(div(mn, add(mul(f32x4.sqrt(vn), c2), eps)), lr)), w);
  } else {
    st(PART, ox + o, sub(xv, mul(div(div(mn, c1), add(f32x4.sqrt(div(vn, c2)), eps)), lr)), w);
  }
}
// @ts-ignore: decorator
@inline function adamRange(W: bool, x: usize, g: usize, m: usize, v: usize, ox: usize, om: usize, ov: usize,
  b1: f32, nb1: f32, b2: f32, nb2: f32, c1: f32, c2: f32, eps: f32, lr: f32, start: i32, end: i32): void {
  const vb1 = k(b1), vnb1 = k(nb1), vb2 = k(b2), vnb2 = k(nb2), vc1 = k(c1), vc2 = k(c2), ve = k(eps), vlr = k(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) adamAt(false, W, x, g, m, v, ox, om, ov, vb1, vnb1, vb2, vnb2, vc1, vc2, ve, vlr, <usize>i << 2, 4);
  if (i < end) adamAt(true, W, x, g, m, v, ox, om, ov, vb1, vnb1, vb2, vnb2, vc1, vc2, ve, vlr, <usize>i << 2, end - i);
}
// Adam: c1 = 1 − b1ᵗ, c2 = 1 − b2ᵗ (as the host accumulates them), nb1 = 1 − b1, nb2 = 1 − b2
export function adam_f32(x: usize, g: usize, m: usize, v: usize, ox: usize, om: usize, ov: usize,
  b1: f32, nb1: f32, b2: f32, nb2: f32, c1: f32, c2: f32, eps: f32, lr: f32, start: i32, end: i32): void {
  adamRange(false, x, g, m, v, ox, om, ov, b1, nb1, b2, nb2, c1, c2, eps, lr, start, end);
}
// AdamW: keep = 1 − lr·λ, rc2 = 1/√(1 − b2ᵗ), lrc1 = lr/(1 − b1ᵗ)
export function adamw_f32(x: usize, g: usize, m: usize, v: usize, ox: usize, om: usize, ov: usize,
  b1: f32, nb1: f32, b2: f32, nb2: f32, keep: f32, rc2: f32, eps: f32, lrc1: f32, start: i32, end: i32): void {
  adamRange(true, x, g, m, v, ox, om, ov, b1, nb1, b2, nb2, keep, rc2, eps, lrc1, start, end);
}

// @ts-ignore: decorator
@inline function adamaxAt(PART: bool, x: usize, g: usize, m: usize, u: usize, ox: usize, om: usize, ou: usize,
  b1: v128, nb1: v128, b2: v128, eps: v128, rate: v128, o: usize, w: i32): void {
  const gv = ld(PART, g + o, w);
  const mn = add(mul(ld(PART, m + o, w), b1), mul(gv, nb1));
  const un = f32x4.max(mul(ld(PART, u + o, w), b2), f32x4.abs(gv));
  st(PART, om + o, mn, w);
  st(PART, ou + o, un, w);
  st(PART, ox + o, add(ld(PART, x + o, w), mul(div(mn, add(un, eps)), rate)), w);
}
// tfjs's Adamax: m' = m·b1 + g·nb1; u' = max(u·b2, |g|) (NaN-propagating, as maximum); x' = x + (m'/(u' + ε))·rate
export function adamax_f32(x: usize, g: usize, m: usize, u: usize, ox: usize, om: usize, ou: usize,
  b1: f32, nb1: f32, b2: f32, eps: f32, rate: f32, start: i32, end: i32): void {
  const vb1 = k(b1), vnb1 = k(nb1), vb2 = k(b2), ve = k(eps), vr = k(rate);
  let i = start;
  for (; i + 4 <= end; i += 4) adamaxAt(false, x, g, m, u, ox, om, ou, vb1, vnb1, vb2, ve, vr, <usize>i << 2, 4);
  if (i < end) adamaxAt(true, x, g, m, u, ox, om, ou, vb1, vnb1, vb2, ve, vr, <usize>i << 2, end - i);
}

// ---- rmsprop, adagrad, adadelta -------------------------------------------------------------------------

// @ts-ignore: decorator
@inline function rmspropAt(PART: bool, CENTERED: bool, MOM: bool, x: usize, g: usize, r: usize, mg: usize, mo: usize,
  ox: usize, or: usize, omg: usize, omo: usize, rho: v128, nrho: v128, mu: v128, eps: v128, lr: v128, o: usize, w: i32): void {
  const gv = ld(PART, g + o, w);
  const rn = add(mul(ld(PART, r + o, w), rho), mul(mul(gv, gv), nrho));
  st(PART, or + o, rn, w);
  let den: v128;
  if (CENTERED) {
    const mgn = add(mul(ld(PART, mg + o, w), rho), mul(gv, nrho));
    st(PART, omg + o, mgn, w);
    den = f32x4.sqrt(add(sub(rn, mul(mgn, mgn)), eps));
  } else {
    den = f32x4.sqrt(add(rn, eps));
  }
  let step = div(mul(gv, lr), den);
  if (MOM) {
    step = add(mul(ld(PART, mo + o, w), mu), step);
    st(PART, omo + o, step, w);
  }
  st(PART, ox + o, sub(ld(PART, x + o, w), step), w);
}
// @ts-ignore: decorator
@inline function rmspropRange(CENTERED: bool, MOM: bool, x: usize, g: usize, r: usize, mg: usize, mo: usize, ox: usize,
  or: usize, omg: usize, omo: usize, rho: f32, nrho: f32, mu: f32, eps: f32, lr: f32, start: i32, end: i32): void {
  const vrho = k(rho), vn = k(nrho), vmu = k(mu), ve = k(eps), vlr = k(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) rmspropAt(false, CENTERED, MOM, x, g, r, mg, mo, ox, or, omg, omo, vrho, vn, vmu, ve, vlr, <usize>i << 2, 4);
  if (i < end) rmspropAt(true, CENTERED, MOM, x, g, r, mg, mo, ox, or, omg, omo, vrho, vn, vmu, ve, vlr, <usize>i << 2, end - i);
}
// r' = r·ρ + g²·nρ; centered (flags & 1): mg' = mg·ρ + g·nρ, den = √((r' − mg'²) + ε), else √(r' + ε);
// step = (g·lr)/den; with momentum (flags & 2): mo' = mo·μ + step is the step; x' = x − step.
// mg/omg and mo/omo are read/written only under their flag (0 otherwise).
export function rmsprop_f32(x: usize, g: usize, r: usize, mg: usize, mo: usize, ox: usize, or: usize, omg: usize, omo: usize,
  rho: f32, nrho: f32, mu: f32, eps: f32, lr: f32, flags: i32, start: i32, end: i32): void {
  if (flags == 0) rmspropRange(false, false, x, g, r, mg, mo, ox, or, omg, omo, rho, nrho, mu, eps, lr, start, end);
  else if (flags == 1) rmspropRange(true, false, x, g, r, mg, mo, ox, or, omg, omo, rho, nrho, mu, eps, lr, start, end);
  else if (flags == 2) rmspropRange(false, true, x, g, r, mg, mo, ox, or, omg, omo, rho, nrho, mu, eps, lr, start, end);
  else rmspropRange(true, true, x, g, r, mg, mo, ox, or, omg, omo, rho, nrho, mu, eps, lr, start, end);
}

// @ts-ignore: decorator
@inline function adagradAt(PART: bool, x: usize, g: usize, a: usize, ox: usize, oa: usize, eps: v128, lr: v128, o: usize, w: i32): void {
  const gv = ld(PART, g + o, w);
  const an = add(ld(PART, a + o, w), mul(gv, gv));
  st(PART, oa + o, an, w);
  st(PART, ox + o, sub(ld(PART, x + o, w), mul(div(gv, f32x4.sqrt(add(an, eps))), lr)), w);
}
// a' = a + g²; x' = x − (g / √(a' + ε))·lr
export function adagrad_f32(x: usize, g: usize, a: usize, ox: usize, oa: usize, eps: f32, lr: f32, start: i32, end: i32): void {
  const ve = k(eps), vlr = k(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) adagradAt(false, x, g, a, ox, oa, ve, vlr, <usize>i << 2, 4);
  if (i < end) adagradAt(true, x, g, a, ox, oa, ve, vlr, <usize>i << 2, end - i);
}

// @ts-ignore: decorator
@inline function adadeltaAt(PART: bool, x: usize, g: usize, ag: usize, av: usize, ox: usize, oag: usize, oav: usize,
  rho: v128, nrho: v128, eps: v128, lr: v128, o: usize, w: i32): void {
  const gv = ld(PART, g + o, w), agv = ld(PART, ag + o, w), avv = ld(PART, av + o, w);
  const d = mul(div(f32x4.sqrt(add(avv, eps)), f32x4.sqrt(add(agv, eps))), gv);
  st(PART, oag + o, add(mul(agv, rho), mul(mul(gv, gv), nrho)), w);
  st(PART, oav + o, add(mul(avv, rho), mul(mul(d, d), nrho)), w);
  st(PART, ox + o, sub(ld(PART, x + o, w), mul(d, lr)), w);
}
// tfjs's Adadelta: d = (√(av + ε) / √(ag + ε))·g with ag from before the step; ag' = ag·ρ + g²·nρ;
// av' = av·ρ + d²·nρ; x' = x − d·lr
export function adadelta_f32(x: usize, g: usize, ag: usize, av: usize, ox: usize, oag: usize, oav: usize,
  rho: f32, nrho: f32, eps: f32, lr: f32, start: i32, end: i32): void {
  const vrho = k(rho), vn = k(nrho), ve = k(eps), vlr = k(lr);
  let i = start;
  for (; i + 4 <= end; i += 4) adadeltaAt(false, x, g, ag, av, ox, oag, oav, vrho, vn, ve, vlr, <usize>i << 2, 4);
  if (i < end) adadeltaAt(true, x, g, ag, av, ox, oag, oav, vrho, vn, ve, vlr, <usize>i << 2, end - i);
}
