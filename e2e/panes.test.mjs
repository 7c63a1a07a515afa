// Code panes that fit: no pane line is clipped on the example's code page; 3- and 4-pane groups
// (a fixture site built with the release binary) stand side by side only where each pane gets
// about 60 columns, else become tabs; the copy button never covers code; scrollable code is
// keyboard-focusable without JavaScript.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { launch, openPage, serveSite, SITE } from "./support.mjs";

const REPO = resolve(new URL("..", import.meta.url).pathname);
const VERSA = process.env.VERSA_BIN ?? join(REPO, "target/release/versa");
const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const EXAMPLE = "/get-user-by-id/";

/** A pane of `lines` lines, the longest `width` characters, in a fence labelled `label`. */
function fence(label, lines, width) {
  const body = Array.from({ length: lines }, (_, i) => `    value_${i} = "${"x".repeat(Math.max(0, width - 18))}"`);
  return "```python label=\"" + label + "\"\ndef handler():\n" + body.join("\n") + "\n```";
}

const FIXTURE = {
  "site.toml": 'title = "Panes"\nbase_url = "https://example.com/"\n\n[theme]\nextra_css = ["css/wide.css"]\n',
  // The built-in frame caps the page at 84rem; without the cap, a group's width follows the
  // window, so one page shows both sides of each breakpoint.
  "static/css/wide.css": ".layout { max-width: none; }\n",
  "content/_index.md": '+++\ntitle = "Panes"\n+++\nA fixture.\n',
  "content/three.md":
    '+++\ntitle = "Three"\ntoc = false\n+++\n::: compare\n' +
    [fence("One", 6, 58), fence("Two", 8, 40), fence("Three", 5, 30)].join("\n") +
    "\n:::\n",
  "content/four.md":
    '+++\ntitle = "Four"\ntoc = false\n+++\n::: compare\n' +
    [fence("One", 6, 58), fence("Two", 8, 40), fence("Three", 5, 30), fence("Four", 4, 20)].join("\n") +
    "\n:::\n",
  "content/blocks.md":
    '+++\ntitle = "Blocks"\ntoc = false\n+++\nUntitled, no language:\n\n```\n' +
    "a line that runs on well past the copy button's place at the top right of this block\n```\n\n" +
    "Untitled, with a language:\n\n```python\nprint('a line that runs on well past the place of the copy button, at the top right')\n```\n\n" +
    'Titled:\n\n```python title="app.py"\nprint("the title strip holds the button")\n```\n',
};

let fixture;
let browser;
const servers = {};

before(async () => {
  fixture = mkdtempSync(join(tmpdir(), "versa-panes-e2e-"));
  for (const [path, text] of Object.entries(FIXTURE)) {
    mkdirSync(dirname(join(fixture, path)), { recursive: true });
    writeFileSync(join(fixture, path), text);
  }
  execFileSync(VERSA, ["build", "--root", fixture], { stdio: ["ignore", "ignore", "inherit"] });
  servers.example = await serveSite(SITE);
  servers.fixture = await serveSite(join(fixture, "public"));
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await servers.example?.close();
  await servers.fixture?.close();
  if (fixture) rmSync(fixture, { recursive: true, force: true });
});

/** For each group: tabbed or not, and for each pane its box, visibility and code's fit. */
function groupsOf(page) {
  return page.$$eval("[data-compare]", (groups) =>
    groups.map((group) => {
      const pres = [...group.querySelectorAll("[data-compare-pane] pre")];
      // One column of code, measured in the code's own font.
      const probe = document.createElement("span");
      probe.textContent = "0".repeat(100);
      (pres[0].querySelector("code") ?? pres[0]).append(probe);
      const ch = probe.getBoundingClientRect().width / 100;
      probe.remove();
      return {
        tabbed: group.classList.contains("is-tabbed"),
        tablistVisible: [...group.querySelectorAll('[role="tablist"]')].some((l) => l.getBoundingClientRect().height > 0),
        ch,
        panes: [...group.querySelectorAll("[data-compare-pane]")].map((pane) => {
          const pre = pane.querySelector("pre");
          const box = pane.getBoundingClientRect();
          const line = pre.querySelector(".line");
          const padding = parseFloat(getComputedStyle(line).paddingLeft) + parseFloat(getComputedStyle(line).paddingRight);
          return {
            visible: box.width > 0 && box.height > 0,
            top: box.top,
            left: box.left,
            clipped: pre.scrollWidth > pre.clientWidth + 1,
            columns: (pre.clientWidth - padding) / ch,
          };
        }),
      };
    }),
  );
}

function sideBySide(group) {
  const [first, ...rest] = group.panes;
  return group.panes.every((p) => p.visible) && rest.every((p) => Math.abs(p.top - first.top) < 1 && p.left > first.left);
}

function tabbed(group) {
  return group.tabbed && group.tablistVisible && group.panes.filter((p) => p.visible).length === 1;
}

describe("the example's code page", () => {
  for (const width of [1280, 1920]) {
    test(`at ${width} px the pairs stand side by side and no pane line is clipped`, async () => {
      const { page, context, errors } = await openPage(browser, servers.example.url + EXAMPLE, { width });
      const groups = await groupsOf(page);
      assert.ok(groups.length >= 3, "the example has three compare groups");
      for (const [i, group] of groups.entries()) {
        assert.ok(sideBySide(group), `group ${i + 1} stands side by side: ${JSON.stringify(group)}`);
        for (const [j, pane] of group.panes.entries()) {
          assert.ok(!pane.clipped, `group ${i + 1}, pane ${j + 1}: a line is wider than the pane`);
        }
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test("panes of very different heights leave no big hole beside the shorter one", async () => {
    const { page, context } = await openPage(browser, servers.example.url + EXAMPLE, { width: 1280 });
    const rows = await page.$$eval("[data-compare]", (groups) =>
      groups.map((g) => [...g.querySelectorAll("[data-compare-pane]")].map((p) => p.getBoundingClientRect().height)),
    );
    for (const heights of rows) {
      const hole = Math.max(...heights) - Math.min(...heights);
      assert.ok(hole < 420, `a pane row leaves ${Math.round(hole)} px empty beside its shortest pane`);
    }
    // A capped pane opens with its button, which says so.
    const button = page.locator(".code-expand").first();
    if ((await button.count()) > 0) {
      const pre = page.locator(`#${await button.getAttribute("aria-controls")}`);
      assert.equal(await button.getAttribute("aria-expanded"), "false");
      const before = (await pre.boundingBox()).height;
      await button.click();
      assert.equal(await button.getAttribute("aria-expanded"), "true");
      assert.ok((await pre.boundingBox()).height > before + 100, "the whole code shows");
    }
    await context.close();
  });
});

describe("three and four panes", () => {
  const cases = [
    // [page, window width, side by side?]: the sidebar and the table of contents take their
    // share of the window first.
    ["/three/", 1280, false],
    ["/three/", 1920, false],
    ["/three/", 2400, true],
    ["/four/", 2400, false],
    ["/four/", 3200, true],
  ];
  for (const [path, width, fits] of cases) {
    test(`${path} at ${width} px ${fits ? "stands side by side" : "becomes tabs"}`, async () => {
      const { page, context, errors } = await openPage(browser, servers.fixture.url + path, { width });
      const [group] = await groupsOf(page);
      const n = group.panes.length;
      if (fits) {
        assert.ok(sideBySide(group), `side by side: ${JSON.stringify(group)}`);
        assert.ok(!group.tablistVisible, "no tabs");
        for (const pane of group.panes) assert.ok(pane.columns >= 58, `each pane shows ${pane.columns.toFixed(1)} columns`);
      } else {
        assert.ok(tabbed(group), `tabs: ${JSON.stringify(group)}`);
        // Side by side, each pane would have had under about 60 columns.
        const width = await page.$eval("[data-compare]", (g) => g.clientWidth);
        const would = (width - (n - 1) * 20) / n / group.ch - 4;
        assert.ok(would < 62, `each of ${n} panes would have had ${would.toFixed(1)} columns`);
      }
      assert.deepEqual(errors, []);
      await context.close();
    });
  }

  test("without JavaScript, a group that does not fit stacks its panes, every one visible", async () => {
    const { page, context } = await openPage(browser, servers.fixture.url + "/four/", { width: 1280, javaScript: false });
    const [group] = await groupsOf(page);
    assert.ok(group.panes.every((p) => p.visible), "every pane shows");
    assert.ok(group.panes.every((p, i) => i === 0 || p.top > group.panes[i - 1].top), "stacked");
    await context.close();
  });
});

/** The copy buttons whose box overlaps the first line of their block's code. */
function coveredFirstLines(page) {
  return page.$$eval("figure.code", (figures) =>
    figures.flatMap((figure, i) => {
      const button = figure.querySelector(".code-copy");
      const line = figure.querySelector("pre .line");
      if (!button || !line) return [`block ${i + 1} has no copy button`];
      const b = button.getBoundingClientRect();
      const l = line.getBoundingClientRect();
      const overlaps = b.left < l.right && l.left < b.right && b.top < l.bottom && l.top < b.bottom;
      return overlaps && getComputedStyle(button).opacity !== "0" ? [`block ${i + 1}`] : [];
    }),
  );
}

describe("copy buttons", () => {
  for (const [site, path] of [["example", EXAMPLE], ["fixture", "/blocks/"]]) {
    test(`on ${path} never cover the first line, with a mouse`, async () => {
      const { page, context } = await openPage(browser, servers[site].url + path, { width: 1280 });
      const figures = await page.locator("figure.code").count();
      for (let i = 0; i < figures; i++) await page.locator("figure.code").nth(i).hover();
      assert.deepEqual(await coveredFirstLines(page), []);
      await context.close();
    });

    test(`on ${path} never cover the first line, on a touch screen`, async () => {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
      const page = await context.newPage();
      await page.goto(servers[site].url + path, { waitUntil: "load" });
      assert.ok(await page.evaluate(() => matchMedia("(hover: none)").matches), "the emulation is a touch screen");
      assert.deepEqual(await coveredFirstLines(page), []);
      await context.close();
    });
  }
});

describe("without JavaScript", () => {
  for (const width of [1280, 390]) {
    test(`scrollable code is keyboard-focusable at ${width} px (axe scrollable-region-focusable)`, async () => {
      const problems = [];
      let checked = 0;
      for (const [site, path] of [["example", EXAMPLE], ["fixture", "/blocks/"], ["fixture", "/four/"]]) {
        // axe needs script to run, so the site's own script is blocked instead of all of it.
        const context = await browser.newContext({ viewport: { width, height: 900 } });
        await context.route(/\.js(\?|$)/, (route) => route.abort());
        const page = await context.newPage();
        await page.goto(servers[site].url + path, { waitUntil: "load" });
        assert.equal(await page.locator(".code-copy").count(), 0, "versa.js did not run");
        await page.evaluate(AXE);
        const result = await page.evaluate(() =>
          window.axe.run(document, { runOnly: { type: "rule", values: ["scrollable-region-focusable"] } }),
        );
        checked += result.passes.length + result.violations.length;
        for (const v of result.violations) problems.push(`${path}: ${v.nodes.map((n) => n.target.join(" ")).join("; ")}`);
        await context.close();
      }
      assert.ok(checked > 0, "axe found scrollable code to check (the fixture's long single blocks)");
      assert.deepEqual(problems, []);
    });
  }
});
