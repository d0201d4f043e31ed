// Variables: a handle whose value can be replaced (assign*); tapes see reads of trainable ones.
import { DataBuffer, release, retain } from "./buffer.js";
import { ArgumentError, DTypeError, ShapeError } from "./errors.js";
import { fmt, sameShape } from "./shape.js";
import { add, sub } from "./ops/elementwise.js";
import { fromValues } from "./ops/values.js";
import { withArgs } from "./ops/run.js";
import { readBool, readOptions, show } from "./read.js";
import { below } from "./record.js";
import { setBuf, Tensor, token, type Token } from "./tensor.js";

let nextVariable = 0;

/**
 * A tensor whose value can be replaced: usable wherever a Tensor is. Reading a trainable variable inside
 * a recording tape (one made with `watchAccessedVariables`, the default) watches it there. `assign*`
 * gives the variable a new buffer, so a tape that saved the old value still differentiates what it saw.
 */
export class Variable extends Tensor {
  /** Whether tapes watch this variable automatically when it is read while recording (TF's `trainable`; default true). */
  readonly trainable: boolean;
  /** The name given to `variable()`, else `Variable_<id>`. */
  readonly name: string;
  /** creation order, for watchedVariables() */
  readonly order = nextVariable++;

  /** @internal use `variable(init, options)`; user code cannot construct a Variable */
  constructor(tok: Token, buf: DataBuffer, value: Tensor, trainable: boolean, name: string | undefined) {
    super(tok, buf, value.shape, value.dtype);
    this.trainable = trainable;
    this.name = name ?? `Variable_${this.id}`;
  }

  /** The new value (or delta) must have this variable's dtype and shape. */
  private check(op: string, value: Tensor): void {
    if (value.dtype !== this.dtype) {
      throw new DTypeError(`${op}: dtype of the new value (${value.dtype}) and previous value (${this.dtype}) of ${this.name} must match`);
    }
    if (!sameShape(value.shape, this.shape)) {
      throw new ShapeError(`${op}: shape of the new value ${fmt(value.shape)} and previous value ${fmt(this.shape)} of ${this.name} must match`);
    }
  }

  private replace(op: string, value: Tensor): this {
    const buf = this.live(op);
    setBuf(this, retain(value.live(op)));
    release(buf);
    return this;
  }

  /** Replace the value (same shape and dtype). */
  assign(value: Tensor | number | readonly unknown[]): this {
    return this.update("Variable.assign", value, (v) => v);
  }
  /** this ← this + delta */
  assignAdd(delta: Tensor | number | readonly unknown[]): this {
    return this.update("Variable.assignAdd", delta, (d) => add(this, d));
  }
  /** this ← this − delta */
  assignSub(delta: Tensor | number | readonly unknown[]): this {
    return this.update("Variable.assignSub", delta, (d) => sub(this, d));
  }

  private update(op: string, input: unknown, f: (v: Tensor) => Tensor): this {
    this.live(op);
    // assignment is not differentiable: no recorder sees the update
    // withArgs frees the converted value and the sum (the variable holds its own reference to the new buffer)
    return below(0, () => withArgs(op, (a) => {
      const v = a.tensor(input, "value", this.dtype);
      this.check(op, v);
      return this.replace(op, f(v));
    }));
  }
}

/** Options of `variable(init, options)`: `trainable` (default true) and a `name`, as tfjs's `tf.variable`. */
export interface VariableOptions { trainable?: boolean; name?: string }

/**
 * A Variable initialised with a copy-free reference to `init`'s value. Variables are not tracked by
 * tidy(); dispose them yourself.
 *
 *     const w = tt.variable(tt.randomNormal([784, 10]), { name: "w" });
 *     w.assignSub(grad.mul(0.01));
 */
export function variable(init: Tensor | number | readonly unknown[], options: VariableOptions = {}): Variable {
  const o = readOptions(options, "variable", ["trainable", "name"]); // each read once; not an object: an ArgumentError
  const trainable = readBool(o.trainable, "variable", "trainable", true);
  if (o.name !== undefined && typeof o.name !== "string") throw new ArgumentError(`variable: name must be a string, got ${show(o.name)}`);
  const value = init instanceof Tensor ? init : fromValues(init, undefined, undefined, "variable");
  try {
    return new Variable(token(), retain(value.live("variable")), value, trainable, o.name);
  } finally {
    if (value !== init) value.dispose();
  }
}
