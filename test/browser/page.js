// Browser page: run the shared cases against dist/index.js and leave the report on window.__result for run.mjs.
import * as tt from "/dist/index.js";
import { cases, runCases } from "/cases.js";

if (location.pathname.includes("worker")) {
  // this page's mode runs the cases inside a module Web Worker instead
  const w = new Worker("/worker-page.js", { type: "module" });
  w.onmessage = (e) => { window.__result = e.data; };
  w.onerror = (e) => { window.__result = { passed: 0, failed: 1, failures: [{ name: "worker", message: e.message }] }; };
} else try {
  await tt.ready();
  const report = await runCases(tt, cases, (line) => console.log(line));
  window.__result = { ...report, crossOriginIsolated: self.crossOriginIsolated, info: tt.backendInfo(), cores: navigator.hardwareConcurrency };
} catch (e) {
  // ready() itself failed (e.g. a CSP without 'wasm-unsafe-eval'): report it as the page's one failure
  window.__result = { passed: 0, failed: 1, failures: [{ name: "ready", message: String(e) }], crossOriginIsolated: self.crossOriginIsolated };
}
