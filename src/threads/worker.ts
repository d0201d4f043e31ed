// The worker entry (dist/worker.js, `tensortape/worker`): kernels instantiated on the shared memory, run by chunk.
import { BELL, matmulBatch, runChunks, STOP, type KernelFn } from "./protocol.js";

/** What the host posts once: the compiled kernel modules (base, then relaxed overrides), the memory, the control block. */
export interface WorkerInit {
  modules: WebAssembly.Module[];
  memory: WebAssembly.Memory;
  ctl: SharedArrayBuffer;
  names: readonly string[];
  slot: number;
  /** Atomics.load polls before sleeping in Atomics.wait (0 when threads ≥ cores: spinning would steal the host's core) */
  spin: number;
}

function start(init: WorkerInit, reply: (m: { ok: true } | { error: string }) => void): void {
  let fns: KernelFn[];
  try {
    const imports = { env: { memory: init.memory, abort() { throw new Error("tensortape kernel abort (debug build)"); } } };
    const exports: Record<string, unknown> = {};
    // instantiating writes the module's static data again: the host does this only before ready() resolves
    for (const m of init.modules) Object.assign(exports, new WebAssembly.Instance(m, imports).exports);
    fns = init.names.map((n) => exports[n] as KernelFn);
    fns.push(matmulBatch(exports.matmul_f32 as KernelFn, init.memory)); // id names.length: see protocol.ts
  } catch (e) {
    reply({ error: String(e) });
    return;
  }
  reply({ ok: true });
  const ctl = new Int32Array(init.ctl), f64 = new Float64Array(init.ctl), buf: number[] = [];
  let seen = Atomics.load(ctl, BELL);
  for (;;) {
    for (let s = init.spin; s > 0 && Atomics.load(ctl, BELL) === seen; s--);
    while (Atomics.load(ctl, BELL) === seen) Atomics.wait(ctl, BELL, seen);
    if (Atomics.load(ctl, STOP) !== 0) break;
    seen = Atomics.load(ctl, BELL);
    runChunks(ctl, f64, fns, init.slot, seen, buf);
  }
}

// Node (and Deno) worker_threads, started by the host with workerData { tensortape: 1 }; else a Web Worker.
type Port = { once(ev: "message", fn: (m: WorkerInit) => void): void; postMessage(m: unknown): void };
const nodeThreads = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process?.getBuiltinModule?.("worker_threads") as
  { parentPort: Port | null; workerData: unknown } | undefined;
if (nodeThreads?.parentPort && (nodeThreads.workerData as { tensortape?: number } | null)?.tensortape === 1) {
  const port = nodeThreads.parentPort;
  port.once("message", (m) => start(m, (r) => port.postMessage(r)));
} else {
  const scope = globalThis as unknown as { onmessage: ((e: { data: WorkerInit }) => void) | null; postMessage(m: unknown): void };
  scope.onmessage = (e) => { scope.onmessage = null; start(e.data, (r) => scope.postMessage(r)); };
}
