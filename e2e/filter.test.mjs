// The contender filter on the `versa new` starter (three contenders), in Chromium: the URL's
// choice applies before the page paints, a choice is remembered across pages, at least one
// contender stays shown, tabs of compare groups follow it, without JavaScript everything shows
// and the control does not, and the pages stay free of axe violations with the control shown.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch, openPage, serveSite } from "./support.mjs";

const REPO = new URL("..", import.meta.url).pathname;
const VERSA = process.env.VERSA_BIN ?? join(REPO, "target/release/versa");
const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const SYNTAX = "/formats/syntax/";

let dir, server, browser, url;
before(async () => {
  if (!existsSync(VERSA)) throw new Error(`no versa binary at ${VERSA}: run cargo build --release first`);
  dir = mkdtempSync(join(tmpdir(), "versa-filter-e2e-"));
  execFileSync(VERSA, ["new", join(dir, "site")], { stdio: "ignore" });
  execFileSync(VERSA, ["build", "--strict", "--root", join(dir, "site")], { stdio: "ignore" });
  server = await serveSite(join(dir, "site/public"));
  url = server.url;
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** What a page shows: the names of the panes its first compare group shows (side by side, or
 * as tabs: an unselected tab's pane counts), whether that group is tabbed, the visible criteria
 * columns and the checked boxes of the filter. */
function shown(page) {
  return page.evaluate(() => {
    const visible = (e) => e.getClientRects().length > 0 && getComputedStyle(e).visibility !== "hidden";
    const group = document.querySelector("[data-compare]");
    return {
      panes: [...(group?.querySelectorAll("[data-compare-pane]") ?? [])]
        .filter((p) => (p.hidden && !p.hasAttribute("data-filtered")) || visible(p))
        .map((p) => p.getAttribute("data-compare-pane")),
      tabbed: Boolean(group?.querySelector('[role="tablist"]')),
      columns: [...document.querySelectorAll("[data-criteria] thead th[data-contender]")]
        .filter(visible)
        .map((th) => th.getAttribute("data-contender")),
      checked: [...document.querySelectorAll("[data-contender-filter] input:checked")].map((i) => i.value),
      control: [...document.querySelectorAll("[data-contender-filter]")].some(visible),
      search: location.search,
    };
  });
}

test("the URL's ?c= chooses what tables and compare groups show", async () => {
  const { page, context, errors } = await openPage(browser, `${url}${SYNTAX}?c=toml,json`);
  const s = await shown(page);
  assert.deepEqual(s.panes, ["TOML", "JSON"]);
  assert.deepEqual(s.checked, ["toml", "json"]);
  assert.equal(s.control, true, "with JavaScript the control shows");
  // The home page's table comes from the matrix: one column per contender.
  await page.goto(`${url}/?c=yaml`);
  assert.deepEqual((await shown(page)).columns, ["yaml"]);
  // Unknown keys are ignored; nothing known means everything.
  await page.goto(`${url}/?c=nope`);
  assert.deepEqual((await shown(page)).columns, ["toml", "yaml", "json"]);
  assert.deepEqual(errors, []);
  await context.close();
});

test("hidden before the first paint: a left-out pane never displays", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  // Runs before the page's own scripts: records each pane's display as the parser adds it.
  await context.addInitScript(() => {
    window.__seen = [];
    new MutationObserver((records) => {
      for (const r of records)
        for (const n of r.addedNodes)
          if (n.nodeType === 1 && n.matches("[data-compare-pane]"))
            window.__seen.push([n.getAttribute("data-compare-pane"), getComputedStyle(n).display]);
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  await page.goto(`${url}${SYNTAX}?c=toml,json`, { waitUntil: "load" });
  const seen = await page.evaluate(() => window.__seen);
  assert.ok(seen.length >= 6, JSON.stringify(seen));
  for (const [name, display] of seen) assert.equal(display === "none", name === "YAML", `${name}: ${display}`);
  await context.close();
});

test("a choice is remembered on other pages, in the URL, and one contender always stays", async () => {
  const { page, context } = await openPage(browser, `${url}${SYNTAX}`);
  assert.deepEqual((await shown(page)).panes, ["TOML", "YAML", "JSON"]);
  assert.equal((await shown(page)).tabbed, true, "three panes do not fit side by side at 1280 px");
  await page.getByRole("checkbox", { name: "YAML" }).uncheck();
  await page.waitForFunction(() => !document.querySelector('[data-compare] [role="tablist"]'));
  let s = await shown(page);
  assert.deepEqual(s.panes, ["TOML", "JSON"], "two do: the group leaves tabs");
  assert.equal(s.search, "?c=toml,json", "the URL says what the page shows");
  await page.goto(`${url}/formats/comments/`);
  s = await shown(page);
  assert.deepEqual(s.panes, ["TOML", "JSON"], "remembered");
  assert.deepEqual(s.columns, ["toml", "json"]);
  assert.equal(s.search, "?c=toml,json");
  await page.getByRole("checkbox", { name: "TOML" }).uncheck();
  await page.getByRole("checkbox", { name: "JSON" }).click();
  s = await shown(page);
  assert.deepEqual(s.checked, ["json"], "the last one cannot be switched off");
  assert.deepEqual(s.panes, ["JSON"]);
  await page.getByRole("checkbox", { name: "YAML" }).check();
  await page.getByRole("checkbox", { name: "TOML" }).check();
  await page.waitForFunction(() => document.querySelector('[data-compare] [role="tablist"]'));
  s = await shown(page);
  assert.deepEqual(s.panes, ["TOML", "YAML", "JSON"]);
  assert.equal(s.tabbed, true, "three again: tabs again");
  assert.equal(s.search, "", "all shown: nothing in the URL");
  await context.close();
});

test("on a phone, tabs follow the choice and skip what is hidden", async () => {
  const { page, context, errors } = await openPage(browser, `${url}${SYNTAX}?c=toml,json`, { width: 390 });
  const group = page.locator("[data-compare]").first();
  const tabs = group.getByRole("tab");
  await tabs.first().waitFor();
  assert.deepEqual(await tabs.allTextContents(), ["TOML", "JSON"], "the hidden pane's tab is hidden too");
  await tabs.first().click();
  await page.keyboard.press("ArrowRight");
  const selected = group.locator('[role="tab"][aria-selected="true"]');
  assert.equal(await selected.textContent(), "JSON", "the arrow key skips YAML");
  assert.equal(await page.evaluate(() => document.activeElement.textContent), "JSON");
  assert.deepEqual((await shown(page)).panes, ["TOML", "JSON"]);
  // Showing YAML again gives it back its tab.
  await page.getByRole("checkbox", { name: "YAML" }).check();
  assert.deepEqual(await tabs.allTextContents(), ["TOML", "YAML", "JSON"]);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(width <= 390, `the page scrolls sideways: ${width} px`);
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript every contender shows and the control does not", async () => {
  const { page, context } = await openPage(browser, `${url}${SYNTAX}?c=toml`, { javaScript: false });
  const s = await shown(page);
  assert.deepEqual(s.panes, ["TOML", "YAML", "JSON"]);
  assert.equal(s.control, false);
  await page.goto(`${url}/?c=toml`);
  assert.deepEqual((await shown(page)).columns, ["toml", "yaml", "json"]);
  await context.close();
});

test("the starter's three pair pages show two contenders each, the hub lists them, reversed URLs redirect", async () => {
  const pairs = [["toml", "yaml"], ["toml", "json"], ["yaml", "json"]];
  for (const [a, b] of pairs) {
    const { page, context, errors } = await openPage(browser, `${url}/${a}-vs-${b}/`);
    const seen = await page.evaluate(() => ({
      pair: document.querySelector("[data-pair]")?.getAttribute("data-pair"),
      columns: [...document.querySelectorAll("[data-criteria] thead th[data-contender]")].map((th) =>
        th.getAttribute("data-contender"),
      ),
      claims: document.querySelectorAll("td[data-claim]").length,
      sources: document.querySelectorAll("[data-sources] li").length,
      filter: document.querySelectorAll("[data-contender-filter]").length,
    }));
    assert.equal(seen.pair, `${a}-vs-${b}`);
    assert.deepEqual(seen.columns, [a, b]);
    assert.ok(seen.claims >= 4, `${a}-vs-${b} shows its claims: ${seen.claims}`);
    assert.ok(seen.sources >= 1, `${a}-vs-${b} lists its sources`);
    assert.equal(seen.filter, 0, "two contenders need no choosing");
    assert.deepEqual(errors, []);
    await page.goto(`${url}/${b}-vs-${a}/`);
    await page.waitForURL(`**/${a}-vs-${b}/`, { timeout: 5000 });
    await context.close();
  }
  const { page, context } = await openPage(browser, `${url}/vs/`);
  const links = await page.evaluate(() => [...document.querySelectorAll("main a[href*='-vs-']")].map((a) => a.pathname));
  for (const [a, b] of pairs) assert.ok(links.includes(`/${a}-vs-${b}/`), `the hub links ${a}-vs-${b}: ${links}`);
  await context.close();
});

for (const width of [1280, 390]) {
  for (const dark of [false, true]) {
    test(`no WCAG 2.1 AA violations with the filter at ${width} px, ${dark ? "dark" : "light"}`, async () => {
      const problems = [];
      for (const path of ["/?c=toml,yaml", `${SYNTAX}?c=toml,json`, "/formats/comments/", "/toml-vs-yaml/", "/vs/"]) {
        const { page, context } = await openPage(browser, url + path, { width, dark });
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
        );
        for (const v of result.violations) {
          const where = v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
          problems.push(`${path}: ${v.id} (${v.impact}) ${v.help} — ${where}`);
        }
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }
}
