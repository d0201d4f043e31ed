// NHWC nn kernels at the ABI on every build: im2col, col2im and pooling give the same bits for any split of
// their range and write nothing outside it (the debug build aborts on a range past the end)
import { forEachBuild, generators } from "../helpers/wasm.js";
import * as assert from "uvu/assert";

const { uniform } = generators(77);

await forEachBuild("kernels: nn", (S, env, build) => {
  const { k } = env;

  S("im2col, col2im and the pooling kernels give the same bits for any split of their range", () => {
    const read = (p: number, n: number) => env.f32(p, n).slice();
    // N=2, 5×6 input, 7 channels (a full vector and a partial one), 3×2 window, stride 2×1, dilation 1, pads 1, 0
    const [N, H, W, C, KH, KW, OH, OW] = [2, 5, 6, 7, 3, 2, 3, 5];
    const meta = env.putI32([N, H, W, C, KH, KW, OH, OW, 2, 1, 1, 1, 1, 0]);
    const x = env.putF32(uniform(N * H * W * C, -1, 1));
    const dy = env.putF32(uniform(N * OH * OW * C, -1, 1));
    const idx = env.putI32(new Int32Array(N * OH * OW * C));
    k.maxpool_f32(x, 0, idx, meta, 0, N * OH * OW);
    const K = KH * KW * C;
    const dcol = env.putF32(uniform(N * OH * OW * K, -1, 1));
    const runs: [string, number, number, (o: number, s: number, e: number) => void][] = [
      ["im2col_f32", N * OH * OW, K, (o, s, e) => k.im2col_f32(x, o, meta, s, e)],
      ["col2im_f32", N * H * W, C, (o, s, e) => k.col2im_f32(dcol, o, meta, s, e)],
      ["maxpool_f32", N * OH * OW, C, (o, s, e) => k.maxpool_f32(x, o, 0, meta, s, e)],
      ["maxpool_backprop_f32", N * H * W, C, (o, s, e) => k.maxpool_backprop_f32(dy, idx, o, meta, s, e)],
      ["maxpool_gather_f32", N * OH * OW, C, (o, s, e) => k.maxpool_gather_f32(x, idx, o, meta, s, e)],
      ["avgpool_f32", N * OH * OW, C, (o, s, e) => k.avgpool_f32(x, o, meta, s, e)],
      ["avgpool_backprop_f32", N * H * W, C, (o, s, e) => k.avgpool_backprop_f32(dy, o, meta, s, e)],
    ];
    for (const [name, n, row, run] of runs) {
      const whole = env.putF32(new Float32Array(n * row + 4).fill(-7));
      run(whole, 0, n);
      const ref = read(whole, n * row + 4);
      assert.equal(Array.from(ref.subarray(n * row)), [-7, -7, -7, -7], `${name} wrote past its range`);
      assert.ok(ref.subarray(0, n * row).some((v) => v !== -7), `${name} wrote nothing`);
      for (const cut of [1, Math.floor(n / 3), n - 1]) {
        const parts = env.putF32(new Float32Array(n * row + 4).fill(-7));
        run(parts, 0, cut);
        const half = read(parts, n * row);
        assert.ok(half.subarray(cut * row).every((v) => v === -7), `${name}: [0, ${cut}) wrote outside its rows`);
        run(parts, cut, n);
        const got = read(parts, n * row + 4);
        assert.ok(got.every((v, i) => Object.is(v, ref[i])), `${name}: split at ${cut} differs`);
      }
      if (build === "debug") assert.throws(() => run(env.putF32(new Float32Array((n + 1) * row)), 0, n + 1), /abort/, `${name}: range past the end`);
    }
  });
}, 64);
