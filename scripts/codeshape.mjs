// Code-shape checks on src/: no import cycle among value imports, and no file over the line budget.
// `node scripts/codeshape.mjs` prints what fails and exits 1; the Node suite runs the same checks.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const MAX_LINES = 400;
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Every .ts file under `dir`, as paths relative to the repo root. */
function files(dir) {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []);
}

/** Relative value imports of a file (`import type` and `export type … from` carry no run-time edge). */
function imports(file) {
  const text = readFileSync(join(root, file), "utf8");
  const out = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?([^;]*?)\s*from\s*"(\.[^"]+)"/gms)) {
    if (m[2]) continue;
    out.push(join(dirname(file), m[4].replace(/\.js$/, ".ts")));
  }
  return out;
}

/** Strongly connected components of more than one file (Tarjan), each sorted. */
export function cycles(dir = "src") {
  const graph = new Map(files(dir).map((f) => [f, imports(f)]));
  const index = new Map(), low = new Map(), stack = [], on = new Set(), found = [];
  let n = 0;
  const visit = (v) => {
    index.set(v, n); low.set(v, n); n++; stack.push(v); on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v), low.get(w))); }
      else if (on.has(w)) low.set(v, Math.min(low.get(v), index.get(w)));
    }
    if (low.get(v) === index.get(v)) {
      const scc = [];
      let w;
      do { w = stack.pop(); on.delete(w); scc.push(w); } while (w !== v);
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(scc.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** Files over the line budget, with their line counts. */
export function longFiles(dir = "src", max = MAX_LINES) {
  return files(dir)
    .map((f) => [f, readFileSync(join(root, f), "utf8").split("\n").length - 1])
    .filter(([, lines]) => lines > max);
}

if (process.argv[1] && relative(process.argv[1], fileURLToPath(import.meta.url)) === "") {
  const cyc = cycles(), long = longFiles();
  for (const c of cyc) console.log(`import cycle: ${c.join(" → ")}`);
  for (const [f, l] of long) console.log(`${f}: ${l} lines (budget ${MAX_LINES})`);
  if (cyc.length === 0 && long.length === 0) console.log("codeshape: no import cycle, no file over budget");
  process.exit(cyc.length + long.length > 0 ? 1 : 0);
}
