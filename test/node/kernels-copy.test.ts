// Memory kernels at the ABI on every build: heap base, strided copy and scatter, dtype casts, fills
import { expectSame, extent, forEachBuild, fr, generators, GUARD, LAYOUTS, LENGTHS, offsets, prod, ranges, SENTINEL, stridedCase } from "../helpers/wasm.js";
import * as assert from "uvu/assert";

const { rand } = generators(2718);

// random 32-bit words, one a NaN payload that must survive a copy
const words = (n: number) => {
  const w = Uint32Array.from({ length: n }, () => (rand() * 2 ** 32) >>> 0);
  if (n > 2) w[1] = 0x7fc0beef;
  return w;
};
const bytes = (n: number) => Uint8Array.from({ length: n }, () => Math.floor(256 * rand()));

await forEachBuild("kernels: copy", (S, env) => {
  const { k } = env;

  S("heapBase is a non-negative address", () => {
    const hb = k.heapBase();
    assert.ok(Number.isInteger(hb) && hb >= 0);
  });

  S("copy_32 / copy_8: broadcast, transpose, slice materialisation", () => {
    for (const L of LAYOUTS) {
      for (const strides of [L.strides[0], L.strides[1]]) {
        let w32 = new Uint32Array(0), w8 = new Uint8Array(0);
        stridedCase(env, L.shape, [strides], (_, n) => env.putI32(new Int32Array((w32 = words(n)).buffer)),
          ([ps], out, meta, s, e) => k.copy_32(ps, out, meta, s, e), "u32", ([o]) => w32[o], `copy_32 ${L.name} ${strides}`);
        stridedCase(env, L.shape, [strides], (_, n) => env.putU8((w8 = bytes(n))),
          ([ps], out, meta, s, e) => k.copy_8(ps, out, meta, s, e), "u8", ([o]) => w8[o], `copy_8 ${L.name} ${strides}`);
      }
    }
  });

  S("scatter_32 / scatter_8: contiguous src into every one-to-one strided layout, range splits, the rest untouched", () => {
    let cases = 0;
    for (const L of LAYOUTS) {
      for (const strides of L.strides) {
        const total = prod(L.shape), span = extent(L.shape, strides);
        const offs = Array.from({ length: total }, (_, i) => offsets(L.shape, [strides], i)[0]);
        if (new Set(offs).size !== total) continue; // broadcast layouts write one place twice
        cases++;
        const meta = env.meta(L.shape, strides);
        for (const [W, kernel] of [[4, "scatter_32"], [1, "scatter_8"]] as const) {
          const src = W === 4 ? words(total) : bytes(total);
          const ps = W === 4 ? env.putI32(new Int32Array(src.buffer)) : env.putU8(src);
          for (const rs of ranges(total)) {
            const untouched = W === 4 ? 0xdeadbeef : 77;
            const out = W === 4 ? env.putI32(new Int32Array(span + GUARD).fill(untouched | 0)) : env.putU8(new Uint8Array(span + GUARD).fill(untouched));
            for (const [s, e] of rs) k[kernel](ps, out, meta, s, e);
            const got = W === 4 ? env.u32(out, span + GUARD) : env.u8(out, span + GUARD);
            const want: number[] = Array.from({ length: span + GUARD }, () => untouched);
            offs.forEach((o, i) => { if (rs.some(([s, e]) => i >= s && i < e)) want[o] = src[i]; });
            expectSame(got, want, `${kernel} ${L.name} ${strides} ranges ${JSON.stringify(rs)}`);
          }
        }
      }
    }
    assert.ok(cases >= 20, `${cases} layouts`);
  });

  S("casts: NaN, ±Inf, ±0, fractions, saturation, all lengths", () => {
    const fv = [NaN, Infinity, -Infinity, 0, -0, -0.5, 0.5, 2.7, -2.7, 1e10, -1e10, 2147483520, -2147483648, 3e9, 1.5, 255, 256, -1];
    const iv = [0, 1, -1, 255, 256, -256, 2147483647, -2147483648, 16777217, 7, 42, -99];
    const trunc = (x: number) => (Number.isNaN(x) ? 0 : Math.max(-2147483648, Math.min(2147483647, Math.trunc(x))) + 0);
    const cases: [string, "f32" | "i32" | "u8", "f32" | "i32" | "u8", number[], (x: number) => number][] = [
      ["cast_f32_i32", "f32", "i32", fv, trunc],
      ["cast_i32_f32", "i32", "f32", iv, fr],
      ["cast_u8_f32", "u8", "f32", [0, 1, 2, 127, 128, 254, 255], (x) => x],
      ["cast_u8_i32", "u8", "i32", [0, 1, 2, 127, 128, 254, 255], (x) => x],
      ["cast_f32_u8", "f32", "u8", fv, (x) => (x !== 0 || Number.isNaN(x) ? 1 : 0)],
      ["cast_i32_u8", "i32", "u8", iv, (x) => (x !== 0 ? 1 : 0)],
    ];
    for (const [kernel, from, to, vs, f] of cases) {
      for (const n of [...LENGTHS, 40]) {
        const start = n % 3;
        const x = Array.from({ length: start + n }, (_, i) => vs[(i * 7 + n) % vs.length]);
        const xp = env.put(from, x);
        const op = env.put(to, Array(start + n + GUARD).fill(to === "f32" ? SENTINEL : 99));
        k[kernel](xp, op, start, start + n);
        const got = Array.from(env.view(to, op, start + n + GUARD));
        const want = x.map((v, i) => (i < start ? (to === "f32" ? SENTINEL : 99) : f(from === "f32" ? fr(v) : v)));
        expectSame(got, [...want, ...Array(GUARD).fill(to === "f32" ? SENTINEL : 99)], `${kernel} n=${n}`);
        env.reset();
      }
    }
  });

  S("fills: f32, i32, u8 (v & 0xff), sub-ranges and guards", () => {
    for (const n of [...LENGTHS, 40]) {
      for (const start of [0, 3]) {
        const len = start + n + GUARD;
        const pf = env.putF32(Array(len).fill(SENTINEL));
        k.fill_f32(pf, -0, start, start + n);
        expectSame(env.f32(pf, len), Array.from({ length: len }, (_, i) => (i >= start && i < start + n ? -0 : SENTINEL)), `fill_f32 n=${n}`);
        const pi = env.putI32(Array(len).fill(5));
        k.fill_i32(pi, -7, start, start + n);
        expectSame(env.i32(pi, len), Array.from({ length: len }, (_, i) => (i >= start && i < start + n ? -7 : 5)), `fill_i32 n=${n}`);
        const pb = env.putU8(Array(len).fill(5));
        k.fill_u8(pb, 0x1ff, start, start + n);
        expectSame(env.u8(pb, len), Array.from({ length: len }, (_, i) => (i >= start && i < start + n ? 255 : 5)), `fill_u8 n=${n}`);
        k.fill_f32(pf, NaN, start, start + n);
        env.f32(pf, len).forEach((v, i) => assert.ok(i >= start && i < start + n ? Number.isNaN(v) : v === SENTINEL, "fill_f32 NaN"));
        env.reset();
      }
    }
  });
});
