// Deno: the shared cases against the universal bundle (dist/index.js, wasm embedded); ends with "N passed, M failed".
// `deno run test/deno/run.mjs` has no read permission, so ready() cannot start workers and runs on one thread; with
// `--allow-read … run.mjs threads` it runs on every core (worker_threads) and must then exit by itself.
import * as tt from "../../dist/index.js";
import { cases, runCases } from "../shared/cases.ts";

const threads = Deno.args[0] === "threads";
await tt.ready(); // Deno validates the relaxed-SIMD build without flags, so this runs the relaxed kernels
const info = tt.backendInfo();
const expected = threads ? Math.min(navigator.hardwareConcurrency, 8) : 1;
const infoCase = {
  name: `ready() runs ${expected} thread(s) ${threads ? "with" : "without"} read permission (no prompt, no error)`,
  run() {
    if (info.threads !== expected || info.sharedMemory !== expected > 1 || info.simd !== "relaxed") throw new Error(JSON.stringify(info));
  },
};
const report = await runCases(tt, [infoCase, ...cases], (line) => console.log(line));
console.log(`${report.passed} passed, ${report.failed} failed`);
// no Deno.exit: with threads, the idle workers must not keep Deno alive (test.mjs bounds this run's time)
if (report.failed > 0) Deno.exitCode = 1;
