// Deno: the shared cases against the universal bundle (dist/index.js, wasm embedded); ends with "N passed, M failed".
import * as tt from "../../dist/index.js";
import { cases, runCases } from "../shared/cases.ts";

await tt.ready(); // Deno validates the relaxed-SIMD build without flags, so this runs the relaxed kernels
const report = await runCases(tt, cases, (line) => console.log(line));
console.log(`${report.passed} passed, ${report.failed} failed`);
Deno.exit(report.failed === 0 ? 0 : 1);
