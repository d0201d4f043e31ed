// Threads: ready({ threads }), backendInfo(), shutdown(), bit-identical results for every thread count, errors
// inside split calls, out of memory, memory growth while workers sleep, and exiting by itself.
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { readFileSync } from "node:fs";
import { test } from "uvu";
import * as assert from "uvu/assert";
import { tt } from "../helpers/setup.js";
import { Pool } from "../../src/threads/pool.js";
import { kernelNames } from "../../src/wasm.js";
import { fresh, relaxedFlag, root } from "../helpers/fresh.js";

// The tests below start their own processes, whatever this suite's build and threads: npm test runs them in one of
// its Node runs only (base SIMD, threads "auto"); uvu without those variables runs them too.
const once = process.env.TENSORTAPE_SIMD !== "relaxed" && process.env.TENSORTAPE_THREADS === undefined;
const own = once ? test : test.skip;

test("ready() defaults to one thread per core (at most 8) on a shared memory; backendInfo says so", () => {
  const threads = process.env.TENSORTAPE_THREADS ? Number(process.env.TENSORTAPE_THREADS) : Math.min(availableParallelism(), 8);
  const info = tt.backendInfo();
  assert.equal(Object.keys(info).sort(), ["sharedMemory", "simd", "threads"]);
  assert.is(info.threads, threads);
  assert.is(info.sharedMemory, threads > 1);
  assert.is(info.simd, process.env.TENSORTAPE_SIMD === "relaxed" ? "relaxed" : "base");
  assert.equal(Object.keys(tt.memory()).sort(), ["numBuffers", "numBytes", "numTensors", "wasmBytes"]);
});

own("threads must be a positive integer or \"auto\", workerUrl a URL: anything else is an ArgumentError", () => {
  const r = fresh(`
    for (const bad of [{ threads: 0 }, { threads: -2 }, { threads: 1.5 }, { threads: "2" }, { threads: null }, { threads: NaN },
                       { threads: Infinity }, { workerUrl: 5 }, { workerUrl: "no/base/here.js" }]) {
      console.log(await tt.ready(bad).then(() => "resolved", (e) => e.name + " " + e.message));
    }
    await tt.ready({ threads: 2 });
    console.log(JSON.stringify(tt.backendInfo()));
    console.log(await tt.ready({ threads: 1 }).then(() => "resolved", (e) => e.name + " " + /already initialised/.test(e.message)));
    await tt.ready({ threads: 2 });
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, [
    "ArgumentError ready: threads must be a positive integer or \"auto\", got number 0",
    "ArgumentError ready: threads must be a positive integer or \"auto\", got number -2",
    "ArgumentError ready: threads must be a positive integer or \"auto\", got number 1.5",
    "ArgumentError ready: threads must be a positive integer or \"auto\", got string 2",
    "ArgumentError ready: threads must be a positive integer or \"auto\", got null",
    "ArgumentError ready: threads must be a positive integer or \"auto\", got number NaN",
    "ArgumentError ready: threads must be a positive integer or \"auto\", got number Infinity",
    "ArgumentError ready: workerUrl must be a string or a URL, got number 5",
    "ArgumentError ready: workerUrl \"no/base/here.js\" is not a URL (give an absolute URL, or a URL object)",
    '{"simd":"base","threads":2,"sharedMemory":true}',
    "ArgumentError true",
  ]);
});

type Run = { info: { simd: string; threads: number; sharedMemory: boolean }; splits: Record<string, number>; live: number[]; hashes: Record<string, string> };
const opsAt = (threads: number, flags: string[] = []): Run => {
  const r = spawnSync(process.execPath, [...flags, "test/fixtures/threads/ops.mjs", String(threads)], { encoding: "utf8", cwd: root, timeout: 120_000 });
  assert.is(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Run;
};

own("every split kernel, forward and gradient, gives bit-identical results on 1, 2 and 3 threads (base and relaxed SIMD)", () => {
  const builds = relaxedFlag.length > 0 ? [[], relaxedFlag] : [[]];
  for (const flags of builds) {
    const one = opsAt(1, flags);
    assert.is(one.info.threads, 1);
    assert.is(one.info.sharedMemory, false);
    assert.ok(Object.values(one.splits).every((n) => n === 0), "one thread splits nothing");
    assert.ok(Object.keys(one.hashes).length > 60);
    for (const threads of [2, 3]) {
      const many = opsAt(threads, flags);
      assert.equal(many.info, { simd: one.info.simd, threads, sharedMemory: true });
      assert.equal(many.live, [0, 0, 0], "no leak");
      // every result was split (pow with broadcasting stays on one thread: its scalar path is not lane-exact)
      const unsplit = Object.entries(many.splits).filter(([name, n]) => n === 0 && !name.startsWith("grad ") || (name === "grad img" && n < 4));
      assert.equal(unsplit, [["pow broadcast", 0]]);
      assert.equal(many.hashes, one.hashes, `${threads} threads, ${one.info.simd} SIMD`);
    }
  }
});

// The pool on its own (src), over the worker entry in dist/: kernels that trap inside split calls.
async function pool(pages: number) {
  const memory = new WebAssembly.Memory({ initial: pages, maximum: 65536, shared: true });
  const mod = await WebAssembly.compile(readFileSync(new URL("build/simd-shared.wasm", `file://${root}`)));
  const k = (await WebAssembly.instantiate(mod, { env: { memory, abort() { throw new Error("abort"); } } })).exports as Record<string, (...a: number[]) => number>;
  const p = await Pool.start(2, [mod], memory, kernelNames, kernelNames.map((n) => k[n]), new URL("dist/worker.js", `file://${root}`), 0);
  assert.ok(p !== null, "the pool starts");
  return { p: p!, k, memory, id: (n: string) => kernelNames.indexOf(n) };
}

own("a kernel that traps inside a split call throws a KernelError (a TensorTapeError) on the caller, and leaves no worker stuck", async () => {
  const { p, memory, id } = await pool(64);
  const f32 = () => new Float32Array(memory.buffer);
  try {
    const end = memory.buffer.byteLength;
    for (let round = 0; round < 20; round++) {
      // out runs past the end of memory: every chunk but the first traps, on whichever thread claims it
      assert.throws(() => p.run(id("add_f32"), [0, 0, end - 4096], 0, 65536, 1024, null),
        (e: Error) => e.name === "KernelError" && /^add_f32 failed on (the calling thread|worker 1): RuntimeError: memory access out of bounds/.test(e.message));
      // then a good job: every chunk runs (on both threads), every value is right
      const a = f32();
      for (let i = 0; i < 40000; i++) { a[4096 + i] = i; a[4096 + 40000 + i] = 0.5; }
      p.run(id("add_f32"), [4096 * 4, (4096 + 40000) * 4, (4096 + 80000) * 4], 0, 40000, 512, null);
      const o = f32().subarray(4096 + 80000, 4096 + 120000);
      assert.ok(o.every((v, i) => v === i + 0.5), `round ${round}: the next job is complete and right`);
    }
    // only the worker's workspace is out of bounds: the worker's chunk traps while this thread runs its own
    const n = 256, bytes = 1 << 20, a = 16 << 10, b = a + n * n * 4, c = b + n * n * 4, work = c + n * n * 4;
    const size = memory.buffer.byteLength, per = size - work - 64; // slot 1's block starts past the end
    let sawWorker = false;
    for (let round = 0; round < 10 && !sawWorker; round++) {
      try { p.run(id("matmul_f32"), [a, b, c, n, n, n, 0, 0, work], 0, n, 128, [8, per + bytes]); } catch (e) {
        assert.match((e as Error).message, /^matmul_f32 failed on worker 1: RuntimeError/);
        sawWorker = true;
      }
    }
    assert.ok(sawWorker, "the worker claimed a chunk and its failure was reported");
  } finally {
    await p.shutdown();
  }
});

own("OutOfMemoryError with threads leaves the runtime and the pool usable", () => {
  const r = fresh(`
    await tt.ready({ threads: 2, maxMemoryBytes: 32 << 20 });
    const base = tt.memory();
    try { tt.zeros([16 << 20]); } catch (e) { console.log(e.name); }
    const a = tt.ones([256, 256]);
    const before = tt.splitCalls();
    console.log(tt.tidy(() => tt.matmul(a, a).max().dataSync()[0]), tt.splitCalls() > before);
    a.dispose();
    const m = tt.memory();
    console.log(m.numTensors === base.numTensors && m.numBuffers === base.numBuffers && m.numBytes === base.numBytes);
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, ["OutOfMemoryError", "256 true", "true"]);
});

own("memory grown while the workers sleep: the workers see the grown memory", () => {
  const r = fresh(`
    await tt.ready({ threads: 2 });
    const w0 = tt.memory().wasmBytes;
    tt.tidy(() => tt.matmul(tt.ones([128, 128]), tt.ones([128, 128])).dataSync()); // the workers ran, then sleep
    await new Promise((r) => setTimeout(r, 200));
    const n = 1 << 22; // 16 MiB each: beyond the memory the workers last saw
    const a = tt.range(0, n), b = tt.fill([n], 0.25);
    const before = tt.splitCalls();
    const c = a.add(b).dataSync();
    let ok = tt.splitCalls() > before && tt.memory().wasmBytes > w0 + 3 * n * 4;
    for (let i = 0; i < n; i++) if (c[i] !== Math.fround(i + 0.25)) { ok = false; console.log("at", i, c[i]); break; }
    console.log(ok);
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, ["true"]);
});

own("a Node script with threads exits by itself within 2 s of its work", () => {
  const t0 = Date.now();
  const r = fresh(`
    await tt.ready({ threads: 2 });
    const a = tt.randomNormal([512, 512]);
    tt.matmul(a, a).dataSync();
    console.log(tt.splitCalls() > 0, Date.now());
  `);
  const closed = Date.now();
  assert.is(r.status, 0, r.err);
  const [split, at] = r.out[0].split(" ");
  assert.is(split, "true");
  assert.ok(closed - Number(at) < 2000, `exited ${closed - Number(at)} ms after its last line (started ${Number(at) - t0} ms before)`);
});

own("shutdown() ends the pool only: tensors stay valid, later ops run on one thread, a later ready() is a no-op", () => {
  const r = fresh(`
    await tt.ready();
    const a = tt.randomNormal([300, 300], 0, 1, "float32", 9);
    const before = tt.matmul(a, a).dataSync();
    await tt.shutdown();
    await tt.shutdown();
    console.log(JSON.stringify(tt.backendInfo()));
    const calls = tt.splitCalls();
    const after = tt.matmul(a, a).dataSync();
    console.log(after.every((v, i) => Object.is(v, before[i])), tt.splitCalls() === calls);
    await tt.ready();
    console.log(tt.backendInfo().threads, a.sum().dataSync()[0] === tt.sum(a).dataSync()[0]);
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, ['{"simd":"base","threads":1,"sharedMemory":true}', "true true", "1 true"]);
});

own("a worker entry that cannot load: today's one-thread build on a plain memory, no error; so does threads: 1", () => {
  const r = fresh(`
    await tt.ready({ threads: 2, workerUrl: new URL("file:///nonexistent/worker.js") });
    console.log(JSON.stringify(tt.backendInfo()), tt.matmul(tt.ones([300, 300]), tt.ones([300, 300])).max().dataSync()[0]);
  `);
  assert.is(r.status, 0, r.err);
  assert.equal(r.out, ['{"simd":"base","threads":1,"sharedMemory":false} 300']);
  const one = fresh(`await tt.ready({ threads: 1 }); console.log(JSON.stringify(tt.backendInfo()), tt.memory().wasmBytes > 0);`);
  assert.equal(one.out, ['{"simd":"base","threads":1,"sharedMemory":false} true']);
});

own("CommonJS (dist/cjs/index.cjs) finds the worker entry too", () => {
  const r = spawnSync(process.execPath, ["-e", `
    const tt = require("tensortape");
    tt.ready({ threads: 2 }).then(() => console.log(JSON.stringify(tt.backendInfo())));
  `], { encoding: "utf8", cwd: root, timeout: 30_000 });
  assert.is(r.status, 0, r.stderr);
  assert.is(r.stdout.trim(), '{"simd":"base","threads":2,"sharedMemory":true}');
});

test.run();
