// MkDocs's `search: { boost }` ranks pages in the search dialog: a site of four pages, built by
// the release binary, where pairs of pages mention a word equally often in texts of the same
// length, and the page with the higher boost (Pagefind's `data-pagefind-weight`) must come
// first. Each pair is boosted the other way round from the order of its files, so neither the
// index's order nor the title's decides.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { openPage, useBuiltSite } from "./support.mjs";

/** A page that says `word` three times in the same forty words as its twin. */
const page = (title, word, front = "") =>
  `---\ntitle: ${title}\n${front}---\n` +
  `The ${word} is a plant of wet meadows. Walkers who find the ${word} by the path ` +
  `should leave it where it grows, and note the place: the ${word} is rare in these ` +
  `hills, and every record of it helps the survey that counts what grows here each year.\n`;

const PAGES = {
  // "quillwort": the later file is boosted, so it must overtake the earlier one.
  "a-meadow.md": page("Meadow notes", "quillwort"),
  "b-survey.md": page("Survey notes", "quillwort", "search:\n  boost: 5\n"),
  // "sundew": the earlier file is weighed down, so it must fall behind the later one.
  "c-bog.md": page("Bog notes", "sundew", "search:\n  boost: 0.2\n"),
  "d-heath.md": page("Heath notes", "sundew"),
};

const site = useBuiltSite("search-weight", {
  "site.toml": 'title = "Boosts"\nbase_url = "https://example.org/"\n',
  "content/_index.md": "---\ntitle: Boosts\n---\nFour pages.\n",
  ...Object.fromEntries(Object.entries(PAGES).map(([file, text]) => [`content/${file}`, text])),
});

/** The paths of the search dialog's results for `term`, best first. */
async function results(term) {
  const { page, context, errors } = await openPage(site.browser, site.url + "/a-meadow/");
  await page.locator("[data-search-open]").click();
  await page.locator("dialog[data-search] input[type=search]").fill(term);
  const links = page.locator("dialog[data-search] .search-result a");
  await links.nth(1).waitFor();
  const hrefs = await links.evaluateAll((all) => all.map((a) => new URL(a.href).pathname));
  assert.deepEqual(errors, []);
  await context.close();
  return hrefs;
}

test("the pages carry their weights", () => {
  const weight = (rel) => spawnSync("grep", ["-o", 'data-pagefind-weight="[^"]*"', join(site.root, "public", rel)], {
    encoding: "utf8",
  }).stdout.trim();
  assert.equal(weight("b-survey/index.html"), 'data-pagefind-weight="5"');
  assert.equal(weight("c-bog/index.html"), 'data-pagefind-weight="0.2"');
  assert.equal(weight("a-meadow/index.html"), "", "no boost, no weight");
});

test("of two pages that say a word equally, the boosted one comes first", async () => {
  assert.deepEqual(await results("quillwort"), ["/b-survey/", "/a-meadow/"]);
});

test("a boost below 1 puts its page after an unboosted twin", async () => {
  assert.deepEqual(await results("sundew"), ["/d-heath/", "/c-bog/"]);
});
