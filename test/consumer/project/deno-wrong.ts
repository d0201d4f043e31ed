// Must FAIL `deno check` (a tensor is no number): shows that the file import is typed, not `any`.
import * as tt from "./tensortape/dist/index.js";

export const n: number = tt.tensor([1]);
