// Node, CommonJS (run with --no-experimental-require-module, as Node before 20.19 behaves): require() the package.
const { inspect } = require("node:util");
const tt = require("tensortape");

tt.ready().then(() => {
  const x = tt.tensor([[1, 2], [3, 4.5]]);
  console.log(JSON.stringify({ inspect: inspect(x), json: x.toJSON(), sum: x.sum().dataSync()[0] }));
});
