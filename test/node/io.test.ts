// tt.io: numpy-written .npy and safetensors fixtures load exactly, our files load back (and in numpy), hostile files.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { leakFields, tt } from "../helpers/setup.js";
import type { Tensor } from "tensortape";

const dir = new URL("../fixtures/io/", import.meta.url);
const file = (name: string) => new Uint8Array(readFileSync(new URL(name, dir)));
const expected = JSON.parse(readFileSync(new URL("expected.json", dir), "utf8"));
const baseline = leakFields(tt.memory());
const num = (v: number | string) => typeof v === "number" ? v : v === "inf" ? Infinity : v === "-inf" ? -Infinity : NaN;

function same(t: Tensor, e: { shape: number[]; dtype: string; values: (number | string)[] }, what: string) {
  assert.equal(t.shape, e.shape, `${what}: shape`);
  assert.is(t.dtype, e.dtype, `${what}: dtype`);
  assert.equal(Array.from(t.dataSync()), e.values.map(num), `${what}: values`);
}

test("npy files written by numpy load exactly (f16/f32/f64, (u)int8–64, bool, big endian, Fortran order, v2, 0-d, empty)", () => {
  for (const [name, e] of Object.entries(expected) as [string, any][]) {
    if (!name.endsWith(".npy")) continue;
    if (e.error) {
      assert.throws(() => tt.io.loadNpy(file(name)), (err: Error) => err instanceof tt.ArgumentError && err.message.includes(e.error), name);
      continue;
    }
    const t = tt.io.loadNpy(file(name));
    same(t, e, name);
    t.dispose();
  }
});

test("a safetensors file laid out by numpy loads exactly, with its metadata and every dtype of the conversion table", () => {
  const e = expected["mixed.safetensors"];
  const { tensors, metadata } = tt.io.loadSafetensors(file("mixed.safetensors"));
  assert.equal(metadata, e.metadata);
  assert.equal(Object.keys(tensors).sort(), Object.keys(e.tensors).sort());
  for (const [k, t] of Object.entries(tensors)) same(t, e.tensors[k], k);
  const tree = tt.tree.fromPaths(tensors) as any;
  assert.ok(Array.isArray(tree.layers) && tree.layers[0].w === tensors["layers.0.w"]);
  assert.ok(tree.model.f32 === tensors["model.f32"]);
  tt.dispose(tensors);
  assert.throws(() => tt.io.loadSafetensors(file("u64_range.safetensors")), (err: Error) => err instanceof tt.ArgumentError && err.message.includes(expected["u64_range.safetensors"].error));
});

test("npz archives by numpy (np.savez stored, np.savez_compressed deflated) load exactly; ours load back and in numpy", () => {
  for (const name of ["stored.npz", "compressed.npz"]) {
    const arrays = tt.io.loadNpz(file(name));
    assert.equal(Object.keys(arrays).sort(), Object.keys(expected[name]).sort(), name);
    for (const [k, t] of Object.entries(arrays)) same(t, expected[name][k], `${name} ${k}`);
    tt.dispose(arrays);
  }
  tt.tidy(() => {
    const tree = { params: { w: tt.tensor([[1, 2], [3, 4.5]]), ids: tt.tensor([5, -6], undefined, "int32") }, mask: tt.tensor([true, false]) };
    const bytes = tt.io.saveNpz(tree);
    const back = tt.io.loadNpz(bytes);
    assert.equal(Object.keys(back), ["params.w", "params.ids", "mask"]);
    assert.equal(back["params.w"].arraySync(), [[1, 2], [3, 4.5]]);
    assert.equal([back["params.ids"].dtype, back["params.ids"].arraySync()], ["int32", [5, -6]]);
    assert.equal(back.mask.arraySync(), [true, false]);
    if (spawnSync("python3", ["-c", "import numpy"]).status === 0) {
      const script = "import sys, io, numpy as np; d = np.load(io.BytesIO(sys.stdin.buffer.read())); print(sorted((k, d[k].dtype.str, d[k].tolist()) for k in d.files))";
      const r = spawnSync("python3", ["-c", script], { input: bytes });
      assert.is(r.stdout.toString().trim(), "[('mask', '|b1', [True, False]), ('params.ids', '<i4', [5, -6]), ('params.w', '<f4', [[1.0, 2.0], [3.0, 4.5]])]", r.stderr.toString());
    }
  });
});

test("what we write loads back: safetensors from a tree (dotted names), npy of every dtype and rank", () => {
  tt.tidy(() => {
    const tree = { params: { w: tt.tensor([[1.5, -2], [3, 4e-30]]), b: [tt.tensor([1, 2, 3], undefined, "int32")] }, mask: tt.tensor([true, false]) };
    const bytes = tt.io.saveSafetensors(tree, { epoch: "3" });
    const n = new DataView(bytes.buffer).getUint32(0, true);
    assert.is((8 + n) % 8, 0, "data 8-byte aligned");
    const { tensors, metadata } = tt.io.loadSafetensors(bytes);
    assert.equal(metadata, { epoch: "3" });
    assert.equal(Object.keys(tensors), ["params.w", "params.b.0", "mask"]);
    const back = tt.tree.fromPaths(tensors) as any;
    assert.equal(back.params.w.arraySync(), tree.params.w.arraySync());
    assert.equal(back.params.b[0].arraySync(), [1, 2, 3]);
    assert.is(back.params.b[0].dtype, "int32");
    assert.equal(back.mask.arraySync(), [true, false]);
    for (const t of [tt.scalar(2.5), tt.zeros([0, 3]), tt.tensor([[[1, 2]], [[3, 4]]], undefined, "int32"), tt.tensor([true])]) {
      const b = tt.io.saveNpy(t);
      assert.is((10 + new DataView(b.buffer).getUint16(8, true)) % 64, 0, "npy data 64-byte aligned");
      const u = tt.io.loadNpy(b);
      assert.equal([u.shape, u.dtype, Array.from(u.dataSync())], [t.shape, t.dtype, Array.from(t.dataSync())]);
    }
  });
});

test("numpy reads the files we write (skipped without python3-numpy)", () => {
  if (spawnSync("python3", ["-c", "import numpy"]).status !== 0) { console.log("  (no python3-numpy: numpy read-back skipped)"); return; }
  tt.tidy(() => {
    const t = tt.tensor([[1.25, -3], [7, 0.5]]);
    const script = "import sys, numpy as np, io; a = np.load(io.BytesIO(sys.stdin.buffer.read())); print(a.dtype.str, a.shape, a.ravel().tolist())";
    const r = spawnSync("python3", ["-c", script], { input: tt.io.saveNpy(t) });
    assert.is(r.stdout.toString().trim(), "<f4 (2, 2) [1.25, -3.0, 7.0, 0.5]");
  });
});

// ---- hostile files: each a clear error, nothing allocated ---------------------------------------------------------
const enc = (s: string) => new TextEncoder().encode(s);
/** A safetensors file from a header object (or raw header text) and a data length. */
function st(header: unknown, data = 0, rawLength?: bigint): Uint8Array {
  const h = enc(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data);
  new DataView(out.buffer).setBigUint64(0, rawLength ?? BigInt(h.length), true);
  out.set(h, 8);
  return out;
}
/** An .npy file from header text and data bytes. */
function npy(header: string, data = 0, version = 1): Uint8Array {
  const h = enc(header);
  const pre = version === 1 ? 10 : 12;
  const out = new Uint8Array(pre + h.length + data);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) new DataView(out.buffer).setUint16(8, h.length, true); else new DataView(out.buffer).setUint32(8, h.length, true);
  out.set(h, pre);
  return out;
}
const f32 = (shape: number[], offsets: number[]) => ({ dtype: "F32", shape, data_offsets: offsets });

/** Our archive of one tensor, patched by `edit`. */
function npz(edit: (b: Uint8Array, dv: DataView) => void): Uint8Array {
  const b = tt.tidy(() => tt.io.saveNpz({ x: tt.tensor([1, 2, 3]) }));
  edit(b, new DataView(b.buffer));
  return b;
}
const central = (b: Uint8Array) => b.length - 22 - (46 + "x.npy".length);

const hostile: [string, () => Uint8Array, RegExp][] = [
  ["shorter than the length field", () => new Uint8Array(5), /fewer than the 8-byte header length/],
  ["header length beyond the file", () => st("{}", 0, 1000n), /runs past the end/],
  ["header length near 2^64", () => st("{}", 0, 2n ** 64n - 1n), /runs past the end/],
  ["header JSON that does not parse", () => st("{\"a\": "), /not valid UTF-8 JSON/],
  ["header not UTF-8", () => { const b = st("{\"a\":1}"); b[10] = 0xff; return b; }, /not valid UTF-8 JSON/],
  ["header JSON an array", () => st([1, 2]), /must be a JSON object, got an array/],
  ["header JSON null", () => st("null"), /must be a JSON object/],
  ["entry not an object", () => st({ x: 3 }), /tensor "x" must be an object/],
  ["unknown dtype", () => st({ x: { dtype: "Q7", shape: [1], data_offsets: [0, 4] } }, 4), /unknown dtype "Q7"/],
  ["F8 rejected by name", () => st({ x: { dtype: "F8_E4M3", shape: [1], data_offsets: [0, 1] } }, 1), /F8_E4M3: 8-bit floats are not supported/],
  ["negative dimension", () => st({ x: f32([-1], [0, 0]) }), /non-negative integers/],
  ["fractional dimension", () => st({ x: f32([1.5], [0, 6]) }, 6), /non-negative integers/],
  ["shape that overflows", () => st({ x: f32([2 ** 30, 2 ** 30, 2 ** 10], [0, 4]) }, 4), /overflows/],
  ["shape not an array", () => st({ x: f32("3" as any, [0, 12]) }, 12), /not an array/],
  ["offsets beyond the data", () => st({ x: f32([2], [0, 8]) }, 4), /outside the 4 data bytes/],
  ["offsets reversed", () => st({ x: f32([0], [4, 0]) }, 4), /outside/],
  ["offsets not integers", () => st({ x: f32([1], [0, "4"] as any) }, 4), /not two non-negative integers/],
  ["byte size differs from the range", () => st({ x: f32([3], [0, 8]) }, 8), /needs 12 bytes, its data_offsets span 8/],
  ["overlapping tensors", () => st({ x: f32([2], [0, 8]), y: f32([2], [4, 12]) }, 12), /overlaps/],
  ["a hole in the data", () => st({ x: f32([1], [0, 4]), y: f32([1], [8, 12]) }, 12), /belong to no tensor/],
  ["trailing bytes", () => st({ x: f32([1], [0, 4]) }, 8), /belong to no tensor/],
  ["metadata not strings", () => st({ __metadata__: { a: 1 } }), /__metadata__ must be an object of strings/],
  ["I64 beyond int32", () => { const b = st({ x: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, 8); b.fill(0x7f, b.length - 8); return b; }, /\[0\] = 9187201950435737471 \(I64\) is outside the int32 range/],
  // npy
  ["npy: no magic", () => enc("NUMPY1234567"), /not an .npy file/],
  ["npy: version 9", () => npy("{}", 0, 9), /unsupported .npy version 9/],
  ["npy: header length beyond the file", () => { const b = npy("{}"); new DataView(b.buffer).setUint16(8, 9999, true); return b; }, /runs past the end/],
  ["npy: header not a dict", () => npy("[1, 2]\n"), /not a Python dict/],
  ["npy: missing shape", () => npy("{'descr': '<f4', 'fortran_order': False, }\n"), /exactly 'descr', 'fortran_order' and 'shape'/],
  ["npy: extra key", () => npy("{'descr': '<f4', 'fortran_order': False, 'shape': (1,), 'x': True, }\n", 4), /exactly/],
  ["npy: code in the header", () => npy("{'descr': '<f4', 'fortran_order': __import__('os'), 'shape': (1,), }\n", 4), /exactly/],
  ["npy: object dtype", () => npy("{'descr': '|O', 'fortran_order': False, 'shape': (1,), }\n", 8), /unsupported descr '\|O'/],
  ["npy: complex dtype", () => npy("{'descr': '<c8', 'fortran_order': False, 'shape': (1,), }\n", 8), /unsupported descr/],
  ["npy: too few data bytes", () => npy("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }\n", 20), /needs 24 data bytes, the file has 20/],
  ["npy: shape that overflows", () => npy("{'descr': '<f8', 'fortran_order': False, 'shape': (4294967296, 4294967296), }\n", 8), /overflows/],
  ["npy: u8 beyond int32", () => { const b = npy("{'descr': '<u8', 'fortran_order': False, 'shape': (1,), }\n", 8); b.fill(0xff, b.length - 8); return b; }, /\[0\] = 18446744073709551615 \(U64\) is outside the int32 range/],
  // npz
  ["npz: not a zip", () => enc("PK but not really a zip archive"), /not a readable zip archive/],
  ["npz: a member that is not .npy", () => tt.tidy(() => { const b = tt.io.saveNpz({ x: tt.tensor([1]) }); b.set(enc("x.txt"), 30); b.set(enc("x.txt"), central(b) + 46); return b; }), /member "x.txt" is not an .npy file/],
  ["npz: a member with a broken .npy", () => npz((b) => { b[30 + 5 + 10] = 0x5b; }), /io.loadNpz: member "x.npy": the header is not a Python dict/],
  ["npz: a member claiming 4 GiB", () => npz((b, dv) => { dv.setUint32(central(b) + 24, 0xffffffff, true); dv.setUint32(22, 0xffffffff, true); }), /claims 4294967295 bytes/],
];

for (const [name, make, message] of hostile) {
  test(`hostile file: ${name} → a clear TensorTapeError, nothing allocated`, () => {
    const bytes = make();
    const before = leakFields(tt.memory());
    const load = name.startsWith("npy") ? () => tt.io.loadNpy(bytes) : name.startsWith("npz") ? () => tt.io.loadNpz(bytes) : () => tt.io.loadSafetensors(bytes);
    assert.throws(load, (e: Error) => e instanceof tt.TensorTapeError && message.test(e.message) && /io\.load/.test(e.message), `${name}: ${(() => { try { load(); return "no error"; } catch (e) { return (e as Error).message; } })()}`);
    assert.equal(leakFields(tt.memory()), before);
  });
}

test("bad save arguments: a lone tensor, colliding names, non-string metadata, __metadata__ as a name", () => {
  tt.tidy(() => {
    const t = tt.ones([2]);
    assert.throws(() => tt.io.saveSafetensors(t), /one tensor/);
    assert.throws(() => tt.io.saveSafetensors({ "a.b": t, a: { b: t } }), /two leaves flatten to the name "a.b"/);
    assert.throws(() => tt.io.saveSafetensors({ a: t }, { x: 1 } as any), /metadata must be a record of strings/);
    assert.throws(() => tt.io.saveSafetensors({ __metadata__: t }), /reserved/);
    assert.throws(() => tt.io.saveNpy([t] as any), /expected a Tensor/);
  });
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
