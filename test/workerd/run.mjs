// workerd: bundle the test workers as Workers users would (package entry for Workers, .wasm module imports), run
// `workerd test` on them and sum the "N passed, M failed" line each worker prints; ends with that line itself.
import { spawnSync } from "node:child_process";
import * as esbuild from "esbuild";

const root = new URL("../..", import.meta.url).pathname;
process.chdir(root);

// Like wrangler: resolve the "workerd"/"worker" export conditions and keep .wasm imports as imports.
await esbuild.build({
  bundle: true, format: "esm", platform: "neutral", target: "es2022", logLevel: "warning",
  conditions: ["workerd", "worker"], entryPoints: ["test/workerd/worker.ts", "test/workerd/explicit.ts"],
  outdir: "dist-test/workerd", loader: { ".wasm": "copy" }, assetNames: "[name]",
});

const r = spawnSync("node_modules/.bin/workerd", ["test", "test/workerd/config.capnp"], { encoding: "utf8", timeout: 60_000 });
const out = `${r.stdout ?? ""}${r.stderr ?? ""}`;
process.stdout.write(out);
if (r.error) console.log(`workerd: ${r.error.message}`);
let passed = 0, failed = 0;
for (const m of out.matchAll(/(\d+) passed, (\d+) failed/g)) { passed += Number(m[1]); failed += Number(m[2]); }
// A worker that never got to its summary (startup error, crash) shows only as a [ FAIL ] or a bad exit.
const unreported = [...out.matchAll(/\[ FAIL \]/g)].length > 0 && failed === 0;
if (unreported || r.status !== 0 && failed === 0) failed++;
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
