// Build: AssemblyScript kernels → build/*.wasm; esbuild → dist/index.js (wasm embedded), dist/cjs/index.cjs (the same,
// CommonJS) and dist/workers.js (+ dist/simd.wasm, dist/relaxed.wasm); types → dist/*.d.ts and dist/cjs/*.d.cts.
// Steps whose inputs did not change since their outputs were written are skipped. All chatter goes to stderr.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { deflateRawSync } from "node:zlib";
import * as esbuild from "esbuild";
import { bundles, outputOf } from "./bundles.mjs";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);

const newest = (paths) => Math.max(...paths.flatMap((p) => {
  if (!existsSync(p)) return [0];
  const s = statSync(p);
  return s.isDirectory() ? [newest(readdirSync(p).map((f) => join(p, f)))] : [s.mtimeMs];
}));
const stale = (out, inputs) => !existsSync(out) || statSync(out).mtimeMs < newest(inputs);

function run(cmd, args) {
  const r = spawnSync(cmd, args, { stdio: ["ignore", 2, 2] });
  if (r.status !== 0) {
    console.error(`build: ${cmd} ${args.join(" ")} failed`);
    process.exit(r.status ?? 1);
  }
}

const asc = join(root, "node_modules/.bin/asc");
// simd and relaxed are built for a shared memory (the threads build, build/*-shared.wasm); debug for a plain one
for (const target of ["simd", "relaxed", "debug"]) {
  const out = target === "debug" ? "build/debug.wasm" : `build/${target}-shared.wasm`;
  if (stale(out, ["assembly", "asconfig.json"])) {
    console.error(`build: asc --target ${target}`);
    // the relaxed module holds only the kernels that differ under relaxed SIMD (see assembly/relaxed.ts)
    run(asc, [target === "relaxed" ? "assembly/relaxed.ts" : "assembly/index.ts", "--target", target]);
  }
}

// The plain builds (build/simd.wasm, build/relaxed.wasm: Workers, `tensortape/simd.wasm`) are the shared ones with the
// memory import's limits flag flipped from shared to not (src/threads/limits.ts; ../shared/docs/threads.md §1).
for (const target of ["simd", "relaxed"]) {
  const from = `build/${target}-shared.wasm`, out = `build/${target}.wasm`;
  if (stale(out, [from, "src/threads/limits.ts"])) {
    console.error(`build: ${out} from ${from}`);
    const js = (await esbuild.build({ entryPoints: ["src/threads/limits.ts"], bundle: true, format: "esm", write: false })).outputFiles[0].text;
    const { unshared, importsShared } = await import(`data:text/javascript,${encodeURIComponent(js)}`);
    const shared = readFileSync(from);
    if (!importsShared(shared)) { console.error(`build: ${from} does not import a shared memory`); process.exit(1); }
    writeFileSync(out, unshared(shared));
  }
}

// The relaxed module is instantiated on the base module's memory, so it must not carry static data of its own
// (it would overwrite the base module's): its sections must not include a data section (id 11).
{
  const b = readFileSync("build/relaxed.wasm");
  for (let i = 8; i < b.length;) {
    const id = b[i++];
    let n = 0, shift = 0, x;
    do { x = b[i++]; n |= (x & 127) << shift; shift += 7; } while (x & 128);
    if (id === 11) { console.error("build: build/relaxed.wasm has a data section; it must hold none (see assembly/relaxed.ts)"); process.exit(1); }
    i += n;
  }
}

// index.js embeds the kernels deflated (src/index.ts inflates them once, in ready()): base64 of the raw module
// gzips to 1.5× the deflated bytes, so this keeps ~13 KB off the gzipped bundle. The embedded ones are the
// shared-memory builds (threads); ready() derives the plain ones from them (src/threads/limits.ts).
for (const target of ["simd", "relaxed"]) {
  const wasm = `build/${target}-shared.wasm`, z = `${wasm}.z`;
  if (stale(z, [wasm])) writeFileSync(z, deflateRawSync(readFileSync(wasm), { level: 9 }));
}

const inputs = ["src", "build/simd.wasm", "build/relaxed.wasm", "build/simd-shared.wasm.z", "build/relaxed-shared.wasm.z", "scripts/bundles.mjs"];
for (const [name, options] of Object.entries(bundles)) {
  if (stale(outputOf(name), inputs)) {
    console.error(`build: esbuild ${outputOf(name)}`);
    await esbuild.build(options);
  }
}
if (stale("dist/index.d.ts", ["src", "tsconfig.build.json"])) {
  console.error("build: tsc (declarations)");
  run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"]);
}
// Two more copies of the declarations, with their relative specifiers rewritten:
// - dist/cjs/**/*.d.cts ("./x.js" → "./x.cjs") for the CommonJS entry. TypeScript reads a .d.ts beside package.json
//   "type": "module" as ESM, which a require() may not import under moduleResolution node16 (TS1479);
//   .d.cts files are CommonJS whatever the package type.
// - dist/deno/**/*.d.ts ("./x.js" → "./x.d.ts") for index.js's `@ts-self-types`: Deno resolves a declaration
//   file's specifiers literally, and no dist/x.js exists beside each dist/x.d.ts (the JavaScript is one bundle).
function copyDeclarations(outDir, ext, specExt, dir = "") {
  for (const f of readdirSync(join("dist", dir))) {
    const rel = join(dir, f);
    if (rel === "cjs" || rel === "deno") continue;
    if (statSync(join("dist", rel)).isDirectory()) { copyDeclarations(outDir, ext, specExt, rel); continue; }
    if (!f.endsWith(".d.ts")) continue;
    const text = readFileSync(join("dist", rel), "utf8").replace(/(["'])(\.{1,2}\/[^"']*?)\.js\1/g, `$1$2${specExt}$1`);
    const out = join(outDir, rel.replace(/\.d\.ts$/, ext));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, text);
  }
}
if (stale("dist/cjs/index.d.cts", ["dist/index.d.ts"]) || stale("dist/deno/index.d.ts", ["dist/index.d.ts"])) {
  console.error("build: dist/cjs/*.d.cts, dist/deno/*.d.ts");
  copyDeclarations("dist/cjs", ".d.cts", ".cjs");
  copyDeclarations("dist/deno", ".d.ts", ".d.ts");
  // Deno declares Symbol.dispose itself, and JSR refuses global augmentations: drop inspect.ts's declaration of it
  const inspect = "dist/deno/inspect.d.ts";
  writeFileSync(inspect, readFileSync(inspect, "utf8").replace(/declare global \{\n    interface SymbolConstructor \{\n.*?\n    \}\n\}\n/s, ""));
}
