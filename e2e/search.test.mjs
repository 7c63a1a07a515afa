// Search in the built example: nothing of it loads before a reader opens it; the dialog finds
// pages, works from the keyboard, hides without JavaScript and passes axe, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useSite } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const site = useSite();

// A word of the example that only one page has (content/criteria/deployment.md).
const ONLY_ON_ONE_PAGE = "orchestrator";
const ITS_PAGE = "/criteria/deployment/";

const isSearchFile = (url) => /\/pagefind\/|\/assets\/search\.(js|css)/.test(new URL(url).pathname);

async function openWithRequests(options = {}) {
  const requests = [];
  const { page, context, errors } = await openPage(site.browser, "about:blank", options);
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(site.url + "/criteria/async/", { waitUntil: "networkidle" });
  return { page, context, errors, requests };
}

async function search(page, term) {
  await page.locator("dialog[data-search] input[type=search]").fill(term);
  await page.locator("dialog[data-search] .search-result a").first().waitFor();
}

test("nothing of search is downloaded before the dialog opens", async () => {
  const { page, context, errors, requests } = await openWithRequests();
  await page.mouse.wheel(0, 800);
  await page.waitForTimeout(300);
  assert.deepEqual(requests.filter(isSearchFile), []);
  await page.locator("[data-search-open]").click();
  await search(page, "async");
  assert.ok(requests.some((u) => new URL(u).pathname === "/pagefind/pagefind.js"), requests.join("\n"));
  assert.ok(requests.some((u) => new URL(u).pathname.startsWith("/pagefind/fragment/")));
  assert.deepEqual(errors, []);
  await context.close();
});

test("a word on exactly one page finds that page first, with its title and the term marked", async () => {
  const { page, context, errors } = await openWithRequests();
  await page.locator("[data-search-open]").click();
  await search(page, ONLY_ON_ONE_PAGE);
  const first = page.locator("dialog[data-search] .search-result a").first();
  assert.equal(new URL(await first.getAttribute("href"), site.url).pathname, ITS_PAGE);
  assert.ok((await first.locator(".search-result-title").textContent()).length > 0);
  assert.match(await first.locator(".search-result-excerpt mark").first().textContent(), new RegExp(ONLY_ON_ONE_PAGE, "i"));
  await first.press("Enter");
  await page.waitForURL(site.url + ITS_PAGE);
  assert.deepEqual(errors, []);
  await context.close();
});

test("keyboard: / opens, arrows move through results, Esc closes and gives focus back", async () => {
  const { page, context, errors } = await openWithRequests();
  await page.keyboard.press("/");
  const dialog = page.locator("dialog[data-search]");
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.type), "search");
  await page.keyboard.type("async");
  await dialog.locator(".search-result a").nth(1).waitFor();
  await page.keyboard.press("ArrowDown");
  const focusedHref = () => page.evaluate(() => document.activeElement.getAttribute("href"));
  const links = await dialog.locator(".search-result a").evaluateAll((all) => all.map((a) => a.getAttribute("href")));
  assert.equal(await focusedHref(), links[0]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await focusedHref(), links[1]);
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.type), "search", "back in the input");
  // Tab stays inside the open dialog.
  for (let i = 0; i < 12; i++) await page.keyboard.press("Tab");
  assert.ok(await page.evaluate(() => !!document.activeElement.closest("dialog[data-search]")));
  await page.keyboard.press("Escape");
  assert.equal(await dialog.evaluate((d) => d.open), false);
  assert.ok(await page.evaluate(() => document.activeElement.matches("[data-search-open]")), "focus back on the button");
  // Ctrl-K opens it again; a typed "/" in the input is text, not a shortcut.
  await page.keyboard.press("Control+k");
  assert.equal(await dialog.evaluate((d) => d.open), true);
  await page.keyboard.type("a/b");
  assert.equal(await dialog.locator("input[type=search]").inputValue(), "a/b");
  assert.deepEqual(errors, []);
  await context.close();
});

test("filters narrow results by section", async () => {
  const { page, context } = await openWithRequests();
  await page.locator("[data-search-open]").click();
  const select = page.locator("dialog[data-search] select[data-search-filter=section]");
  await select.waitFor();
  await search(page, "async");
  const chosen = await select.locator("option").nth(1).getAttribute("value");
  await select.selectOption(chosen);
  await page.waitForFunction(
    (name) => {
      const all = [...document.querySelectorAll(".search-result-section")].map((s) => s.textContent);
      return all.length > 0 && all.every((s) => s === name);
    },
    chosen,
  );
  await context.close();
});

test("without JavaScript there is no search button", async () => {
  const { page, context } = await openPage(site.browser, site.url + "/", { javaScript: false });
  assert.equal(await page.locator("[data-search-open]").count(), 1);
  assert.equal(await page.locator("[data-search-open]").isVisible(), false);
  await context.close();
});

for (const dark of [false, true]) {
  test(`axe passes with the dialog open and results shown, ${dark ? "dark" : "light"}`, async () => {
    for (const width of [1280, 390]) {
      const { page, context } = await openWithRequests({ dark, width });
      await page.locator("[data-search-open]").click();
      await search(page, "async");
      await page.addScriptTag({ content: AXE });
      const result = await page.evaluate(() =>
        window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
      );
      const problems = result.violations.map((v) => `${width}: ${v.id}: ${v.nodes.map((n) => n.target).join("; ")}`);
      assert.deepEqual(problems, []);
      await context.close();
    }
  });
}
