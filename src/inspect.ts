// How a tensor shows itself: console.log / util.inspect (Node), Deno.inspect, print() and JSON.stringify.
// Installed on Tensor.prototype through its public accessors only (dtype, shape, isDisposed, toString, dataSync);
// print and toJSON are declared with the other methods in methods.ts (JSR's publish check refused an augmentation here).
import { DisposedError } from "./errors.js";
import { Tensor, type DType } from "./tensor.js";

/** What `JSON.stringify(tensor)` writes: the values flat and row-major (NaN and ±Infinity become null, as JSON has them not). */
export interface TensorJSON { dtype: DType; shape: number[]; data: number[] }

// The declarations use `[Symbol.dispose]`: declaring the symbol here (as @types/node does) lets them type-check
// under a lib without esnext.disposable, e.g. the default `lib` of `target: "es2022"`.
declare global {
  interface SymbolConstructor { readonly dispose: unique symbol }
}

/** "Tensor float32 [2,3]" then the numpy-style values; a disposed tensor says so instead of throwing. */
function show(t: Tensor): string {
  const head = `Tensor ${t.dtype} [${t.shape.join(",")}]`;
  if (t.isDisposed) return `${head} (disposed)`;
  const body = t.toString();
  return t.shape.length === 0 ? `${head} ${body}` : `${head}\n${body}`;
}

const hidden = (value: unknown) => ({ value, writable: true, configurable: true, enumerable: false });

// Node's util.inspect and Deno's console look these registry symbols up, so no `node:util` import is needed
// (which keeps the browser and Workers bundles free of Node built-ins).
Object.defineProperty(Tensor.prototype, Symbol.for("nodejs.util.inspect.custom"), hidden(function (this: Tensor) { return show(this); }));
Object.defineProperty(Tensor.prototype, Symbol.for("Deno.customInspect"), hidden(function (this: Tensor) { return show(this); }));
Object.defineProperty(Tensor.prototype, "print", hidden(function (this: Tensor) { console.log(show(this)); }));
Object.defineProperty(Tensor.prototype, "toJSON", hidden(function (this: Tensor): TensorJSON {
  if (this.isDisposed) {
    throw new DisposedError(`toJSON: Tensor (${this.dtype} [${this.shape.join(",")}]) is disposed; its values are gone`);
  }
  return { dtype: this.dtype, shape: [...this.shape], data: Array.from(this.dataSync()) };
}));
