// Headless Chromium (Debian's, driven by playwright-core): the shared cases on a plain page, a cross-origin-isolated
// page and a page under a strict CSP; ends with "N passed, M failed". Exits 77 when no Chromium is installed.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as esbuild from "esbuild";
import { chromium } from "playwright-core";

const root = new URL("../..", import.meta.url).pathname;

function findChromium() {
  if (process.env.CHROMIUM) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null; // set: the only choice
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try { return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"]).toString().trim() || null; } catch { return null; }
}
const exe = findChromium();
if (!exe) {
  console.log("chromium: no binary found (set CHROMIUM, or apt-get install chromium)");
  process.exit(77);
}

// Everything below is bounded; this is the backstop if something still hangs.
setTimeout(() => { console.log("browser: gave up after 120 s\n0 passed, 1 failed"); process.exit(1); }, 120_000).unref();

// The pages: one module script, no inline code (the strict-CSP page would block it).
const modes = {
  plain: {},
  coi: { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
  csp: { "Content-Security-Policy": "script-src 'self' 'wasm-unsafe-eval'" },
  // threads under a strict CSP: the README's line, with the worker entry loaded from a file (never blob: or eval)
  // the cases inside a Web Worker of an isolated page: threads from a worker
  "coi-worker": { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" },
  "coi-csp": { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp",
    "Content-Security-Policy": "script-src 'self' 'wasm-unsafe-eval'; worker-src 'self'" },
  // the README's CSP note, checked: without 'wasm-unsafe-eval' the page may not compile the kernels
  "csp-no-wasm": { "Content-Security-Policy": "script-src 'self'" },
};
const cases = (await esbuild.build({
  entryPoints: [join(root, "test/shared/cases.ts")], bundle: true, format: "esm", platform: "neutral", target: "es2022", write: false,
})).outputFiles[0].text;
const files = {
  "/page.js": () => readFileSync(join(root, "test/browser/page.js")),
  "/worker-page.js": () => readFileSync(join(root, "test/browser/worker-page.js")),
  "/dist/index.js": () => readFileSync(join(root, "dist/index.js")),
  "/dist/worker.js": () => readFileSync(join(root, "dist/worker.js")),
  "/cases.js": () => cases,
};
const server = createServer((req, res) => {
  const path = new URL(req.url, "http://x").pathname;
  const mode = path.match(/^\/([\w-]+)\/$/)?.[1];
  if (mode in modes) {
    res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", ...modes[mode] });
    res.end('<!doctype html><meta charset="utf-8"><title>tensortape</title><script type="module" src="/page.js"></script>');
  } else if (path in files) {
    // scripts (the worker entry too) may load into an isolated page: COEP require-corp asks for CORP or same origin
    res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cross-Origin-Resource-Policy": "same-origin",
      "Cross-Origin-Embedder-Policy": "require-corp" });
    res.end(files[path]());
  } else {
    res.writeHead(404).end();
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

let passed = 0, failed = 0;
const check = (ok, what) => { ok ? passed++ : failed++; console.log(`${ok ? "ok  " : "FAIL"} ${what}`); };

const profile = mkdtempSync(join(tmpdir(), "tensortape-chromium-")); // empty profile; --user-data-dir is refused in args
const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];
let ctx;
try {
  ctx = await chromium.launchPersistentContext(profile, { executablePath: exe, args, headless: true, timeout: 30_000 });
  const page = ctx.pages()[0] ?? await ctx.newPage();
  page.on("pageerror", (e) => console.log(`  page error: ${e.message}`));
  for (const mode of Object.keys(modes)) {
    let result;
    try {
      await page.goto(`${origin}/${mode}/`, { timeout: 15_000 });
      result = await (await page.waitForFunction(() => window.__result, null, { timeout: 30_000 })).jsonValue();
    } catch (e) {
      result = { passed: 0, failed: 1, failures: [{ name: "page", message: e.message.split("\n")[0] }] };
    }
    if (mode === "csp-no-wasm") {
      check(result.failed === 1 && result.failures[0].name === "ready", `${mode}: ready() is refused (${result.failures[0]?.message ?? "it loaded"})`);
      continue;
    }
    console.log(`${mode}: ${result.passed} passed, ${result.failed} failed`);
    for (const f of result.failures) console.log(`  FAIL ${f.name}: ${f.message}`);
    passed += result.passed; failed += result.failed;
    if (mode.startsWith("coi")) check(result.crossOriginIsolated === true, `${mode}: the page is crossOriginIsolated`);
    // threads where the page is isolated (one per core, at most 8); elsewhere one thread on a plain memory, no error
    const threads = mode.startsWith("coi") ? Math.min(result.cores, 8) : 1;
    const info = result.info;
    check(info !== undefined && info.threads === threads && info.sharedMemory === threads > 1 && threads > (mode.startsWith("coi") ? 1 : 0),
      `${mode}: backendInfo() ${JSON.stringify(info)} (${threads} thread(s) expected; ${result.cores} cores)`);
  }
} catch (e) {
  console.log(`browser: ${e.message.split("\n")[0]}`);
  failed++;
} finally {
  await ctx?.close().catch(() => {});
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
