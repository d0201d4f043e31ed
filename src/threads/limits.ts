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

/**
 * The build imports a shared memory (limits 0x03, with a maximum): flipped to 0x01 (the same maximum, not
 * shared) it instantiates on a plain memory, and every other byte equals the plain build's (see
 * ../shared/docs/threads.md §1). A copy; bytes whose memory is not shared are returned as they are.
 */
export function unshared(shared: Uint8Array): Uint8Array {
  const at = memoryLimitsAt(shared);
  if (at < 0 || shared[at] !== 0x03) return shared;
  const b = shared.slice();
  b[at] = 0x01;
  return b;
}

/** Whether the module bytes import a shared memory. */
export const importsShared = (b: Uint8Array): boolean => { const at = memoryLimitsAt(b); return at >= 0 && b[at] === 0x03; };
