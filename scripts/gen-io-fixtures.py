# Writes test/fixtures/io/: .npy files by numpy itself, safetensors files laid out with numpy's bytes, and
# expected.json (each file's shape, loaded dtype and values). Run: python3 scripts/gen-io-fixtures.py (Debian python3-numpy).
import json, os, struct
import numpy as np

out = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "io")
os.makedirs(out, exist_ok=True)
expected = {}

def vals(a):
    """the values tensortape should load, row-major, as JSON (non-finite as strings)"""
    f = np.asarray(a).astype(np.float64).ravel(order="C")
    return [x if np.isfinite(x) else str(x) for x in f.tolist()]

def loaded(a):
    return {"b": "bool", "f": "float32"}.get(a.dtype.kind, "int32")

def npy(name, a, version=None):
    with open(os.path.join(out, name), "wb") as f:
        if version is None:
            np.save(f, a)
        else:
            np.lib.format.write_array(f, a, version=version)
    exp = a.astype(np.float32) if a.dtype.kind == "f" else a
    expected[name] = {"shape": list(a.shape), "dtype": loaded(a), "values": vals(exp)}

r = np.random.default_rng(13)
npy("f32.npy", r.standard_normal((2, 3)).astype("<f4"))
npy("f32_big.npy", r.standard_normal((3, 2)).astype(">f4"))
npy("f64_fortran.npy", np.asfortranarray(r.standard_normal((2, 3, 4))))
npy("f16.npy", np.array([0.5, -2, 65504, 6e-8, np.inf, -np.inf, 0.1], dtype="<f2"))
npy("i8.npy", np.array([[-128, 127], [0, -1]], dtype="i1"))
npy("u8.npy", np.array([0, 255, 7], dtype="u1"))
npy("i16_big.npy", np.array([-32768, 32767, 5], dtype=">i2"))
npy("u16.npy", np.array([65535, 0], dtype="<u2"))
npy("i32_fortran.npy", np.asfortranarray(np.arange(24, dtype="<i4").reshape(2, 3, 4)))
npy("i64.npy", np.array([-(2**31), 2**31 - 1, 0], dtype="<i8"))
npy("u32_big.npy", np.array([0, 2**31 - 1], dtype=">u4"))
npy("bool.npy", np.array([[True, False, True]]))
npy("scalar.npy", np.array(3.5, dtype="<f4"))
npy("empty.npy", np.zeros((0, 3), dtype="<f4"))
npy("v2.npy", np.arange(6, dtype="<f4").reshape(3, 2), version=(2, 0))
npy("i64_range.npy", np.array([1, 2**40], dtype="<i8"))
expected["i64_range.npy"] = {"error": "[1] = 1099511627776 (I64) is outside the int32 range"}

def safetensors(name, tensors, metadata=None):
    header, blobs, at = {}, [], 0
    if metadata is not None:
        header["__metadata__"] = metadata
    for key, (code, a) in tensors.items():
        b = np.ascontiguousarray(a).tobytes()
        header[key] = {"dtype": code, "shape": list(a.shape), "data_offsets": [at, at + len(b)]}
        blobs.append(b)
        at += len(b)
    h = json.dumps(header).encode()
    h += b" " * (-len(h) % 8)
    with open(os.path.join(out, name), "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))

f32 = r.standard_normal((2, 2)).astype("<f4")
bf16_src = np.array([1.5, -3.25, 1e30, 2**-130], dtype="<f4")
bf16 = (bf16_src.view("<u4") >> 16).astype("<u2")          # bfloat16: the top 16 bits of a float32
tensors = {
    "model.f32": ("F32", f32),
    "model.f16": ("F16", np.array([1, -0.25, 65504, 2**-24], dtype="<f2")),
    "model.bf16": ("BF16", bf16),
    "model.f64": ("F64", np.array([[1 / 3, -1e-3]], dtype="<f8")),
    "ints.i8": ("I8", np.array([-5, 100], dtype="i1")),
    "ints.u8": ("U8", np.array([200, 1], dtype="u1")),
    "ints.i16": ("I16", np.array([-300], dtype="<i2")),
    "ints.u16": ("U16", np.array([60000], dtype="<u2")),
    "ints.i32": ("I32", np.arange(6, dtype="<i4").reshape(2, 3)),
    "ints.u32": ("U32", np.array([2**31 - 1], dtype="<u4")),
    "ints.i64": ("I64", np.array([-(2**31), 42], dtype="<i8")),
    "ints.u64": ("U64", np.array([7], dtype="<u8")),
    "flags": ("BOOL", np.array([True, False, True])),
    "layers.0.w": ("F32", np.array(2.5, dtype="<f4")),
}
safetensors("mixed.safetensors", tensors, {"format": "pt", "note": "numpy-written"})
exp = {}
for key, (code, a) in tensors.items():
    v = (bf16.astype("<u4") << 16).view("<f4") if code == "BF16" else a
    v = v.astype(np.float32) if code in ("F16", "F64", "F32", "BF16") else v
    exp[key] = {"shape": list(a.shape), "dtype": loaded(np.asarray(v)), "values": vals(v)}
expected["mixed.safetensors"] = {"metadata": {"format": "pt", "note": "numpy-written"}, "tensors": exp}
safetensors("u64_range.safetensors", {"x": ("U64", np.array([2**63], dtype="<u8"))})
expected["u64_range.safetensors"] = {"error": "[0] = 9223372036854775808 (U64) is outside the int32 range"}

npz_arrays = {"w": r.standard_normal((3, 2)).astype("<f4"), "ids": np.array([3, -1, 7], dtype="<i8"), "mask": np.array([True, False])}
for name, save in (("stored.npz", np.savez), ("compressed.npz", np.savez_compressed)):
    save(os.path.join(out, name), **npz_arrays)
    expected[name] = {k: {"shape": list(a.shape), "dtype": loaded(a), "values": vals(a)} for k, a in npz_arrays.items()}

with open(os.path.join(out, "expected.json"), "w") as f:
    json.dump(expected, f, indent=1)
    f.write("\n")
