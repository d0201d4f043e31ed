// numpy's .npy files (bytes in, bytes out): versions 1–3, little and big endian, C and Fortran order.
import { ArgumentError } from "../errors.js";
import { tensor } from "../ops/creation.js";
import { Tensor, type DType } from "../tensor.js";
import { checkFileShape, decode, FILE_DTYPES, type FileDType } from "./convert.js";
import { requireLive } from "../tree.js";

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const DESCR: Record<DType, string> = { float32: "<f4", int32: "<i4", bool: "|b1" };
/** numpy kind + item size → file dtype */
const KINDS: Record<string, FileDType> = {
  f2: "F16", f4: "F32", f8: "F64", i1: "I8", u1: "U8", i2: "I16", u2: "U16", i4: "I32", u4: "U32", i8: "I64", u8: "U64", b1: "BOOL",
};

/** One tensor as an .npy file (version 1.0, C order, little endian). */
export function saveNpy(t: Tensor): Uint8Array {
  const op = "io.saveNpy";
  if (!(t instanceof Tensor)) throw new ArgumentError(`${op}: expected a Tensor, got ${t === null ? "null" : typeof t}`);
  requireLive(t, op);
  const shape = t.rank === 1 ? `(${t.shape[0]},)` : `(${t.shape.join(", ")})`;
  let header = `{'descr': '${DESCR[t.dtype]}', 'fortran_order': False, 'shape': ${shape}, }`;
  // magic (6) + version (2) + length (2) + header + "\n" is a multiple of 64 (numpy's alignment)
  header += " ".repeat(63 - ((10 + header.length) % 64)) + "\n";
  const v = t.dataSync();
  const out = new Uint8Array(10 + header.length + v.byteLength);
  out.set(MAGIC);
  out[6] = 1; out[7] = 0;
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; i++) out[10 + i] = header.charCodeAt(i);
  out.set(new Uint8Array(v.buffer, v.byteOffset, v.byteLength), 10 + header.length);
  return out;
}

/** The header dict, read strictly: exactly the keys descr, fortran_order and shape, nothing else. */
function parseHeader(text: string, op: string): { descr: string; fortran: boolean; shape: number[] } {
  const body = /^\{(.*)\}\s*$/s.exec(text);
  if (body === null) throw new ArgumentError(`${op}: the header is not a Python dict: ${JSON.stringify(text.slice(0, 80))}`);
  const fields = new Map<string, string>();
  const item = /\s*'(\w+)'\s*:\s*('[^']*'|True|False|\([\d\s,]*\))\s*(?:,|(?=\s*$))/y;
  let at = 0;
  for (let g = item.exec(body[1]); g !== null; g = item.exec(body[1])) {
    if (fields.has(g[1])) throw new ArgumentError(`${op}: the header repeats the key '${g[1]}'`);
    fields.set(g[1], g[2]);
    at = item.lastIndex;
  }
  const rest = body[1].slice(at).trim();
  const keys = [...fields.keys()].sort().join(",");
  if (rest !== "" || keys !== "descr,fortran_order,shape") {
    throw new ArgumentError(`${op}: the header must hold exactly 'descr', 'fortran_order' and 'shape', got ${JSON.stringify(text.trim().slice(0, 120))}`);
  }
  const dims = fields.get("shape")!.slice(1, -1).split(",").map((x) => x.trim());
  if (dims.length > 1 && dims[dims.length - 1] === "") dims.pop();
  if (dims.some((x) => !/^\d+$/.test(x)) && !(dims.length === 1 && dims[0] === "")) {
    throw new ArgumentError(`${op}: 'shape' ${fields.get("shape")} is not a tuple of integers`);
  }
  const fo = fields.get("fortran_order")!;
  if (fo !== "True" && fo !== "False") throw new ArgumentError(`${op}: 'fortran_order' must be True or False, got ${fo}`);
  return { descr: fields.get("descr")!.slice(1, -1), fortran: fo === "True", shape: dims[0] === "" ? [] : dims.map(Number) };
}

/** Row-major order of values stored column-major (Fortran order) for `shape`. */
function fromFortran<T extends Float32Array | Int32Array | Uint8Array>(v: T, shape: number[]): T {
  if (shape.length < 2) return v;
  const out = new (v.constructor as new (n: number) => T)(v.length);
  const rank = shape.length, idx = new Array<number>(rank).fill(0);
  const fstride: number[] = [];
  let s = 1;
  for (let d = 0; d < rank; d++) { fstride.push(s); s *= shape[d]; }
  for (let i = 0; i < v.length; i++) {
    let f = 0;
    for (let d = 0; d < rank; d++) f += idx[d] * fstride[d];
    out[i] = v[f];
    for (let d = rank - 1; d >= 0; d--) { if (++idx[d] < shape[d]) break; idx[d] = 0; }
  }
  return out;
}

/**
 * The tensor in an .npy file: float16/32/64 → float32, (u)int8/16/32/64 → int32 (range-checked), bool; little or
 * big endian; C or Fortran order. A malformed file throws before any tensor is made.
 */
export function loadNpy(bytes: Uint8Array): Tensor {
  const { values, shape, dtype } = parseNpy(bytes, "io.loadNpy", "the array");
  return tensor(values, shape, dtype);
}

/** @internal an .npy file checked and decoded on the host (nothing allocated in wasm memory) */
export function parseNpy(bytes: Uint8Array, op: string, what: string): { values: Float32Array | Int32Array | Uint8Array; shape: number[]; dtype: DType } {
  if (!(bytes instanceof Uint8Array)) throw new ArgumentError(`${op}: expected a Uint8Array, got ${bytes === null ? "null" : typeof bytes}`);
  if (bytes.length < 10 || MAGIC.some((b, i) => bytes[i] !== b)) throw new ArgumentError(`${op}: not an .npy file (the magic string \\x93NUMPY is missing)`);
  const major = bytes[6];
  if (major < 1 || major > 3) throw new ArgumentError(`${op}: unsupported .npy version ${major}.${bytes[7]}`);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const lenBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lenBytes) throw new ArgumentError(`${op}: the file ends inside its header length`);
  const hlen = major === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = 8 + lenBytes + hlen;
  if (start > bytes.length) throw new ArgumentError(`${op}: the header length ${hlen} runs past the end of the file (${bytes.length} bytes)`);
  let text: string;
  try {
    text = new TextDecoder(major === 3 ? "utf-8" : "latin1", { fatal: true }).decode(bytes.subarray(8 + lenBytes, start));
  } catch {
    throw new ArgumentError(`${op}: the header is not valid text`);
  }
  const h = parseHeader(text, op);
  const d = /^([<>|=])?([fiub])(\d+)$/.exec(h.descr);
  const dtype = d === null ? undefined : KINDS[d[2] + d[3]];
  if (d === null || dtype === undefined) throw new ArgumentError(`${op}: unsupported descr '${h.descr}' (float16/32/64, (u)int8–64 and bool load)`);
  const little = d[1] !== ">";
  const { shape, size } = checkFileShape(h.shape, FILE_DTYPES[dtype].bytes, op, what);
  const need = size * FILE_DTYPES[dtype].bytes;
  if (bytes.length - start !== need) {
    throw new ArgumentError(`${op}: '${h.descr}' ${JSON.stringify(shape)} needs ${need} data bytes, the file has ${bytes.length - start}`);
  }
  let values = decode(bytes, start, size, dtype, little, op, what);
  if (h.fortran) values = fromFortran(values, shape);
  return { values, shape, dtype: FILE_DTYPES[dtype].to };
}
