// Deno, importing the package's file (no npm:): `deno check` must find the types through @ts-self-types.
import * as tt from "./tensortape/dist/index.js";

await tt.ready();
const x: tt.Tensor = tt.tensor([[1, 2], [3, 4.5]]);
console.log(Deno.inspect(x));
console.log(JSON.stringify(x));
