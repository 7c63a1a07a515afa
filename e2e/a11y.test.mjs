// Accessibility of the built example, checked with axe-core (WCAG 2.1 A and AA rules, colour
// contrast included) in Chromium: every kind of page, wide and narrow, light and dark.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { openPage, useSite } from "./support.mjs";

const require = createRequire(import.meta.url);
const AXE = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
const PAGES = ["/", "/criteria/", "/criteria/async/", "/get-user-by-id/", "/faq/", "/404.html"];
const site = useSite();

for (const width of [1280, 390]) {
  for (const dark of [false, true]) {
    test(`no WCAG 2.1 AA violations at ${width} px, ${dark ? "dark" : "light"}`, async () => {
      const problems = [];
      for (const path of PAGES) {
        const { page, context } = await openPage(site.browser, site.url + path, { width, dark });
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
