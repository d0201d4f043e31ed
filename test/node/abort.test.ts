// A debug-build kernel abort is reported with its message and file: the AssemblyScript strings at the pointers
// env.abort receives are decoded from memory (src/wasm.ts readString).
import { suite } from "uvu";
import * as assert from "uvu/assert";
import { readString } from "../../src/wasm.js";

const test = suite("abort");

/** An AssemblyScript string object at `ptr`: the byte length in the header word before it, then UTF-16. */
function put(memory: WebAssembly.Memory, ptr: number, s: string): void {
  new DataView(memory.buffer).setUint32(ptr - 4, s.length * 2, true);
  new Uint16Array(memory.buffer, ptr, s.length).set([...s].map((c) => c.charCodeAt(0)));
}

test("readString decodes the message and file an abort points at", () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  put(memory, 64, "index out of range");
  put(memory, 128, "assembly/gather.ts");
  assert.is(readString(memory, 64), "index out of range");
  assert.is(readString(memory, 128), "assembly/gather.ts");
});

test("readString gives an empty string for a null, misaligned-low or out-of-range pointer or length", () => {
  const memory = new WebAssembly.Memory({ initial: 1 });
  assert.is(readString(memory, 0), "");
  assert.is(readString(memory, 2), "");
  assert.is(readString(memory, 65536 + 4), "");
  new DataView(memory.buffer).setUint32(60, 1 << 20, true); // a length past the end of memory
  assert.is(readString(memory, 64), "");
});

test.run();
