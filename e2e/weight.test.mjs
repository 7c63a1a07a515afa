// First-view weight: the CSS and JavaScript a reader's browser fetches to show a page, each file
// gzipped at level 9 as a static host would serve it, stay within the budget on every kind of
// page. Search brings its own files only when opened (search.test.mjs checks that they do not
// load before), so they are not part of the first view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { openPage, useSite } from "./support.mjs";

const site = useSite();
const BUDGET = 20 * 1024;
const PAGES = ["/", "/criteria/", "/criteria/async/", "/get-user-by-id/", "/tags/", "/tags/async/", "/nope/"];

const gzipped = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** Every stylesheet and script the page fetched, and what is inline in its HTML, gzipped. */
async function firstView(path) {
  const fetched = [];
  const { page, context, errors } = await openPage(site.browser, "about:blank");
  page.on("response", (response) => {
    const type = response.request().resourceType();
    if (type === "stylesheet" || type === "script") fetched.push(response);
  });
  await page.goto(site.url + path, { waitUntil: "networkidle" });
  const files = [];
  for (const response of fetched) {
    files.push({ url: new URL(response.url()).pathname, bytes: gzipped(await response.body()) });
  }
  // Inline <style> and <script> (not JSON-LD, which is data) travel inside the HTML.
  const inline = await page.$$eval("style, script:not([src]):not([type='application/ld+json'])", (els) =>
    els.map((el) => el.textContent).join("\n"),
  );
  if (inline) files.push({ url: "(inline)", bytes: gzipped(Buffer.from(inline)) });
  await context.close();
  return { files, errors, total: files.reduce((sum, f) => sum + f.bytes, 0) };
}

for (const path of PAGES) {
  test(`${path}: CSS and JavaScript of the first view stay within ${BUDGET / 1024} KB gzip`, async () => {
    const { files, errors, total } = await firstView(path);
    const list = files.map((f) => `${f.url} ${(f.bytes / 1024).toFixed(1)} KB`).join(", ");
    assert.deepEqual(errors, []);
    assert.ok(files.some((f) => f.url.endsWith(".css")), `a stylesheet is measured: ${list}`);
    assert.ok(files.some((f) => f.url.endsWith(".js")), `a script is measured: ${list}`);
    assert.ok(!files.some((f) => /\/pagefind\/|\/assets\/search\./.test(f.url)), `no search files: ${list}`);
    assert.ok(total <= BUDGET, `${(total / 1024).toFixed(1)} KB gzip, over ${BUDGET / 1024} KB: ${list}`);
    console.log(`# ${path}: ${(total / 1024).toFixed(1)} KB gzip (${list})`);
  });
}
