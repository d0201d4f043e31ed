// workerd, default loading: the package entry for Workers (the "workerd" condition → dist/workers.js) picks its module.
import * as tt from "tensortape";
import { cases, runCases } from "../shared/cases.js";

export default {
  async test() {
    await tt.ready();
    const report = await runCases(tt, cases, (line) => console.log(line));
    console.log(`${report.passed} passed, ${report.failed} failed`);
    if (report.failed > 0) throw new Error(`${report.failed} shared case(s) failed`);
  },
};
