// The browser demo's page: trains model.js's network a few epochs per animation frame, plots loss and accuracy
// with uPlot, shades the decision boundary on a canvas, shows the runtime and memory(), and reports on window.demo.
import * as tt from "tensortape";
import uPlot from "uplot";
import { createTrainer, spirals } from "./model.js";

const EPOCHS = 3000;          // then training stops: by then the boundary no longer changes visibly
const FRAME_BUDGET_MS = 10;   // training time per frame, leaving the rest of a 60 Hz frame to drawing and input
const GRID = 80;              // the boundary is evaluated on GRID × GRID points, then scaled up smoothly
const EXTENT = 1.2;           // the plotted square is [-EXTENT, EXTENT]²
const ARM = [[37, 99, 235], [234, 88, 12]]; // the two arms' colours (style.css --arm0, --arm1)

const $ = (id) => document.getElementById(id);
const data = spirals(100); // 2 × 100 points, 2¼ turns

const state = { status: "loading", epoch: 0, firstLoss: NaN, loss: NaN, accuracy: NaN, rate: 0, memory: null, error: null };
const runtime = { simd: "–", threads: 1, crossOriginIsolated: self.crossOriginIsolated === true };

// What the browser test reads: getters over the state (copies, so the page cannot be changed through them).
// `memory` is memory() sampled after the last frame's epochs and drawing, when no temporary tensor is alive.
Object.defineProperty(window, "demo", {
  value: Object.freeze({
    get status() { return state.status; },
    get epoch() { return state.epoch; },
    get firstLoss() { return state.firstLoss; },
    get loss() { return state.loss; },
    get accuracy() { return state.accuracy; },
    get memory() { return state.memory && { ...state.memory }; },
    get runtime() { return { ...runtime }; },
    get error() { return state.error; },
  }),
});

/**
 * The smallest relaxed-SIMD module, one function (v128, v128) → v128 doing i8x16.relaxed_swizzle (src/wasm.ts
 * probes with the same bytes): WebAssembly.validate accepts it only where relaxed SIMD runs.
 */
const RELAXED_SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x07, 0x01, 0x60, 0x02, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00, 0x0a, 0x0b, 0x01, 0x09, 0x00, 0x20, 0x00, 0x20, 0x01, 0xfd, 0x80, 0x02, 0x0b,
]);

/**
 * The kernel build and thread count in use: tt.backendInfo() where this version has it; otherwise ready()'s
 * default choice, which is the relaxed-SIMD build exactly where WebAssembly.validate accepts relaxed SIMD.
 */
function runtimeInfo() {
  if (typeof tt.backendInfo === "function") {
    const { simd, threads } = tt.backendInfo();
    return { simd, threads };
  }
  return { simd: WebAssembly.validate(RELAXED_SIMD_PROBE) ? "relaxed" : "base", threads: 1 };
}

// ---- the loss chart -------------------------------------------------------------------------------------------

const history = [[], [], []]; // epoch, loss, accuracy: uPlot's columns
const chartBox = $("chart");
const chart = new uPlot({
  width: chartBox.clientWidth || 600,
  height: 240,
  scales: { x: { time: false }, loss: { distr: 3 }, acc: { range: [0, 1] } },
  legend: { live: false },
  axes: [
    { label: "epoch", size: 40 },
    { scale: "loss", label: "loss (log scale)", size: 56 },
    { scale: "acc", side: 1, grid: { show: false }, size: 48, values: (u, ticks) => ticks.map((v) => `${Math.round(v * 100)}%`) },
  ],
  series: [
    { label: "epoch" },
    { label: "loss", scale: "loss", stroke: "#7c3aed", width: 2 },
    { label: "accuracy", scale: "acc", stroke: "#059669", width: 1.5 },
  ],
}, history, chartBox);
new ResizeObserver(() => chart.setSize({ width: chartBox.clientWidth, height: 240 })).observe(chartBox);

// ---- the decision boundary ------------------------------------------------------------------------------------

const canvas = $("boundary");
const ctx = canvas.getContext("2d");
const shade = new OffscreenCanvas(GRID, GRID);
const shadeCtx = shade.getContext("2d");
const pixels = shadeCtx.createImageData(GRID, GRID);

/** Grid point (i, j) ↔ plane point: column i runs left to right, row j top to bottom (y falls). */
const toPlane = (i, j) => [-EXTENT + (2 * EXTENT * (i + 0.5)) / GRID, EXTENT - (2 * EXTENT * (j + 0.5)) / GRID];
const gridPoints = Array.from({ length: GRID * GRID }, (_, k) => toPlane(k % GRID, Math.floor(k / GRID)));

/**
 * Each pixel takes the colour of the likelier arm, mixed into white by the network's confidence |2p − 1|,
 * so the boundary p = ½ shows as the white seam between the two tints.
 */
function drawBoundary(probabilities) {
  const size = Math.round(canvas.clientWidth * devicePixelRatio) || 440;
  if (canvas.width !== size) canvas.width = canvas.height = size;
  if (probabilities) {
    for (let k = 0; k < probabilities.length; k++) {
      const p = probabilities[k], mix = 0.55 * Math.abs(2 * p - 1), arm = ARM[p > 0.5 ? 1 : 0];
      for (let c = 0; c < 3; c++) pixels.data[4 * k + c] = 255 + (arm[c] - 255) * mix;
      pixels.data[4 * k + 3] = 255;
    }
    shadeCtx.putImageData(pixels, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(shade, 0, 0, size, size);
  } else {
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);
  }
  const scale = size / (2 * EXTENT), r = 3.2 * devicePixelRatio;
  ctx.lineWidth = devicePixelRatio;
  ctx.strokeStyle = "#fff";
  data.points.forEach(([x, y], n) => {
    ctx.beginPath();
    ctx.arc((x + EXTENT) * scale, (EXTENT - y) * scale, r, 0, 2 * Math.PI);
    ctx.fillStyle = `rgb(${ARM[data.labels[n]].join(" ")})`;
    ctx.fill();
    ctx.stroke();
  });
}

// ---- the page's numbers ---------------------------------------------------------------------------------------

const integer = new Intl.NumberFormat("en");
function showStats() {
  $("status").textContent = state.status;
  $("status").className = `pill ${state.status}`;
  $("epoch").textContent = state.epoch ? integer.format(state.epoch) : "–";
  $("loss").textContent = Number.isFinite(state.loss) ? state.loss.toFixed(4) : "–";
  $("accuracy").textContent = Number.isFinite(state.accuracy) ? `${(state.accuracy * 100).toFixed(1)}%` : "–";
  $("rate").textContent = state.rate ? integer.format(Math.round(state.rate)) : "–";
  const m = state.memory;
  if (m) {
    $("numTensors").textContent = integer.format(m.numTensors);
    $("numBuffers").textContent = integer.format(m.numBuffers);
    $("numBytes").textContent = `${integer.format(m.numBytes)} B`;
    $("wasmBytes").textContent = `${(m.wasmBytes / 2 ** 20).toFixed(2)} MiB`;
  }
}

function fail(e) {
  state.status = "failed";
  state.error = String(e?.message ?? e);
  $("error").textContent = `The demo stopped: ${state.error}`;
  $("error").hidden = false;
  showStats();
  console.error(e);
}

// ---- training, a few epochs per frame -------------------------------------------------------------------------

let trainer = null, grid = null, frameRequest = 0, paused = false, lastFrame = 0;

function schedule() {
  cancelAnimationFrame(frameRequest);
  lastFrame = performance.now();
  frameRequest = requestAnimationFrame(frame);
}

/** One animation frame: epochs until the time budget is spent, then the chart, the boundary and the numbers. */
function frame() {
  try {
    const start = performance.now(), before = state.epoch;
    while (state.epoch < EPOCHS && performance.now() - start < FRAME_BUDGET_MS) {
      const { loss, accuracy } = trainer.step();
      if (++state.epoch === 1) state.firstLoss = loss;
      state.loss = loss;
      state.accuracy = accuracy;
      history[0].push(state.epoch); history[1].push(loss); history[2].push(accuracy);
    }
    // epochs per second, smoothed over about ten frames
    const rate = ((state.epoch - before) * 1000) / Math.max(start - lastFrame, 1);
    state.rate = state.rate ? 0.9 * state.rate + 0.1 * rate : rate;
    lastFrame = start;
    chart.setData(history);
    drawBoundary(trainer.predict(grid));
    state.memory = tt.memory();
    if (state.epoch < EPOCHS) {
      frameRequest = requestAnimationFrame(frame);
    } else {
      state.status = "done";
      $("pause").disabled = true;
    }
    showStats();
  } catch (e) {
    fail(e);
  }
}

function restart() {
  cancelAnimationFrame(frameRequest);
  trainer?.dispose();
  trainer = createTrainer(data, { hidden: 24, lr: 0.01 });
  for (const column of history) column.length = 0;
  Object.assign(state, { status: "running", epoch: 0, firstLoss: NaN, loss: NaN, accuracy: NaN, rate: 0, error: null });
  $("error").hidden = true;
  paused = false;
  $("pause").textContent = "Pause";
  $("pause").disabled = false;
  schedule();
}

$("pause").addEventListener("click", () => {
  paused = !paused;
  $("pause").textContent = paused ? "Resume" : "Pause";
  if (paused) {
    cancelAnimationFrame(frameRequest);
    state.status = "paused";
    showStats();
  } else {
    state.status = "running";
    schedule();
  }
});
$("restart").addEventListener("click", () => {
  try { restart(); } catch (e) { fail(e); }
});

try {
  drawBoundary(null);
  await tt.ready();
  Object.assign(runtime, runtimeInfo());
  $("simd").textContent = runtime.simd === "relaxed" ? "relaxed SIMD (fused multiply-add)" : `${runtime.simd} SIMD`;
  $("threads").textContent = String(runtime.threads);
  $("isolated").textContent = runtime.crossOriginIsolated ? "yes (COOP + COEP)" : "no";
  grid = tt.tensor(gridPoints); // lives as long as the page
  $("restart").disabled = false;
  restart();
} catch (e) {
  fail(e);
}
