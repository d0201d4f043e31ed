// workerd, default loading: the package entry for Workers (the "workerd" condition → dist/workers.js) picks its
// module; plus the README's fetch handler, called as workerd would.
import * as tt from "tensortape";
import { cases, runCases, type Case } from "../shared/cases.js";

const worker = {
  async fetch(request: Request): Promise<Response> {
    await tt.ready();
    const y = tt.tidy(() => tt.tensor([1, 2, 3]).square().sum().dataSync()[0]);
    return new Response(`sum of squares: ${y}\n`);
  },
  async test() {
    const fetchCase: Case = {
      name: "the README's fetch handler answers",
      async run() {
        const text = await (await worker.fetch(new Request("http://localhost/"))).text();
        if (text !== "sum of squares: 14\n") throw new Error(`fetch answered ${JSON.stringify(text)}`);
      },
    };
    const fallback: Case = {
      name: "Workers have no threads: ready() runs one thread on a plain memory, without an error",
      run() {
        const info = tt.backendInfo();
        if (info.threads !== 1 || info.sharedMemory) throw new Error(`backendInfo() ${JSON.stringify(info)}`);
      },
    };
    await tt.ready();
    const report = await runCases(tt, [...cases, fetchCase, fallback], (line) => console.log(line));
    console.log(`${report.passed} passed, ${report.failed} failed`);
    if (report.failed > 0) throw new Error(`${report.failed} case(s) failed`);
  },
};
export default worker;
