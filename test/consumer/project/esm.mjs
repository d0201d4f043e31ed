// Node, ESM: import the package, print what the consumer test compares.
import { inspect } from "node:util";
import * as tt from "tensortape";

await tt.ready();
const x = tt.tensor([[1, 2], [3, 4.5]]);
console.log(JSON.stringify({ inspect: inspect(x), json: x.toJSON(), sum: x.sum().dataSync()[0] }));
