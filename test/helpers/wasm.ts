// Instantiating a kernel build for ABI tests, composed as the host composes it: "relaxed" is the base module
// with the relaxed module's kernels (those that differ under relaxed SIMD) instantiated on the same memory.
import { existsSync, readFileSync } from "node:fs";

const bytesOf = (file: string): ArrayBuffer | null => {
  const url = new URL(`../../build/${file}`, import.meta.url);
  if (!existsSync(url)) return null;
  const b = readFileSync(url);
  return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
};
const start = async (bytes: ArrayBuffer, imports: WebAssembly.Imports) =>
  (await WebAssembly.instantiate(await WebAssembly.compile(bytes), imports)).exports;

/** The exports of build `file` (simd.wasm, debug.wasm or relaxed.wasm) over `imports`, or null when missing or not valid here. */
export async function instantiateBuild(file: string, imports: WebAssembly.Imports): Promise<Record<string, unknown> | null> {
  const bytes = bytesOf(file);
  if (bytes === null || !WebAssembly.validate(bytes)) return null;
  if (file !== "relaxed.wasm") return { ...(await start(bytes, imports)) };
  const base = bytesOf("simd.wasm");
  if (base === null) return null;
  return { ...(await start(base, imports)), ...(await start(bytes, imports)) };
}
