// Reader features in Chromium: printing from dark mode gives the light palette, link addresses,
// no navigation and every line of code; tag chips are links to tag pages; the tag pages pass axe.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useSite } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const site = useSite();

/** Sum of the r, g, b channels of a CSS colour (0 black … 765 white). */
const LUMA = `(c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number).reduce((a, b) => a + b)`;

/** Colours and layout of a page as printed. */
async function printed(page) {
  await page.emulateMedia({ media: "print" });
  return page.evaluate((luma) => {
    const sum = eval(luma);
    const style = (el) => getComputedStyle(el);
    const code = document.querySelector("pre.code-block");
    const token = [...code.querySelectorAll("span[class*='hl-']")].find((s) => s.textContent.trim());
    const prose = document.querySelector("[data-body] p");
    return {
      body: sum(style(document.body).backgroundColor),
      text: sum(style(prose).color),
      code: sum(style(code).backgroundColor),
      token: sum(style(token).color),
      header: style(document.querySelector(".site-header")).display,
      buttons: [...document.querySelectorAll("button")].filter((b) => style(b).display !== "none").length,
      navs: [...document.querySelectorAll("nav")].filter((n) => style(n).display !== "none").length,
      clipped: [...document.querySelectorAll("pre")].filter((p) => p.scrollWidth > p.clientWidth + 1).length,
    };
  }, LUMA);
}

for (const how of ["the system setting", "the toggle"]) {
  test(`printing from dark mode (${how}) uses the light palette, without navigation, code wrapped`, async () => {
    const { page, context } = await openPage(site.browser, site.url + "/get-user-by-id/", { dark: true, width: 1280 });
    if (how === "the toggle") {
      await page.evaluate(() => document.documentElement.setAttribute("data-theme", "dark"));
    }
    const screen = await page.evaluate((luma) => eval(luma)(getComputedStyle(document.body).backgroundColor), LUMA);
    assert.ok(screen < 200, `dark on screen first, got ${screen}`);
    const p = await printed(page);
    assert.ok(p.body > 740, `white paper, got ${p.body}`);
    assert.ok(p.text < 200, `dark text, got ${p.text}`);
    assert.ok(p.code > 600, `light code blocks, got ${p.code}`);
    assert.ok(p.token < 500, `dark code tokens, got ${p.token}`);
    assert.equal(p.header, "none");
    assert.equal(p.buttons, 0, "no buttons on paper");
    assert.equal(p.navs, 0, "no navigation on paper");
    assert.equal(p.clipped, 0, "no code block cut off");
    await context.close();
  });
}

test("printing writes the address of every link to another site after its text", async () => {
  const { page, context } = await openPage(site.browser, site.url + "/criteria/async/");
  await page.emulateMedia({ media: "print" });
  const links = await page.evaluate(() =>
    [...document.querySelectorAll("main a[href^='https://']")].map((a) => ({
      href: a.getAttribute("href"),
      after: getComputedStyle(a, "::after").content,
    })),
  );
  assert.ok(links.length > 0, "the page links to other sites");
  for (const { href, after } of links) assert.equal(after, `" (${href})"`);
  const internal = await page.evaluate(() => getComputedStyle(document.querySelector("a.tag"), "::after").content);
  assert.equal(internal, "none", "links inside the site print no address");
  const pdf = await page.pdf({ format: "A4" });
  assert.ok(pdf.length > 10_000, "Chromium prints the page");
  await context.close();
});

test("tag chips link to the tag's page, which lists the page and links to all tags", async () => {
  const { page, context, errors } = await openPage(site.browser, site.url + "/criteria/async/", { width: 390 });
  const chip = page.locator(".article-footer a.tag", { hasText: "asgi" });
  await chip.click();
  await page.waitForURL(site.url + "/tags/asgi/");
  assert.match(await page.locator("h1").innerText(), /^(Tag:\s*)?asgi$/);
  const listed = await page.locator(".card-title a").allInnerTexts();
  assert.deepEqual(listed, ["Async support", "Deployment"]);
  await page.getByRole("link", { name: "All tags" }).click();
  await page.waitForURL(site.url + "/tags/");
  const asgi = page.locator("[data-tags] a", { hasText: "asgi" });
  assert.match(await asgi.innerText(), /asgi\s*,?\s*2/);
  assert.deepEqual(errors, []);
  await context.close();
});

for (const dark of [false, true]) {
  test(`the tag pages have no WCAG 2.1 AA violations (${dark ? "dark" : "light"})`, async () => {
    const problems = [];
    for (const width of [1280, 390]) {
      for (const path of ["/tags/", "/tags/asgi/", "/criteria/async/"]) {
        const { page, context } = await openPage(site.browser, site.url + path, { width, dark });
        await page.addScriptTag({ content: AXE });
        const result = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }),
        );
        for (const v of result.violations) problems.push(`${path} @${width}: ${v.id} ${v.help}`);
        await context.close();
      }
    }
    assert.deepEqual(problems, []);
  });
}
