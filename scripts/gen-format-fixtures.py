#!/usr/bin/env python3
"""Generate test/fixtures/format.json: expected numpy str() output for src/format.ts.

Each case is {"values": [...], "shape": [...], "dtype": "float32"|"int32"|"bool", "expected": str}.
Values are row-major; nan/inf/-inf are encoded as the strings "nan"/"inf"/"-inf" and -0.0 as "-0"
(JSON has no literal for them); bools are stored as 0/1. Expected text is `str(arr)` under numpy's
default print options. Run from the repo root:  python3 scripts/gen-format-fixtures.py
"""
import json
import math
import os
import sys

import numpy as np

DTYPES = {"float32": np.float32, "int32": np.int32, "bool": np.bool_}


def encode_float(v):
    """Shortest float32 digits that survive JS's parse-to-double-then-Math.fround path."""
    v = np.float32(v)
    if np.isnan(v):
        return "nan"
    if np.isinf(v):
        return "inf" if v > 0 else "-inf"
    if v == 0:
        return "-0" if np.signbit(v) else 0
    short = float(str(v))
    if np.float32(short) == v:
        return int(short) if short.is_integer() and abs(short) < 1e15 else short
    return float(v)  # exact double value of the float32


def case(values, dtype, shape=None):
    arr = np.array(values, dtype=DTYPES[dtype])
    if shape is not None:
        arr = arr.reshape(shape)
    flat = arr.ravel().tolist()
    if dtype == "float32":
        enc = [encode_float(v) for v in arr.ravel()]
    elif dtype == "bool":
        enc = [1 if v else 0 for v in flat]
    else:
        enc = [int(v) for v in flat]
    return {"values": enc, "shape": list(arr.shape), "dtype": dtype, "expected": str(arr)}


def handwritten():
    nan, inf = float("nan"), float("inf")
    out = []
    f = lambda v, shape=None: out.append(case(v, "float32", shape))
    i = lambda v, shape=None: out.append(case(v, "int32", shape))
    b = lambda v, shape=None: out.append(case(v, "bool", shape))
    # the brief's literal examples
    f(8.0); f([[8, 8], [8, 8]]); f([0.5, 1.25]); i([1, 2]); b([True, False])
    # 0-d scalars: str() of the numpy scalar (float32 switches to exp outside [1e-4, 1e6))
    for v in [0.0, -0.0, 1.0, -2.5, 0.1, 1 / 3, 123456.0, 999999.94, 1e6, 1234567.0, 1e-4, 1.0001e-4,
              0.00015, 9.9e-5, 1.5e-5, 1e-45, 3e-45, 1.17549435e-38, 3.4028235e38, 16777216.0, 1e16,
              -1e-10, nan, inf, -inf, 100.0, 0.3, 2.0 ** -20, 65504.0]:
        f(v)
    for v in [0, 3, -5, 2147483647, -2147483648]:
        i(v)
    b(True); b(False)
    # shape [1] and simple vectors
    f([1.0]); f([-0.0]); f([0.0]); f([nan]); f([inf]); f([-inf]); i([7]); b([True]); b([False])
    f([1, 2, 3]); f([-1, 1]); f([-1.5, 2.25, -3.125]); f([0.1, 0.2, 0.3]); f([1 / 3, 2 / 3])
    f([0.0, -0.0, 1.0]); f([-0.0, 1e-5]); f([0.0, 0.0]); f([-0.0, -0.0]); f([100000.0, 100.5])
    # exp-format switching (float32 comparisons: max >= 1e6, min < 1e-4, max/min > 1000)
    f([1e-4, 0.01]); f([1e-4, 0.1]); f([1.0001e-4, 0.1]); f([9.9e-5, 1.0]); f([1.0, 1000.0])
    f([1.0, 1001.0]); f([1e-5, 1.2345678]); f([999999.94, 1.0]); f([999999.94, 1000.0]); f([1e6, 1.0])
    f([1e6]); f([1e8, 1.0]); f([1e-5]); f([1e10, -1e-10]); f([3.4028235e38, 1e-45]); f([0.0, 1e-7])
    f([1.5e-10, 2.5e-10]); f([1e20, 1e21, -1e22]); f([123456.79, 0.5]); f([0.001953125, 1.0])
    f([1.0, 0.00012345678]); f([0.00012345678, 0.01]); f([1e-38, 1.0]); f([5e-39, 1e-40])
    # float32 neighbours of powers of ten (8-digit cutoff rounding with carry) and of powers of two
    # (unequal Dragon4 margins), as scalars and in arrays
    for p in [-5, -4, -2, 0, 5, 6, 7, 38]:
        x = np.float32(10.0 ** p)
        for y in [np.nextafter(x, np.float32(0)), np.nextafter(x, np.float32(np.inf))]:
            f(y); f([y, 1.0]); f([y, 0.5])
    for e in [-149, -126, -30, -14, -1, 23, 24, 100, 127]:
        f(2.0 ** e); f([2.0 ** e, 1.0])
    # nan / inf padding in both notations
    f([nan, 1.0]); f([inf, -inf, 1.5]); f([nan, -inf]); f([nan, inf]); f([nan, nan]); f([-inf])
    f([nan, 1e-5, 1.0]); f([-inf, 1e10]); f([nan, 0.5, 1.25]); f([inf, 123.456]); f([-inf, 0.0])
    f([[nan, 1.0], [2.0, -inf]]); f([0.0, nan])
    # integers and bools
    i([-1, 0, 1]); i([2147483647, -2147483648]); i([100, -5, 3]); i([[1, 22], [333, -4444]])
    i(list(range(-30, 30))); b([True, True]); b([[True, False], [False, False]])
    b([True] * 40); i([123456789] * 12)
    # nesting, rank 2-4, with blank lines between blocks
    f(np.arange(6), [2, 3]); f(np.arange(24) / 4, [2, 3, 4]); f(np.arange(16) - 8, [2, 2, 2, 2])
    i(np.arange(24), [2, 3, 4]); i(np.arange(48) * 997, [2, 2, 3, 4]); b(np.arange(8) % 3 == 0, [2, 2, 2])
    f(np.arange(3), [1, 1, 3]); f([[1e-5, 1.0], [3.0, 4.0]]); f(np.arange(8) * 1e7, [2, 2, 2])
    f(np.arange(2), [1, 1, 1, 2]); i([[5]]); b([[[True]]])
    # empty arrays
    f([], [0]); f([], [2, 0]); f([], [0, 3]); f([], [2, 0, 3]); i([], [0]); b([], [0, 0])
    # line wrapping at width 75, also inside nested rows
    f(np.arange(30) / 7); f(np.arange(100)); i(np.arange(100) * 1000); b(np.arange(30) % 2 == 0)
    f(np.arange(60) / 3, [3, 20]); f(np.arange(90) * 1.1, [2, 3, 15]); f(np.arange(40) * 1e-6, [2, 20])
    i(np.arange(80), [2, 2, 20]); f(np.arange(26) * 0.001, [26]); f(np.linspace(-1, 1, 25))
    f(np.arange(2 * 2 * 2 * 12) / 9, [2, 2, 2, 12])
    # summarisation over 1000 elements ("..." rows/columns; only shown values decide the format)
    f(np.arange(1001)); i(np.arange(2000)); b(np.arange(1500) % 3 == 0)
    f(np.arange(1200) / 8, [30, 40]); i(np.arange(1331), [11, 11, 11])
    f(np.arange(1296) / 4, [6, 6, 6, 6]); i(np.arange(7 * 3 * 7 * 7), [7, 3, 7, 7])
    hidden = np.ones(1100, dtype=np.float32); hidden[500] = 1e10; hidden[501] = nan
    f(hidden)
    hidden2 = np.arange(1100, dtype=np.int32); hidden2[600] = -2147483648
    i(hidden2, [10, 110])
    f(np.arange(1001) * 1e-3, [1001]); i(np.arange(1010), [2, 505]); f(np.arange(1004), [1004, 1])
    return out


def randomized(rng, count):
    out = []
    for n in range(count):
        rank = int(rng.integers(1, 5))
        dims = [int(rng.integers(1, [16, 9, 5, 4][rank - 1])) for _ in range(rank)]
        if n % 10 == 0:  # some wide rows to exercise wrapping
            dims[-1] = int(rng.integers(10, 30))
        size = int(np.prod(dims))
        base = rng.uniform(-12, 12)
        spread = [0.0, 0.5, 1.0, 3.0, 6.0][n % 5]
        vals = np.power(10.0, base + rng.uniform(0, spread, size)) * rng.choice([-1.0, 1.0], size)
        style = n % 7
        if style == 1:
            vals = np.round(vals / 10 ** math.floor(base), int(rng.integers(0, 4)))
        elif style == 2:
            vals = np.round(rng.uniform(-1000, 1000, size), int(rng.integers(0, 6)))
        elif style == 3:
            vals = rng.normal(0, 1, size)
        elif style == 4:
            vals[rng.random(size) < 0.2] = rng.choice([0.0, -0.0, np.nan, np.inf, -np.inf])
        elif style == 5:
            vals = rng.integers(-100, 100, size).astype(np.float64) / 8
        out.append(case(vals.astype(np.float32), "float32", dims))
    for n in range(count // 6):
        dims = [int(rng.integers(1, 6)) for _ in range(int(rng.integers(1, 4)))]
        mag = 10 ** int(rng.integers(1, 10))
        out.append(case(rng.integers(-mag, mag, int(np.prod(dims))), "int32", dims))
    return out


def main():
    out_path = sys.argv[1] if len(sys.argv) > 1 else "test/fixtures/format.json"
    cases = handwritten() + randomized(np.random.default_rng(20240521), 120)
    os.makedirs(os.path.dirname(out_path), exist_ok=True)
    with open(out_path, "w") as fh:
        json.dump(cases, fh, separators=(",", ":"))
        fh.write("\n")
    print(f"wrote {len(cases)} cases to {out_path} ({os.path.getsize(out_path)} bytes)")


if __name__ == "__main__":
    main()
