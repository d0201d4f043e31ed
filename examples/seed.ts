// The seed notebook (TF eager's automatic-differentiation tutorial) in tensortape.
import * as tt from "tensortape";
await tt.ready();

// 1. A gradient tape: z = (Σx)², differentiated with respect to an intermediate and an input.
const x = tt.ones([2, 2]);
const t = new tt.GradientTape({ persistent: true });
const [y, z] = t.record(() => {
  t.watch(x); // watch all operations done on x
  const y = tt.sum(x);
  return [y, tt.mul(y, y)];
});
console.log("dz/dy:", t.gradient(z, y)!.toString(), "\n");
console.log("dz/dx:\n", t.gradient(z, x)!.toString());
t.dispose();

// 2. Higher order: the inner gradient is computed while the outer tape records, so it is differentiable.
const c = tt.scalar(1.0);
const outer = new tt.GradientTape();
const dy_dx = outer.record(() => {
  const inner = new tt.GradientTape();
  const y = inner.record(() => { inner.watch(c); return tt.mul(tt.mul(c, c), c); });
  return inner.gradient(y, c)!; // computed while `outer` records: differentiable
});
console.log("dy/dx:", dy_dx.toString());
console.log("d2y/dx2:", outer.gradient(dy_dx, c)!.toString());
