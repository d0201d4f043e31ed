// The worker pool: starting workers on the shared memory, dispatching one split kernel call, shutting down.
import { KernelError } from "../errors.js";
import {
  ARGS, BELL, CHUNK, claimWord, CTL_BYTES, DONE, END, ERROR, failure, GEN_MASK, KERNEL, MATMUL_BATCH, MAX_ARGS, MAX_CHUNKS,
  matmulBatch, NARGS, NEXT, runChunks, START, STOP, WORK_ARG, WORK_BYTES, type KernelFn,
} from "./protocol.js";
import type { WorkerInit } from "./worker.js";

/** A worker of either API, reduced to what the pool uses. */
interface Handle { post(m: WorkerInit): void; terminate(): Promise<unknown> | void; unref(): void }
type Reply = { ok: true } | { error: string };

type NodeWorker = {
  postMessage(m: unknown): void; terminate(): Promise<number>; unref(): void;
  once(ev: "message" | "error" | "exit", fn: (x: unknown) => void): void; on(ev: "error", fn: (e: unknown) => void): void;
};
type WebWorker = {
  postMessage(m: unknown): void; terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null; onerror: ((e: unknown) => void) | null;
};
type G = {
  process?: { getBuiltinModule?: (id: string) => unknown };
  Worker?: new (url: URL, opts: { type: "module" }) => WebWorker;
  crossOriginIsolated?: boolean;
  Deno?: { permissions?: { querySync?: (d: { name: string; path?: URL }) => { state: string } } };
};
const g = globalThis as unknown as G;

/**
 * Whether this runtime can run workers on a shared memory: SharedArrayBuffer, and worker_threads (Node, Deno) or
 * module Web Workers (browsers, inside Web Workers too), and not a page without cross-origin isolation (there
 * `new WebAssembly.Memory({ shared: true })` still works but posting it throws DataCloneError).
 */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return false;
  if (g.crossOriginIsolated === false) return false;
  return nodeWorkers() !== null || typeof g.Worker === "function";
}

type NodeWorkerClass = new (url: URL, o: { workerData: unknown; execArgv: string[] }) => NodeWorker;
function nodeWorkers(): NodeWorkerClass | null {
  try {
    const wt = g.process?.getBuiltinModule?.("worker_threads") as { Worker?: NodeWorkerClass } | undefined;
    return wt?.Worker ?? null;
  } catch { return null; }
}

/** Polls before the calling thread sleeps while waiting for other threads' chunks (≈ 20 µs). */
const MAIN_SPIN = 2000;

/** Whether this thread may block in Atomics.wait (a browser's main thread may not: it throws a TypeError). */
function blockable(): boolean {
  try { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0); return true; } catch { return false; }
}

/** Start one worker and wait for its instances; rejects when it cannot start or instantiate. */
function spawn(url: URL, init: WorkerInit): Promise<Handle> {
  const NodeW = nodeWorkers();
  let timer: ReturnType<typeof setTimeout> | undefined, handle: Handle | undefined;
  const started = new Promise<Handle>((resolve, reject) => {
    const settle = (h: Handle, r: unknown) => {
      const reply = r as Reply;
      if ("ok" in reply) resolve(h);
      else { void h.terminate(); reject(new Error(reply.error)); }
    };
    if (NodeW !== null) {
      // Deno asks for read permission on the file: never prompt, fall back instead
      const q = g.Deno?.permissions?.querySync?.({ name: "read", path: url });
      if (q !== undefined && q.state !== "granted") throw new Error(`no read permission for ${url.href}`);
      // execArgv: none of the caller's (--input-type, --import loaders…) apply to the worker entry; V8 flags such
      // as --experimental-wasm-relaxed-simd are process-wide and need no copy
      const w = new NodeW(url, { workerData: { tensortape: 1 }, execArgv: [] });
      const h: Handle = (handle = { post: (m) => w.postMessage(m), terminate: () => w.terminate(), unref: () => w.unref() });
      w.on("error", (e) => reject(e));
      w.once("message", (r) => settle(h, r));
      h.post(init);
    } else {
      const w = new g.Worker!(url, { type: "module" });
      const h: Handle = (handle = { post: (m) => w.postMessage(m), terminate: () => w.terminate(), unref: () => {} });
      w.onerror = (e) => reject(new Error(`worker ${url.href} failed to load: ${(e as { message?: string }).message ?? "error"}`));
      w.onmessage = (e) => { w.onmessage = null; settle(h, e.data); };
      h.post(init); // a page without cross-origin isolation throws DataCloneError here (threadsAvailable catches most)
    }
    // a worker that never answers (a script that loads but never runs the entry) must not hold ready() forever
    timer = setTimeout(() => { void handle?.terminate(); reject(new Error(`worker ${url.href} did not start within ${START_MS} ms`)); }, START_MS);
  });
  return started.finally(() => clearTimeout(timer));
}

/** How long a worker may take to start and instantiate the kernels before ready() gives up on threads. */
const START_MS = 30_000;

export class Pool {
  private readonly ctl: Int32Array;
  private readonly f64: Float64Array;
  private readonly buf: number[] = [];
  private stopped = false;
  /** split calls run so far */
  jobs = 0;
  private readonly canBlock = blockable();

  private constructor(readonly size: number, sab: SharedArrayBuffer, private readonly workers: Handle[],
    private readonly names: readonly string[], private readonly fns: readonly KernelFn[]) {
    this.ctl = new Int32Array(sab);
    this.f64 = new Float64Array(sab);
  }

  /**
   * `threads` − 1 workers, each with its own instances of `modules` on `memory`; null when any of them cannot
   * start (then none is left running). `fns` are this thread's kernels, in `names` order.
   */
  static async start(threads: number, modules: WebAssembly.Module[], memory: WebAssembly.Memory, names: readonly string[],
    fns: readonly KernelFn[], url: URL, spin: number): Promise<Pool | null> {
    const sab = new SharedArrayBuffer(CTL_BYTES);
    const started = await Promise.allSettled(Array.from({ length: threads - 1 }, (_, i) =>
      spawn(url, { modules, memory, ctl: sab, names, slot: i + 1, spin })));
    const ok = started.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    if (ok.length < threads - 1) {
      await Promise.all(ok.map((h) => h.terminate()));
      return null;
    }
    for (const h of ok) h.unref(); // idle workers do not keep Node or Deno alive
    const matmul = fns[names.indexOf("matmul_f32")];
    return new Pool(threads, sab, ok, [...names, MATMUL_BATCH], [...fns, matmulBatch(matmul, memory)]);
  }

  /**
   * kernel(args…, s, e) over [start, end) in chunks of `chunk` (the last one shorter), claimed by this thread and
   * the workers; returns when every chunk is done. `work` = [argument index, bytes]: that pointer argument is a
   * per-thread workspace of `bytes` bytes, the block of thread t at pointer + t·bytes. This thread never sleeps
   * (a browser's main thread may not Atomics.wait): it runs chunks, then polls for the others.
   */
  run(kernel: number, args: readonly number[], start: number, end: number, chunk: number, work: readonly [number, number] | null): void {
    const ctl = this.ctl, f64 = this.f64;
    this.jobs++;
    const chunks = Math.ceil((end - start) / chunk);
    if (chunks > MAX_CHUNKS || args.length > MAX_ARGS) throw new Error(`internal: ${chunks} chunks, ${args.length} arguments`);
    const gen = (ctl[BELL] + 1) & GEN_MASK;
    ctl[KERNEL] = kernel; ctl[NARGS] = args.length; ctl[START] = start; ctl[END] = end; ctl[CHUNK] = chunk;
    ctl[WORK_ARG] = work === null ? -1 : work[0]; ctl[WORK_BYTES] = work === null ? 0 : work[1];
    for (let i = 0; i < args.length; i++) f64[ARGS + i] = args[i];
    Atomics.store(ctl, DONE, 0);
    Atomics.store(ctl, ERROR, 0);
    Atomics.store(ctl, NEXT, claimWord(gen, chunks));
    Atomics.add(ctl, BELL, 1);
    Atomics.notify(ctl, BELL, Math.min(chunks - 1, this.workers.length));
    runChunks(ctl, f64, this.fns, 0, gen, this.buf);
    if (Atomics.load(ctl, DONE) < chunks) this.finish(chunks);
    if (Atomics.load(ctl, ERROR) !== 0) {
      const slot = ctl[ERROR] - 1;
      throw new KernelError(`${this.names[kernel]} failed on ${slot === 0 ? "the calling thread" : `worker ${slot}`}: ${failure(ctl)}`);
    }
  }

  /**
   * Wait for the chunks other threads still run: poll a while (they are usually about to finish), then — where this
   * thread may block (Node's and Deno's main thread, Web Workers; never a browser's main thread) — sleep in
   * Atomics.wait until a worker's notify, so that on a busy machine the core goes to the thread being waited for.
   */
  private finish(chunks: number): void {
    const ctl = this.ctl;
    for (let s = 0; s < MAIN_SPIN && Atomics.load(ctl, DONE) < chunks; s++);
    if (!this.canBlock) { while (Atomics.load(ctl, DONE) < chunks); return; }
    for (let d = Atomics.load(ctl, DONE); d < chunks; d = Atomics.load(ctl, DONE)) Atomics.wait(ctl, DONE, d, 5);
  }

  /** Wake every worker with the stop flag set, then end them. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    Atomics.store(this.ctl, STOP, 1);
    Atomics.add(this.ctl, BELL, 1);
    Atomics.notify(this.ctl, BELL);
    await Promise.all(this.workers.map((h) => h.terminate()));
  }
}
