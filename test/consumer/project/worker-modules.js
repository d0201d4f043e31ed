// workerd: ready({ module: { base, relaxed } }) with both kernel files of the package.
import * as tt from "tensortape";
import base from "tensortape/simd.wasm";
import relaxed from "tensortape/relaxed.wasm";

export default {
  async test() {
    await tt.ready({ module: { base, relaxed } });
    const v = tt.tidy(() => Array.from(tt.tensor([[1, 2], [3, 4]]).matmul(tt.tensor([[1], [1]])).dataSync()));
    if (String(v) !== "3,7") throw new Error(`matmul gave ${v}`);
    console.log("{ base, relaxed }: ok");
  },
};
