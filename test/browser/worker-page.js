// The shared cases inside a module Web Worker of the page (threads start from a worker too); posts the report back.
import * as tt from "/dist/index.js";
import { cases, runCases } from "/cases.js";

try {
  await tt.ready();
  const report = await runCases(tt, cases);
  postMessage({ ...report, crossOriginIsolated: self.crossOriginIsolated, info: tt.backendInfo(), cores: navigator.hardwareConcurrency });
} catch (e) {
  postMessage({ passed: 0, failed: 1, failures: [{ name: "ready", message: String(e) }], crossOriginIsolated: self.crossOriginIsolated });
}
