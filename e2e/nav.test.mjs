// The page frame in Chromium: the sidebar, the phone menu (with and without JavaScript), the
// sticky header, the first screen on a phone and one content column with or without a TOC.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useSite } from "./support.mjs";

const site = useSite();
const KINDS = ["/", "/criteria/", "/criteria/async/", "/get-user-by-id/", "/faq/", "/404.html"];

test("the sidebar marks the current page and opens its group", async () => {
  const { page, context } = await openPage(site.browser, site.url + "/criteria/async/", { width: 1280 });
  const sidebar = page.locator("nav[data-sidebar]");
  assert.ok(await sidebar.isVisible(), "a sidebar at 1280 px");
  const current = sidebar.locator('[aria-current="page"]');
  assert.equal(await current.count(), 1);
  assert.equal(await current.getAttribute("href"), "/criteria/async/");
  assert.equal(await current.evaluate((a) => a.closest("details").open), true, "its group is open");
  assert.ok(await current.isVisible());
  // Groups collapse: closing the open one hides the link.
  await sidebar.locator("details[open] > summary").first().click();
  assert.equal(await current.isVisible(), false);
  await context.close();
});

for (const javaScript of [true, false]) {
  test(`the phone menu opens the tree ${javaScript ? "with" : "without"} JavaScript`, async () => {
    const { page, context, errors } = await openPage(site.browser, site.url + "/faq/", {
      width: 390,
      height: 844,
      javaScript,
    });
    const sidebar = page.locator("nav[data-sidebar]");
    assert.equal(await sidebar.isVisible(), false, "closed at first");
    const button = page.locator("details[data-menu] > summary");
    assert.ok(await button.isVisible());
    await button.click();
    assert.ok(await sidebar.isVisible(), "the menu shows the tree");
    const current = sidebar.locator('[aria-current="page"]');
    assert.equal(await current.getAttribute("href"), "/faq/");
    assert.ok(await current.isVisible());
    const box = await sidebar.boundingBox();
    const header = await page.locator(".site-header").boundingBox();
    assert.ok(box.y >= header.y + header.height - 1, "below the header, not under it");
    // The keyboard reaches the tree right after the button.
    await button.focus();
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => !!document.activeElement.closest("nav[data-sidebar]"));
    assert.ok(focused, "Tab from the menu button goes into the tree");
    if (javaScript) {
      await page.keyboard.press("Escape");
      assert.equal(await sidebar.isVisible(), false, "Escape closes the menu");
    } else {
      await button.click();
      assert.equal(await sidebar.isVisible(), false, "the button closes it again");
    }
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test("at 390×844 the article text starts on the first screen of every kind of page", async () => {
  const late = [];
  for (const path of KINDS) {
    const { page, context } = await openPage(site.browser, site.url + path, { width: 390, height: 844 });
    const top = await page.evaluate(() => {
      const p = document.querySelector("[data-body] > p") ?? document.querySelector("main p:not([aria-hidden])");
      return p.getBoundingClientRect().top;
    });
    if (!(top >= 0 && top < 844 - 40)) late.push(`${path}: ${Math.round(top)} px`);
    const title = await page.locator(".site-title-text").evaluate((el) => {
      const line = parseFloat(getComputedStyle(el).lineHeight);
      return el.getBoundingClientRect().height < line * 1.5;
    });
    assert.ok(title, `${path}: the site title stays on one line`);
    const strip = page.locator(".contenders-strip .contenders");
    if (await strip.count()) {
      const height = (await strip.boundingBox()).height;
      assert.ok(height < 40, `${path}: the contenders strip is one line (${height} px)`);
    }
    await context.close();
  }
  assert.deepEqual(late, []);
});

test("the contenders' details come on demand on a phone", async () => {
  const { page, context } = await openPage(site.browser, site.url + "/criteria/async/", { width: 390, height: 844, javaScript: false });
  const facts = page.locator(".article-header .contender-facts").first();
  assert.equal(await facts.isVisible(), false);
  await page.locator(".contenders-toggle > summary").click();
  assert.ok(await facts.isVisible());
  await context.close();
});

for (const width of [1280, 1920]) {
  test(`the content column has one left edge with and without a TOC at ${width} px`, async () => {
    const edges = {};
    for (const path of ["/criteria/async/", "/criteria/", "/get-user-by-id/"]) {
      const { page, context } = await openPage(site.browser, site.url + path, { width });
      edges[path] = await page.evaluate(() => ({
        main: document.querySelector("main").getBoundingClientRect().left,
        width: document.querySelector("main").getBoundingClientRect().width,
        text: document.querySelector("[data-body] > p").getBoundingClientRect().left,
        title: document.querySelector("h1").getBoundingClientRect().left,
        toc: !!document.querySelector(".has-toc"),
      }));
      await context.close();
    }
    const withToc = edges["/criteria/async/"];
    const without = edges["/criteria/"];
    assert.ok(withToc.toc && !without.toc, "one page of each kind");
    assert.equal(withToc.text, without.text, "prose starts at the same x");
    assert.equal(withToc.main, without.main);
    assert.equal(withToc.width, without.width, "the column is as wide");
    for (const e of Object.values(edges)) assert.equal(e.title, e.text, "title and text share the left edge");
    // Compare panes start there too.
    const { page, context } = await openPage(site.browser, site.url + "/get-user-by-id/", { width });
    const pane = await page.evaluate(() => document.querySelector("[data-compare]").getBoundingClientRect().left);
    assert.equal(pane, edges["/get-user-by-id/"].text, "panes share the text's left edge");
    await context.close();
  });
}

test("the header stays at the top while scrolling", async () => {
  for (const width of [1280, 390]) {
    const { page, context } = await openPage(site.browser, site.url + "/criteria/async/", { width, height: 800 });
    await page.evaluate(() => window.scrollTo(0, 2000));
    await page.waitForFunction(() => window.scrollY > 1000);
    const box = await page.locator(".site-header").boundingBox();
    assert.equal(Math.round(box.y), 0, `${width} px: at the top`);
    assert.ok(box.height <= 64, `${width} px: compact (${box.height} px)`);
    await context.close();
  }
});

// axe without JavaScript (a11y.test.mjs runs it with): the page as it is without versa.js, and
// with the phone menu open. axe needs script itself, so the page keeps JavaScript on but never
// gets versa.js (the inline theme script does nothing in a fresh profile).
const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");

const SCROLLABLE_CODE_PENDING = false;

async function openWithoutScript(url, { width, dark }) {
  const context = await site.browser.newContext({ viewport: { width, height: 900 }, colorScheme: dark ? "dark" : "light" });
  await context.route("**/assets/versa.js*", (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  return { page, context };
}

for (const width of [1280, 390]) {
  for (const dark of [false, true]) {
    test(`no WCAG 2.1 AA violations without versa.js at ${width} px, ${dark ? "dark" : "light"}`, async () => {
      const problems = [];
      for (const path of KINDS) {
        const { page, context } = await openWithoutScript(site.url + path, { width, dark });
        assert.equal(await page.locator("[data-theme-toggle]").isHidden(), true, "versa.js did not run");
        await page.addScriptTag({ content: AXE });
        const runs = width < 1024 ? ["closed", "menu open"] : ["page"];
        for (const run of runs) {
          if (run === "menu open") await page.locator("details[data-menu] > summary").click();
          const result = await page.evaluate(() =>
            window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
          );
          for (const v of result.violations) {
            // Code blocks that scroll are made focusable in the HTML by the code-panes work
            // (issue 10, item 3), not by the page frame; drop this once that is merged.
            const nodes = v.nodes.filter((n) => !(SCROLLABLE_CODE_PENDING && v.id === "scrollable-region-focusable" && /(^|[ >])pre(\[[^\]]*\])?$/.test(n.target.join(" "))));
            if (!nodes.length) continue;
            const where = nodes.slice(0, 3).map((n) => n.target.join(" ")).join("; ");
            problems.push(`${path} (${run}): ${v.id} (${v.impact}) ${v.help} — ${where}`);
          }
        }
        await context.close();
      }
      assert.deepEqual(problems, []);
    });
  }
}
