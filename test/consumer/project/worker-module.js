// workerd: ready({ module }) with tensortape/simd.wasm; relaxed.wasm alone is refused first, naming { base, relaxed }.
import * as tt from "tensortape";
import simd from "tensortape/simd.wasm";
import relaxed from "tensortape/relaxed.wasm";

export default {
  async test() {
    const refused = await tt.ready({ module: relaxed }).then(() => "resolved", (e) => `${e.name}: ${e.message}`);
    if (!/^ArgumentError: .*\{ base, relaxed \}/.test(refused)) throw new Error(`relaxed.wasm alone: ${refused}`);
    await tt.ready({ module: simd });
    const v = tt.tidy(() => Array.from(tt.tensor([[1, 2], [3, 4]]).matmul(tt.tensor([[1], [1]])).dataSync()));
    if (String(v) !== "3,7") throw new Error(`matmul gave ${v}`);
    console.log("module: ok");
  },
};
