// Products by index notation: einsum (lowered to transpose, reshape, gather, sum, multiply and matmul) and dot.
import { ArgumentError, ShapeError } from "../errors.js";
import { fmt } from "../shape.js";
import type { Tensor } from "../tensor.js";
import { mul } from "./elementwise.js";
import { gather } from "./gather.js";
import { broadcastTo, reshape, transpose } from "./layout.js";
import { matmul } from "./matmul.js";
import { sum } from "./reduce.js";
import { requireFloat, withArgs, type TensorLike } from "./run.js";

const prodOf = (s: readonly number[]) => s.reduce((p, d) => p * d, 1);
/** t with its axes in `want` order (labels → positions), a copy only when the order changes. */
function arrange(t: Tensor, labels: string[], want: string[]): Tensor {
  const perm = want.map((l) => labels.indexOf(l));
  return perm.every((p, i) => p === i) ? t : transpose(t, perm);
}

/** One term of the equation as labels; "..." becomes the last `e` of the shared ellipsis labels (right-aligned). */
function parseTerm(term: string, rank: number | null, ell: string[], eq: string, what: string): string[] {
  const bad = (why: string) => new ShapeError(`einsum: ${what} "${term}" of "${eq}" ${why}`);
  const parts = term.split("...");
  if (parts.length > 2) throw bad("has more than one ellipsis");
  for (const ch of parts.join("")) if (!/[a-zA-Z]/.test(ch)) throw bad(`holds ${JSON.stringify(ch)}; labels are letters a-z, A-Z and one "..."`);
  const letters = parts.join("").length;
  const e = rank === null ? ell.length : rank - letters;
  if (parts.length === 1 ? rank !== null && e !== 0 : e < 0) throw bad(`has ${letters} labels for a tensor of rank ${rank}`);
  return parts.length === 1 ? [...term] : [...parts[0], ...ell.slice(ell.length - e), ...parts[1]];
}

/**
 * Sums of products by numpy's index notation, as `np.einsum`: `"ij,jk->ik"`, `"bij,bjk"` (implicit output: the labels
 * that appear once, in ASCII order), `"...ij,...jk->...ik"` (broadcast leading dimensions), `"ii->i"` (diagonal),
 * `"ii"` (trace), any number of float32 operands. Contraction path: left to right, pairwise (numpy's
 * `optimize=False` order); a label is summed out as soon as no later operand and not the output holds it, and each
 * pair is one batched matmul ([shared kept, this only, summed] · [shared kept, summed, other only]), or a broadcast
 * multiply when nothing is summed. Being made of recorded ops, it is differentiable to any order.
 *
 *     tt.einsum("ij,jk->ik", a, b);   // matmul(a, b)
 *     tt.einsum("i,i", u, v);         // dot product
 */
export function einsum(equation: string, ...tensors: TensorLike[]): Tensor {
  return withArgs("einsum", (args) => {
    if (typeof equation !== "string") throw new ArgumentError(`einsum: equation must be a string, got ${typeof equation}`);
    const eq = equation.replace(/\s/g, "");
    const arrow = eq.split("->");
    if (arrow.length > 2) throw new ShapeError(`einsum: equation "${eq}" has more than one "->"`);
    const terms = arrow[0].split(",");
    if (terms.length !== tensors.length) throw new ShapeError(`einsum: equation "${eq}" names ${terms.length} operand(s), got ${tensors.length} tensor(s)`);
    const xs = tensors.map((x, i) => { const t = args.tensor(x, `tensors[${i}]`); requireFloat(t, "einsum", `tensors[${i}]`); return t; });
    // the ellipsis spans the most dimensions any operand gives it; its labels are private (not letters)
    const spans = terms.map((term, i) => (term.includes("...") ? xs[i].rank - term.replace("...", "").length : 0));
    const ell = Array.from({ length: Math.max(0, ...spans) }, (_, j) => String.fromCharCode(0x100 + j));
    const labels = terms.map((term, i) => parseTerm(term, xs[i].rank, ell, eq, `operand ${i}`));
    const size = new Map<string, number>();
    labels.forEach((ls, i) => ls.forEach((l, d) => {
      const n = xs[i].shape[d], had = size.get(l);
      if (had === undefined || had === 1 && ell.includes(l)) size.set(l, n);
      else if (had !== n && !(n === 1 && ell.includes(l))) {
        throw new ShapeError(`einsum: label ${ell.includes(l) ? "in ..." : `"${l}"`} has size ${had} and ${n} (operand ${i} ${fmt(xs[i].shape)} in "${eq}")`);
      }
    }));
    let out: string[];
    if (arrow.length === 2) {
      out = parseTerm(arrow[1], null, ell, eq, "output");
      for (const l of out) {
        if (!size.has(l)) throw new ShapeError(`einsum: output label "${l}" of "${eq}" is in no operand`);
        if (out.indexOf(l) !== out.lastIndexOf(l)) throw new ShapeError(`einsum: output label "${l}" of "${eq}" is repeated`);
      }
    } else {
      const all = labels.flat();
      out = [...ell, ...[...new Set(all)].filter((l) => !ell.includes(l) && all.indexOf(l) === all.lastIndexOf(l)).sort()];
    }
    // each operand: its diagonals taken, its broadcast ellipsis dimensions expanded
    const ops = xs.map((x, i) => {
      let t = x, ls = [...labels[i]];
      for (let p = 0; p < ls.length; p++) {
        const q = ls.indexOf(ls[p], p + 1);
        if (q < 0) continue;
        // the diagonal of axes p and q: both moved last, flattened to n·n, and every (n + 1)-th element gathered
        const l = ls[p], n = size.get(l)!, restAt = ls.map((_, d) => d).filter((d) => d !== p && d !== q), rest = restAt.map((d) => ls[d]);
        const flat = reshape(transpose(t, [...restAt, p, q]), [...rest.map((m) => size.get(m)!), n * n]);
        t = gather(flat, Array.from({ length: n }, (_, k) => k * (n + 1)), rest.length);
        ls = [...rest, l];
        p = -1;
      }
      const want = ls.map((l) => size.get(l)!);
      return { t: want.some((d, k) => d !== t.shape[k]) ? broadcastTo(t, want) : t, ls };
    });
    /** sum out the labels of `o` that nothing in `needed` holds */
    const prune = (o: { t: Tensor; ls: string[] }, needed: Set<string>) => {
      const gone = o.ls.map((l, d) => (needed.has(l) ? -1 : d)).filter((d) => d >= 0);
      return gone.length === 0 ? o : { t: sum(o.t, gone), ls: o.ls.filter((l) => needed.has(l)) };
    };
    const later = (i: number) => new Set([...out, ...ops.slice(i).flatMap((o) => o.ls)]);
    let cur = prune(ops[0], later(1));
    for (let i = 1; i < ops.length; i++) {
      const keep = later(i + 1);
      const b = prune(ops[i], new Set([...keep, ...cur.ls]));
      cur = prune(cur, new Set([...keep, ...b.ls]));
      const shared = cur.ls.filter((l) => b.ls.includes(l));
      const batch = shared.filter((l) => keep.has(l)), summed = shared.filter((l) => !keep.has(l));
      const aOnly = cur.ls.filter((l) => !b.ls.includes(l)), bOnly = b.ls.filter((l) => !cur.ls.includes(l));
      const sz = (ls: string[]) => prodOf(ls.map((l) => size.get(l)!));
      const nb = sz(batch), na = sz(aOnly), nc = sz(summed), no = sz(bOnly);
      const A = reshape(arrange(cur.t, cur.ls, [...batch, ...aOnly, ...summed]), [nb, na, nc]);
      const B = reshape(arrange(b.t, b.ls, [...batch, ...summed, ...bOnly]), [nb, nc, no]);
      const ls = [...batch, ...aOnly, ...bOnly];
      const prod = summed.length === 0 ? mul(A, reshape(B, [nb, 1, no])) : matmul(A, B);
      cur = { t: reshape(prod, ls.map((l) => size.get(l)!)), ls };
    }
    cur = prune(cur, new Set(out));
    return arrange(cur.t, cur.ls, out);
  });
}

/**
 * The dot product of vectors and matrices, as tfjs's `dot(t1, t2)`: vector·vector is a scalar, matrix·vector
 * a vector, vector·matrix a vector, matrix·matrix their matmul. Ranks 1 and 2 only.
 *
 *     tt.dot([1, 2, 3], [4, 5, 6]);   // 32
 */
export function dot(t1: TensorLike, t2: TensorLike): Tensor {
  return withArgs("dot", (args) => {
    const a = args.tensor(t1, "t1"), b = args.tensor(t2, "t2");
    requireFloat(a, "dot", "t1");
    requireFloat(b, "dot", "t2");
    if (a.rank < 1 || a.rank > 2 || b.rank < 1 || b.rank > 2) throw new ShapeError(`dot: t1 and t2 must have rank 1 or 2, got t1 ${fmt(a.shape)} and t2 ${fmt(b.shape)}`);
    const ka = a.shape[a.rank - 1], kb = b.shape[0];
    if (ka !== kb) throw new ShapeError(`dot: inner dimensions of t1 ${fmt(a.shape)} and t2 ${fmt(b.shape)} do not match (${ka} vs ${kb})`);
    const y = matmul(a.rank === 1 ? reshape(a, [1, ka]) : a, b.rank === 1 ? reshape(b, [kb, 1]) : b);
    return reshape(y, [...(a.rank === 2 ? [a.shape[0]] : []), ...(b.rank === 2 ? [b.shape[1]] : [])]);
  });
}
