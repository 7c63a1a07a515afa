// The comparison components in a real browser: side-by-side panes, synchronised tabs, criteria
// cards, copy buttons and keyboard navigation, on the built example site.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { openPage, useSite } from "./support.mjs";

const EXAMPLE = "/get-user-by-id/";
const site = useSite();

/** Bounding boxes of the visible panes of every group on the page. */
function paneBoxes(page) {
  return page.$$eval("[data-compare]", (groups) =>
    groups.map((group) =>
      [...group.querySelectorAll("[data-compare-pane]")].map((pane) => {
        const r = pane.getBoundingClientRect();
        const visible = r.width > 0 && r.height > 0 && getComputedStyle(pane).visibility !== "hidden";
        return { label: pane.dataset.comparePane, top: r.top, left: r.left, width: r.width, visible };
      }),
    ),
  );
}

describe("at 1280 px", () => {
  test("the panes of each group stand side by side with equal tops and widths", async () => {
    const { page, context, errors } = await openPage(site.browser, site.url + EXAMPLE, { width: 1280 });
    const groups = await paneBoxes(page);
    assert.ok(groups.length >= 2, "the example has at least two compare groups");
    for (const panes of groups) {
      assert.equal(panes.length, 2);
      assert.ok(panes.every((p) => p.visible), "every pane is visible");
      assert.ok(Math.abs(panes[0].top - panes[1].top) < 1, `tops aligned: ${panes[0].top} vs ${panes[1].top}`);
      assert.ok(Math.abs(panes[0].width - panes[1].width) < 1, "equal widths");
      assert.ok(panes[0].width >= 300, `each pane at least 300 px wide, got ${panes[0].width}`);
      assert.ok(panes[1].left >= panes[0].left + panes[0].width - 1, "second pane to the right of the first");
    }
    const tablists = await page.$$eval('[data-compare] [role="tablist"]', (lists) =>
      lists.filter((l) => l.getBoundingClientRect().height > 0).length,
    );
    assert.equal(tablists, 0, "no visible tab list on wide screens");
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("the page does not scroll sideways, even with long code lines", async () => {
    const { page, context } = await openPage(site.browser, site.url + EXAMPLE, { width: 1280 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
    await context.close();
  });
});

describe("at 390 px", () => {
  test("one pane is visible, a tab shows the other and switches every group, and the choice survives a reload", async () => {
    const { page, context, errors } = await openPage(site.browser, site.url + EXAMPLE, { width: 390, height: 800 });
    let groups = await paneBoxes(page);
    for (const panes of groups) {
      assert.deepEqual(panes.map((p) => p.visible), [true, false], "only the first pane shows");
    }
    const second = groups[0][1].label;
    await page.locator('[data-compare] [role="tab"]', { hasText: second }).first().click();
    groups = await paneBoxes(page);
    for (const panes of groups) {
      assert.deepEqual(panes.map((p) => p.visible), [false, true], `every group shows "${second}"`);
    }
    const selected = await page.$$eval('[data-compare] [role="tab"][aria-selected="true"]', (tabs) =>
      tabs.map((t) => t.textContent.trim()),
    );
    assert.ok(selected.length >= 2 && selected.every((t) => t === second), "aria-selected follows the choice");
    await page.reload({ waitUntil: "load" });
    groups = await paneBoxes(page);
    for (const panes of groups) {
      assert.deepEqual(panes.map((p) => p.visible), [false, true], "the choice is remembered");
    }
    assert.deepEqual(errors, []);
    await context.close();
  });

  test("long code lines wrap inside their pane and never widen the page", async () => {
    const { page, context } = await openPage(site.browser, site.url + EXAMPLE, { width: 390, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
    // Panes soft-wrap by default ([markdown] wrap_code): a long line takes more rows, not scrolling.
    const panes = await page.$$eval("[data-compare-pane] pre", (pres) =>
      pres.filter((pre) => pre.getBoundingClientRect().width > 0).map((pre) => ({
        wraps: getComputedStyle(pre).whiteSpace === "pre-wrap",
        scrolls: pre.scrollWidth > pre.clientWidth + 1,
        rows: pre.querySelector(".line").getBoundingClientRect().height,
        tallest: Math.max(...[...pre.querySelectorAll(".line")].map((l) => l.getBoundingClientRect().height)),
      })),
    );
    assert.ok(panes.length > 0 && panes.every((p) => p.wraps && !p.scrolls), JSON.stringify(panes));
    assert.ok(panes.some((p) => p.tallest > p.rows * 1.5), "at least one long line wraps onto more rows");
    await context.close();
  });

  test("arrow keys move between tabs and select them", async () => {
    const { page, context } = await openPage(site.browser, site.url + EXAMPLE, { width: 390, height: 800 });
    const first = page.locator('[data-compare] [role="tab"]').first();
    await first.focus();
    await page.keyboard.press("ArrowRight");
    const focused = await page.evaluate(() => ({
      role: document.activeElement.getAttribute("role"),
      selected: document.activeElement.getAttribute("aria-selected"),
      index: [...document.activeElement.parentElement.children].indexOf(document.activeElement),
    }));
    assert.deepEqual(focused, { role: "tab", selected: "true", index: 1 });
    await page.keyboard.press("ArrowLeft");
    const back = await page.evaluate(() => [...document.activeElement.parentElement.children].indexOf(document.activeElement));
    assert.equal(back, 0);
    await context.close();
  });

  test("the criteria table becomes cards without horizontal scrolling", async () => {
    const { page, context } = await openPage(site.browser, site.url + "/", { width: 390, height: 800 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px`);
    const layout = await page.$eval("table[data-criteria]", (table) => {
      const row = table.querySelector("tbody tr");
      const cells = [...row.querySelectorAll("td")];
      return {
        rowDisplay: getComputedStyle(row).display,
        stacked: cells.length > 1 && cells[1].getBoundingClientRect().top > cells[0].getBoundingClientRect().top,
        label: getComputedStyle(cells[0], "::before").content,
        tableWidth: table.getBoundingClientRect().width,
      };
    });
    assert.notEqual(layout.rowDisplay, "table-row", "rows are not table rows on narrow screens");
    assert.ok(layout.stacked, "a card's cells stack vertically");
    assert.match(layout.label, /FastAPI/, "each value is labelled with its contender");
    assert.ok(layout.tableWidth <= 390);
    await context.close();
  });

  test("without JavaScript the panes stack with their labels", async () => {
    const { page, context } = await openPage(site.browser, site.url + EXAMPLE, { width: 390, javaScript: false });
    const groups = await paneBoxes(page);
    for (const panes of groups) {
      assert.ok(panes.every((p) => p.visible), "both panes visible");
      assert.ok(panes[1].top > panes[0].top, "stacked");
    }
    const labels = await page.$$eval("[data-compare-pane] .compare-label", (ls) =>
      ls.filter((l) => l.getBoundingClientRect().height > 0).length,
    );
    assert.ok(labels >= 4, "each pane shows its label");
    await context.close();
  });
});

describe("copy buttons", () => {
  test("copy the code of a block without line numbers", async () => {
    const { page, context } = await openPage(site.browser, site.url + EXAMPLE, { width: 1280 });
    await page.evaluate(() => {
      window.__copied = [];
      window.versaCopy = (text) => {
        window.__copied.push(text);
        return Promise.resolve();
      };
    });
    const figure = page.locator("figure.code").first();
    const expected = await figure.locator("pre code").evaluate((code) =>
      [...code.querySelectorAll(".line")].map((l) => l.textContent).join("\n"),
    );
    await figure.locator("button").first().click();
    const copied = await page.evaluate(() => window.__copied);
    assert.equal(copied.length, 1);
    assert.equal(copied[0].trimEnd(), expected.trimEnd());
    assert.ok(!/^\s*1\s/.test(copied[0]), "no line numbers");
    await context.close();
  });

  test("every code block has one", async () => {
    const { page, context } = await openPage(site.browser, site.url + EXAMPLE, { width: 1280 });
    const counts = await page.evaluate(() => ({
      blocks: document.querySelectorAll("figure.code").length,
      buttons: document.querySelectorAll("figure.code button").length,
    }));
    assert.ok(counts.blocks > 0);
    assert.equal(counts.buttons, counts.blocks);
    await context.close();
  });
});
