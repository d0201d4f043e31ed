// esbuild loads .wasm files as module imports in workers.js, and the deflated kernels (.wasm.z) as bytes in index.js.
declare module "*.wasm" {
  const value: Uint8Array | WebAssembly.Module;
  export default value;
}
declare module "*.wasm.z" {
  const value: Uint8Array;
  export default value;
}
