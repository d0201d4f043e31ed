// Build: AssemblyScript kernels → build/*.wasm; esbuild → dist/index.js (wasm embedded) and dist/workers.js
// (+ dist/simd.wasm, dist/relaxed.wasm); types → dist/*.d.ts.
// Steps whose inputs did not change since their outputs were written are skipped. All chatter goes to stderr.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { bundles } from "./bundles.mjs";

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
for (const target of ["simd", "relaxed", "debug"]) {
  const out = `build/${target}.wasm`;
  if (stale(out, ["assembly", "asconfig.json"])) {
    console.error(`build: asc --target ${target}`);
    // the relaxed module holds only the kernels that differ under relaxed SIMD (see assembly/relaxed.ts)
    run(asc, [target === "relaxed" ? "assembly/relaxed.ts" : "assembly/index.ts", "--target", target]);
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

const inputs = ["src", "build/simd.wasm", "build/relaxed.wasm", "scripts/bundles.mjs"];
for (const [name, options] of Object.entries(bundles)) {
  if (stale(`dist/${name}.js`, inputs)) {
    console.error(`build: esbuild dist/${name}.js`);
    await esbuild.build(options);
  }
}
if (stale("dist/index.d.ts", ["src", "tsconfig.build.json"])) {
  console.error("build: tsc (declarations)");
  run(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"]);
}
