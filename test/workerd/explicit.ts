// workerd, the README's Workers recipe: import the kernel module from the package and hand it to ready({ module }).
import * as tt from "tensortape";
import wasm from "tensortape/simd.wasm";
import { cases, runCases } from "../shared/cases.js";

export default {
  async test() {
    await tt.ready({ module: wasm as WebAssembly.Module });
    const report = await runCases(tt, cases, (line) => console.log(line));
    console.log(`${report.passed} passed, ${report.failed} failed`);
    if (report.failed > 0) throw new Error(`${report.failed} shared case(s) failed`);
  },
};
