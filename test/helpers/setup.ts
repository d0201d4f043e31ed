// Every Node suite starts here: the build chosen by TENSORTAPE_SIMD (base / relaxed; default: auto) and the
// threads by TENSORTAPE_THREADS (a count; default: "auto").
import * as tt from "tensortape";

const simd = process.env.TENSORTAPE_SIMD as "base" | "relaxed" | undefined;
const threads = process.env.TENSORTAPE_THREADS ? Number(process.env.TENSORTAPE_THREADS) : undefined;
await tt.ready({ ...(simd ? { simd } : {}), ...(threads !== undefined ? { threads } : {}) });

export { tt };
export const leakFields = (m: tt.MemoryInfo) => ({ numTensors: m.numTensors, numBuffers: m.numBuffers, numBytes: m.numBytes });
