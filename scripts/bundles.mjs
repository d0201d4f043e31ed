// The two published bundles' esbuild options, shared by build.mjs (writes dist/) and size.mjs (minifies in memory).
// neutral + es2022: one output for every runtime; without a target esbuild 0.28 emits Uint8Array.fromBase64,
// which Node 20 lacks.
const common = { bundle: true, format: "esm", platform: "neutral", target: "es2022", logLevel: "warning" };

// `@ts-self-types` tells Deno where the declarations of a file import are (https://docs.deno.com/runtime/fundamentals/typescript/);
// dist/deno/ holds a copy whose specifiers Deno can resolve (see build.mjs).
const selfTypes = (dts) => ({ banner: { js: `// @ts-self-types="${dts}"` } });

export const bundles = {
  // Node, Deno, browsers: both kernel builds embedded as deflated bytes (build/*.wasm.z)
  index: { ...common, ...selfTypes("./deno/index.d.ts"), entryPoints: ["src/index.ts"], outfile: "dist/index.js", loader: { ".z": "binary" } },
  // Workers: the .wasm imports stay imports (workerd turns them into Modules); the files land next to it
  workers: { ...common, ...selfTypes("./deno/workers.d.ts"), entryPoints: ["src/workers.ts"], outdir: "dist", loader: { ".wasm": "copy" }, assetNames: "[name]" },
  // require("tensortape"): the same code as index.js in CommonJS (a second copy with its own memory; see README)
  // (import.meta.url, which finds the worker entry, is dist/index.js's URL there)
  cjs: { ...common, format: "cjs", entryPoints: ["src/index.ts"], outfile: "dist/cjs/index.cjs", loader: { ".z": "binary" },
    define: { "import.meta.url": "__tensortapeUrl" },
    banner: { js: 'var __tensortapeUrl = require("node:url").pathToFileURL(require("node:path").join(__dirname, "..", "index.js")).href;' } },
  // the worker entry (tensortape/worker), found beside index.js; it embeds nothing (the host posts the compiled kernels)
  worker: { ...common, entryPoints: ["src/threads/worker.ts"], outfile: "dist/worker.js" },
};
/** Where each bundle's JavaScript lands (build.mjs's staleness check). */
export const outputOf = (name) => bundles[name].outfile ?? `dist/${name}.js`;
