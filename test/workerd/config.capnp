# workerd test config: two workers (separate isolates, so each decides its own ready() options).
# Module paths are relative to this file; test/workerd/run.mjs bundles them into dist-test/workerd first.
using Workerd = import "/workerd/workerd.capnp";

const config :Workerd.Config = (
  services = [
    (name = "default-ready", worker = .defaultReady),
    (name = "module-ready", worker = .moduleReady),
  ],
);

const defaultReady :Workerd.Worker = (
  modules = [
    (name = "worker.js", esModule = embed "../../dist-test/workerd/worker.js"),
    (name = "simd.wasm", wasm = embed "../../dist-test/workerd/simd.wasm"),
    (name = "relaxed.wasm", wasm = embed "../../dist-test/workerd/relaxed.wasm"),
  ],
  compatibilityDate = "2026-11-01",
);

const moduleReady :Workerd.Worker = (
  modules = [
    (name = "explicit.js", esModule = embed "../../dist-test/workerd/explicit.js"),
    (name = "simd.wasm", wasm = embed "../../dist-test/workerd/simd.wasm"),
    (name = "relaxed.wasm", wasm = embed "../../dist-test/workerd/relaxed.wasm"),
  ],
  compatibilityDate = "2026-11-01",
);
