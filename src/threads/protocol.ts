// The pool's control block (a SharedArrayBuffer seen by the host and every worker) and the chunk loop they share.

// i32 words of the control block
/** generation counter: bumped (and notified) once per job; idle workers wait on it */
export const BELL = 0;
/** the claim word of the current job: gen (9 bits) << 22 | chunks (11 bits) << 11 | next chunk (11 bits) */
export const NEXT = 1;
/** chunks finished (run or skipped) in the current job */
export const DONE = 2;
/** set once by shutdown: workers leave their loop */
export const STOP = 3;
/** nonzero once a chunk of the current job threw: the slot that threw, plus one */
export const ERROR = 4;
export const KERNEL = 5, NARGS = 6, START = 7, END = 8, CHUNK = 9, WORK_ARG = 10, WORK_BYTES = 11;
/** the error message, one UTF-16 code unit per word */
export const MSG = 64, MSG_LEN = 448;
/** f64 index of the kernel's arguments (before its start and end) */
export const ARGS = 256, MAX_ARGS = 16;
export const CTL_BYTES = ARGS * 8 + MAX_ARGS * 8;
export const GEN_MASK = 511, MAX_CHUNKS = 2047;

export const claimWord = (gen: number, chunks: number): number => ((gen & GEN_MASK) << 22) | (chunks << 11);

// eslint-disable-next-line @typescript-eslint/ban-types
export type KernelFn = (...args: number[]) => void;

/** Record the first failure of a job: which slot, and its message. Later failures of the same job are dropped. */
function fail(ctl: Int32Array, slot: number, e: unknown): void {
  if (Atomics.compareExchange(ctl, ERROR, 0, slot + 1) !== 0) return;
  const text = String(e instanceof Error ? `${e.name}: ${e.message}` : e).slice(0, MSG_LEN - 1);
  for (let i = 0; i < text.length; i++) ctl[MSG + i] = text.charCodeAt(i);
  ctl[MSG + text.length] = 0;
}

/** The first failure's message, as `fail` stored it. */
export function failure(ctl: Int32Array): string {
  let s = "";
  for (let i = MSG; i < MSG + MSG_LEN && ctl[i] !== 0; i++) s += String.fromCharCode(ctl[i]);
  return s;
}

/**
 * Claim chunks of job `gen` until none is left and run each: kernel(args…, start, end), with the workspace
 * argument (if any) moved to this slot's own block. A claim is a compare-and-swap on the word that also holds
 * the job's generation and chunk count, so a worker that wakes late never claims a chunk of a later job, and the
 * host cannot start a new job (rewrite the arguments) while any claimed chunk is unfinished. After a failure the
 * remaining chunks are claimed and counted but not run, so the job always completes.
 */
export function runChunks(ctl: Int32Array, f64: Float64Array, fns: readonly KernelFn[], slot: number, gen: number, buf: number[]): void {
  for (;;) {
    const v = Atomics.load(ctl, NEXT);
    if (((v >>> 22) & GEN_MASK) !== (gen & GEN_MASK)) return;
    const chunks = (v >>> 11) & MAX_CHUNKS, idx = v & MAX_CHUNKS;
    if (idx >= chunks) return;
    if (Atomics.compareExchange(ctl, NEXT, v, v + 1) !== v) continue;
    if (Atomics.load(ctl, ERROR) === 0) {
      try {
        const n = ctl[NARGS], work = ctl[WORK_ARG], chunk = ctl[CHUNK], start = ctl[START] + idx * chunk;
        buf.length = n + 2;
        for (let i = 0; i < n; i++) buf[i] = f64[ARGS + i];
        if (work >= 0) buf[work] += slot * ctl[WORK_BYTES];
        buf[n] = start;
        buf[n + 1] = Math.min(start + chunk, ctl[END]);
        fns[ctl[KERNEL]](...buf);
      } catch (e) {
        fail(ctl, slot, e);
      }
    }
    Atomics.add(ctl, DONE, 1);
    Atomics.notify(ctl, DONE); // the calling thread may be asleep waiting for this chunk (pool.ts, finish)
  }
}

/** The name of the one host-side "kernel": matmul over a batch, by matrices (its id follows the wasm kernels'). */
export const MATMUL_BATCH = "matmul_batch_f32";

/**
 * matmul_f32 over matrices [start, end) of a batch: table holds 3 i32 byte offsets per matrix (into a, b, out),
 * and each matrix is computed whole, as one call on one thread would (so any split gives the same bits).
 */
export function matmulBatch(matmul: KernelFn, memory: WebAssembly.Memory): KernelFn {
  return (a, b, out, m, n, k, tA, tB, work, table, start, end) => {
    const t = new Int32Array(memory.buffer, table, 3 * end);
    for (let i = start; i < end; i++) matmul(a + t[3 * i], b + t[3 * i + 1], out + t[3 * i + 2], m, n, k, tA, tB, work, 0, m);
  };
}
