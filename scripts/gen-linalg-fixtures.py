#!/usr/bin/env python3
# Writes test/fixtures/linalg.json: tt.linalg's forward values from numpy/scipy (float64 on float32 inputs).
# Run from the repository root: python3 scripts/gen-linalg-fixtures.py
import json
import numpy as np
import scipy.linalg as sla

rng = np.random.default_rng(12)


def f32(a):
    return np.asarray(a, dtype=np.float32).astype(np.float64)


def rand(*shape):
    return f32(rng.uniform(-1, 1, shape))


def spd(*shape):
    """Symmetric positive definite: M·Mᵀ + n·I/2 (float32-exact inputs)."""
    m = rand(*shape)
    n = shape[-1]
    return f32(m @ np.swapaxes(m, -1, -2) + 0.5 * n * np.eye(n))


def wellcond(*shape):
    """A random matrix with a dominant diagonal of either sign."""
    n = shape[-1]
    a = rand(*shape)
    d = rng.uniform(1.5, 2.5, shape[:-1]) * rng.choice([-1, 1], shape[:-1])
    return f32(a + np.eye(n) * d[..., None])


def tri(lower, *shape):
    a = wellcond(*shape)
    junk = rand(*shape) * (np.triu(np.ones(shape[-2:]), 1) if lower else np.tril(np.ones(shape[-2:]), -1))
    return f32((np.tril(a) if lower else np.triu(a)) + junk)


def t(a):
    a = np.asarray(a, dtype=np.float64)
    # JSON has no infinities: those are written as strings ("-Infinity"), which Number() reads back
    return {"shape": list(a.shape), "values": [float(v) if np.isfinite(v) else str(float(v)).replace("inf", "Infinity") for v in a.reshape(-1)]}


cases = {k: [] for k in ["cholesky", "triangularSolve", "lu", "solve", "inv", "det", "slogdet", "qr"]}


def add(op, label, inputs, outputs=None, **kw):
    c = {"label": label, "inputs": [t(x) for x in inputs]}
    if outputs is None:
        c["error"] = True
    else:
        c["outputs"] = [t(y) for y in outputs]
    c.update(kw)
    cases[op].append(c)


# cholesky (numpy reads the lower triangle)
for shape in [(3, 3), (1, 1), (2, 4, 4), (9, 9)]:
    a = spd(*shape)
    add("cholesky", f"spd {list(shape)}", [a], [np.linalg.cholesky(a)])
add("cholesky", "indefinite [[1, 2], [2, 1]]", [f32([[1, 2], [2, 1]])])
add("cholesky", "one indefinite matrix in a batch", [np.stack([spd(2, 2), f32([[1, 0], [0, -1]])])])

# triangularSolve: the other triangle holds junk, which must not be read
for lower in [True, False]:
    for adjoint in [False, True]:
        a, b = tri(lower, 5, 5), rand(5, 3)
        ref = np.tril(a) if lower else np.triu(a)
        add("triangularSolve", f"lower={lower} adjoint={adjoint}", [a, b],
            [np.linalg.solve(ref.T if adjoint else ref, b)], lower=lower, adjoint=adjoint)
for sa, sb in [((2, 3, 3), (3, 2)), ((3, 3), (2, 3, 1)), ((2, 1, 3, 3), (3, 3, 2))]:
    a, b = tri(True, *sa), rand(*sb)
    add("triangularSolve", f"batch {list(sa)} and {list(sb)}", [a, b], [np.linalg.solve(np.tril(a), b)], lower=True, adjoint=False)
add("triangularSolve", "zero on the diagonal", [f32([[1, 0], [3, 0]]), f32([[1], [1]])], lower=True, adjoint=False)

# lu as tf.linalg.lu: a[p] = L·U
for shape in [(3, 3), (2, 4, 4), (6, 6)]:
    a = rand(*shape)
    los, ps = [], []
    for m in a.reshape(-1, shape[-1], shape[-1]):
        lu, piv = sla.lu_factor(m)
        perm = list(range(shape[-1]))
        for i, j in enumerate(piv):
            perm[i], perm[j] = perm[j], perm[i]
        los.append(lu)
        ps.append(perm)
    add("lu", f"{list(shape)}", [a], [np.array(los).reshape(shape), np.array(ps).reshape(shape[:-1])])

# solve (numpy's broadcasting; b a vector or a stack of matrices)
for sa, sb in [((3, 3), (3,)), ((4, 4), (4, 2)), ((2, 3, 3), (3,)), ((2, 1, 3, 3), (3, 3, 2)), ((3, 3), (2, 3, 1)), ((8, 8), (8, 5))]:
    a, b = wellcond(*sa), rand(*sb)
    add("solve", f"a {list(sa)}, b {list(sb)}", [a, b], [np.linalg.solve(a, b)])
p = f32([[0, 2, 1], [1, 1, 0], [3, 0, 1]])
add("solve", "needs pivoting (a[0,0] = 0)", [p, f32([1, 2, 3])], [np.linalg.solve(p, f32([1, 2, 3]))])
add("solve", "singular", [f32([[1, 2], [2, 4]]), f32([1, 1])])
add("solve", "zero column", [f32([[1, 0, 2], [3, 0, 1], [4, 0, 5]]), f32([[1], [1], [1]])])

# inv
for shape in [(3, 3), (2, 4, 4), (1, 1)]:
    a = wellcond(*shape)
    add("inv", f"{list(shape)}", [a], [np.linalg.inv(a)])
add("inv", "singular", [f32([[1, 2], [2, 4]])])

# det and slogdet, with singular matrices (numpy: 0 and sign 0, log −inf)
dets = [("3x3", rand(3, 3)), ("batch [2,3,3]", rand(2, 3, 3)), ("1x1", f32([[-2.5]])), ("pivoting", p),
        ("singular [[1,2],[2,4]]", f32([[1, 2], [2, 4]])), ("zero column", f32([[1, 0, 2], [3, 0, 1], [4, 0, 5]])),
        ("5x5", wellcond(5, 5)), ("batch with a singular one", np.stack([rand(2, 2), f32([[1, 2], [2, 4]])]))]
for label, a in dets:
    add("det", label, [a], [np.linalg.det(a)])
    s, l = np.linalg.slogdet(a)
    add("slogdet", label, [a], [s, l])

# qr, reduced, numpy's signs
for shape in [(4, 3), (3, 3), (2, 4, 3), (3, 5), (5, 1), (6, 6)]:
    a = rand(*shape)
    q, r = np.linalg.qr(a)
    add("qr", f"{list(shape)}", [a], [q, r])

with open("test/fixtures/linalg.json", "w") as fh:
    json.dump(cases, fh, separators=(",", ":"), allow_nan=False)
    fh.write("\n")
print({k: len(v) for k, v in cases.items()})
