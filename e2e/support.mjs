// Shared helpers for the browser tests: a static server for the built site on 127.0.0.1, and
// Debian's Chromium launched headless through playwright-core with a fresh profile.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve } from "node:path";
import { after, before } from "node:test";
import { chromium } from "playwright-core";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".xml": "application/xml",
  ".txt": "text/plain; charset=utf-8",
  ".py": "text/plain; charset=utf-8",
};

export const SITE = resolve(process.env.VERSA_SITE_DIR ?? new URL("../public", import.meta.url).pathname);
export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";
export const VERSA = process.env.VERSA_BIN ?? new URL("../target/release/versa", import.meta.url).pathname;

/**
 * A site of the test's own, built by the release binary with `--strict`: its `files` (path
 * below the site's folder → text) are written to a fresh temporary folder, built and served
 * before the tests, with a browser; the folder goes after them. Returns { root, url, browser }.
 */
export function useBuiltSite(name, files) {
  const site = { root: mkdtempSync(join(tmpdir(), `versa-${name}-`)), url: "", browser: null, server: null };
  before(async () => {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(site.root, path, ".."), { recursive: true });
      writeFileSync(join(site.root, path), text);
    }
    const build = spawnSync(VERSA, ["build", "--root", site.root, "--strict"], { encoding: "utf8" });
    if (build.error) throw new Error(`could not run ${VERSA}: build it with cargo build --release`);
    if (build.status !== 0) throw new Error(`versa build failed:\n${build.stderr}`);
    site.server = await serveSite(join(site.root, "public"));
    site.url = site.server.url;
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
    rmSync(site.root, { recursive: true, force: true });
  });
  return site;
}

/** Serve `dir` on a free loopback port; resolves to { url, close }. */
export async function serveSite(dir = SITE) {
  if (!existsSync(join(dir, "index.html"))) {
    throw new Error(`${dir} has no index.html: build the example first (cargo run --release -- build)`);
  }
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(400).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) file = join(file, "index.html");
      const body = await readFile(file);
      res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/html" }).end(await readFile(join(dir, "404.html")).catch(() => ""));
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Launch Chromium, or explain why not: in CI a missing browser is a failure, never a skip. */
export async function launch() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: install it with 'apt-get install -y chromium'`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      "--disable-sync",
      "--disable-quic",
    ],
  });
}

/** A fresh page (own storage) at a viewport width, light or dark, JavaScript on or off. */
export async function openPage(browser, url, { width = 1280, height = 900, dark = false, javaScript = true } = {}) {
  const context = await browser.newContext({
    viewport: { width, height },
    colorScheme: dark ? "dark" : "light",
    javaScriptEnabled: javaScript,
  });
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(url, { waitUntil: "load" });
  return { page, context, errors };
}

/**
 * For a test file: serve the built site and launch Chromium before its tests, close both after.
 * Returns an object whose `url` and `browser` are set once the tests run.
 */
export function useSite() {
  const site = { url: "", browser: null, server: null };
  before(async () => {
    site.server = await serveSite();
    site.url = site.server.url;
    site.browser = await launch();
  });
  after(async () => {
    await site.browser?.close();
    await site.server?.close();
  });
  return site;
}
