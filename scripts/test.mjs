// Runs every test suite — Node (uvu: the base build on one thread and with threads, the relaxed-SIMD build with
// threads), then Deno (without and with threads), workerd and headless Chromium on the shared cases, the consumer
// test of the packed tarball and the browser demo — and ends with one summed line "N passed, M failed". Skipped
// suites are named earlier.
import { spawn, spawnSync } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const ci = process.env.CI === "true";
const results = [];
const skipped = [];

/**
 * Run one suite in a child process, echo its output and read its counts: `parse(out)` gives { passed, failed }
 * or null when the suite never reported (a crash while loading counts as one failure). Bounded by `timeout`.
 * Exit code 77 means "cannot run here" (no browser) and is left to the caller.
 */
function suite(label, cmd, args, { env = {}, parse = lastLine, timeout = 300_000 } = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"], timeout });
    let out = "";
    child.stdout.on("data", (d) => { out += d; process.stdout.write(d); });
    child.on("error", (e) => { out += `\n${label}: ${e.message}\n`; });
    child.on("close", (code, signal) => {
      if (code === 77) return resolve({ passed: 0, failed: 1, code }); // "cannot run here": the caller decides
      const counts = parse(out);
      const r = counts === null ? { passed: 0, failed: 1 } : { ...counts, failed: counts.failed + (code !== 0 && counts.failed === 0 ? 1 : 0) };
      if (signal) console.log(`${label}: stopped by ${signal} (timeout ${timeout / 1000} s)`);
      console.log(`${label}: ${r.passed} passed, ${r.failed} failed`);
      resolve({ ...r, code });
    });
  });
}

/** The runner's own closing line "N passed, M failed" (Deno, workerd and browser runners print one). */
function lastLine(out) {
  const m = [...out.matchAll(/^(\d+) passed, (\d+) failed$/gm)].pop();
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : null;
}

/** uvu's summary block (it never prints "N passed, M failed"); Total excludes skipped tests. */
function uvuSummary(out) {
  const num = (k) => Number((out.match(new RegExp(`^\\s*${k}:\\s+(\\d+)`, "m")) || [])[1] ?? NaN);
  const total = num("Total"), passed = num("Passed");
  return Number.isNaN(total) ? null : { passed, failed: total - passed };
}

const node = process.execPath;
const uvu = ["--import", "tsx", "node_modules/uvu/bin.js", "test/node", "\\.test\\.ts$", "--no-color"];
// one thread (today's build on a plain memory), then threads ("auto": one per core) with each SIMD build
results.push(await suite("node (base SIMD, 1 thread)", node, uvu, { env: { TENSORTAPE_SIMD: "base", TENSORTAPE_THREADS: "1" }, parse: uvuSummary }));
results.push(await suite("node (base SIMD, threads)", node, uvu, { env: { TENSORTAPE_SIMD: "base" }, parse: uvuSummary }));
// The relaxed-SIMD build, which most browsers, Deno and Workers pick: Node 20 validates it only with this flag
// (NODE_OPTIONS refuses it); a Node that ships relaxed SIMD and no longer knows the flag runs without it.
const flag = spawnSync(node, ["--experimental-wasm-relaxed-simd", "-e", "0"]).status === 0 ? ["--experimental-wasm-relaxed-simd"] : [];
results.push(await suite("node (relaxed SIMD, threads)", node, [...flag, ...uvu], { env: { TENSORTAPE_SIMD: "relaxed" }, parse: uvuSummary }));
// Deno without read permission cannot start the worker entry: one thread, no prompt, no error; with it, threads,
// and the run must end by itself (no Deno.exit), within the timeout
results.push(await suite("deno", "node_modules/.bin/deno", ["run", "test/deno/run.mjs"], { env: { DENO_NO_UPDATE_CHECK: "1" } }));
results.push(await suite("deno (threads)", "node_modules/.bin/deno", ["run", "--allow-read", "test/deno/run.mjs", "threads"],
  { env: { DENO_NO_UPDATE_CHECK: "1" }, timeout: 60_000 }));
results.push(await suite("workerd", node, ["test/workerd/run.mjs"]));
// the packed tarball in a fresh project: tsc, esbuild, Node ESM/CJS, Deno, workerd (≈ 15 s)
results.push(await suite("consumer", node, ["test/consumer/run.mjs"], { env: { DENO_NO_UPDATE_CHECK: "1" }, timeout: 180_000 }));

/** A headless-Chromium suite: exit 77 (no browser) is a loud skip, except under CI=true, where it is a failure. */
async function browserSuite(label, script) {
  const r = await suite(label, node, [script]);
  if (r.code === 77 && !ci) {
    console.log(`\n!!!!! ${label}: NOT FOUND — this browser suite did NOT run. Install it (apt-get install chromium) or set CHROMIUM. !!!!!\n`);
    skipped.push(`${label} (no browser binary found)`);
    return;
  }
  if (r.code === 77) console.log(`${label}: 0 passed, 1 failed (no browser binary, and CI=true requires one)`);
  results.push(r);
}
await browserSuite("chromium", "test/browser/run.mjs");
// the live demo (examples/browser/) through its own server: trains to a loss target, memory() flat (≈ 10 s)
await browserSuite("chromium demo", "test/browser/demo.mjs");

const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
for (const s of skipped) console.log(`skipped: ${s}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
