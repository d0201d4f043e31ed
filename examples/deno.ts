// Deno example (npm run example:deno): fit y = 3x − 1 by gradient descent with a GradientTape.
// Published, the import is "npm:tensortape" or "jsr:@tensortape/tensortape"; here it is the built file, which
// `deno check` types through its @ts-self-types comment. (tsconfig.json excludes this file: Deno applies a
// tsconfig whose `include` covers a file, and then resolves dist/index.js to the sibling index.d.ts.)
import * as tt from "../dist/index.js";

await tt.ready();

const x = tt.tidy(() => tt.linspace(-1, 1, 32).reshape([32, 1]));
const y = tt.tidy(() => x.mul(3).sub(1));
let w = tt.zeros([1, 1]), b = tt.zeros([1]);
for (let step = 1; step <= 100; step++) {
  // tidy frees every intermediate of the step; it keeps what it returns
  const [w2, b2, loss] = tt.tidy(() => {
    const tape = new tt.GradientTape();
    const loss = tape.record(() => {
      tape.watch([w, b]);
      return x.matmul(w).add(b).sub(y).square().mean();
    });
    const [dw, db] = tape.gradient(loss, [w, b]) as tt.Tensor[];
    return [w.sub(dw.mul(0.2)), b.sub(db.mul(0.2)), loss];
  });
  if (step % 25 === 0) console.log(`step ${step}: loss ${loss.dataSync()[0].toExponential(1)}`);
  tt.dispose([w, b, loss]);
  [w, b] = [w2, b2];
}
console.log(`w ${w.dataSync()[0].toFixed(3)}, b ${b.dataSync()[0].toFixed(3)}`);
console.log(b);                       // Deno.inspect shows dtype, shape and values
tt.dispose([x, y, w, b]);
console.log("live tensors:", tt.memory().numTensors);
