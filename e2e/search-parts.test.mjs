// A large site's search index is built in parts of `[search] pages_per_index` pages, which the
// dialog merges: a site of two sections of three pages each, built by the release binary with
// parts of two pages, so the index has five parts and every search crosses them.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { openPage, useBuiltSite } from "./support.mjs";

/** A page about one plant, in the words every page shares. */
const page = (title, plant) =>
  `---\ntitle: ${title}\n---\n` +
  `The ${plant} grows in these hills. Every walker on the survey notes where the ${plant} ` +
  `was found and how many plants there were, so the survey can count what grows here.\n`;

const FILES = {
  "_index.md": "---\ntitle: Survey\n---\nThe survey of the hills, by place.\n",
  "meadows/_index.md": "---\ntitle: Meadows\n---\nPlants of wet meadows.\n",
  "meadows/a-quillwort.md": page("Quillwort", "quillwort"),
  "meadows/b-orchid.md": page("Orchid", "orchid"),
  "meadows/c-rush.md": page("Rush", "rush"),
  "moors/_index.md": "---\ntitle: Moors\n---\nPlants of high moors.\n",
  "moors/a-heather.md": page("Heather", "heather"),
  "moors/b-bilberry.md": page("Bilberry", "bilberry"),
  "moors/c-sundew.md": page("Sundew", "sundew"),
};

const site = useBuiltSite("search-parts", {
  "site.toml": 'title = "Survey"\nbase_url = "https://example.org/"\n\n[search]\npages_per_index = 2\n',
  ...Object.fromEntries(Object.entries(FILES).map(([file, text]) => [`content/${file}`, text])),
});

/** The paths of the dialog's results for `term`, best first, once `count` are shown. */
async function results(term, count, section) {
  const { page, context, errors } = await openPage(site.browser, site.url + "/");
  await page.locator("[data-search-open]").click();
  const dialog = page.locator("dialog[data-search]");
  if (section) {
    const select = dialog.locator("select[data-search-filter=section]");
    await select.waitFor();
    await select.selectOption(section);
  }
  await dialog.locator("input[type=search]").fill(term);
  const links = dialog.locator(".search-result a");
  await links.nth(count - 1).waitFor();
  const hrefs = await links.evaluateAll((all) => all.map((a) => new URL(a.href).pathname));
  assert.deepEqual(errors, []);
  await context.close();
  return hrefs;
}

test("the index is written in parts of two pages", () => {
  const index = join(site.root, "public", "pagefind");
  const parts = JSON.parse(readFileSync(join(index, "parts.json"), "utf8"));
  // Nine pages to index: the home page, two section pages and six pages.
  assert.deepEqual(parts, ["2/", "3/", "4/", "5/"]);
  for (const part of parts) {
    assert.ok(existsSync(join(index, part, "pagefind-entry.json")), part);
    assert.ok(!existsSync(join(index, part, "pagefind.js")), `${part} shares the first part's script`);
  }
});

test("a word on one page, in the last part, finds that page first", async () => {
  const found = await results("sundew", 1);
  assert.equal(found[0], "/moors/c-sundew/");
});

test("a word on every page finds the pages of every part", async () => {
  const found = await results("survey", 6);
  for (const path of ["/meadows/a-quillwort/", "/meadows/c-rush/", "/moors/a-heather/", "/moors/c-sundew/"]) {
    assert.ok(found.includes(path), `${path} in ${found}`);
  }
});

test("the section filter holds the sections of every part and narrows to one", async () => {
  const found = await results("survey", 3, "Moors");
  assert.ok(found.length >= 3, `${found}`);
  assert.ok(
    found.every((path) => path.startsWith("/moors/")),
    `${found}`,
  );
});
