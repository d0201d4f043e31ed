// Bad input to the tape and autodiff API: the right TensorTapeError subclass naming the call, memory
// unchanged, and a following valid computation still right. (Op rows are in ops.test.ts's `bad` table.)
import { test } from "uvu";
import * as assert from "uvu/assert";
import { badInputTests, type BadRow } from "../helpers/bad.js";
import { leakFields, tt } from "../helpers/setup.js";

const baseline = leakFields(tt.memory());

const spent = () => { const t = new tt.GradientTape(); const x = tt.scalar(1); const y = t.record(() => { t.watch(x); return x.square(); }); t.gradient(y, x); return { t, x, y }; };

const rows: BadRow[] = [
  ["a second gradient on a non-persistent tape", () => { const { t, x, y } = spent(); t.gradient(y, x); }, tt.TapeError, /GradientTape.gradient: a non-persistent GradientTape can only be used to compute one set of gradients/],
  ["jacobian after gradient on a non-persistent tape", () => { const { t, x, y } = spent(); t.jacobian(y, x); }, tt.TapeError, /GradientTape.jacobian: a non-persistent GradientTape/],
  ["record on a spent tape", () => spent().t.record(() => 1), tt.TapeError, /GradientTape.record: this non-persistent tape has already computed its gradient/],
  ["gradient on a disposed tape", () => { const t = new tt.GradientTape(); t.dispose(); t.gradient(tt.scalar(1), tt.scalar(1)); }, tt.DisposedError, /GradientTape.gradient: this tape has been disposed/],
  ["watch on a disposed tape", () => { const t = new tt.GradientTape(); t.dispose(); t.watch(tt.scalar(1)); }, tt.DisposedError, /GradientTape.watch/],
  ["an unknown unconnectedGradients", () => { const t = new tt.GradientTape(); t.gradient(tt.scalar(1), tt.scalar(1), { unconnectedGradients: "nonsense" as never }); }, tt.ArgumentError, /GradientTape.gradient: unknown value for unconnectedGradients: 'nonsense'/],
  ["a missing target", () => new tt.GradientTape().gradient(undefined as never, tt.scalar(1)), tt.ArgumentError, /GradientTape.gradient: argument target should be a Tensor/],
  ["a number among the sources", () => new tt.GradientTape().gradient(tt.scalar(1), { a: 3 } as never), tt.ArgumentError, /GradientTape.gradient: sources.a must be a Tensor/],
  ["a disposed source", () => { const x = tt.scalar(1); x.dispose(); new tt.GradientTape().gradient(tt.scalar(1), x); }, tt.DisposedError, /GradientTape.gradient \(source\): Tensor \d+ \(float32 \[\]\) is disposed/],
  ["outputGradients of the wrong shape", () => new tt.GradientTape().gradient(tt.ones([3]), tt.ones([3]), { outputGradients: tt.ones([2]) }), tt.ArgumentError, /outputGradients must be a float32 tensor of the target's shape \[3\], got float32 \[2\]/],
  ["watch of a string", () => new tt.GradientTape().watch("x" as never), tt.ArgumentError, /GradientTape.watch: x must be a Tensor \(or arrays and objects of Tensors\), got string/],
  ["watch of a disposed tensor", () => { const x = tt.scalar(1); x.dispose(); new tt.GradientTape().watch(x); }, tt.DisposedError, /GradientTape.watch: Tensor \d+/],
  ["record given a non-function", () => new tt.GradientTape().record(null as never), tt.ArgumentError, /GradientTape.record: expected a function, got object/],
  ["record returning a Promise", () => new tt.GradientTape().record(async () => 1), tt.ArgumentError, /GradientTape.record: the function returned a Promise/],
  ["re-entering a recording tape", () => { const t = new tt.GradientTape(); t.record(() => t.record(() => 1)); }, tt.TapeError, /GradientTape.record: tape is still recording/],
  ["stopRecording outside record", () => new tt.GradientTape().stopRecording(() => 1), tt.TapeError, /trying to stop recording a tape which is not recording/],
  ["tape options that are not an object", () => new tt.GradientTape(5 as never), tt.ArgumentError, /GradientTape: options must be an object/],
  ["jacobian of a non-tensor target", () => new tt.GradientTape({ persistent: true }).jacobian([tt.scalar(1)] as never, tt.scalar(1)), tt.ArgumentError, /GradientTape.jacobian: target must be a Tensor/],
  ["batchJacobian with mismatched first dimensions", () => new tt.GradientTape().batchJacobian(tt.ones([2, 3]), tt.ones([4, 3])), tt.ShapeError, /GradientTape.batchJacobian: need first dimension of target shape \[2,3\] and source shape \[4,3\] to match/],
  ["batchJacobian of a scalar", () => new tt.GradientTape().batchJacobian(tt.scalar(1), tt.ones([1])), tt.ShapeError, /GradientTape.batchJacobian: need first dimension/],
  ["ForwardAccumulator with a repeated primal", () => { const x = tt.ones([2]); return new tt.ForwardAccumulator([x, x], [x, x]); }, tt.ArgumentError, /was specified as a primal multiple times/],
  ["ForwardAccumulator with a tangent of another shape", () => new tt.ForwardAccumulator(tt.ones([2]), tt.ones([3])), tt.ShapeError, /ForwardAccumulator: tangent 0 \(float32 \[3\]\)/],
  ["ForwardAccumulator with fewer tangents than primals", () => new tt.ForwardAccumulator([tt.ones([2]), tt.ones([2])], [tt.ones([2])]), tt.ArgumentError, /ForwardAccumulator: 2 primals but 1 tangents/],
  ["ForwardAccumulator with an int32 primal", () => new tt.ForwardAccumulator(tt.ones([2], "int32"), tt.ones([2])), tt.ShapeError, /must be a float32 tensor of its primal's shape \(int32 \[2\]\)/],
  ["jvp on a disposed accumulator", () => { const a = new tt.ForwardAccumulator(tt.ones([1]), tt.ones([1])); a.dispose(); a.jvp(tt.ones([1])); }, tt.DisposedError, /ForwardAccumulator.jvp/],
  ["jvp with an unknown unconnectedGradients", () => { const a = new tt.ForwardAccumulator(tt.ones([1]), tt.ones([1])); try { a.jvp(tt.ones([1]), { unconnectedGradients: "all" as never }); } finally { a.dispose(); } }, tt.ArgumentError, /ForwardAccumulator.jvp: unknown value for unconnectedGradients: 'all'/],
  ["jvp with null options", () => { const a = new tt.ForwardAccumulator(tt.ones([1]), tt.ones([1])); try { a.jvp(tt.ones([1]), null as never); } finally { a.dispose(); } }, tt.ArgumentError, /ForwardAccumulator.jvp: options must be an object, got null/],
  ["grad of a non-function", () => tt.grad(3 as never)(tt.scalar(1)), tt.ArgumentError, /grad: expected a function, got number/],
  ["grad with argnums out of range", () => tt.grad((x: tt.Tensor) => x, { argnums: 1 })(tt.scalar(1)), tt.ArgumentError, /grad: argnums 1 is out of range for 1 argument/],
  ["grad with empty argnums", () => tt.grad((x: tt.Tensor) => x, { argnums: [] })(tt.scalar(1)), tt.ArgumentError, /grad: argnums must name at least one argument/],
  ["grad of a function returning nothing", () => tt.grad((() => undefined) as never)(tt.scalar(1)), tt.ArgumentError, /grad: the function must return a Tensor, got undefined \(did you forget to return a value\?\)/],
  ["grad of a function returning a Promise", () => tt.grad((async (x: tt.Tensor) => x) as never)(tt.scalar(1)), tt.ArgumentError, /grad: the function returned a Promise/],
  ["valueAndGrad with hasAux but no pair", () => tt.valueAndGrad((x: tt.Tensor) => x.square(), { hasAux: true })(tt.scalar(1)), tt.ArgumentError, /valueAndGrad: with hasAux the function must return \[value, aux\]/],
  ["grad given a string argument", () => tt.grad((x: tt.Tensor) => x)("a" as never), tt.ArgumentError, /grad: argument 0 must be a Tensor/],
  ["hessian of a non-function", () => tt.hessian(null as never), tt.ArgumentError, /hessian: expected a function/],
  ["customGradient whose f returns no gradFunc", () => tt.customGradient((x) => ({ value: x } as never))(tt.scalar(1)), tt.ArgumentError, /customGradient: f must return \{ value: Tensor, gradFunc/],
  ["customGradient whose gradFunc returns too many", () => { const f = tt.customGradient((x) => ({ value: x.square(), gradFunc: (dy) => [dy, dy] })); tt.grad((x: tt.Tensor) => f(x))(tt.scalar(1)); }, tt.ArgumentError, /customGradient: gradFunc must return one gradient \(a Tensor or null\) per input: 1 input\(s\), got 2 value\(s\)/],
  ["customGradient whose gradFunc returns a number", () => { const f = tt.customGradient((x) => ({ value: x.square(), gradFunc: () => 2 })); tt.grad((x: tt.Tensor) => f(x))(tt.scalar(1)); }, tt.ArgumentError, /customGradient: gradFunc must return one gradient/],
  ["variable assign of another shape", () => { const v = tt.variable([1, 2]); try { v.assign(tt.ones([3])); } finally { v.dispose(); } }, tt.ShapeError, /Variable.assign: shape of the new value \[3\] and previous value \[2\]/],
  ["variable assignAdd of another dtype", () => { const v = tt.variable([1, 2]); try { v.assignAdd(tt.ones([2], "int32")); } finally { v.dispose(); } }, tt.DTypeError, /Variable.assignAdd: dtype of the new value \(int32\) and previous value \(float32\)/],
  ["assign to a disposed variable", () => { const v = tt.variable([1]); v.dispose(); v.assign([2]); }, tt.DisposedError, /Variable.assign: Tensor \d+ \(float32 \[1\]\) is disposed/],
  ["a tape option that is not a boolean", () => new tt.GradientTape({ persistent: "yes" as never }), tt.ArgumentError, /GradientTape: persistent must be a boolean, got/],
  ["tape options that are null", () => new tt.GradientTape(null as never), tt.ArgumentError, /GradientTape: options must be an object, got null/],
  ["variable options that are not an object", () => tt.variable([1], 3 as never), tt.ArgumentError, /variable: options must be an object/],
  ["variable with a numeric name", () => tt.variable([1], { name: 3 as never }), tt.ArgumentError, /variable: name must be a string, got 3/],
  ["variable of a string", () => tt.variable("w" as never), tt.ArgumentError, /variable: values must be a Tensor, a number/],
  ["keep of a number", () => tt.keep(3 as never), tt.ArgumentError, /keep: expected a Tensor, got number/],
  ["dataSync of a disposed tensor", () => { const x = tt.ones([2, 2]); x.dispose(); x.dataSync(); }, tt.DisposedError, /dataSync: Tensor \d+ \(float32 \[2,2\]\) is disposed/],
  ["arraySync of a disposed tensor", () => { const x = tt.ones([3], "int32"); x.dispose(); x.arraySync(); }, tt.DisposedError, /dataSync: Tensor \d+ \(int32 \[3\]\) is disposed/],
  ["a method on a disposed tensor", () => { const x = tt.ones([2]); x.dispose(); x.add(1); }, tt.DisposedError, /add: Tensor \d+ \(float32 \[2\]\) is disposed/],
];

badInputTests(test, rows, () => {
  const x = tt.tensor([1, 2]);
  const t = new tt.GradientTape();
  const y = t.record(() => { t.watch(x); return x.square().sum(); });
  assert.equal(Array.from(t.gradient(y, x)!.dataSync()), [2, 4]);
});

test("memory is back at its baseline", () => {
  assert.equal(leakFields(tt.memory()), baseline);
});

test.run();
