// Refcounted buffers and the allocator over wasm linear memory: the only code that frees wasm memory.
import { OutOfMemoryError, ShapeError } from "./errors.js";
import { MAX_WASM_BYTES, PAGE, rt } from "./wasm.js";

/** A block of wasm memory shared by every handle (and tape) that holds a reference to it. */
export class DataBuffer {
  constructor(readonly ptr: number, readonly bytes: number, public refs: number) {}
}

const ALIGN = 16;
// Size classes: multiples of 16 bytes up to 1 KiB, then 8 classes per power of two (waste ≤ 12.5%).
// Freed blocks go on their class's stack and are reused by the next request of that class.
function sizeClass(bytes: number): number {
  if (bytes <= 1024) return (bytes + ALIGN - 1) & ~(ALIGN - 1);
  const step = 2 ** (Math.floor(Math.log2(bytes)) - 3);
  return Math.ceil(bytes / step) * step;
}

const free = new Map<number, number[]>();
let top = 0; // first never-used byte; blocks live in [metaPtr + META_BYTES, top)
let metaPtr = 0; // META_BYTES at the heap base kept for kernel metadata (see `scratch`)
const META_BYTES = 1024;
let live = { buffers: 0, bytes: 0 };
// for tt.profile: the high-water mark of live bytes and the running total of bytes ever allocated
let peakBytes = 0;
let allocatedBytes = 0;

function init(): void {
  if (top !== 0) return;
  metaPtr = (rt().kernels.heapBase() + ALIGN - 1) & ~(ALIGN - 1);
  top = metaPtr + META_BYTES;
  ensure(top);
}

/** Grow wasm memory so that [0, end) is addressable; throws OutOfMemoryError without side effects. */
function ensure(end: number, requested = 0): void {
  const { memory, maxBytes } = rt();
  const have = memory.buffer.byteLength;
  if (end <= have) return;
  const pages = Math.ceil((end - have) / PAGE);
  if (end > maxBytes) throw oom(requested, end - have);
  try {
    memory.grow(pages);
  } catch {
    throw oom(requested, end - have);
  }
}

function oom(requested: number, short: number): OutOfMemoryError {
  const { maxBytes } = rt();
  return new OutOfMemoryError(
    `out of memory: cannot allocate ${requested} bytes (${live.bytes} bytes live in ${live.buffers} buffers, ` +
    `wasm memory ${rt().memory.buffer.byteLength} bytes, limit ${maxBytes} bytes; ${short} more bytes were needed)`);
}

/** Pointer to a small region reserved for kernel metadata (shapes and strides), valid until the next kernel call. */
export function scratch(): number {
  init();
  return metaPtr;
}

/** A new buffer of `bytes` bytes with one reference. Its contents are unspecified. */
export function allocBuffer(bytes: number): DataBuffer {
  // the last line of defence (always on): a size is a non-negative integer; one beyond what wasm32 can
  // address is refused before any bookkeeping changes
  if (!(bytes >= 0 && Math.floor(bytes) === bytes)) throw new ShapeError(`allocate: internal check: invalid byte size ${String(bytes)}`);
  if (bytes > MAX_WASM_BYTES) throw oom(bytes, bytes);
  init();
  const cls = sizeClass(bytes);
  const stack = free.get(cls);
  let ptr: number;
  if (stack !== undefined && stack.length > 0) {
    ptr = stack.pop()!;
  } else {
    ptr = bump(cls, bytes);
  }
  live.buffers++;
  live.bytes += bytes;
  allocatedBytes += bytes;
  if (live.bytes > peakBytes) peakBytes = live.bytes;
  return new DataBuffer(ptr, bytes, 1);
}

/** A fresh block at the top of the heap; when memory cannot grow, the cached blocks are reorganised first. */
function bump(cls: number, bytes: number): number {
  try {
    ensure(top + cls, bytes);
  } catch (e) {
    // Out of room: merge adjacent cached blocks and hand the top of the heap back, then retry; failing
    // that, split a larger cached block. Only when neither fits is the request refused (nothing changed).
    reclaim();
    const again = free.get(cls);
    if (again !== undefined && again.length > 0) return again.pop()!;
    if (top + cls > rt().memory.buffer.byteLength) {
      const p = bestFit(cls);
      if (p !== null) return p;
      ensure(top + cls, bytes); // throws the OutOfMemoryError, or grows after all
    }
  }
  const ptr = top;
  top += cls;
  return ptr;
}

/** The largest size class that fits in `size` bytes (0 below 16). */
function floorClass(size: number): number {
  if (size <= 1024) return size & ~(ALIGN - 1);
  const step = 2 ** (Math.floor(Math.log2(size)) - 3);
  return Math.floor(size / step) * step;
}

/** Put [ptr, ptr + size) back on the free stacks as class-sized blocks. */
function carve(ptr: number, size: number): void {
  for (let c = floorClass(size); c > 0; c = floorClass(size)) {
    let stack = free.get(c);
    if (stack === undefined) free.set(c, (stack = []));
    stack.push(ptr);
    ptr += c;
    size -= c;
  }
}

/** Merge adjacent cached blocks; a run that ends at the top of the heap lowers the top instead. */
function reclaim(): void {
  const blocks: [number, number][] = [];
  for (const [cls, stack] of free) for (const p of stack) blocks.push([p, cls]);
  free.clear();
  blocks.sort((a, b) => a[0] - b[0]);
  const runs: [number, number][] = [];
  for (const [p, n] of blocks) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[0] + last[1] === p) last[1] += n;
    else runs.push([p, n]);
  }
  const last = runs[runs.length - 1];
  if (last !== undefined && last[0] + last[1] === top) { top = last[0]; runs.pop(); }
  for (const [p, n] of runs) carve(p, n);
}

/** The smallest cached block of a larger class, its rest returned to the free stacks; null if none. */
function bestFit(cls: number): number | null {
  let best = Infinity;
  for (const [c, stack] of free) if (c > cls && c < best && stack.length > 0) best = c;
  if (best === Infinity) return null;
  const ptr = free.get(best)!.pop()!;
  carve(ptr + cls, best - cls);
  return ptr;
}

export function retain(buf: DataBuffer): DataBuffer {
  buf.refs++;
  return buf;
}

/** Drop one reference; the last one returns the block to the allocator. */
export function release(buf: DataBuffer): void {
  if (--buf.refs > 0) return;
  if (buf.refs < 0) throw new Error(`internal: buffer at ${buf.ptr} released twice`);
  const cls = sizeClass(buf.bytes);
  let stack = free.get(cls);
  if (stack === undefined) free.set(cls, (stack = []));
  stack.push(buf.ptr);
  live.buffers--;
  live.bytes -= buf.bytes;
}

export function bufferStats(): { numBuffers: number; numBytes: number; wasmBytes: number } {
  return { numBuffers: live.buffers, numBytes: live.bytes, wasmBytes: rt().memory.buffer.byteLength };
}

/** @internal the high-water mark of live bytes and the bytes ever allocated (for tt.profile) */
export function allocCounters(): { peakBytes: number; allocatedBytes: number } {
  return { peakBytes, allocatedBytes };
}

/** @internal set the high-water mark (to the live bytes at a profile's start, or back to an outer profile's) */
export function setPeak(bytes: number): void { peakBytes = Math.max(bytes, live.bytes); }
