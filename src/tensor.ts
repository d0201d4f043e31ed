// The tensor handle: id, shape, dtype and a reference to a buffer (sealed: private fields). No math and no tape here.
import { allocBuffer, DataBuffer, release, retain } from "./buffer.js";
import { ArgumentError, DisposedError, ShapeError } from "./errors.js";
import { formatTensor } from "./format.js";
import { f32, i32, u8 } from "./wasm.js";

/** The element types: float32, int32 and bool (one byte per element; tfjs's three numeric dtypes). */
export type DType = "float32" | "int32" | "bool";
/** Dimension sizes, outermost first; `[]` is a scalar. */
export type Shape = readonly number[];
export type TypedArrayFor<D extends DType> = D extends "float32" ? Float32Array : D extends "int32" ? Int32Array : Uint8Array;
/** Nested JS arrays as `arraySync()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

export const bytesPer: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };
/** The most elements a tensor may have: every element offset fits an i32 (kernels index with i32). */
export const MAX_ELEMENTS = 2 ** 31 - 1;

let nextId = 1;
/** Live user-visible handles, for memory(). */
export const counts = { tensors: 0 };
/** Called with every new handle; the scope module uses it to track tensors made inside tidy(). */
export const hooks: { onCreate: (t: Tensor) => void } = { onCreate: () => {} };

export const sizeOf = (shape: Shape): number => {
  let n = 1;
  for (let i = 0; i < shape.length; i++) n *= shape[i]; // indexed: for-of is slower on hot paths
  return n;
};

/**
 * The last line of defence (always on): the element count of an internally built shape, or a ShapeError
 * if a dimension is not an integer in [0, 2³¹) or the count exceeds MAX_ELEMENTS. Public entries validate
 * their arguments first with clearer messages; this catches a slip in that validation.
 */
export function checkedSize(shape: Shape, what: string): number {
  let n = 1;
  for (let i = 0; i < shape.length; i++) {
    const d = shape[i];
    // one comparison chain per dimension: NaN fails every comparison, fractions fail the floor test
    if (!(d >= 0 && d <= MAX_ELEMENTS && Math.floor(d) === d)) throw new ShapeError(`${what}: internal check: invalid dimension ${String(d)} in shape [${shape.join(",")}]`);
    n *= d;
  }
  if (n > MAX_ELEMENTS) throw new ShapeError(`${what}: internal check: shape [${shape.join(",")}] has ${n} elements, more than ${MAX_ELEMENTS}`);
  return n;
}

/** Only this module's token constructs a Tensor: `new tt.Tensor(...)` from user code throws. */
const TOKEN: unique symbol = Symbol("tensortape.Tensor");
export type Token = typeof TOKEN;

/** @internal the buffer of a handle (null once disposed); not reachable from the public object */
export let bufOf: (t: Tensor) => DataBuffer | null;
/** @internal replace a handle's buffer (Variable.assign); the caller manages the references */
export let setBuf: (t: Tensor, b: DataBuffer) => void;

/**
 * A handle to an immutable n-dimensional array in wasm memory. Release it with `dispose()` (or `tidy`,
 * or `using`); a tape that saved it holds its own reference, so disposing never breaks a later gradient.
 * Handles are made by the creation functions and ops only; their fields are private and read-only.
 */
export class Tensor {
  #id: number;
  #shape: Shape;
  #dtype: DType;
  #size: number;
  #buf: DataBuffer | null;
  /** @internal exempt from every tidy() */
  kept = false;

  static {
    bufOf = (t) => t.#buf;
    setBuf = (t, b) => { t.#buf = b; };
  }

  /** @internal use the creation functions (`tensor`, `zeros`, …); user code cannot construct a Tensor */
  constructor(token: Token, buf: DataBuffer, shape: Shape, dtype: DType, id = nextId++, checked = -1) {
    if (token !== TOKEN) throw new ArgumentError("Tensor: the constructor is internal; make tensors with tt.tensor, tt.zeros, … or an op");
    // a frozen shape is immutable already, so ops share their input's (copying and freezing costs ~0.5 µs)
    const s = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    // `checked`: the size `alloc` computed with checkedSize from this same (frozen) shape; otherwise check here
    const size = checked >= 0 && s === shape ? checked : checkedSize(s, "Tensor");
    if (size * bytesPer[dtype] > buf.bytes) {
      throw new ShapeError(`Tensor: internal check: ${dtype} [${s.join(",")}] needs ${size * bytesPer[dtype]} bytes, its buffer holds ${buf.bytes}`);
    }
    this.#id = id;
    this.#buf = buf;
    this.#shape = s;
    this.#dtype = dtype;
    this.#size = size;
    counts.tensors++;
    hooks.onCreate(this);
  }

  /** Identity of the value; tapes record and watch by id. */
  get id(): number { return this.#id; }
  /** Dimension sizes, outermost first (`[]` for a scalar). */
  get shape(): Shape { return this.#shape; }
  /** The element type: "float32", "int32" or "bool". */
  get dtype(): DType { return this.#dtype; }
  /** The number of elements, the product of the shape. */
  get size(): number { return this.#size; }
  /** The number of dimensions (0 for a scalar). */
  get rank(): number { return this.#shape.length; }
  /** True once `dispose()` (or `tidy`) has released this handle; using it then throws a DisposedError. */
  get isDisposed(): boolean { return this.#buf === null; }

  /** @internal the live buffer, or a DisposedError naming this tensor and the op that wanted it */
  live(op = "use"): DataBuffer {
    const b = this.#buf;
    if (b === null) throw new DisposedError(`${op}: ${this.describe()} is disposed; keep() it or use it before dispose()`);
    return b;
  }

  /** "Tensor 7 (float32 [2,2])" */
  describe(): string {
    return `Tensor ${this.#id} (${this.#dtype} [${this.#shape.join(",")}])`;
  }

  /** A copy of the values, row-major: Float32Array, Int32Array or Uint8Array (bool). */
  dataSync(): Float32Array | Int32Array | Uint8Array {
    const { ptr } = this.live("dataSync");
    if (this.#dtype === "float32") return f32(ptr, this.#size).slice();
    if (this.#dtype === "int32") return i32(ptr, this.#size).slice();
    return u8(ptr, this.#size).slice();
  }
  /** `dataSync()` as a Promise, for code written against tfjs's `await t.data()` (the values are on the host already). */
  async data(): Promise<Float32Array | Int32Array | Uint8Array> { return this.dataSync(); }

  /** The values as nested JS arrays (a number or boolean for a scalar). */
  arraySync(): NestedArray {
    const flat = this.dataSync();
    const bool = this.#dtype === "bool", shape = this.#shape;
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === shape.length) return bool ? flat[offset] !== 0 : flat[offset];
      const stride = sizeOf(shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }
  /** `arraySync()` as a Promise, as tfjs's `await t.array()`. */
  async array(): Promise<NestedArray> { return this.arraySync(); }

  /** The values printed as numpy prints them (`str(np.array(...))`). */
  toString(): string {
    if (this.#buf === null) return `${this.describe()} (disposed)`;
    return formatTensor(this.dataSync(), this.#shape, this.#dtype);
  }

  /** Drop this handle's reference. A second call is a no-op. */
  dispose(): void {
    if (this.#buf === null) return;
    release(this.#buf);
    this.#buf = null;
    counts.tensors--;
  }
  [Symbol.dispose](): void { this.dispose(); }
}

/** @internal a new handle holding `buf` (the caller's reference moves into it) */
export function handle(buf: DataBuffer, shape: Shape, dtype: DType, id?: number): Tensor {
  return new Tensor(TOKEN, buf, shape, dtype, id);
}

/**
 * @internal a new handle of `shape` and `dtype` with a fresh uninitialised buffer: the shape is checked
 * (checkedSize) before anything is allocated, once.
 */
export function alloc(shape: Shape, dtype: DType): Tensor {
  const n = checkedSize(shape, "allocate");
  return new Tensor(TOKEN, allocBuffer(n * bytesPer[dtype]), shape, dtype, undefined, n);
}

/** @internal the constructor token, for subclasses (Variable) */
export const token = (): Token => TOKEN;

/** @internal a new handle on the same buffer: same id when `id` is given (a tape's saved value), else a fresh one */
export function shareBuffer(buf: DataBuffer, shape: Shape, dtype: DType, id?: number): Tensor {
  return new Tensor(TOKEN, retain(buf), shape, dtype, id);
}

/** @internal the address of a live tensor's data, for kernel calls */
export function ptrOf(t: Tensor): number {
  const b = bufOf(t);
  if (b === null) throw new DisposedError(`${t.describe()} is disposed`);
  return b.ptr;
}

/**
 * @internal one handle on `t`'s value that no tape has seen: a stop-gradient (the one place that builds
 * one; used by stopGradient, customGradient and the stable composites)
 */
export function detached(t: Tensor, op: string): Tensor {
  return shareBuffer(t.live(op), t.shape, t.dtype);
}
