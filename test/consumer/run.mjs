// The consumer test: `npm pack`, install the tarball offline into a fresh project, and use it there as users do —
// tsc --strict with skipLibCheck false (bundler/node16 × DOM lib/@types/node), esbuild browser and Web Worker
// bundles, ESM and CommonJS in Node, `deno check`/`deno run` of a file import, `deno publish --dry-run`, workerd
// with both module forms of ready(); then the runnable examples (Deno, a Worker under workerd). The tools are the
// repo's own dev dependencies, called by path (no network).
// Needs a built dist/ (npm test builds first). Ends with "N passed, M failed".
import { execFile } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as esbuild from "esbuild";

const root = new URL("../..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules/.bin", name);
const tmp = mkdtempSync(join(tmpdir(), "tensortape-consumer-"));
const proj = join(tmp, "project");
const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", npm_config_update_notifier: "false" };
let passed = 0, failed = 0;

/** Run a command; resolves to { code, out } (stdout + stderr), never rejects. */
async function sh(cmd, args, opts = {}) {
  try {
    const r = await promisify(execFile)(cmd, args, { cwd: proj, env, timeout: 120_000, maxBuffer: 1 << 26, ...opts });
    return { code: 0, out: `${r.stdout}${r.stderr}` };
  } catch (e) {
    return { code: typeof e.code === "number" ? e.code : 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}${e.code === undefined || typeof e.code === "number" ? "" : e.message}` };
  }
}

/** One named check: `fn` throws (or returns a message) to fail. */
async function check(name, fn) {
  const t0 = performance.now();
  let problem;
  try { problem = await fn(); } catch (e) { problem = e instanceof Error ? e.message : String(e); }
  const ms = (performance.now() - t0).toFixed(0);
  if (problem) { failed++; console.log(`FAIL ${name} (${ms} ms)\n${String(problem).trimEnd().replace(/^/gm, "    ")}`); }
  else { passed++; console.log(`ok   ${name} (${ms} ms)`); }
}
const expect = (cond, message) => { if (!cond) throw new Error(message); };

// ---- pack and install ----
let tarball;
await check("npm pack: the tarball holds LICENSE, README, both entries, the CommonJS build and all declarations", async () => {
  const r = await sh("npm", ["pack", "--json", "--pack-destination", tmp], { cwd: root });
  expect(r.code === 0, r.out);
  const [info] = JSON.parse(r.out.slice(r.out.indexOf("[")));
  tarball = join(tmp, info.filename);
  const files = new Set(info.files.map((f) => f.path));
  for (const f of ["LICENSE", "README.md", "package.json", "dist/index.js", "dist/index.d.ts", "dist/workers.js", "dist/workers.d.ts",
    "dist/simd.wasm", "dist/relaxed.wasm", "dist/cjs/index.cjs", "dist/cjs/index.d.cts", "dist/deno/index.d.ts", "dist/worker.js"]) {
    expect(files.has(f), `${f} is not in the tarball`);
  }
  const stray = [...files].filter((f) => !/^(LICENSE|README\.md|package\.json|dist\/.*)$/.test(f));
  expect(stray.length === 0, `unexpected files: ${stray.join(", ")}`);
});
await check("npm install of the tarball into a fresh project, offline", async () => {
  mkdirSync(proj);
  cpSync(join(root, "test/consumer/project"), proj, { recursive: true });
  writeFileSync(join(proj, "package.json"), JSON.stringify({ name: "consumer", private: true, type: "module" }));
  const r = await sh("npm", ["install", "--offline", "--no-audit", "--no-fund", "--ignore-scripts", "--cache", join(tmp, "npm-cache"), tarball]);
  expect(r.code === 0, r.out);
  // @types/node for the no-DOM type checks, linked from the repo (installed after npm, which would prune it)
  mkdirSync(join(proj, "node_modules/@types"), { recursive: true });
  symlinkSync(join(root, "node_modules/@types/node"), join(proj, "node_modules/@types/node"), "dir");
});
if (failed > 0) finish();

// ---- TypeScript ----
const tsconfigs = [];
for (const resolution of ["bundler", "node16"]) {
  for (const dom of [true, false]) {
    const name = `tsconfig.${resolution}.${dom ? "dom" : "node"}.json`;
    writeFileSync(join(proj, name), JSON.stringify({
      compilerOptions: {
        strict: true, skipLibCheck: false, noEmit: true, target: "es2022",
        module: resolution === "bundler" ? "esnext" : "node16", moduleResolution: resolution,
        // the DOM lib and no Node types, or Node types and no DOM lib (a Node-only project)
        lib: dom ? ["es2022", "dom"] : ["es2022"], types: dom ? [] : ["node"],
      },
      files: resolution === "node16" ? ["main.ts", "require.cts"] : ["main.ts"],
    }));
    tsconfigs.push([name, `tsc --strict, skipLibCheck false: moduleResolution ${resolution}, ${dom ? "DOM lib" : "no DOM lib, @types/node"}` +
      (resolution === "node16" ? ", ESM import and CommonJS require" : "")]);
  }
}
// two at a time (the machine has 2 cores)
for (let i = 0; i < tsconfigs.length; i += 2) {
  const runs = tsconfigs.slice(i, i + 2).map(([file]) => sh(bin("tsc"), ["-p", file]));
  for (const [k, run] of runs.entries()) {
    await check(tsconfigs[i + k][1], async () => { const r = await run; expect(r.code === 0 && r.out.trim() === "", r.out || `exit ${r.code}`); });
  }
}

// ---- Node: ESM and CommonJS ----
const expected = JSON.stringify({
  inspect: "Tensor float32 [2,2]\n[[1.  2. ]\n [3.  4.5]]", json: { dtype: "float32", shape: [2, 2], data: [1, 2, 3, 4.5] }, sum: 10.5,
});
await check("Node: import from an ES module (dist/index.js): values, inspect and toJSON", async () => {
  const r = await sh(process.execPath, ["esm.mjs"]);
  expect(r.code === 0 && r.out.trim() === expected, `got ${r.out}\nwanted ${expected}`);
});
await check("Node: threads from the installed package (node_modules/tensortape/dist/worker.js), ESM and CommonJS", async () => {
  const info = JSON.stringify({ simd: "base", threads: 2, sharedMemory: true });
  const esm = await sh(process.execPath, ["--input-type=module", "-e",
    'import * as tt from "tensortape"; await tt.ready({ threads: 2 }); console.log(JSON.stringify(tt.backendInfo()));']);
  expect(esm.code === 0 && esm.out.trim() === info, `ESM: ${esm.out}`);
  const cjs = await sh(process.execPath, ["-e",
    'const tt = require("tensortape"); tt.ready({ threads: 2 }).then(() => console.log(JSON.stringify(tt.backendInfo())));']);
  expect(cjs.code === 0 && cjs.out.trim() === info, `CommonJS: ${cjs.out}`);
});
await check("Node: require() with --no-experimental-require-module (dist/cjs/index.cjs)", async () => {
  const r = await sh(process.execPath, ["--no-experimental-require-module", "require.cjs"]);
  expect(r.code === 0 && r.out.trim() === expected, `got ${r.out}\nwanted ${expected}`);
});

// ---- esbuild: a browser page and a browser Web Worker ----
for (const [label, conditions] of [["esbuild browser bundle", []], ["esbuild Web Worker bundle (--conditions=worker)", ["worker"]]]) {
  await check(`${label}: picks dist/index.js (embedded kernels), runs`, async () => {
    const outfile = join(proj, `out/${conditions.length ? "worker" : "browser"}.mjs`);
    const result = await esbuild.build({
      absWorkingDir: proj, entryPoints: ["browser.js"], bundle: true, format: "esm", platform: "browser", target: "es2022",
      conditions, outfile, metafile: true, logLevel: "silent",
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.includes("node_modules/tensortape/dist/index.js"), `inputs: ${inputs.join(", ")}`);
    const code = readFileSync(outfile, "utf8");
    expect(!/\bimport\b[^\n]*\.wasm/.test(code) && !/node:/.test(code), "the bundle imports .wasm files or Node built-ins");
    const r = await sh(process.execPath, [outfile]);
    const want = 'sum of squares: 14; {"dtype":"float32","shape":[1,2],"data":[1,2]}; Tensor float32 [1,2]\n[[1. 2.]]';
    expect(r.code === 0 && r.out.trim() === want, `got ${r.out}\nwanted ${want}`);
  });
}

// ---- Deno: a file import ----
const denoDir = join(tmp, "deno");
cpSync(join(proj, "node_modules/tensortape"), join(denoDir, "tensortape"), { recursive: true, dereference: true });
for (const f of ["deno.ts", "deno-wrong.ts"]) cpSync(join(proj, f), join(denoDir, f));
await check("deno check of a file import finds the types (@ts-self-types), and rejects a type error", async () => {
  // one type-check of both files: the only error must be deno-wrong.ts's (deno.ts is clean, deno-wrong.ts is typed)
  const r = await sh(bin("deno"), ["check", "deno.ts", "deno-wrong.ts"], { cwd: denoDir });
  const errors = [...r.out.matchAll(/^(TS\d+) \[ERROR\][^]*?\n\s+at (\S+)/gm)].map((m) => `${m[1]} ${m[2].replace(/^.*\//, "")}`);
  expect(r.code !== 0 && errors.length === 1 && /^TS2322 deno-wrong\.ts:/.test(errors[0]), `wanted one TS2322 in deno-wrong.ts:\n${r.out}`);
});
await check("deno run of the file import: Deno.inspect and JSON.stringify of a tensor", async () => {
  const r = await sh(bin("deno"), ["run", "deno.ts"], { cwd: denoDir });
  const want = 'Tensor float32 [2,2]\n[[1.  2. ]\n [3.  4.5]]\n{"dtype":"float32","shape":[2,2],"data":[1,2,3,4.5]}';
  expect(r.code === 0 && r.out.trim() === want, r.out);
});
await check("deno publish --dry-run (jsr.json) passes and would publish dist/index.js with its Deno declarations", async () => {
  const r = await sh(bin("deno"), ["publish", "--dry-run", "--allow-dirty", "--config", "jsr.json"], { cwd: root });
  expect(r.code === 0 && /Success Dry run complete/.test(r.out), r.out);
  for (const f of ["dist/index.js", "dist/deno/index.d.ts", "LICENSE"]) expect(r.out.includes(`/${f} (`), `${f} would not be published:\n${r.out}`);
});

// ---- workerd: both module forms of ready() ----
await check("workerd: ready({ module: simd.wasm }) (relaxed.wasm alone refused first) and ready({ module: { base, relaxed } })", async () => {
  const outdir = join(proj, "out/workerd");
  // as wrangler bundles: its conditions, .wasm imports kept as module imports
  await esbuild.build({
    absWorkingDir: proj, entryPoints: ["worker-module.js", "worker-modules.js"], bundle: true, format: "esm", platform: "neutral",
    target: "es2022", conditions: ["workerd", "worker", "browser"], outdir, loader: { ".wasm": "copy" }, assetNames: "[name]", logLevel: "silent",
  });
  const worker = (name) => `(modules = [(name = "${name}.js", esModule = embed "out/workerd/${name}.js"),
      (name = "simd.wasm", wasm = embed "out/workerd/simd.wasm"), (name = "relaxed.wasm", wasm = embed "out/workerd/relaxed.wasm")],
    compatibilityDate = "2026-11-01")`;
  writeFileSync(join(proj, "workerd.capnp"), `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (services = [
  (name = "module", worker = ${worker("worker-module")}),
  (name = "modules", worker = ${worker("worker-modules")}),
]);\n`);
  const r = await sh(bin("workerd"), ["test", "workerd.capnp"]);
  const passes = [...r.out.matchAll(/\[ PASS \]/g)].length;
  expect(r.code === 0 && passes === 2 && /module: ok/.test(r.out) && /\{ base, relaxed \}: ok/.test(r.out), r.out);
});

// ---- the runnable examples (from the repo's own build) ----
await check("example: npm run example:deno (examples/deno.ts fits y = 3x − 1 and frees every tensor)", async () => {
  const r = await sh(bin("deno"), ["run", "examples/deno.ts"], { cwd: root });
  const loss = Number((r.out.match(/^step 100: loss (\S+)$/m) ?? [])[1]);
  expect(r.code === 0 && loss < 1e-6 && /^w 3\.000, b -1\.000$/m.test(r.out) && /^Tensor float32 \[1\]$/m.test(r.out) &&
    r.out.trimEnd().endsWith("live tensors: 0"), r.out);
});
await check("example: npm run example:worker (examples/worker.js under workerd answers f and its gradient)", async () => {
  const r = await sh(process.execPath, ["scripts/example-worker.mjs", "--check"], { cwd: root });
  expect(r.code === 0, r.out);
  const got = JSON.parse(r.out);
  // f = Σ tanh(x)², df/dx = 2 tanh(x) (1 − tanh(x)²), at x = 0, 1, 2
  const t = [0, 1, 2].map(Math.tanh);
  const close = (a, b) => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
  expect(close(got.f, t.reduce((s, v) => s + v * v, 0)), `f = ${got.f}`);
  expect(got.grad.length === 3 && got.grad.every((g, i) => close(g, 2 * t[i] * (1 - t[i] * t[i]))), `grad = ${got.grad}`);
  expect(got.liveTensors === 0, `liveTensors = ${got.liveTensors}`);
});

finish();

function finish() {
  rmSync(tmp, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 ? 1 : 0);
}
