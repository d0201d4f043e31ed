// Scripts run in a fresh Node process, for tests of what ready() decides once per process.
import { spawnSync } from "node:child_process";

/** The repository root (the fresh processes' working directory, so "tensortape" resolves to this package). */
export const root = new URL("../..", import.meta.url).pathname;

/** Node's relaxed-SIMD flag where this Node accepts it (Node 20 needs it), else no flag. */
export const relaxedFlag = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "-e", "0"]).status === 0
  ? ["--experimental-wasm-relaxed-simd"] : [];

/** Run a module script that starts with `import * as tt from "tensortape"` in a fresh Node process. */
export function fresh(body: string, flags: string[] = []): { out: string[]; err: string; status: number | null } {
  const src = `import * as tt from "tensortape";\n${body}`;
  const r = spawnSync(process.execPath, [...flags, "--input-type=module", "-e", src], { encoding: "utf8", cwd: root, timeout: 60_000 });
  return { out: r.stdout.trim().split("\n"), err: r.stderr, status: r.status };
}
