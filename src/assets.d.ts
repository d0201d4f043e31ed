// esbuild loads .wasm files: as bytes (binary loader) in index.js, as a module import in workers.js.
declare module "*.wasm" {
  const value: Uint8Array | WebAssembly.Module;
  export default value;
}
