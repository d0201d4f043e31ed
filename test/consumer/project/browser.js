// Bundled by esbuild for a browser page and for a browser Web Worker (--conditions=worker); the bundles are then
// run by Node, which needs nothing the browser lacks to run them. Named imports: the bundler tree-shakes inside
// dist/index.js, and the methods and inspect hooks installed on Tensor.prototype must survive that.
import { ready, tensor, tidy } from "tensortape";

await ready();
const y = tidy(() => tensor([1, 2, 3]).square().sum().dataSync()[0]);
const t = tensor([[1, 2]]);
console.log(`sum of squares: ${y}; ${JSON.stringify(t)}; ${t[Symbol.for("nodejs.util.inspect.custom")]()}`);
