// Tensor → text: reproduces numpy's `str(ndarray)` (arrayprint defaults) for float32, int32 and bool tensors.
//
// Defaults mirrored: precision 8, floatmode 'maxprec', suppress False, threshold 1000, edgeitems 3,
// linewidth 75, sign '-', legacy False. Float digits come from an exact (BigInt) port of the idea
// behind numpy's Dragon4 (dragon4.c), so float32 values print with float32 shortest digits.

export type FormatDType = "float32" | "int32" | "bool";

const PRECISION = 8, THRESHOLD = 1000, EDGE_ITEMS = 3, LINE_WIDTH = 75;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** True when the float32 sign bit is set (so -0 prints as "-0."). */
function signbit(x: number): boolean {
  f32[0] = x;
  return u32[0] >>> 31 === 1;
}

interface Digits { digits: string; exp: number } // value ≈ 0.d1d2… × 10^(exp+1); exp is the exponent of d1

/**
 * numpy `Dragon4` in DigitMode_Unique for a non-negative finite float32: emit digits until the value is
 * distinguishable from its float32 neighbours (margins are half the gap to each neighbour, inclusive when
 * the mantissa is even), but never past the cutoff_max digit and not before the cutoff_min digit. `total`
 * selects CutoffMode_TotalLength (count significant digits) vs FractionLength (count digits after the point);
 * -1 means no cutoff. The last digit is rounded to nearest, ties to even, with carry into earlier digits.
 */
function dragon4(x: number, total: boolean, cutoffMax: number, cutoffMin: number): Digits {
  f32[0] = x;
  const bits = u32[0] & 0x7fffffff;
  if (bits === 0) return { digits: "0", exp: 0 };
  const biased = bits >>> 23, frac = bits & 0x7fffff;
  const mant = biased ? frac | 0x800000 : frac; // value = mant × 2^e2 exactly
  const e2 = biased ? biased - 150 : -149;
  const mantBit = biased ? 23 : 31 - Math.clz32(mant);
  const unequal = biased > 1 && frac === 0; // at a power of two the gap below is half the gap above
  const u = unequal ? 1n : 0n;
  // value = r / s, low margin = mLow / s, high margin = (unequal ? 2 : 1) × mLow / s
  let r = BigInt(mant) << (1n + u + BigInt(Math.max(e2, 0)));
  let s = 1n << (1n + u + BigInt(Math.max(-e2, 0)));
  let mLow = 1n << BigInt(Math.max(e2, 0));
  const isEven = (mant & 1) === 0;
  // numpy's estimate of floor(log10(v)) + 1: exact or one too small, fixed up by comparing against 1
  let k = Math.ceil((mantBit + e2) * Math.log10(2) - 0.69);
  if (k >= 0) s *= 10n ** BigInt(k);
  else { const p = 10n ** BigInt(-k); r *= p; mLow *= p; }
  if (r >= s) k += 1;
  else { r *= 10n; mLow *= 10n; }
  const exp = k - 1;
  const maxExp = cutoffMax < 0 ? -Infinity : total ? k - cutoffMax : -cutoffMax;
  const minExp = cutoffMin < 0 ? k : Math.min(k, total ? k - cutoffMin : -cutoffMin);
  let digits = "", d = 0, low = false, high = false;
  for (;;) {
    k -= 1;
    d = Number(r / s);
    r %= s;
    const mHigh = unequal ? 2n * mLow : mLow;
    low = isEven ? r <= mLow : r < mLow;
    high = isEven ? r + mHigh >= s : r + mHigh > s;
    if (((low || high) && k <= minExp) || k <= maxExp) break;
    digits += d;
    r *= 10n;
    mLow *= 10n;
  }
  let roundDown = low; // only one direction stays inside the margins → take it
  if (low === high) roundDown = 2n * r < s || (2n * r === s && d % 2 === 0);
  if (roundDown) return { digits: digits + d, exp };
  if (d < 9) return { digits: digits + (d + 1), exp };
  digits = digits.replace(/9+$/, ""); // carry: drop trailing 9s and bump the first non-9 digit
  if (digits === "") return { digits: "1", exp: exp + 1 };
  return { digits: digits.slice(0, -1) + (Number(digits[digits.length - 1]) + 1), exp };
}

/** numpy trim modes: 'k' keep zeros up to min_digits, '.' trim zeros keep point, '0' leave one zero, '-' drop both. */
type Trim = "k" | "." | "0" | "-";

function trimFraction(frac: string, trim: Trim, minDigits: number): string {
  if (trim === "k") return frac.padEnd(Math.max(minDigits, 0), "0");
  frac = frac.replace(/0+$/, "");
  return trim === "0" && frac === "" ? "0" : frac;
}

/** numpy `FormatPositional` (dragon4_positional, fractional=True, unique=True). */
function positional(x: number, precision: number, minDigits: number, trim: Trim, padLeft = -1, padRight = -1): string {
  const sign = signbit(x) ? "-" : "";
  const { digits, exp } = dragon4(Math.abs(x), false, precision, minDigits);
  let int = "0", frac = "0".repeat(Math.max(-exp - 1, 0)) + digits;
  if (exp >= 0) {
    int = digits.slice(0, exp + 1).padEnd(exp + 1, "0");
    frac = digits.slice(exp + 1);
  }
  frac = trimFraction(frac, trim, minDigits);
  let out = sign + int + (trim === "-" && frac === "" ? "" : ".") + frac;
  if (padRight >= frac.length) out += (trim === "-" && frac === "" ? " " : "") + " ".repeat(padRight - frac.length);
  return " ".repeat(Math.max(padLeft - int.length - sign.length, 0)) + out;
}

/** numpy `FormatScientific` (dragon4_scientific, unique=True): d.ddd e±XX, exponent at least expDigits wide. */
function scientific(x: number, precision: number, minDigits: number, trim: Trim, padLeft = -1, expDigits = 2): string {
  const sign = signbit(x) ? "-" : "";
  const { digits, exp } = dragon4(Math.abs(x), true, precision < 0 ? -1 : precision + 1, minDigits < 0 ? -1 : minDigits + 1);
  const frac = trimFraction(digits.slice(1), trim, minDigits);
  const mantissa = digits[0] + (trim === "-" && frac === "" ? "" : ".") + frac;
  const expStr = (exp < 0 ? "-" : "+") + String(Math.abs(exp)).padStart(expDigits, "0");
  return " ".repeat(Math.max(padLeft - 1 - sign.length, 0)) + sign + mantissa + "e" + expStr;
}

/**
 * `str(np.float32(x))` (scalartypes.c `floattype_str`): positional with LeaveOneZero when x == 0 or
 * 1e-4 <= |x| < 1e6 (float32's cutoff; compared in double precision), else scientific with DptZeros.
 */
function float32Scalar(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const a = Math.abs(x);
  return a === 0 || (a >= 1e-4 && a < 1e6) ? positional(x, -1, -1, "0") : scientific(x, -1, -1, "-");
}

/**
 * numpy `FloatingFormat.fillFormat` + `__call__` (floatmode 'maxprec'). Formatting is decided by the
 * values that will be shown (after summarisation). Exp notation is chosen when, over finite non-zero |x|
 * (comparisons done in float32, as numpy does with Python-float operands):
 * max >= 10**min(8, finfo(float32).precision) = 1e6, or min < 1e-4, or max/min > 1000.
 */
function floatFormatter(data: number[]): (x: number) => string {
  const finite = data.filter(Number.isFinite);
  let expFormat = false;
  const nonZero = finite.filter((v) => v !== 0).map(Math.abs);
  if (nonZero.length > 0) {
    const max = nonZero.reduce((a, b) => Math.max(a, b)), min = nonZero.reduce((a, b) => Math.min(a, b));
    expFormat = max >= 1e6 || min < Math.fround(1e-4) || Math.fround(max / min) > 1000;
  }
  let padLeft = 0, padRight = 0;
  let format: (x: number) => string = () => "";
  const maxLen = (xs: string[]) => xs.reduce((m, t) => Math.max(m, t.length), 0);
  if (finite.length > 0 && expFormat) {
    // First pass: unique digits capped at `precision`; then every value gets the longest fraction
    // (min_digits = precision, trim 'k'), which prints extra real digits rather than zero padding.
    const parts = finite.map((v) => scientific(v, PRECISION, -1, ".").split("e"));
    const mantissas = parts.map((p) => p[0].split("."));
    const expSize = maxLen(parts.map((p) => p[1])) - 1;
    const precision = maxLen(mantissas.map((m) => m[1]));
    padLeft = maxLen(mantissas.map((m) => m[0]));
    padRight = expSize + 2 + precision;
    format = (x) => scientific(x, precision, precision, "k", padLeft, expSize);
  } else if (finite.length > 0) {
    // Unique digits capped at 8 fractional digits, trailing zeros trimmed (the point is kept), then
    // padded with spaces so the points line up: pad_left/pad_right = widest integer/fraction part.
    const parts = finite.map((v) => positional(v, PRECISION, -1, ".").split("."));
    padLeft = maxLen(parts.map((p) => p[0]));
    padRight = maxLen(parts.map((p) => p[1]));
    format = (x) => positional(x, PRECISION, 0, ".", padLeft, padRight);
  }
  if (finite.length !== data.length) {
    // nan/inf are right-aligned in the full field width; make room for "nan"/"inf"/"-inf".
    const negInf = data.some((v) => v === -Infinity) ? 1 : 0;
    padLeft = Math.max(padLeft, 3 + negInf - (padRight + 1));
  }
  return (x) => {
    if (Number.isFinite(x)) return format(x); // reads the final padLeft
    const word = Number.isNaN(x) ? "nan" : x > 0 ? "inf" : "-inf";
    return word.padStart(padLeft + padRight + 1);
  };
}

/** numpy `IntegerFormat`: right-aligned to the longer of str(max) and str(min). */
function intFormatter(data: number[]): (x: number) => string {
  const max = data.reduce((a, b) => Math.max(a, b), -Infinity), min = data.reduce((a, b) => Math.min(a, b), Infinity);
  const width = data.length === 0 ? 0 : Math.max(String(max).length, String(min).length);
  return (x) => String(x).padStart(width);
}

/** numpy `_extendLine`: wrap before `word` if the line would exceed `width`, unless the line holds only the indent. */
function extendLine(s: string, line: string, word: string, width: number, indent: string): [string, string] {
  if (line.length + word.length > width && line.length > indent.length) {
    s += line.trimEnd() + "\n";
    line = indent;
  }
  return [s, line + word];
}

export function formatTensor(values: ArrayLike<number>, shape: readonly number[], dtype: FormatDType): string {
  const vals = Array.from(values, (v) => (dtype === "float32" ? Math.fround(v) : dtype === "bool" ? (v ? 1 : 0) : v));
  const ndim = shape.length;
  if (ndim === 0) {
    // 0-d arrays print as str() of the scalar: no padding, bool without the alignment space.
    const v = vals[0];
    return dtype === "bool" ? (v ? "True" : "False") : dtype === "int32" ? String(v) : float32Scalar(v);
  }
  if (vals.length === 0 || shape.some((n) => n === 0)) return "[]"; // array2string: size 0 → "[]"

  // array2string summarisation: above `threshold` elements, axes longer than 2*edgeitems show only
  // their first/last edgeitems entries, and only those entries decide the format (`_leading_trailing`).
  const summarise = vals.length > THRESHOLD;
  const shown = shape.map((n) =>
    summarise && n > 2 * EDGE_ITEMS
      ? [...Array(EDGE_ITEMS).keys(), ...Array.from({ length: EDGE_ITEMS }, (_, i) => n - EDGE_ITEMS + i)]
      : [...Array(n).keys()],
  );
  const strides = shape.map((_, axis) => shape.slice(axis + 1).reduce((a, b) => a * b, 1));
  const data: number[] = [];
  const collect = (axis: number, offset: number): void => {
    if (axis === ndim) data.push(vals[offset]);
    else for (const i of shown[axis]) collect(axis + 1, offset + i * strides[axis]);
  };
  collect(0, 0);

  const fmt =
    dtype === "bool"
      ? (x: number) => (x ? " True" : "False") // BoolFormat pads True to line up with False
      : dtype === "int32"
        ? intFormatter(data)
        : floatFormatter(data);

  // numpy `_formatArray.recurser`: each nesting level adds one space of hanging indent and reserves one
  // column for its closing ']'. The last axis wraps words at the width; outer axes put each sub-array on
  // its own line(s), separated by (ndim - axis - 1) newlines, i.e. blank lines between 2-D blocks.
  const recurse = (axis: number, offset: number, indent: string, width: number): string => {
    if (axis === ndim) return fmt(vals[offset]);
    const items: (string | null)[] = shown[axis].map((i) => recurse(axis + 1, offset + i * strides[axis], indent + " ", width - 1));
    if (shown[axis].length < shape[axis]) items.splice(EDGE_ITEMS, 0, null); // null marks "..."
    let s = "";
    if (axis === ndim - 1) {
      let line = indent;
      items.forEach((word, j) => {
        [s, line] = extendLine(s, line, word ?? "...", width - 1, indent);
        if (j < items.length - 1) line += " ";
      });
      s += line;
    } else {
      s = items.map((item) => indent + (item ?? "...")).join("\n".repeat(ndim - axis - 1));
    }
    return "[" + s.slice(indent.length) + "]";
  };
  return recurse(0, 0, " ", LINE_WIDTH);
}
