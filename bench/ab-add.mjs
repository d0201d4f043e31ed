// Per-op add, A/B in one process: `node bench/ab-add.mjs OTHER_DIST_INDEX_JS [rounds]` interleaves that build
// (e.g. a build of the previous main) with this checkout's dist/index.js; THREADS=1 pins this one to one thread.
const A = await import(process.argv[2]);
const B = await import("../dist/index.js");
await A.ready(); await B.ready(process.env.THREADS === "1" ? { threads: 1 } : {});
const N = 200_000, rounds = Number(process.argv[3] ?? 9);
function run(tt) {
  const a = tt.tensor([1, 2, 3, 4]), b = tt.tensor([5, 6, 7, 8]);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) tt.add(a, b).dispose();
  const dt = Number(process.hrtime.bigint() - t0) / N / 1000;
  a.dispose(); b.dispose();
  return dt;
}
run(A); run(B); run(A); run(B);
const ra = [], rb = [];
for (let r = 0; r < rounds; r++) { ra.push(run(A)); rb.push(run(B)); }
const med = (x) => [...x].sort((p, q) => p - q)[x.length >> 1];
const load = (await import("node:os")).loadavg()[0].toFixed(2);
console.log(`per-op add µs: other ${med(ra).toFixed(3)} (min ${Math.min(...ra).toFixed(3)}), this ${med(rb).toFixed(3)} (min ${Math.min(...rb).toFixed(3)}), ${rounds} rounds, load ${load}`);
process.exit(0);
