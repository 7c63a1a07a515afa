// CommonMark conformance through the whole pipeline: every example of the official spec (the
// `commonmark-spec` package) is a page of one site without front matter, built by the release
// binary, and each page's body must match the spec's HTML once versa's documented decorations
// (README, "Markdown and code") are taken off. Both sides are parsed by Chromium's HTML parser
// and compared as normalised DOM serialisations, so no quirk of either serialiser counts.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launch } from "./support.mjs";

const require = createRequire(import.meta.url);
// The spec writes tabs as `→`; its own test runners put the tabs back.
const EXAMPLES = require("commonmark-spec").tests.map((ex) => ({
  ...ex,
  markdown: ex.markdown.replaceAll("→", "\t"),
  html: ex.html.replaceAll("→", "\t"),
}));
const VERSA = process.env.VERSA_BIN ?? new URL("../target/release/versa", import.meta.url).pathname;

// Where versa's documented rules read an example's text as something else, the body must be
// what the spec gives for the rest of the file. Keep this list short: each entry is in the README.
const READ_OTHERWISE = new Map([
  [98, { why: "`---` then `---` opening a file is an empty YAML front matter, as in Jekyll", rest: "" }],
]);

const root = mkdtempSync(join(tmpdir(), "versa-commonmark-"));
const name = (n) => `example-${String(n).padStart(3, "0")}`;
let build;
let browser;

before(async () => {
  mkdirSync(join(root, "content"));
  writeFileSync(join(root, "site.toml"), 'title = "CommonMark"\nbase_url = "https://example.org/"\n');
  for (const ex of EXAMPLES) writeFileSync(join(root, "content", `${name(ex.number)}.md`), ex.markdown);
  build = spawnSync(VERSA, ["build", "--root", root], { encoding: "utf8" });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  rmSync(root, { recursive: true, force: true });
});

test("the spec has its 652 examples", () => {
  assert.equal(EXAMPLES.length, 652);
});

test("every example builds, without front matter, with exit 0", () => {
  assert.equal(build.error, undefined, `could not run ${VERSA}: build it with cargo build --release`);
  assert.equal(build.status, 0, build.stderr);
  assert.doesNotMatch(build.stderr, /^error/m);
});

/**
 * Runs in the browser: parse one page's body and the spec's HTML, take versa's decorations off
 * the body, and serialise both the same way. Returns { expected, actual, flattened }.
 */
function compareInBrowser({ page, expected }) {
  const inert = document.implementation.createHTMLDocument("");
  const BLOCK = new Set(
    ("address article aside blockquote body details dialog dd div dl dt fieldset figcaption figure footer form " +
      "h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody td tfoot th thead tr ul")
      .split(" "),
  );
  const fragment = (html) => {
    const div = inert.createElement("div");
    div.innerHTML = html;
    return div;
  };

  // The body is the text between the data-body element's tags. It is cut from the page's source,
  // not taken from the page's DOM: some examples are deliberately unbalanced raw HTML (`<div>`
  // with no end), which in a whole page would swallow the template around the body.
  const open = page.indexOf(">", page.indexOf(" data-body")) + 1;
  // The test site has no sources, tags or edit links, so the body's `</div>` is the article's last.
  const close = page.lastIndexOf("</div>", page.lastIndexOf("</article>"));
  const body = fragment(page.slice(open, close));
  const spec = fragment(expected);
  const title = new DOMParser().parseFromString(page, "text/html").querySelector("article h1")?.textContent ?? "";

  // Headings: versa's anchor link and generated id.
  for (const anchor of body.querySelectorAll("a.heading-anchor")) {
    const heading = anchor.parentElement;
    anchor.remove();
    if (heading.lastChild?.nodeType === Node.TEXT_NODE) heading.lastChild.data = heading.lastChild.data.replace(/ $/, "");
    heading.removeAttribute("id");
  }
  // Code blocks: the figure, the highlighting spans and the line spans; the language stays.
  for (const figure of body.querySelectorAll("figure.code")) {
    const pre = figure.querySelector("pre");
    const code = inert.createElement("code");
    // versa's lines leave out the last line's line break.
    const text = pre.querySelector("code").textContent;
    code.textContent = text === "" ? "" : `${text}\n`;
    const lang = pre.getAttribute("data-lang");
    if (lang) code.setAttribute("class", `language-${lang}`);
    const plain = inert.createElement("pre");
    plain.append(code);
    figure.replaceWith(plain);
  }
  // Bare URLs that versa links (GFM autolinks): the text stays, the link goes.
  for (const link of body.querySelectorAll("a[data-autolink]")) link.replaceWith(...link.childNodes);

  // The opening `#` heading is the page's title, shown as text in the theme's <h1>; its id is an
  // empty <span id> at the top of the body.
  let flattened = false;
  const first = (el) => [...el.childNodes].find((n) => n.nodeType !== Node.TEXT_NODE || n.data.trim() !== "");
  const specFirst = first(spec);
  const bodyFirst = first(body);
  if (specFirst?.nodeName === "H1" && bodyFirst?.nodeName === "SPAN" && bodyFirst.id && !bodyFirst.hasChildNodes()) {
    const text = (s) => s.replace(/\s+/g, " ").trim();
    if (text(specFirst.textContent) === text(title)) {
      flattened = specFirst.children.length > 0;
      specFirst.remove();
      bodyFirst.remove();
    }
  }

  const escape = (s, attr) =>
    s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, attr ? "&quot;" : '"');
  const isBlock = (n) => n?.nodeType === Node.ELEMENT_NODE && BLOCK.has(n.localName);
  // Whitespace is insignificant next to block elements and runs of it are one space, except in
  // <pre>, as in the spec's own normaliser.
  const serialise = (node, inPre) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (inPre) return escape(node.data);
      let text = node.data.replace(/\s+/g, " ");
      const parentBlock = !node.parentNode || isBlock(node.parentNode) || node.parentNode.localName === "div";
      if (isBlock(node.previousSibling) || (!node.previousSibling && parentBlock)) text = text.replace(/^ /, "");
      if (isBlock(node.nextSibling) || (!node.nextSibling && parentBlock)) text = text.replace(/ $/, "");
      return escape(text);
    }
    if (node.nodeType === Node.COMMENT_NODE) return `<!--${node.data}-->`;
    if (node.nodeType !== Node.ELEMENT_NODE) return "";
    const attrs = [...node.attributes]
      .map((a) => ` ${a.name}="${escape(a.value, true)}"`)
      .sort()
      .join("");
    const pre = inPre || node.localName === "pre";
    const inner = [...node.childNodes].map((c) => serialise(c, pre)).join("");
    return `<${node.localName}${attrs}>${inner}</${node.localName}>`;
  };
  const all = (el) => [...el.childNodes].map((c) => serialise(c, false)).join("");
  return { expected: all(spec), actual: all(body), flattened };
}

test("every example's body matches the spec's HTML, decorations aside", async () => {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const tab = await context.newPage();
  const mismatches = [];
  const flattened = [];
  for (const ex of EXAMPLES) {
    let page;
    try {
      page = readFileSync(join(root, "public", name(ex.number), "index.html"), "utf8");
    } catch {
      mismatches.push(`example ${ex.number} (${ex.section}): no page was written`);
      continue;
    }
    const expected = READ_OTHERWISE.get(ex.number)?.rest ?? ex.html;
    const got = await tab.evaluate(compareInBrowser, { page, expected });
    if (got.flattened) flattened.push(ex.number);
    if (got.expected !== got.actual) {
      mismatches.push(
        `example ${ex.number} (${ex.section})\n  markdown: ${JSON.stringify(ex.markdown)}\n` +
          `  expected: ${got.expected}\n  actual:   ${got.actual}`,
      );
    }
  }
  await context.close();
  const matched = EXAMPLES.length - mismatches.length;
  const otherwise = [...READ_OTHERWISE].map(([n, { why }]) => `${n} (${why})`).join("; ");
  console.log(
    `CommonMark: ${matched} of ${EXAMPLES.length} examples match; read otherwise: ${otherwise}; ` +
      `titles whose inline markup is shown as text: ${flattened.join(", ")}`,
  );
  assert.equal(mismatches.length, 0, `${matched} of ${EXAMPLES.length} match\n\n${mismatches.join("\n\n")}`);
  // Titles with emphasis or a link show it as text (README, "CommonMark conformance"); any other
  // example joining this list would be a change to look at.
  assert.deepEqual(flattened, [66, 80, 81, 82, 214]);
});

test("the comparison tells a changed body from the spec's", async () => {
  const context = await browser.newContext();
  const tab = await context.newPage();
  const page = (body) => `<article><h1 class="article-title">T</h1><div class="prose" data-body>\n${body}\n</div>\n</article>`;
  const same = await tab.evaluate(compareInBrowser, { page: page("<p>a  <em>b</em></p>\n"), expected: "<p>a <em>b</em></p>" });
  assert.equal(same.actual, same.expected, "whitespace runs are one space");
  for (const [body, expected] of [
    ["<p>a <strong>b</strong></p>", "<p>a <em>b</em></p>"],
    ['<figure class="code"><pre data-lang="js"><code>x</code></pre></figure>', '<pre><code class="language-py">x\n</code></pre>'],
    ['<h2 id="a">A <a class="heading-anchor" href="#a">#</a></h2>', "<h2>B</h2>"],
  ]) {
    const got = await tab.evaluate(compareInBrowser, { page: page(body), expected });
    assert.notEqual(got.actual, got.expected, body);
  }
  await context.close();
});
