// The theme toggle and dark mode: the system setting is followed, a reader's choice wins and is
// remembered, and code blocks switch highlighting theme with the page.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useSite } from "./support.mjs";

const site = useSite();

/** The page's and the first code block's background colours, as [r, g, b] luminance sums. */
async function backgrounds(page) {
  return page.evaluate(() => {
    const sum = (el) => getComputedStyle(el).backgroundColor.match(/\d+/g).slice(0, 3).map(Number).reduce((a, b) => a + b);
    return { body: sum(document.body), code: sum(document.querySelector("pre.code-block")) };
  });
}

test("the system's dark setting darkens the page and its code without JavaScript", async () => {
  const { page, context } = await openPage(site.browser, site.url + "/get-user-by-id/", { dark: true, javaScript: false });
  const bg = await backgrounds(page);
  assert.ok(bg.body < 200 && bg.code < 200, `dark backgrounds expected, got ${JSON.stringify(bg)}`);
  await context.close();
});

test("the toggle switches light to dark, says so, and is remembered across pages", async () => {
  const { page, context, errors } = await openPage(site.browser, site.url + "/get-user-by-id/", { dark: false });
  const light = await backgrounds(page);
  assert.ok(light.body > 600 && light.code > 600, `light backgrounds expected, got ${JSON.stringify(light)}`);
  const toggle = page.locator("[data-theme-toggle]").first();
  assert.ok(await toggle.isVisible(), "the toggle shows when JavaScript runs");
  await toggle.click();
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  const dark = await backgrounds(page);
  assert.ok(dark.body < 200 && dark.code < 200, `dark after the toggle, got ${JSON.stringify(dark)}`);
  await page.goto(site.url + "/faq/", { waitUntil: "load" });
  assert.equal(await page.getAttribute("html", "data-theme"), "dark", "the choice holds on the next page");
  assert.deepEqual(errors, []);
  await context.close();
});

test("without JavaScript the toggle is hidden", async () => {
  const { page, context } = await openPage(site.browser, site.url + "/", { javaScript: false });
  assert.equal(await page.locator("[data-theme-toggle]").first().isVisible(), false);
  await context.close();
});
