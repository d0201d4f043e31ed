// npm run example:train's script, run as a user would (a child Node): it trains, saves, reloads and agrees.
import { test } from "uvu";
import * as assert from "uvu/assert";
import { spawnSync } from "node:child_process";

test("examples/train.ts: Iris above 90% test accuracy, the same after the safetensors round trip", () => {
  const root = new URL("../../", import.meta.url).pathname;
  const r = spawnSync(process.execPath, ["--import", "tsx", "examples/train.ts"], { cwd: root, encoding: "utf8", timeout: 60_000 });
  assert.is(r.status, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  assert.is(lines.filter((l) => /^epoch +\d+\/40 +loss \d\.\d{4} +train accuracy/.test(l)).length, 40, "one progress line per epoch (not a terminal)");
  const acc = /^test accuracy: ([\d.]+)%/m.exec(r.stdout), again = /reloaded \(13 tensors.*\): test accuracy ([\d.]+)%/.exec(r.stdout);
  assert.ok(acc !== null && again !== null, r.stdout);
  assert.ok(Number(acc![1]) >= 90, `test accuracy ${acc![1]}%`);
  assert.is(again![1], acc![1]);
  assert.match(r.stdout, /optimizer state restored at iteration 200/);
});

test.run();
