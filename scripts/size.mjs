// Size report: raw and gzip (level 9) bytes of the minified bundles, beside tfjs-core + tfjs-backend-wasm 4.22.
// Minifies in memory with the same esbuild options as dist/ (dist/ itself ships unminified; bundlers minify).
// Usage: node scripts/size.mjs [--json]; exits 1 when a bundle is over the gzip budget.
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { gzipSync } from "node:zlib";
import * as esbuild from "esbuild";
import { bundles } from "./bundles.mjs";

export const BUDGET = 90_000; // gzip bytes per runtime bundle (90 KB, decimal, so it holds either way KB is read)

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);

const measure = (name, bytes) => ({ name, raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
const file = (path) => measure(basename(path), readFileSync(path));
const total = (name, parts) => ({ name, raw: parts.reduce((s, p) => s + p.raw, 0), gzip: parts.reduce((s, p) => s + p.gzip, 0), parts });

async function minified(options) {
  const result = await esbuild.build({ ...options, minify: true, write: false, outdir: "dist", outfile: undefined });
  return result.outputFiles.filter((f) => f.path.endsWith(".js")).map((f) => measure(`${basename(f.path, ".js")}.min.js`, f.contents))[0];
}

const tf = "node_modules/@tensorflow";
const ours = [
  total("tensortape dist/index.js, minified (both kernel builds embedded)", [await minified(bundles.index)]),
  total("tensortape dist/workers.js, minified, + simd.wasm + relaxed.wasm", [await minified(bundles.workers), file("dist/simd.wasm"), file("dist/relaxed.wasm")]),
];
const tfjsCore = file(`${tf}/tfjs-core/dist/tf-core.es2017.min.js`);
const tfjsWasm = [file(`${tf}/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js`), file(`${tf}/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm`)];
const peers = [
  total("tfjs-core 4.22 (es2017 min)", [tfjsCore]),
  total("tfjs-backend-wasm 4.22 (es2017 min) + its SIMD .wasm", tfjsWasm),
  total("tfjs-core + tfjs-backend-wasm, as a SIMD runtime loads them", [tfjsCore, ...tfjsWasm]),
  total("all three tfjs-backend-wasm .wasm files (plain, SIMD, threaded SIMD)",
    ["tfjs-backend-wasm", "tfjs-backend-wasm-simd", "tfjs-backend-wasm-threaded-simd"].map((n) => file(`${tf}/tfjs-backend-wasm/dist/${n}.wasm`))),
];
const over = ours.filter((b) => b.gzip > BUDGET);

if (process.argv.includes("--json")) {
  console.log(JSON.stringify({ budget: BUDGET, ours, peers }, null, 2));
} else {
  const kb = (n) => `${(n / 1000).toFixed(1)} KB`.padStart(9);
  const row = (b, indent = "") => console.log(`${kb(b.raw)} ${kb(b.gzip)}  ${indent}${b.name}`);
  console.log("      raw      gzip  (gzip -9, node:zlib; 1 KB = 1000 bytes)");
  for (const b of [...ours, ...peers]) {
    row(b);
    if (b.parts.length > 1) for (const p of b.parts) row(p, "  ");
  }
  console.log(`budget: ${kb(BUDGET).trim()} gzip per tensortape bundle — ${over.length ? `OVER: ${over.map((b) => b.name).join("; ")}` : "both within"}`);
}
process.exit(over.length ? 1 : 0);
