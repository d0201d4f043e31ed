// npm run bench [-- --quick] [-- --only=REGEX] [-- --cpu] [-- --no-threads]: tensortape vs tfjs-wasm and tfjs-cpu, then
// tensortape at 1 and 2 threads vs threaded tfjs-wasm (bench/threads.ts; see BENCHMARKS.md)
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg } from "node:os";
import { dirname } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import * as tt from "tensortape";
import { cases, ttSoftmaxCE, type Case, type Runner, type System } from "./cases.js";

// tfjs-backend-wasm (SIMD, one thread) and tfjs-backend-cpu run side by side with tensortape in one process,
// interleaved, medians of several rounds; the base SIMD build here, the relaxed-SIMD build in a child process
// (node --experimental-wasm-relaxed-simd, which NODE_OPTIONS refuses).
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const build = (args.find((a) => a.startsWith("--build="))?.slice(8) ?? "base") as "base" | "relaxed";
const child = args.includes("--child");
const only = args.find((a) => a.startsWith("--only="))?.slice(7);
// --cpu: time samples by the process's CPU time instead of the wall clock (on a VM shared with other jobs, the
// wall clock also counts the time the scheduler gives them; CPU time also counts V8's helper threads)
const cpuClock = args.includes("--cpu");
const ROUNDS = quick ? 3 : 7; // medians of this many interleaved rounds
const SAMPLE_MS = quick ? 40 : 200; // each round repeats the work for at least this long
const SLOW_MS = quick ? 250 : 2000; // a system whose run takes longer is sampled at most 3 times (quick: once)

interface Result {
  name: string; unit: Case["unit"]; values: Partial<Record<System, number | "fails">>; checks: Partial<Record<System, number>>;
  /** tensortape's lowest and highest round, in the case's unit */
  range?: [number, number];
  /** how many times faster tensortape is than each peer: the median over rounds of the ratio within the round
   * (the systems of a round run back to back, so a slow spell of the shared machine hits both), or of the
   * medians for a peer sampled only once or a few times */
  ratios: Partial<Record<System, number>>;
}

/** Seconds per run of `r`: repeat for at least SAMPLE_MS (at least once) and divide. */
function sample(r: Runner): number {
  let n = 0;
  const t0 = performance.now(), c0 = process.cpuUsage();
  let t = t0;
  do { r.run(); n++; t = performance.now(); } while (t - t0 < SAMPLE_MS);
  if (!cpuClock) return (t - t0) / 1000 / n;
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1e6 / n;
}

const median = (xs: number[]): number => { const s = xs.slice().sort((a, b) => a - b); return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2; };
const value = (c: Case, sec: number): number => (c.unit === "ms" ? sec * 1e3 : c.unit === "µs/op" ? sec * 1e6 / c.work : c.work / sec / 1e9);

/** Make `s` tfjs's backend (tensors stay on the backend that made them; each runner disposes its own). */
async function use(s: System): Promise<void> {
  if (s !== "tt" && tf.getBackend() !== s) await tf.setBackend(s);
}

/** One case on every system: set up each, warm up, then ROUNDS rounds, each running the systems in a rotated order. */
async function measure(c: Case, systems: System[]): Promise<Result> {
  const res: Result = { name: c.name, unit: c.unit, values: {}, checks: {}, ratios: {} };
  const runners = new Map<System, Runner>();
  const samples = new Map<System, number[]>();
  const byRound = new Map<System, number[]>(systems.map((s) => [s, []])); // seconds per run, by round
  const slow = new Set<System>();
  for (const s of systems) {
    await use(s);
    try {
      const r = c.setup(s);
      let t0 = performance.now();
      r.run(); // warm-up: compiles, tiers up, sizes the allocator
      const first = performance.now() - t0;
      t0 = performance.now();
      if (!(quick && first > SLOW_MS)) r.run(); // --quick takes a slow system's first run as its one sample
      const second = quick && first > SLOW_MS ? first : performance.now() - t0;
      if (second > SLOW_MS) { slow.add(s); samples.set(s, [second / 1000]); } else { sample(r); samples.set(s, []); }
      runners.set(s, r);
    } catch (e) {
      res.values[s] = "fails";
      if (!child) console.error(`  ${c.name} on ${s}: ${(e as Error).message.split("\n")[0]}`);
    }
  }
  const live = systems.filter((s) => runners.has(s));
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < live.length; i++) {
      const s = live[(round + i) % live.length];
      if (slow.has(s) && (quick || samples.get(s)!.length >= 3)) continue;
      await use(s);
      samples.get(s)!.push(sample(runners.get(s)!));
      byRound.get(s)![round] = samples.get(s)![samples.get(s)!.length - 1];
      }
  }
  for (const s of live) {
    await use(s);
    const r = runners.get(s)!;
    res.values[s] = value(c, median(samples.get(s)!));
    if (s === "tt") {
      const v = samples.get(s)!.map((x) => value(c, x));
      res.range = [Math.min(...v), Math.max(...v)];
    }
    if (r.check) res.checks[s] = r.check();
    if (s !== "tt") {
      const tt = byRound.get("tt")!, peer = byRound.get(s)!;
      const paired = tt.flatMap((x, i) => (x !== undefined && peer[i] !== undefined ? [peer[i] / x] : []));
      res.ratios[s] = paired.length >= 3 ? median(paired) : median(samples.get(s)!) / median(samples.get("tt")!);
    }
    r.dispose();
  }
  return res;
}

// ---- printing -----------------------------------------------------------------------------------------

/** How many times faster tensortape is than the peer. */
function ratio(r: Result, s: System): string {
  if (r.values[s] === "fails") return typeof r.values.tt === "number" ? "peer fails" : "";
  const x = r.ratios[s];
  return x === undefined ? "" : `${x.toFixed(2)}×`;
}
const fmtV = (v: number | "fails" | undefined): string => (v === undefined ? "–" : v === "fails" ? "fails" : v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toFixed(3));

function verdict(c: Case | undefined, r: Result, relaxed: boolean): string {
  const g = c?.goal;
  const ours = r.values.tt, x = r.ratios.wasm;
  if (!g || typeof ours !== "number") return "";
  const need = relaxed ? g.relaxedRatio ?? g.ratio : g.ratio;
  const max = relaxed ? g.relaxedMax ?? g.max : g.max;
  let ok = true;
  if (need !== undefined && x !== undefined) ok &&= x >= need;
  if (max !== undefined) ok &&= ours <= max;
  return `${ok ? "met" : "MISSED"}: ${g.text}`;
}

function table(results: Result[], relaxed: boolean): string {
  const rows = [["case", "unit", "tensortape", "(rounds)", "tfjs-wasm", "× wasm", "tfjs-cpu", "× cpu", "goal"]];
  for (const r of results) {
    const c = cases.find((x) => x.name === r.name);
    rows.push([r.name, r.unit, fmtV(r.values.tt), r.range ? `${fmtV(r.range[0])}–${fmtV(r.range[1])}` : "", fmtV(r.values.wasm),
      ratio(r, "wasm"), fmtV(r.values.cpu), ratio(r, "cpu"), verdict(c, r, relaxed)]);
  }
  const w = rows[0].map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  return rows.map((row) => row.map((x, i) => (i < 2 || i === 8 ? x.padEnd(w[i]) : x.padStart(w[i]))).join("  ").trimEnd()).join("\n");
}

function notes(results: Result[]): string {
  const out: string[] = [];
  for (const r of results) {
    const { tt: a, wasm: b } = r.checks;
    if (r.name.startsWith("MLP") && a !== undefined) out.push(`MLP loss at the first step: tensortape ${a.toFixed(4)}, tfjs-wasm ${b?.toFixed(4) ?? "–"}, tfjs-cpu ${r.checks.cpu?.toFixed(4) ?? "–"}`);
    if (r.name.startsWith("d²") && a !== undefined) out.push(`d²/dx² max |error| vs −2·tanh·(1 − tanh²) (every 997th element): ${a.toExponential(1)}`);
  }
  return out.join("\n");
}

// ---- rooflines: what this machine does right now (other work on a shared VM moves them) -----------------

const root = new URL("..", import.meta.url).pathname;

/** GFLOP/s of bench/peak.ts for this build (f32x4 on registers: mul + add, or FMA), compiled here when stale. */
async function peakGflops(kind: "base" | "relaxed"): Promise<number> {
  const out = `${root}build/peak-${kind}.wasm`, src = `${root}bench/peak.ts`;
  if (!existsSync(out) || statSync(out).mtimeMs < statSync(src).mtimeMs) {
    const features = kind === "base" ? "simd" : "simd,relaxed-simd";
    const r = spawnSync(`${root}node_modules/.bin/asc`, [src, "--runtime", "stub", "--enable", features, "-O3", "--noAssert", "-o", out], { stdio: "inherit" });
    if (r.status !== 0) throw new Error("asc failed on bench/peak.ts");
  }
  const { instance } = await WebAssembly.instantiate(readFileSync(out));
  const peak = instance.exports.peak as (n: number) => number;
  const trips = 1 << 20, xs: number[] = [];
  for (let r = 0; r < 25; r++) { const t0 = performance.now(); peak(trips); xs.push(trips * 96 / (performance.now() - t0) / 1e6); }
  return Math.max(...xs); // the best of 25 short runs: what the core gives when nothing else runs on it
}

/** GB/s (read + write) of memmove over n floats: the bandwidth roofline of an elementwise op of that size. */
function memmoveGBs(n: number): number {
  const u8 = new Uint8Array(8 * n);
  u8.fill(1);
  const xs: number[] = [];
  for (let r = 0; r < 9; r++) {
    let it = 0;
    const t0 = performance.now();
    let t = t0;
    do { u8.copyWithin(0, 4 * n, 8 * n); it++; t = performance.now(); } while (t - t0 < 30);
    xs.push(8 * n * it / (t - t0) / 1e6);
  }
  return Math.max(...xs);
}

interface Section { results: Result[]; roofline: string }

// ---- main -----------------------------------------------------------------------------------------------

async function section(kind: "base" | "relaxed"): Promise<Section> {
  await tt.ready({ simd: kind, threads: 1 }); // one thread here; bench/threads.ts runs threads
  const roofline = `roofline now (best of short runs): f32x4 peak ${(await peakGflops(kind)).toFixed(1)} GFLOP/s (${kind === "base" ? "mul + add" : "FMA"}), ` +
    `memmove ${memmoveGBs(1 << 20).toFixed(1)} GB/s (1M floats), ${memmoveGBs(1 << 24).toFixed(1)} GB/s (16M floats)`;
  if (!child) console.error(`  ${roofline}`);
  const require = createRequire(import.meta.url);
  setWasmPaths(dirname(require.resolve("@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm")) + "/");
  await tf.setBackend("wasm");
  if (!tf.env().getBool("WASM_HAS_SIMD_SUPPORT") || tf.env().getBool("WASM_HAS_MULTITHREAD_SUPPORT")) throw new Error("tfjs-wasm is not SIMD single-threaded here");
  // the relaxed child measures tensortape against tfjs-wasm only (tfjs-cpu has no SIMD build to compare)
  const systems: System[] = kind === "base" ? ["tt", "wasm", "cpu"] : ["tt", "wasm"];
  const results: Result[] = [];
  for (const c of cases) {
    if (only && !new RegExp(only).test(c.name)) continue;
    (globalThis as { gc?: () => void }).gc?.(); // each case starts from a collected heap (node --expose-gc)
    const r = await measure(c, systems);
    results.push(r);
    if (!child) console.error(`  ${r.name}: ${systems.map((s) => `${s} ${fmtV(r.values[s])}`).join(", ")}`);
  }
  return { results, roofline };
}

async function main(): Promise<void> {
  if (child) { // the relaxed-SIMD child: results as one JSON line on stdout
    process.stdout.write(JSON.stringify(await section(build)) + "\n");
    return;
  }
  const started = new Date();
  const load0 = loadavg()[0];
  const header = [
    `tensortape bench${quick ? " --quick" : ""}: ${started.toISOString().slice(0, 16).replace("T", " ")} UTC, Node ${process.version}, ` +
    `${cpus()[0]?.model ?? "?"} × ${cpus().length}, tfjs ${tf.version.tfjs} (wasm: SIMD, 1 thread)`,
    `medians of ${ROUNDS} interleaved rounds of ≥ ${SAMPLE_MS} ms (${cpuClock ? "process CPU time" : "wall clock"}); ratios are how many ` +
    `times faster tensortape is (median of the per-round ratios); (rounds): the range of its rounds; MLP loss: ${ttSoftmaxCE.name}`,
  ];
  console.log(header.join("\n"));
  console.error("base SIMD build:");
  const base = await section("base");
  console.error("relaxed-SIMD build (child process):");
  // Node 20 validates relaxed SIMD only with this flag; a Node that ships it and no longer knows the flag runs without
  const flag = spawnSync(process.execPath, ["--experimental-wasm-relaxed-simd", "-e", "0"]).status === 0 ? ["--experimental-wasm-relaxed-simd"] : [];
  const argv = [...flag, "--expose-gc", "--import", "tsx", new URL(import.meta.url).pathname, "--child", "--build=relaxed", ...args];
  const r = spawnSync(process.execPath, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
  const line = r.stdout.trim().split("\n").pop() ?? "";
  const relaxed: Section | null = r.status === 0 && line.startsWith("{") ? JSON.parse(line) : null;
  console.log(`\n## base SIMD build\n\n${base.roofline}\n\n${table(base.results, false)}\n`);
  if (relaxed) console.log(`## relaxed-SIMD build (f32x4.relaxed_madd)\n\n${relaxed.roofline}\n\n${table(relaxed.results, true)}\n`);
  else console.log(`## relaxed-SIMD build: the child failed (exit ${r.status}); not measured\n`);
  console.log(notes(base.results));
  if (!args.includes("--no-threads")) threads(flag);
  console.log(`load average: ${load0.toFixed(2)} at the start, ${loadavg()[0].toFixed(2)} at the end (2 vCPUs: above ~1 other work shared the machine); ${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`);
}

/** bench/threads.ts for each build, in child processes (tfjs-wasm is threaded there); its tables as they come. */
function threads(flag: string[]): void {
  for (const kind of ["base", "relaxed"] as const) {
    console.error(`threads, ${kind} SIMD build (child process):`);
    const argv = [...(kind === "relaxed" ? flag : []), "--expose-gc", "--import", "tsx", new URL("./threads.ts", import.meta.url).pathname,
      `--build=${kind}`, ...args.filter((a) => a === "--quick" || a.startsWith("--only="))];
    const r = spawnSync(process.execPath, argv, { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], maxBuffer: 1 << 24 });
    const line = r.stdout.trim().split("\n").pop() ?? "";
    if (r.status !== 0 || !line.startsWith("{")) { console.log(`## threads, ${kind} SIMD build: the child failed (exit ${r.status}); not measured\n`); continue; }
    const out = JSON.parse(line) as { info: string; table: string };
    console.log(`## threads: ${kind} SIMD build, ${THREADS_NOTE}\n\n${out.info}\n\n${out.table}\n`);
  }
  console.log(`load average after the threads runs: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
}
const THREADS_NOTE = "tensortape at 1 and at 2 threads (ESM and CommonJS copies, each its own memory) and tfjs-wasm's threaded " +
  "build at 2 threads (bench/tfjs-threads.ts), interleaved; ratios are medians of per-round ratios (> 1: tt 2 threads faster)";

// Emscripten (tfjs-wasm) installs an uncaughtException handler that prints its whole source: report errors here.
main().catch((e) => { console.error(e instanceof Error ? e.stack : e); process.exit(1); });
