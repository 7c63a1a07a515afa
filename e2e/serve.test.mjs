// `versa serve` in a real browser, on a copy of the example site: an edit reloads the open page
// by itself and keeps its scroll position; a stylesheet change is swapped in without a reload;
// a broken page shows the error overlay until it is fixed.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { launch, openPage } from "./support.mjs";

const REPO = resolve(new URL("..", import.meta.url).pathname);
const VERSA = process.env.VERSA_BIN ?? join(REPO, "target/release/versa");
const PAGE = "content/get-user-by-id.md";
const STYLE = "static/assets/versa.css";
const PATIENCE = 15000;

let site;
let serve;
let url;
let browser;

before(async () => {
  if (!existsSync(VERSA)) throw new Error(`no versa binary at ${VERSA}: run cargo build --release first`);
  site = mkdtempSync(join(tmpdir(), "versa-serve-e2e-"));
  for (const part of ["site.toml", "matrix.toml", "content", "templates", "static"]) {
    if (existsSync(join(REPO, part))) cpSync(join(REPO, part), join(site, part), { recursive: true });
  }
  // The repository's static/ is the theme's, so the copy holds the stylesheet the test changes.
  serve = spawn(VERSA, ["serve", "--root", site, "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  url = await new Promise((ok, fail) => {
    let out = "";
    serve.stdout.on("data", (chunk) => {
      out += chunk;
      const found = out.match(/ at (http:\/\/\S+\/) /);
      if (found) ok(found[1]);
    });
    serve.on("exit", (code) => fail(new Error(`versa serve exited with ${code}:\n${out}`)));
    setTimeout(() => fail(new Error(`versa serve printed no URL:\n${out}`)), 30000);
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  serve?.kill();
  if (site) rmSync(site, { recursive: true, force: true });
});

/** Open the example page, scrolled, with a mark that a reload would wipe out. */
async function openMarked() {
  const opened = await openPage(browser, url + "get-user-by-id/", { width: 1000, height: 600 });
  // The live-reload script marks itself once the server's `hello` arrived.
  await opened.page.waitForSelector('script[src="/__versa/live.js"][data-connected]', { state: "attached" });
  await opened.page.evaluate(() => {
    window.versaTestMark = "not reloaded";
    window.scrollTo({ top: 700, behavior: "instant" });
  });
  return opened;
}

const edit = (rel, change) => writeFileSync(join(site, rel), change(readFileSync(join(site, rel), "utf8")));

test("an edit reloads the open page by itself and keeps its scroll position", async () => {
  const { page, context, errors } = await openMarked();
  const original = readFileSync(join(site, PAGE), "utf8");
  const reloaded = page.waitForEvent("load", { timeout: PATIENCE });
  edit(PAGE, (text) => `${text}\n\nA sentence added while the page was open.\n`);
  await reloaded;
  await page.waitForFunction(() => document.body.textContent.includes("A sentence added while the page was open."), null, {
    timeout: PATIENCE,
  });
  assert.equal(await page.evaluate(() => window.versaTestMark), undefined, "the page reloaded");
  await page.waitForFunction(() => Math.abs(window.scrollY - 700) < 2, null, { timeout: PATIENCE });
  writeFileSync(join(site, PAGE), original);
  assert.deepEqual(errors, []);
  await context.close();
});

test("a stylesheet change applies without a reload", async () => {
  const { page, context } = await openMarked();
  edit(STYLE, (css) => `${css}\nbody { outline: 7px solid rgb(1, 2, 3); }\n`);
  await page.waitForFunction(() => getComputedStyle(document.body).outlineColor === "rgb(1, 2, 3)", null, {
    timeout: PATIENCE,
  });
  assert.equal(await page.evaluate(() => window.versaTestMark), "not reloaded");
  assert.ok(Math.abs((await page.evaluate(() => window.scrollY)) - 700) < 2, "scroll position untouched");
  await context.close();
});

test("a broken page shows the error over the page until it is fixed", async () => {
  const { page, context } = await openMarked();
  const original = readFileSync(join(site, PAGE), "utf8");
  writeFileSync(join(site, PAGE), original.replace("date = 2026-11-20", "date = 2026-02-31"));
  const overlay = page.locator("#versa-error-overlay");
  await overlay.waitFor({ state: "visible", timeout: PATIENCE });
  const text = await overlay.textContent();
  assert.match(text, /invalid date/);
  assert.match(text, /--> content\/get-user-by-id\.md:5:8/);
  assert.equal(await page.evaluate(() => window.versaTestMark), "not reloaded", "shown without a reload");
  writeFileSync(join(site, PAGE), original);
  await overlay.waitFor({ state: "detached", timeout: PATIENCE });
  await context.close();
});
