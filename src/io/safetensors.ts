// safetensors files (bytes in, bytes out): an 8-byte header length, a JSON header, then the tensors' bytes.
import { ArgumentError } from "../errors.js";
import { tensor } from "../ops/creation.js";
import { dispose } from "../scope.js";
import { Tensor, type DType } from "../tensor.js";
import { toPaths, requireLive } from "../tree.js";
import { checkFileShape, decode, fileDType, FILE_DTYPES } from "./convert.js";

const CODE: Record<DType, string> = { float32: "F32", int32: "I32", bool: "BOOL" };
const isPlain = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/**
 * A safetensors file of named tensors, or of a tree whose paths become dotted names (`params.w1`, `layers.0.w`).
 * `metadata` is a record of strings (`__metadata__`). float32 → F32, int32 → I32, bool → BOOL.
 *
 *     const bytes = tt.io.saveSafetensors({ params, opt: opt.getWeights() });
 */
export function saveSafetensors(namedTensorsOrTree: unknown, metadata?: Record<string, string>): Uint8Array {
  const op = "io.saveSafetensors";
  const named = toPaths(namedTensorsOrTree, op);
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) {
    if (!isPlain(metadata) || Object.values(metadata).some((v) => typeof v !== "string")) throw new ArgumentError(`${op}: metadata must be a record of strings`);
    header.__metadata__ = { ...metadata };
  }
  let end = 0;
  const parts: [Tensor, number][] = [];
  for (const [name, t] of Object.entries(named)) {
    if (name === "__metadata__") throw new ArgumentError(`${op}: "__metadata__" is reserved and cannot name a tensor`);
    requireLive(t, op);
    const n = t.size * (t.dtype === "bool" ? 1 : 4);
    Object.defineProperty(header, name, { value: { dtype: CODE[t.dtype], shape: t.shape.slice(), data_offsets: [end, end + n] }, enumerable: true });
    parts.push([t, end]);
    end += n;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  // pad the header with spaces so the data starts 8-byte aligned (as the reference writer does)
  const padded = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + padded + end);
  new DataView(out.buffer).setBigUint64(0, BigInt(padded), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + padded);
  json = new Uint8Array(0);
  for (const [t, at] of parts) {
    const v = t.dataSync();
    const bytes = new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    // typed arrays are little-endian on every engine this runs on (wasm memory is little-endian)
    out.set(bytes, 8 + padded + at);
  }
  return out;
}

interface Entry { name: string; dtype: ReturnType<typeof fileDType>; shape: number[]; size: number; begin: number; end: number }

/** Parse and check a header completely: nothing is allocated before every entry has passed. */
function parseHeader(bytes: Uint8Array, op: string): { entries: Entry[]; metadata: Record<string, string>; base: number } {
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(`${op}: expected a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`);
  if (bytes.length < 8) throw new ArgumentError(`${op}: the file has ${bytes.length} bytes, fewer than the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) throw new ArgumentError(`${op}: the header length ${n} runs past the end of the file (${bytes.length} bytes)`);
  const base = 8 + Number(n);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, base)));
  } catch (e) {
    throw new ArgumentError(`${op}: the header is not valid UTF-8 JSON (${(e as Error).message})`);
  }
  if (!isPlain(header)) throw new ArgumentError(`${op}: the header must be a JSON object, got ${Array.isArray(header) ? "an array" : JSON.stringify(header)}`);
  const dataLength = bytes.length - base;
  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, e] of Object.entries(header)) {
    if (name === "__metadata__") {
      if (!isPlain(e) || Object.values(e).some((v) => typeof v !== "string")) throw new ArgumentError(`${op}: __metadata__ must be an object of strings`);
      Object.entries(e).forEach(([k, v]) => Object.defineProperty(metadata, k, { value: v, enumerable: true }));
      continue;
    }
    const what = `tensor "${name}"`;
    if (!isPlain(e)) throw new ArgumentError(`${op}: ${what} must be an object with dtype, shape and data_offsets`);
    const dtype = fileDType(e.dtype, op, what);
    const { shape, size } = checkFileShape(e.shape, FILE_DTYPES[dtype].bytes, op, what);
    const off = e.data_offsets;
    if (!Array.isArray(off) || off.length !== 2 || !off.every((x) => Number.isSafeInteger(x) && x >= 0)) {
      throw new ArgumentError(`${op}: ${what} has data_offsets ${JSON.stringify(off)}, not two non-negative integers`);
    }
    const [begin, end] = off as number[];
    if (begin > end || end > dataLength) throw new ArgumentError(`${op}: ${what} has data_offsets [${begin}, ${end}] outside the ${dataLength} data bytes`);
    if (end - begin !== size * FILE_DTYPES[dtype].bytes) {
      throw new ArgumentError(`${op}: ${what} (${dtype} ${JSON.stringify(shape)}) needs ${size * FILE_DTYPES[dtype].bytes} bytes, its data_offsets span ${end - begin}`);
    }
    entries.push({ name, dtype, shape, size, begin, end });
  }
  // the ranges must tile the data exactly: no overlaps, no holes (as the reference reader checks)
  const sorted = entries.slice().sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.begin < at) throw new ArgumentError(`${op}: tensor "${e.name}" [${e.begin}, ${e.end}] overlaps another tensor's bytes`);
    if (e.begin > at) throw new ArgumentError(`${op}: the data bytes [${at}, ${e.begin}) belong to no tensor`);
    at = e.end;
  }
  if (at !== dataLength) throw new ArgumentError(`${op}: the data bytes [${at}, ${dataLength}) belong to no tensor`);
  return { entries, metadata, base };
}

/**
 * The tensors of a safetensors file, as a flat record of names (rebuild a tree with `tt.tree.fromPaths`), and its
 * metadata. F32, I32, BOOL load as they are; F16, BF16, F64 → float32; I8, U8, I16, U16 → int32; U32, I64, U64 →
 * int32 when in range. A malformed file throws an ArgumentError (or DTypeError) before any tensor is made.
 */
export function loadSafetensors(bytes: Uint8Array): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const op = "io.loadSafetensors";
  const { entries, metadata, base } = parseHeader(bytes, op);
  const decoded = entries.map((e) => decode(bytes, base + e.begin, e.size, e.dtype, true, op, `tensor "${e.name}"`));
  const made: Tensor[] = [];
  try {
    entries.forEach((e, i) => made.push(tensor(decoded[i], e.shape, FILE_DTYPES[e.dtype].to)));
  } catch (err) {
    dispose(made);
    throw err;
  }
  return { tensors: Object.fromEntries(entries.map((e, i) => [e.name, made[i]])), metadata };
}
