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

test("every package.json export target exists", () => {
  const { exports } = JSON.parse(read("package.json")) as { exports: Record<string, string | Record<string, string>> };
  const targets = Object.values(exports).flatMap((t) => (typeof t === "string" ? [t] : Object.values(t)));
  for (const t of targets) assert.ok(existsSync(new URL(t, root)), `${t} is missing`);
  assert.equal(Object.keys(exports["."]), ["types", "workerd", "worker", "default"], "workerd/worker come before default");
});

test.run();
