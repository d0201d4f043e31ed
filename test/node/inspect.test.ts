// How tensors show themselves: util.inspect / console.log, print(), JSON.stringify; disposed ones too.
import { inspect } from "node:util";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { leakFields, tt } from "../helpers/setup.js";

test("util.inspect shows dtype, shape and numpy-style values, not the handle's internals", () => {
  const before = leakFields(tt.memory());
  const m = tt.tensor([[1, 2], [3, 4.5]]);
  assert.is(inspect(m), "Tensor float32 [2,2]\n[[1.  2. ]\n [3.  4.5]]");
  const s = tt.scalar(7, "int32");
  assert.is(inspect(s), "Tensor int32 [] 7");
  const b = tt.tensor([true, false, true]);
  assert.is(inspect(b), "Tensor bool [3]\n[ True False  True]");
  // nested: Node indents the custom string; nothing of the buffer (ptr, DataBuffer) shows
  const nested = inspect({ w: m, list: [s] });
  assert.is(nested, "{\n  w: Tensor float32 [2,2]\n  [[1.  2. ]\n   [3.  4.5]],\n  list: [ Tensor int32 [] 7 ]\n}");
  assert.not.match(inspect(m, { showHidden: true }), /ptr|DataBuffer/);
  tt.dispose([m, s, b]);
  assert.equal(leakFields(tt.memory()), before, "inspecting allocates nothing that stays");
});

test("a disposed tensor inspects without throwing; its toJSON throws a DisposedError", () => {
  const t = tt.ones([2, 3]);
  t.dispose();
  assert.is(inspect(t), "Tensor float32 [2,3] (disposed)");
  assert.throws(() => JSON.stringify(t), (e: Error) => e instanceof tt.DisposedError && /^toJSON: .*float32 \[2,3\].* disposed/.test(e.message));
});

test("Deno's inspect symbol gives the same text", () => {
  const t = tt.tensor([1, 2, 3], [3], "int32");
  const deno = (t as unknown as Record<symbol, () => string>)[Symbol.for("Deno.customInspect")]();
  assert.is(deno, "Tensor int32 [3]\n[1 2 3]");
  t.dispose();
});

test("toJSON gives { dtype, shape, data } and tt.tensor(data, shape, dtype) rebuilds the tensor", () => {
  const before = leakFields(tt.memory());
  const cases: [number[], number[], tt.DType][] = [
    [[1.5, -2, 0.25, 8], [2, 2], "float32"], [[1, -7, 3], [3, 1], "int32"], [[1, 0], [2], "bool"], [[5], [], "float32"]];
  for (const [values, shape, dtype] of cases) {
    const t = tt.tensor(values, shape, dtype);
    const json = JSON.parse(JSON.stringify({ t })).t;
    assert.equal(json, { dtype, shape, data: values });
    const back = tt.tensor(json.data, json.shape, json.dtype);
    assert.equal(back.arraySync(), t.arraySync());
    assert.is(back.dtype, dtype);
    tt.dispose([t, back]);
  }
  const one = tt.ones([1]);
  assert.not.ok("toJSON" in Object.assign({}, one), "installed non-enumerable");
  one.dispose();
  assert.equal(leakFields(tt.memory()), before);
});

test("print() writes the inspect text with console.log", () => {
  const t = tt.tensor([[0.5], [2]]);
  const lines: unknown[][] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => { lines.push(a); };
  try { t.print(); } finally { console.log = log; }
  assert.equal(lines, [["Tensor float32 [2,1]\n[[0.5]\n [2. ]]"]]);
  t.dispose();
});

test.run();
