// ready(): options read once and checked (bad ones reject, never throw), user-given modules and their exports.
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { kernelNames } from "../../src/wasm.js";
import { fresh as freshNode, relaxedFlag, root } from "../helpers/fresh.js";

/** Run a module script in a fresh Node process (ready() decides once per process), with relaxed SIMD enabled. */
const fresh = (body: string) => freshNode(
  `import { readFileSync } from "node:fs";\nconst simd = readFileSync("dist/simd.wasm"), relaxed = readFileSync("dist/relaxed.wasm");\n${body}`,
  relaxedFlag);

test("the checked kernel names are exactly the base build's function exports", () => {
  const mod = new WebAssembly.Module(readFileSync(new URL("build/simd.wasm", `file://${root}`)));
  const exported = WebAssembly.Module.exports(mod).filter((e) => e.kind === "function").map((e) => e.name);
  assert.equal([...kernelNames].sort(), exported.sort());
});

test("ready(null) and other bad options return a rejected promise, never throw; ready() stays usable", () => {
  const r = fresh(`
    for (const bad of [null, 3, "x", { module: 5 }, { module: [] }, { module: {} }, { module: { base: "simd.wasm" } },
                       { module: { base: simd, relaxed: 1 } }, { maxMemoryBytes: "big" }]) {
      let p;
      try { p = tt.ready(bad); } catch (e) { console.log("threw", e.name); continue; }
      console.log(p instanceof Promise, await p.then(() => "resolved", (e) => e.name + " " + e.message));
    }
    await tt.ready();
    console.log(tt.ones([2]).toString());
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, [
    "true ArgumentError ready: options must be an object or undefined, got null",
    "true ArgumentError ready: options must be an object or undefined, got number 3",
    "true ArgumentError ready: options must be an object or undefined, got string x",
    "true ArgumentError ready: options.module must be a WebAssembly.Module, its bytes or { base, relaxed }, got number 5",
    "true ArgumentError ready: options.module must be a WebAssembly.Module, its bytes or { base, relaxed }, got an array",
    "true ArgumentError ready: options.module is an object without `base`; pass { base, relaxed } with base = tensortape/simd.wasm",
    "true ArgumentError ready: options.module.base must be a WebAssembly.Module or its bytes (ArrayBuffer or typed array), got string simd.wasm",
    "true ArgumentError ready: options.module.relaxed must be a WebAssembly.Module or its bytes (ArrayBuffer or typed array), got number 1",
    "true ArgumentError ready: maxMemoryBytes must be a finite number of at least 65536, got big",
    "[1. 1.]",
  ]);
});

test("ready() reads each option once: getters run once, and later changes to the objects do nothing", () => {
  const r = fresh(`
    const reads = {};
    const count = (o) => new Proxy(o, { get(t, k) { reads[k] = (reads[k] ?? 0) + 1; return t[k]; } });
    const bytes = new Uint8Array(simd);
    const module = count({ base: bytes });
    let max = 1 << 24;
    const p = tt.ready(count({ get maxMemoryBytes() { return max; }, simd: "base", module }));
    max = -1; bytes.fill(0);                          // after the call: no effect on this ready()
    await p;
    console.log(JSON.stringify(reads), tt.tensor([1, 2]).mul(3).toString(), tt.memory().wasmBytes <= 1 << 24);
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, ['{"module":1,"simd":1,"maxMemoryBytes":1,"threads":1,"workerUrl":1,"base":1,"relaxed":1} [3. 6.] true']);
});

test("relaxed.wasm alone is refused with an ArgumentError naming { base, relaxed }; then { base, relaxed } works", () => {
  const r = fresh(`
    for (const module of [relaxed, new WebAssembly.Module(relaxed)]) {
      try { await tt.ready({ module }); } catch (e) { console.log(e.name, e.message); }
    }
    try { await tt.ready({ module: { base: simd, relaxed: relaxed.subarray(0, 100) } }); } catch (e) { console.log(e.name); }
    try { await tt.ready({ module: simd, simd: "relaxed" }); } catch (e) { console.log(e.name, e.message); }
    await tt.ready({ module: { base: new WebAssembly.Module(simd), relaxed: new WebAssembly.Module(relaxed) } });
    const a = tt.tensor([[1, 2], [3, 4]]);
    console.log(a.matmul(a).toString());
  `);
  assert.is(r.status, 0, r.err);
  const hint = "pass { base, relaxed } with base = tensortape/simd.wasm and relaxed = tensortape/relaxed.wasm";
  const partial = `ArgumentError ready: options.module lacks ${kernelNames.length - 2} of the ${kernelNames.length} kernel exports (heapBase, neg_f32, abs_f32, exp_f32, …); ` +
    `it looks like relaxed.wasm, which only overrides some kernels of simd.wasm: ${hint}`;
  if (relaxedFlag.length === 0) return; // a Node without the flag and without relaxed SIMD cannot compile relaxed.wasm
  assert.equal(r.out, [partial, partial, "CompileError", `ArgumentError ready: simd "relaxed" needs the relaxed module too; ${hint}`,
    "[[ 7. 10.]\n [15. 22.]]"].join("\n").split("\n"));
});

test("a module that is no tensortape kernel module is refused, naming what it lacks or imports", () => {
  // (module (func (export "f"))) — 8-byte header, type, function, export and code sections
  const r = fresh(`
    const other = new Uint8Array([0,97,115,109,1,0,0,0, 1,4,1,96,0,0, 3,2,1,0, 7,5,1,1,102,0,0, 10,4,1,2,0,11]);
    try { await tt.ready({ module: other }); } catch (e) { console.log(e.name, e.message); }
    try { await tt.ready({ module: { base: simd, relaxed: other } }); } catch (e) { console.log(e.name, e.message); }
    // (module (import "wasi" "clock" (func))) — imports what the host does not provide
    const importer = new Uint8Array([0,97,115,109,1,0,0,0, 1,4,1,96,0,0, 2,14,1,4,119,97,115,105,5,99,108,111,99,107,0,0]);
    try { await tt.ready({ module: importer }); } catch (e) { console.log(e.name, e.message); }
    await tt.ready({ module: simd, simd: "base" });
    console.log(tt.scalar(2).square().toString());
  `);
  assert.is(r.status, 0, r.err);
  const hint = "pass { base, relaxed } with base = tensortape/simd.wasm and relaxed = tensortape/relaxed.wasm";
  assert.equal(r.out, [
    `ArgumentError ready: options.module lacks ${kernelNames.length} of the ${kernelNames.length} kernel exports (heapBase, neg_f32, abs_f32, exp_f32, …); ${hint}`,
    `ArgumentError ready: options.module.relaxed exports f, which are no tensortape kernels; ${hint}`,
    `ArgumentError ready: options.module imports wasi.clock, which tensortape does not provide (it provides env.memory and env.abort); ${hint}`,
    "4.0",
  ]);
});

test.run();
