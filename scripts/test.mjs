// Runs every test suite and ends with one summed line "N passed, M failed".
// Node (uvu) runs twice: against the base SIMD build and, where this Node can, the relaxed-SIMD one.
import { spawn } from "node:child_process";

const root = new URL("..", import.meta.url).pathname;
const results = [];
const skipped = [];

/** Run uvu over test/node in a child process; returns { passed, failed } from uvu's summary. */
function uvu(label, env = {}, nodeArgs = []) {
  return new Promise((resolve) => {
    const args = [...nodeArgs, "--import", "tsx", "node_modules/uvu/bin.js", "test/node", "\\.test\\.ts$", "--no-color"];
    const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d) => { out += d; process.stdout.write(d); });
    child.on("close", (code) => {
      const num = (k) => Number((out.match(new RegExp(`^\\s*${k}:\\s+(\\d+)`, "m")) || [])[1] ?? NaN);
      const total = num("Total"), passed = num("Passed");
      // A file that throws while loading makes uvu exit without its summary: count it as a failure.
      const r = Number.isNaN(total) ? { passed: 0, failed: 1 } : { passed, failed: total - passed + (code !== 0 && total === passed ? 1 : 0) };
      console.log(`${label}: ${r.passed} passed, ${r.failed} failed`);
      resolve(r);
    });
  });
}

results.push(await uvu("node (base SIMD)", { TENSORTAPE_SIMD: "base" }));

const passed = results.reduce((s, r) => s + r.passed, 0);
const failed = results.reduce((s, r) => s + r.failed, 0);
for (const s of skipped) console.log(`skipped: ${s}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
