#!/usr/bin/env python3
# Writes test/fixtures/ops.json: numpy values for the issue-#12 ops tfjs lacks (sort, argsort; einsum's notation beyond
# tfjs's; layerNorm), float64 on float32 inputs. Run from the repository root: python3 scripts/gen-op-fixtures.py
import json
import numpy as np

rng = np.random.default_rng(1212)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def arr(a):
    a = np.asarray(a)
    return {"shape": list(a.shape), "values": ["NaN" if np.isnan(v) else float(v) for v in a.astype(np.float64).ravel()]}


def ties(*shape):
    """Small integers as float32: many ties, so stability is visible."""
    return f32(rng.integers(-3, 4, shape))


def with_nan(*shape):
    a = f32(rng.uniform(-1, 1, shape))
    a.ravel()[rng.choice(a.size, max(1, a.size // 5), replace=False)] = np.nan
    return a


def distinct(*shape):
    """Values at least 0.05 apart: no step of the numerical checks changes their order."""
    n = int(np.prod(shape))
    return f32(((rng.permutation(n) - n / 2) * 0.05 + rng.uniform(0, 0.01, n)).reshape(shape))


def order(x, axis, descending):
    # numpy's stable sort puts NaN last; descending = a stable ascending sort of −x (NaN stays last, ties keep order)
    return np.argsort(-x if descending else x, axis=axis, kind="stable")


sort_cases = []
for label, x, axis, desc, dtype in [
    ("[9] ties", ties(9), -1, False, "float32"),
    ("[9] ties descending", ties(9), -1, True, "float32"),
    ("[3,7] NaN", with_nan(3, 7), -1, False, "float32"),
    ("[3,7] NaN descending", with_nan(3, 7), 1, True, "float32"),
    ("[5,4] axis 0 ties", ties(5, 4), 0, False, "float32"),
    ("[2,6,3] axis 1 ties descending", ties(2, 6, 3), 1, True, "float32"),
    ("[40] ties (merge passes)", ties(40), 0, False, "float32"),
    ("[2,37] distinct descending", distinct(2, 37), -1, True, "float32"),
    ("[6,3] distinct axis 0", distinct(6, 3), 0, False, "float32"),
    ("int32 [4,6] ties", ties(4, 6), -1, False, "int32"),
    ("int32 [4,6] ties descending", ties(4, 6), -1, True, "int32"),
]:
    idx = order(x, axis, desc)
    sort_cases.append({"label": label, "input": arr(x), "dtype": dtype, "axis": axis, "descending": desc,
                       "indices": arr(idx), "sorted": arr(np.take_along_axis(x, idx, axis))})

def rand(*shape):
    return f32(rng.uniform(-1, 1, shape))


# einsum beyond tfjs's two-operand, ellipsis-free subset: "..." (also broadcast), implicit output, diagonals, traces
einsum_cases = []
for eq, shapes in [
    ("...ij,...jk->...ik", [(2, 3, 4), (4, 2)]),
    ("...ij,...jk", [(2, 1, 3, 4), (5, 4, 2)]),
    ("ij,jk,kl->il", [(2, 3), (3, 4), (4, 2)]),
    ("ii->i", [(4, 4)]),
    ("ii", [(3, 3)]),
    ("iij->j", [(3, 3, 2)]),
    ("bij,bkj", [(2, 3, 4), (2, 5, 4)]),
    ("i...->...", [(3, 2, 2)]),
    ("ab,cb,ac->", [(2, 3), (4, 3), (2, 4)]),
    ("Ab,bA->A", [(3, 2), (2, 3)]),
]:
    xs = [rand(*sh) for sh in shapes]
    einsum_cases.append({"equation": eq, "inputs": [arr(x) for x in xs], "output": arr(np.einsum(eq, *xs))})

# layerNorm: (x − mean)/√(var + ε)·gamma + beta over the given axes (population variance), as Keras/PyTorch
layer_norm_cases = []
for label, shape, axis, eps, gshape in [
    ("[4,6] axis -1", (4, 6), [-1], 1e-5, (6,)),
    ("[2,3,5] axes [1,2]", (2, 3, 5), [1, 2], 1e-3, (3, 5)),
    ("[3,4] axis 0 no gamma", (3, 4), [0], 1e-5, None),
    ("[2,3,4] axis 1 gamma [3,1]", (2, 3, 4), [1], 0.01, (3, 1)),
]:
    x = rand(*shape)
    m = x.mean(axis=tuple(axis), keepdims=True)
    v = ((x - m) ** 2).mean(axis=tuple(axis), keepdims=True)
    y = (x - m) / np.sqrt(v + eps)
    inputs = [arr(x)]
    if gshape is not None:
        g, b = f32(rng.uniform(0.5, 1.5, gshape)), rand(*gshape)
        y = y * g + b
        inputs += [arr(g), arr(b)]
    layer_norm_cases.append({"label": label, "axis": axis, "epsilon": eps, "inputs": inputs, "output": arr(y)})

json.dump({"sort": sort_cases, "einsum": einsum_cases, "layerNorm": layer_norm_cases}, open("test/fixtures/ops.json", "w"), indent=None)
print("wrote test/fixtures/ops.json:", len(sort_cases), "sort cases,", len(einsum_cases), "einsum cases,", len(layer_norm_cases), "layerNorm cases")
