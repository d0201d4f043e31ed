// workerd, the README's other Workers recipe: import the kernel module from the package and hand it to
// ready({ module }) with top-level await.
import * as tt from "tensortape";
import wasm from "tensortape/simd.wasm";
import { cases, runCases } from "../shared/cases.js";

await tt.ready({ module: wasm as WebAssembly.Module });

export default {
  async test() {
    const report = await runCases(tt, cases, (line) => console.log(line));
    console.log(`${report.passed} passed, ${report.failed} failed`);
    if (report.failed > 0) throw new Error(`${report.failed} shared case(s) failed`);
  },
};
