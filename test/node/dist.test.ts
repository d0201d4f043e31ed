// The published files: no string-to-code anywhere (Workers and strict CSP forbid it), the gzip size budget,
// and every target of package.json "exports" built.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

test("dist/index.js and dist/workers.js contain no eval or new Function", () => {
  for (const path of ["dist/index.js", "dist/workers.js"]) {
    const hits = read(path).match(/\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(/g);
    assert.is(hits, null, `${path}: ${hits?.join(", ")}`);
  }
});

test("dist/workers.js imports its kernels as modules and embeds no wasm bytes", () => {
  const src = read("dist/workers.js");
  assert.ok(src.includes('from "./simd.wasm"') && src.includes('from "./relaxed.wasm"'), "module imports kept");
  assert.not.ok(src.includes("AGFzbQ"), "no base64 wasm (\\0asm) inside"); // Workers cannot compile bytes anyway
});

test("minified bundles stay within the gzip budget (npm run size)", () => {
  const r = spawnSync(process.execPath, ["scripts/size.mjs", "--json"], { cwd: root, encoding: "utf8", timeout: 60_000 });
  const { budget, ours } = JSON.parse(r.stdout) as { budget: number; ours: { name: string; gzip: number }[] };
  assert.is(ours.length, 2);
  for (const b of ours) assert.ok(b.gzip <= budget, `${b.name}: ${b.gzip} bytes gzip, budget ${budget}`);
  assert.is(r.status, 0);
});

test("every package.json export target exists; Workers get their entry only under the workerd condition", () => {
  type Target = string | { [condition: string]: Target };
  const { exports } = JSON.parse(read("package.json")) as { exports: Record<string, Target> };
  const leaves = (t: Target): string[] => (typeof t === "string" ? [t] : Object.values(t).flatMap(leaves));
  for (const t of Object.values(exports).flatMap(leaves)) assert.ok(existsSync(new URL(t, root)), `${t} is missing`);
  const main = exports["."] as Record<string, Record<string, string>>;
  // wrangler and workerd set "workerd" (and also "worker", "browser"); a browser Web Worker bundle sets "worker"
  // too but needs the embedded build, so only "workerd" selects workers.js, and it comes first
  assert.equal(Object.keys(main), ["workerd", "require", "default"]);
  assert.equal(main.workerd, { types: "./dist/workers.d.ts", default: "./dist/workers.js" });
  assert.equal(main.require, { types: "./dist/cjs/index.d.cts", default: "./dist/cjs/index.cjs" });
  assert.equal(main.default, { types: "./dist/index.d.ts", default: "./dist/index.js" });
});

test("dist/index.js names its declarations for Deno (@ts-self-types) on its first line", () => {
  assert.is(read("dist/index.js").split("\n")[0], '// @ts-self-types="./deno/index.d.ts"');
  assert.ok(existsSync(new URL("dist/deno/index.d.ts", root)) && existsSync(new URL("dist/cjs/index.d.cts", root)));
  assert.not.match(read("dist/deno/api.d.ts"), /from "\.\/[^"]*\.js"/, "Deno's copy names .d.ts files");
  assert.not.match(read("dist/cjs/api.d.cts"), /from "\.\/[^"]*\.js"/, "the CommonJS copy names .cjs files");
});

test.run();
