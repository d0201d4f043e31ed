// The bench's compute roofline (AssemblyScript, compiled by bench/run.ts): the f32x4 peak on registers
import { madd } from "../assembly/simd";

// n trips of 12 chains x ← x·a + b, mul + add (base build) or f32x4.relaxed_madd (relaxed build) as matmul uses
// them: 12 × 4 lanes × 2 = 96 flops per trip
export function peak(n: i32): f32 {
  let x0 = f32x4.splat(1), x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
  const a = f32x4.splat(0.999), b = f32x4.splat(0.001);
  for (let i = 0; i < n; i++) {
    x0 = madd(x0, a, b); x1 = madd(x1, a, b); x2 = madd(x2, a, b); x3 = madd(x3, a, b);
    x4 = madd(x4, a, b); x5 = madd(x5, a, b); x6 = madd(x6, a, b); x7 = madd(x7, a, b);
    x8 = madd(x8, a, b); x9 = madd(x9, a, b); x10 = madd(x10, a, b); x11 = madd(x11, a, b);
  }
  const s = f32x4.add(f32x4.add(f32x4.add(x0, x1), f32x4.add(x2, x3)),
    f32x4.add(f32x4.add(f32x4.add(x4, x5), f32x4.add(x6, x7)), f32x4.add(f32x4.add(x8, x9), f32x4.add(x10, x11))));
  return f32x4.extract_lane(s, 0);
}
