// Type-checked under moduleResolution node16 only: require() gets the CommonJS entry and its .d.cts types.
import tt = require("tensortape");

export const ready: Promise<void> = tt.ready();
const t: tt.Tensor = tt.scalar(1);
// @ts-expect-error no such method: proves the declarations were read
t.notAMethod();
