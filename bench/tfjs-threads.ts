// tfjs-backend-wasm's threaded build in Node, enabled by hand (tfjs turns it off in Node: tensorflow/tfjs#3830).
import { mkdtempSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os, { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setThreadsCount } from "@tensorflow/tfjs-backend-wasm";

/**
 * Call before the "wasm" backend initialises. Three things stand in the way in Node, each bridged here:
 * 1. the WASM_HAS_MULTITHREAD_SUPPORT flag is hard-wired to false under Node: set it to true;
 * 2. tfjs hands Emscripten its pthread worker as a blob: URL, which Node's worker_threads cannot load: the same
 *    worker source (wasmWorkerContents, which has Node support built in) is written to a file, and that file's
 *    path is what URL.createObjectURL returns for it;
 * 3. each pthread then loads the main script from a Blob (tfjs's mainScriptUrlOrBlob), through an object URL
 *    that the worker reads as a file: the worker file starts by making URL.createObjectURL return a file that
 *    holds the same script (`var WasmBackendModuleThreadedSimd = <factory>`).
 * 4. XNNPACK's thread pool is created when the module starts, with emscripten_num_logical_cores() / 2 threads
 *    (tfjs halves the count for hyperthreads; setThreadsCount does not resize it), and in Node that count is
 *    os.cpus().length: os.cpus reports 2·threads entries until the backend has started (call the returned
 *    function then).
 * setThreadsCount(threads) is set as well. `threads` counts the calling thread, as tensortape's threads do.
 */
export function enableTfjsWasmThreads(threads: number): () => void {
  const require = createRequire(import.meta.url);
  const out = "@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd";
  const dir = mkdtempSync(join(tmpdir(), "tfjs-wasm-threads-"));
  const main = join(dir, "main.js"), worker = join(dir, "worker.js");
  const factory = require(`${out}.js`) as { toString(): string };
  writeFileSync(main, `var WasmBackendModuleThreadedSimd = ${factory.toString()};\n`);
  const { wasmWorkerContents } = require(`${out}.worker.js`) as { wasmWorkerContents: string };
  // (tfjs escapes the source's newlines the same way before making its Blob: they sit inside string literals)
  writeFileSync(worker, `URL.createObjectURL = () => ${JSON.stringify(main)}; URL.revokeObjectURL = () => {};\n` +
    wasmWorkerContents.replace(/\n/g, "\\n"));
  const create = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (b: Blob) => (b.type === "application/javascript" ? worker : create(b));
  tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", true);
  setThreadsCount(threads);
  const cpus = os.cpus;
  os.cpus = () => { const c = cpus(); return Array.from({ length: 2 * threads }, (_, i) => c[i % c.length]); };
  return () => { os.cpus = cpus; URL.createObjectURL = create; };
}
