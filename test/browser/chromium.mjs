// Finding and starting the system's Chromium for the browser tests (playwright-core drives it; nothing is downloaded).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

/** $CHROMIUM if set (then the only choice), else Debian's /usr/bin/chromium, else one on PATH; null if none. */
export function findChromium() {
  if (process.env.CHROMIUM) return existsSync(process.env.CHROMIUM) ? process.env.CHROMIUM : null;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  try { return execFileSync("sh", ["-c", "command -v chromium || command -v chromium-browser"]).toString().trim() || null; } catch { return null; }
}

const args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/**
 * Start `exe` headless with an empty temporary profile (--user-data-dir is refused in args, hence a persistent
 * context). Resolves to { context, page, close }; close() also deletes the profile.
 */
export async function launchChromium(exe, options = {}) {
  const profile = mkdtempSync(join(tmpdir(), "tensortape-chromium-"));
  try {
    const context = await chromium.launchPersistentContext(profile, { executablePath: exe, args, headless: true, timeout: 30_000, ...options });
    const page = context.pages()[0] ?? await context.newPage();
    const close = async () => {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    };
    return { context, page, close };
  } catch (e) {
    rmSync(profile, { recursive: true, force: true });
    throw e;
  }
}
