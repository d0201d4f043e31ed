// Cloudflare Worker example (npm run example:worker serves it with workerd on http://127.0.0.1:8787/):
// GET /?x=1,2,3 returns f(x) = Σ tanh(x)² and its gradient, computed per request with a GradientTape.
// The package entry for Workers imports the kernels as WebAssembly.Module imports; ready() loads them once.
import * as tt from "tensortape";

export default {
  async fetch(request) {
    await tt.ready();                       // the same promise on every later request
    const values = (new URL(request.url).searchParams.get("x") ?? "1,2,3").split(",").map(Number);
    if (values.some(Number.isNaN)) return new Response("x must be numbers separated by commas\n", { status: 400 });
    const body = tt.tidy(() => {
      const x = tt.tensor(values);
      const tape = new tt.GradientTape();
      const y = tape.record(() => { tape.watch(x); return x.tanh().square().sum(); });
      const dy = tape.gradient(y, x);
      return { x: values, f: y.dataSync()[0], grad: Array.from(dy.dataSync()) };
    });
    return Response.json({ ...body, liveTensors: tt.memory().numTensors });   // 0: tidy freed them all
  },
};
