// The memory import's limits byte: the shared-memory kernel build made usable on a plain memory.

/** Read a LEB128 u32 at `i`; returns [value, next index]. */
function leb(b: Uint8Array, i: number): [number, number] {
  let v = 0, shift = 0, x: number;
  do { x = b[i++]; v |= (x & 127) << shift; shift += 7; } while (x & 128);
  return [v >>> 0, i];
}

/**
 * Index of the limits flags byte of the module's memory import (binary format §5.5.5: 0x00 min, 0x01 min max,
 * 0x03 shared min max), or -1 when the module imports no memory.
 */
export function memoryLimitsAt(b: Uint8Array): number {
  for (let i = 8; i < b.length;) {
    const id = b[i];
    const [size, body] = leb(b, i + 1);
    if (id === 2) {
      let [count, p] = leb(b, body);
      for (; count > 0; count--) {
        let n: number;
        [n, p] = leb(b, p); p += n; // module name
        [n, p] = leb(b, p); p += n; // field name
        const kind = b[p++];
        if (kind === 2) return p;
        if (kind === 0) [, p] = leb(b, p); // function: type index
        else if (kind === 1) { p++; const f = b[p++]; [, p] = leb(b, p); if (f & 1) [, p] = leb(b, p); } // table
        else if (kind === 3) p += 2; // global: value type, mutability
        else return -1;
      }
      return -1;
    }
    i = body + size;
  }
  return -1;
}

/** The LEB128 encoding of u32 `v`. */
function encode(v: number): number[] {
  const out: number[] = [];
  do { let x = v & 127; v >>>= 7; if (v !== 0) x |= 128; out.push(x); } while (v !== 0);
  return out;
}

/**
 * The plain build from the shared one: asc's `--sharedMemory --maximumMemory` build differs from its plain build
 * only in the memory import's limits (../shared/docs/threads.md §1): 0x03 min max (shared) there, 0x00 min here.
 * So the flag becomes 0x00, the maximum is dropped and the import section's size is re-encoded; every other
 * byte is the plain build's. Bytes whose memory is not shared are returned as they are.
 */
export function unshared(b: Uint8Array): Uint8Array {
  const at = memoryLimitsAt(b);
  if (at < 0 || b[at] !== 0x03) return b;
  const [, maxAt] = leb(b, at + 1), [, after] = leb(b, maxAt);
  // the import section (id 2) holding `at`: its header, then its body
  let sec = 8;
  for (;;) {
    const [size, body] = leb(b, sec + 1);
    if (b[sec] === 2 && at < body + size) {
      const head = [2, ...encode(size - (after - maxAt))];
      const out = new Uint8Array(b.length - (body - sec) + head.length - (after - maxAt));
      out.set(b.subarray(0, sec));
      out.set(head, sec);
      let o = sec + head.length;
      out.set(b.subarray(body, at), o); o += at - body;
      out[o++] = 0x00;
      out.set(b.subarray(at + 1, maxAt), o); o += maxAt - at - 1;
      out.set(b.subarray(after), o);
      return out;
    }
    sec = body + size;
  }
}

/** Whether the module bytes import a shared memory. */
export const importsShared = (b: Uint8Array): boolean => { const at = memoryLimitsAt(b); return at >= 0 && b[at] === 0x03; };
