// Bundled by esbuild for a browser page and for a browser Web Worker (--conditions=worker); the bundles are then
// run by Node, which needs nothing the browser lacks to run them.
import * as tt from "tensortape";

await tt.ready();
const y = tt.tidy(() => tt.tensor([1, 2, 3]).square().sum().dataSync()[0]);
console.log(`sum of squares: ${y}`);
