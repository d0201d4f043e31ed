// The error hierarchy: every check in tensortape throws a subclass of TensorTapeError.

/** Base class of every error tensortape throws on purpose. */
export class TensorTapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** Incompatible or invalid shapes, axes or sizes. */
export class ShapeError extends TensorTapeError {}
/** A dtype an op does not accept, or two different dtypes mixed in one op. */
export class DTypeError extends TensorTapeError {}
/** A disposed tensor (or tape) was used. */
export class DisposedError extends TensorTapeError {}
/** Wasm memory cannot grow to hold a requested buffer. */
export class OutOfMemoryError extends TensorTapeError {}
/** An argument of the wrong kind: not a tensor, a Promise where a value was expected, a bad option. */
export class ArgumentError extends TensorTapeError {}
/** The runtime is used before `ready()`, or `ready()` is called with conflicting options. */
export class NotReadyError extends TensorTapeError {}
/** A GradientTape used against its rules (a spent non-persistent tape, re-entry, …). */
export class TapeError extends TensorTapeError {}
/** A linear-algebra input the op cannot factor: not positive definite (cholesky), singular (solve, inv, triangularSolve). */
export class LinalgError extends TensorTapeError {}
/** A NaN in an op's float32 output while `tt.setDebug(true)` is on (tfjs's debug mode); names the op. ±Infinity is allowed. */
export class NumericError extends TensorTapeError {}
/** A kernel trapped inside an op split across threads (reported on the calling thread once every chunk is done). */
export class KernelError extends TensorTapeError {}
