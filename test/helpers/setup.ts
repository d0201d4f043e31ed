// Every Node suite starts here: the build chosen by TENSORTAPE_SIMD (base / relaxed; default: auto).
import * as tt from "tensortape";

const simd = process.env.TENSORTAPE_SIMD as "base" | "relaxed" | undefined;
await tt.ready(simd ? { simd } : {});

export { tt };
export const leakFields = (m: tt.MemoryInfo) => ({ numTensors: m.numTensors, numBuffers: m.numBuffers, numBytes: m.numBytes });
