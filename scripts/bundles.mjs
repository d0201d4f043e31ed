// The two published bundles' esbuild options, shared by build.mjs (writes dist/) and size.mjs (minifies in memory).
// neutral + es2022: one output for every runtime; without a target esbuild 0.28 emits Uint8Array.fromBase64,
// which Node 20 lacks.
const common = { bundle: true, format: "esm", platform: "neutral", target: "es2022", logLevel: "warning" };

export const bundles = {
  // Node, Deno, browsers: both kernel builds embedded as bytes
  index: { ...common, entryPoints: ["src/index.ts"], outfile: "dist/index.js", loader: { ".wasm": "binary" } },
  // Workers: the .wasm imports stay imports (workerd turns them into Modules); the files land next to it
  workers: { ...common, entryPoints: ["src/workers.ts"], outdir: "dist", loader: { ".wasm": "copy" }, assetNames: "[name]" },
};
