// Refcounted buffers and the allocator over wasm linear memory: the only code that frees wasm memory.
import { OutOfMemoryError } from "./errors.js";
import { PAGE, rt } from "./wasm.js";

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
let cachedBytes = 0; // bytes parked on the free stacks

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
  init();
  const cls = sizeClass(bytes);
  const stack = free.get(cls);
  let ptr: number;
  if (stack !== undefined && stack.length > 0) {
    ptr = stack.pop()!;
    cachedBytes -= cls;
  } else {
    ensure(top + cls, bytes);
    ptr = top;
    top += cls;
  }
  live.buffers++;
  live.bytes += bytes;
  return new DataBuffer(ptr, bytes, 1);
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
  cachedBytes += cls;
  live.buffers--;
  live.bytes -= buf.bytes;
}

export function bufferStats(): { numBuffers: number; numBytes: number; wasmBytes: number } {
  return { numBuffers: live.buffers, numBytes: live.bytes, wasmBytes: rt().memory.buffer.byteLength };
}
