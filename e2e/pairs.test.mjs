// The "A vs B" pages in a real browser: a small site with three contenders and
// `[pairs] generate = "all"`, built by the release binary into a temporary folder. The cards and
// the two-column table fit a phone, a citation mark jumps to its source, the reversed URL
// redirects to the pair's page, and the hub lists every pair.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { launch, openPage, serveSite } from "./support.mjs";

const VERSA = process.env.VERSA_BIN ?? new URL("../target/release/versa", import.meta.url).pathname;

const FILES = {
  "site.toml": `title = "Pairs"
base_url = "https://example.org/"

[contenders.alpha]
name = "Alpha"
version = "1.0"
summary = "The first tool."

[contenders.beta]
name = "Beta"
summary = "The second tool."

[contenders.gamma]
name = "Gamma"

[pairs]
generate = "all"
`,
  "matrix.toml": `[criteria.speed]
title = "Speed"
alpha = { value = "[+] Fast on small requests, and the benchmark says so in some detail", verified = 2026-11-01, version = "1.0", sources = [{ url = "https://alpha.example/bench", title = "Alpha benchmark" }] }
beta = "[-] Slower"
gamma = "[~] It depends"

[criteria.docs]
title = "Documentation"
alpha = "[~] Some"
beta = "[+] Plenty"
gamma = "n/a"
`,
  "content/_index.md": "+++\ntitle = \"Home\"\n+++\nHello.\n",
  "content/code.md": "+++\ntitle = \"Handlers\"\ncompare = [\"alpha\", \"beta\"]\n+++\n::: compare\n```python\nprint(1)\n```\n```python\nprint(2)\n```\n:::\n",
  "content/vs/alpha-vs-beta.md": "+++\ntitle = \"Alpha or Beta?\"\n+++\nOur verdict: **Beta** for documentation.\n",
};

const site = { url: "", browser: null, server: null, dir: "" };

before(async () => {
  site.dir = mkdtempSync(join(tmpdir(), "versa-pairs-"));
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(site.dir, path)), { recursive: true });
    writeFileSync(join(site.dir, path), text);
  }
  const built = spawnSync(VERSA, ["build", "--root", site.dir], { encoding: "utf8" });
  assert.equal(built.status, 0, `versa build failed (run cargo build --release first):\n${built.stderr}`);
  site.server = await serveSite(join(site.dir, "public"));
  site.url = site.server.url;
  site.browser = await launch();
});

after(async () => {
  await site.browser?.close();
  await site.server?.close();
  if (site.dir) rmSync(site.dir, { recursive: true, force: true });
});

describe("a pair page", () => {
  test("shows both cards, the note and a two-column table of the matrix", async () => {
    const { page, context, errors } = await openPage(site.browser, `${site.url}/alpha-vs-beta/`);
    assert.equal(await page.getAttribute("[data-pair]", "data-pair"), "alpha-vs-beta");
    assert.equal(await page.textContent("h1"), "Alpha or Beta?");
    assert.deepEqual(await page.$$eval(".contender", (cs) => cs.map((c) => c.dataset.contender)), ["alpha", "beta"]);
    assert.match(await page.textContent("[data-body]"), /Our verdict/);
    const columns = await page.$$eval("table[data-criteria] thead th[data-contender]", (ths) => ths.length);
    assert.equal(columns, 2);
    assert.deepEqual(await page.$$eval(".card-title a", (as) => as.map((a) => a.getAttribute("href"))), ["/code/"]);
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("a citation mark jumps to its numbered source", async () => {
    const { page, context } = await openPage(site.browser, `${site.url}/alpha-vs-beta/`);
    await page.click("a[data-source]");
    assert.equal(new URL(page.url()).hash, "#source-1");
    // The theme scrolls smoothly, so wait for the scroll to end rather than read the box mid-way.
    const inView = await page
      .waitForFunction(
        () => {
          const box = document.querySelector("#source-1").getBoundingClientRect();
          return box.top >= 0 && box.bottom <= window.innerHeight;
        },
        null,
        { timeout: 5000 },
      )
      .then(() => true, () => false);
    const box = await page.locator("#source-1").boundingBox();
    assert.ok(inView, `the source is in view: ${JSON.stringify(box)}`);
    assert.equal(await page.textContent("#source-1 time[data-verified]"), "2026-11-01");
    await context.close();
  });

  test("fits a phone without scrolling sideways", async () => {
    const { page, context } = await openPage(site.browser, `${site.url}/alpha-vs-gamma/`, { width: 390 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 1, `the page is ${overflow} px wider than the screen`);
    await context.close();
  });
});

test("the reversed URL redirects to the pair's page", async () => {
  const { page, context } = await openPage(site.browser, `${site.url}/beta-vs-alpha/`);
  await page.waitForURL(`${site.url}/alpha-vs-beta/`, { timeout: 5000 });
  assert.equal(await page.getAttribute("[data-pair]", "data-pair"), "alpha-vs-beta");
  await context.close();
});

test("the hub lists every pair and the header links to it", async () => {
  const { page, context } = await openPage(site.browser, `${site.url}/`);
  await page.click('.site-nav a[href="/vs/"]');
  const pairs = await page.$$eval("[data-pairs] a", (as) => as.map((a) => a.getAttribute("href")));
  assert.deepEqual(pairs, ["/alpha-vs-beta/", "/alpha-vs-gamma/", "/beta-vs-gamma/"]);
  await context.close();
});
