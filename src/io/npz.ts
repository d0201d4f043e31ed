// numpy's .npz archives: a zip of .npy files. Written stored (as np.savez); read stored or deflated
// (np.savez_compressed) with fflate 0.8.3's unzip (MIT; its compressor is left out of the bundle).
import { unzipSync, type Unzipped } from "fflate";
import { ArgumentError } from "../errors.js";
import { tensor } from "../ops/creation.js";
import { dispose } from "../scope.js";
import type { Tensor } from "../tensor.js";
import { toPaths } from "../tree.js";
import { parseNpy, saveNpy } from "./npy.js";

/** Decompressed bytes an archive may claim per member and in all (a zip bomb stops here, before inflating). */
const MAX_MEMBER = 2 ** 31 - 1;

/** CRC-32 (IEEE, reflected 0xEDB88320), as zip stores it. */
let crcTable: Int32Array | null = null;
function crc32(b: Uint8Array): number {
  if (crcTable === null) {
    crcTable = new Int32Array(256);
    for (let n = 0; n < 256; n++) { let c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; crcTable[n] = c; }
  }
  let c = -1;
  for (let i = 0; i < b.length; i++) c = crcTable[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

/** A zip of stored members (APPNOTE 4.3: local headers, data, central directory, end record); sizes below 4 GiB. */
function zipStored(files: [string, Uint8Array][], op: string): Uint8Array {
  const enc = new TextEncoder();
  const items = files.map(([name, data]) => ({ name: enc.encode(name), data, crc: crc32(data), at: 0 }));
  const local = items.reduce((n, f) => n + 30 + f.name.length + f.data.length, 0);
  const central = items.reduce((n, f) => n + 46 + f.name.length, 0);
  if (local + central + 22 > 0xffffffff || items.length > 0xffff) throw new ArgumentError(`${op}: the archive would exceed 4 GiB or 65,535 members (zip64 is not written)`);
  const out = new Uint8Array(local + central + 22);
  const dv = new DataView(out.buffer);
  let p = 0;
  // common header fields: version 2.0, flags 0x800 (UTF-8 names), method 0 (stored), DOS time 1980-01-01 00:00
  const common = (f: typeof items[number]) => {
    dv.setUint16(p, 20, true); dv.setUint16(p + 2, 0x800, true); dv.setUint16(p + 4, 0, true);
    dv.setUint16(p + 6, 0, true); dv.setUint16(p + 8, 0x21, true); dv.setUint32(p + 10, f.crc, true);
    dv.setUint32(p + 14, f.data.length, true); dv.setUint32(p + 18, f.data.length, true); dv.setUint16(p + 22, f.name.length, true);
  };
  for (const f of items) {
    f.at = p;
    dv.setUint32(p, 0x04034b50, true); p += 4;
    common(f); p += 26;
    out.set(f.name, p); p += f.name.length;
    out.set(f.data, p); p += f.data.length;
  }
  for (const f of items) {
    dv.setUint32(p, 0x02014b50, true); dv.setUint16(p + 4, 20, true); p += 6;
    common(f); p += 26;
    dv.setUint32(p + 10, f.at, true); p += 14;        // comment length, disk, attributes: 0; then the offset
    out.set(f.name, p); p += f.name.length;
  }
  dv.setUint32(p, 0x06054b50, true);
  dv.setUint16(p + 8, items.length, true); dv.setUint16(p + 10, items.length, true);
  dv.setUint32(p + 12, central, true); dv.setUint32(p + 16, local, true);
  return out;
}

/**
 * An .npz archive of named tensors, or of a tree's dotted paths (`np.load(f)["params.w"]`), each member `<name>.npy`,
 * stored uncompressed as `np.savez` writes it.
 */
export function saveNpz(namedTensorsOrTree: unknown): Uint8Array {
  const op = "io.saveNpz";
  const named = toPaths(namedTensorsOrTree, op);
  return zipStored(Object.entries(named).map(([name, t]) => [`${name}.npy`, saveNpy(t)]), op);
}

/**
 * The arrays of an .npz archive (stored or deflated) by name, without the `.npy` suffix; each member is read as
 * `loadNpy` reads a file. Every member is checked and decoded before any tensor is made.
 */
export function loadNpz(bytes: Uint8Array): Record<string, Tensor> {
  const op = "io.loadNpz";
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(`${op}: expected a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`);
  let files: Unzipped;
  let claimed = 0;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        claimed += f.originalSize;
        if (f.originalSize > MAX_MEMBER || claimed > MAX_MEMBER) throw new ArgumentError(`${op}: member "${f.name}" claims ${f.originalSize} bytes, beyond ${MAX_MEMBER}`);
        return true;
      },
    });
  } catch (e) {
    if (e instanceof ArgumentError) throw e;
    throw new ArgumentError(`${op}: not a readable zip archive (${(e as Error).message})`);
  }
  const parsed = Object.entries(files).map(([name, data]) => {
    if (!name.endsWith(".npy")) throw new ArgumentError(`${op}: member "${name}" is not an .npy file`);
    return { name: name.slice(0, -4), ...parseNpy(data, `${op}: member "${name}"`, "the array") };
  });
  const made: Tensor[] = [];
  try {
    for (const p of parsed) made.push(tensor(p.values, p.shape, p.dtype));
  } catch (err) {
    dispose(made);
    throw err;
  }
  return Object.fromEntries(parsed.map((p, i) => [p.name, made[i]]));
}
