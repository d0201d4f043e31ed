// npm run example:browser: a small static server for the browser demo (examples/browser/), the built dist/ and
// uPlot from node_modules, with the cross-origin-isolation headers (COOP/COEP) that wasm threads need.
// Usage: node scripts/serve.mjs [--port N] (default 8080; 0 picks a free port). test/browser/demo.mjs imports serve().
import { readFile, stat } from "node:fs/promises";
import { createServer } from "node:http";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** URL prefix → folder under the repository; the first prefix that matches wins. */
const mounts = [
  ["/dist/", "dist"],
  ["/uplot/", "node_modules/uplot/dist"],
  ["/", "examples/browser"],
];

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".map": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Sent with every answer. COOP + COEP make the page crossOriginIsolated, which SharedArrayBuffer (and so a
 * threaded wasm memory) requires; CORP lets this origin's files load under COEP: require-corp.
 */
export const headers = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "Cache-Control": "no-store",
  "X-Content-Type-Options": "nosniff",
};

/** The file a URL path names, or null when it names none or would leave its mounted folder. */
function fileFor(urlPath) {
  for (const [prefix, dir] of mounts) {
    if (!urlPath.startsWith(prefix)) continue;
    const base = join(root, dir);
    const rest = urlPath.slice(prefix.length) || "index.html";
    const file = resolve(base, rest);
    return file.startsWith(base + sep) ? file : null;
  }
  return null;
}

async function answer(req, res) {
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.writeHead(405, { ...headers, Allow: "GET, HEAD" }).end();
    return;
  }
  let path;
  try {
    path = decodeURIComponent(new URL(req.url, "http://localhost").pathname);
  } catch {
    res.writeHead(400, headers).end("bad path\n");
    return;
  }
  const file = path.includes("\0") ? null : fileFor(path);
  const type = file && types[extname(file)];
  if (!type || !(await stat(file).then((s) => s.isFile(), () => false))) {
    res.writeHead(404, { ...headers, "Content-Type": "text/plain; charset=utf-8" }).end(`not found: ${path}\n`);
    return;
  }
  const body = await readFile(file);
  res.writeHead(200, { ...headers, "Content-Type": type, "Content-Length": body.length });
  res.end(req.method === "HEAD" ? undefined : body);
}

/** Start the server; resolves to { server, url } once it listens. */
export function serve({ port = 8080, host = "127.0.0.1" } = {}) {
  const server = createServer((req, res) => {
    answer(req, res).catch((e) => {
      if (!res.headersSent) res.writeHead(500, headers);
      res.end(`${e.message}\n`);
    });
  });
  return new Promise((ok, fail) => {
    server.once("error", fail);
    server.listen(port, host, () => ok({ server, url: `http://${host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf("--port");
  const port = i >= 0 ? Number(process.argv[i + 1]) : 8080;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: --port needs a port number (0–65535), got ${process.argv[i + 1]}`);
    process.exit(2);
  }
  try {
    const { url } = await serve({ port });
    console.log(`tensortape browser demo: open ${url}  (Ctrl-C stops)`);
  } catch (e) {
    console.error(e.code === "EADDRINUSE" ? `serve: port ${port} is in use; try --port ${port + 1} (or --port 0)` : `serve: ${e.message}`);
    process.exit(1);
  }
}
