// The tensor handle: id, shape, dtype and a reference to a buffer. No math and no tape here.
import { DataBuffer, release, retain } from "./buffer.js";
import { DisposedError } from "./errors.js";
import { formatTensor } from "./format.js";
import { f32, i32, u8 } from "./wasm.js";

export type DType = "float32" | "int32" | "bool";
export type Shape = readonly number[];
export type TypedArrayFor<D extends DType> = D extends "float32" ? Float32Array : D extends "int32" ? Int32Array : Uint8Array;
/** Nested JS arrays as `arraySync()` returns them. */
export type NestedArray = number | boolean | NestedArray[];

export const bytesPer: Record<DType, number> = { float32: 4, int32: 4, bool: 1 };

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
 * A handle to an immutable n-dimensional array in wasm memory. Release it with `dispose()` (or `tidy`,
 * or `using`); a tape that saved it holds its own reference, so disposing never breaks a later gradient.
 */
export class Tensor {
  /** Identity of the value; tapes record and watch by id. */
  readonly id: number;
  readonly shape: Shape;
  readonly dtype: DType;
  readonly size: number;
  /** @internal the buffer this handle holds a reference to; null once disposed */
  buf: DataBuffer | null;
  /** @internal exempt from every tidy() */
  kept = false;

  /** @internal use the creation functions (`tensor`, `zeros`, …) */
  constructor(buf: DataBuffer, shape: Shape, dtype: DType, id = nextId++) {
    this.id = id;
    this.buf = buf;
    // a frozen shape is immutable already, so ops share their input's (copying and freezing costs ~0.5 µs)
    this.shape = Object.isFrozen(shape) ? shape : Object.freeze(shape.slice());
    this.dtype = dtype;
    this.size = sizeOf(shape);
    counts.tensors++;
    hooks.onCreate(this);
  }

  get rank(): number { return this.shape.length; }
  get isDisposed(): boolean { return this.buf === null; }

  /** @internal the live buffer, or a DisposedError naming this tensor and the op that wanted it */
  data_(op = "use"): DataBuffer {
    if (this.buf === null) {
      throw new DisposedError(`${op}: ${this.describe()} is disposed; keep() it or use it before dispose()`);
    }
    return this.buf;
  }

  /** "Tensor 7 (float32 [2,2])" */
  describe(): string {
    return `Tensor ${this.id} (${this.dtype} [${this.shape.join(",")}])`;
  }

  /** A copy of the values, row-major: Float32Array, Int32Array or Uint8Array (bool). */
  dataSync(): Float32Array | Int32Array | Uint8Array {
    const { ptr } = this.data_("dataSync");
    if (this.dtype === "float32") return f32(ptr, this.size).slice();
    if (this.dtype === "int32") return i32(ptr, this.size).slice();
    return u8(ptr, this.size).slice();
  }
  async data(): Promise<Float32Array | Int32Array | Uint8Array> { return this.dataSync(); }

  /** The values as nested JS arrays (a number or boolean for a scalar). */
  arraySync(): NestedArray {
    const flat = this.dataSync();
    const bool = this.dtype === "bool";
    const build = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return bool ? flat[offset] !== 0 : flat[offset];
      const stride = sizeOf(this.shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(build(dim + 1, offset + i * stride));
      return out;
    };
    return build(0, 0);
  }
  async array(): Promise<NestedArray> { return this.arraySync(); }

  /** The values printed as numpy prints them (`str(np.array(...))`). */
  toString(): string {
    if (this.buf === null) return `${this.describe()} (disposed)`;
    return formatTensor(this.dataSync(), this.shape, this.dtype);
  }

  /** Drop this handle's reference. A second call is a no-op. */
  dispose(): void {
    if (this.buf === null) return;
    release(this.buf);
    this.buf = null;
    counts.tensors--;
  }
  [Symbol.dispose](): void { this.dispose(); }
}

/** @internal a new handle on the same buffer: same id when `sameId` (a tape's saved value), else a fresh one */
export function shareBuffer(buf: DataBuffer, shape: Shape, dtype: DType, id?: number): Tensor {
  return new Tensor(retain(buf), shape, dtype, id);
}
