// npm run example:worker: bundle examples/worker.js as wrangler would (the "workerd" export condition, .wasm
// imports kept as module imports) and serve it with workerd on 127.0.0.1:8787 (or --port N).
// --check: serve on a free port, request /?x=0,1,2 once, print the answer and stop (the consumer test runs this).
import { spawn } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import * as esbuild from "esbuild";

const root = new URL("..", import.meta.url).pathname;
process.chdir(root);
const args = process.argv.slice(2);
const check = args.includes("--check");
const out = "dist-example/worker";

await esbuild.build({
  entryPoints: ["examples/worker.js"], bundle: true, format: "esm", platform: "neutral", target: "es2022",
  conditions: ["workerd", "worker", "browser"], outdir: out, loader: { ".wasm": "copy" }, assetNames: "[name]", logLevel: "warning",
});
mkdirSync(out, { recursive: true });
writeFileSync(`${out}/config.capnp`, `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [(name = "main", worker = (
    modules = [(name = "worker.js", esModule = embed "worker.js"),
               (name = "simd.wasm", wasm = embed "simd.wasm"), (name = "relaxed.wasm", wasm = embed "relaxed.wasm")],
    compatibilityDate = "2026-11-01"))],
  sockets = [(name = "http", address = "127.0.0.1:8787", http = (), service = "main")],
);\n`);

/** A port nobody listens on right now (the OS picks it). */
const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const portArg = args.indexOf("--port");
const port = check ? await freePort() : portArg >= 0 ? Number(args[portArg + 1]) : 8787;
const workerd = spawn("node_modules/.bin/workerd", ["serve", `${out}/config.capnp`, "-s", `http=127.0.0.1:${port}`],
  { stdio: ["ignore", check ? "pipe" : "inherit", "inherit"] });
const url = `http://127.0.0.1:${port}/?x=0,1,2`;

if (!check) {
  console.log(`serving examples/worker.js: try ${url}  (Ctrl-C stops)`);
  process.on("SIGINT", () => { workerd.kill(); process.exit(0); });
} else {
  let answer = null;
  for (let i = 0; i < 100 && answer === null && workerd.exitCode === null; i++) {
    try { answer = await (await fetch(url)).text(); } catch { await new Promise((r) => setTimeout(r, 100)); }
  }
  workerd.kill();
  console.log(answer ?? "no answer from workerd within 10 s");
  process.exit(answer === null ? 1 : 0);
}
