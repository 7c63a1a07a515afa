//! Content that must not break a build or its pages (issue 8): text that looks like versa's
//! internal markers, attribute values that try to end their quotes, and code blocks too large
//! to highlight.

use std::collections::BTreeMap;

use crate::support::{text, Html, Site};

fn render(body: &str) -> Html {
    Site::new().page("content/x.md", "X", body).build().html("public/x/index.html")
}

/// An element's attributes, by name.
fn attributes(element: scraper::ElementRef<'_>) -> BTreeMap<String, String> {
    element.value().attrs().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

fn expected(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

#[test]
fn typed_container_markers_are_text_not_containers() {
    // A page without containers: a forged marker used to index a container that doesn't exist.
    let html = render("Before.\n\n<!--versa:7-->\n\nAfter <!--/versa:0--> inline and `<!--versa:7-->` in code.\n");
    assert_eq!(html.texts(".prose p"), ["Before.", "After  inline and <!--versa:7--> in code."]);

    // Forged markers around, inside and next to a real container.
    let html = render(concat!(
        "<!--versa:0-->\n\n",
        "::: note Real\n",
        "first\n",
        "<!--/versa:0-->\n\n",
        "second `<!--/versa:0-->`\n\n",
        "<div><!--versa:0--></div>\n",
        ":::\n\n",
        "<!--/versa:0-->\n\n",
        "after\n",
    ));
    let callout = html.one(".prose aside.callout");
    assert_eq!(html.texts(".prose aside.callout p:not(.callout-title)"), ["first", "second <!--/versa:0-->"]);
    assert_eq!(html.texts(".prose aside.callout .callout-title"), ["ℹReal"]);
    assert_eq!(callout.select(&scraper::Selector::parse("div").unwrap()).count(), 1, "the raw HTML block is kept");
    assert_eq!(html.texts(".prose > p"), ["after"]);
}

#[test]
fn typed_criteria_placeholders_do_not_copy_the_table() {
    let html = render(concat!(
        "::: criteria\n",
        "| Criterion | Alpha | Beta |\n",
        "|---|---|---|\n",
        "| Speed | [+] fast | [-] slow |\n",
        ":::\n\n",
        "<!--versa-criteria:0-->\n\n",
        "Inline <!--versa-criteria:0--> and `<!--versa-criteria:0-->` in code.\n\n",
        "<div>\n<!--versa-criteria:0-->\n</div>\n\n",
        "## Speed\n",
    ));
    assert_eq!(html.select_all("table[data-criteria]").len(), 1, "the table was copied");
    assert_eq!(html.texts(".prose p code"), ["<!--versa-criteria:0-->"]);
    // A heading below the table is still linked from its row.
    assert_eq!(html.attrs("[data-criterion=speed] th a", "href"), ["#speed"]);
}

#[test]
fn a_heading_id_cannot_add_attributes() {
    let id = "x\"onmouseover=\"alert(1)";
    let html = render("## Title {#x\"onmouseover=\"alert(1)}\n\ntext\n\n## Other {.a\"onclick=\"b}\n");
    assert!(html.select_all("[onmouseover], [onclick]").is_empty(), "an attribute was injected");
    let headings = html.select_all(".prose h2");
    assert_eq!(attributes(headings[0]), expected(&[("id", id)]));
    assert_eq!(attributes(headings[1]), expected(&[("id", "other"), ("class", "a\"onclick=\"b")]));
    let anchors = html.select_all(".prose h2 a.heading-anchor");
    let href = format!("#{id}");
    assert_eq!(
        attributes(anchors[0]),
        expected(&[("class", "heading-anchor"), ("href", &href), ("aria-label", "Link to this section")])
    );
    assert_eq!(html.attrs(".toc-side a[data-toc-link]", "href"), [href.as_str(), "#other"]);
    assert_eq!(html.attrs(".toc-side a[data-toc-link]", "data-toc-link"), [id, "other"]);
}

#[test]
fn heading_ids_with_markup_characters_stay_unique_and_linkable() {
    let out = Site::new()
        .page("content/x.md", "X", "## A {#q\"a'b&c}\n\n## B {#q\"a'b&c}\n\n## Q a b c\n")
        .build()
        .stderr_contains("warning: the id `q\"a'b&c` is used twice on this page")
        .stderr_contains("content/x.md:6:1");
    let html = out.html("public/x/index.html");
    assert_eq!(html.attrs(".prose h2", "id"), ["q\"a'b&c", "q\"a'b&c", "q-a-b-c"]);
    assert!(html.select_all(".prose h2 b").is_empty(), "the id became markup");
}

#[test]
fn info_string_attributes_and_callout_titles_cannot_add_markup() {
    let tricky = "a\"onmouseover=\"x'<b>&";
    let body = format!(
        concat!(
            "```py\"<b>'& title={t}\n1\n```\n\n",
            "::: compare\n",
            "```python label={t}\nx\n```\n",
            "```python label=\"plain\"\ny\n```\n",
            ":::\n\n",
            "::: warning {t}</p><script>alert(1)</script>\n",
            "careful\n",
            ":::\n\n",
            "```python file=samples/we\"ird<b>.py numbers hl=\"1\"\n```\n",
        ),
        t = tricky
    );
    let out = Site::new().page("content/x.md", "X", &body).file("content/samples/we\"ird<b>.py", "print(1)\n").build();
    let html = out.html("public/x/index.html");
    assert!(html.select_all("[onmouseover], .prose script, .prose b").is_empty(), "markup was injected");
    let figures = html.select_all(".prose figure.code");
    assert_eq!(attributes(figures[0]), expected(&[("class", "code"), ("data-lang", "py\"<b>'&")]));
    assert_eq!(html.texts(".prose figcaption.code-title"), [tricky]);
    assert_eq!(html.attrs("[data-compare-pane]", "data-compare-pane"), [tricky, "plain"]);
    assert_eq!(html.texts(".callout-title"), [format!("⚠{tricky}</p><script>alert(1)</script>")]);
}

#[test]
fn criteria_cells_and_contenders_are_escaped() {
    let toml = format!("{}\n[contenders.\"q\\\"x\"]\nname = \"Q\\\"<i>\"\n", crate::support::SITE_TOML);
    let html = Site::new()
        .file("site.toml", toml)
        .page(
            "content/x.md",
            "X",
            "::: criteria\n| Crit\"erion | Q\"\\<i> |\n|---|---|\n| Sp\"ee\\<d> | [+] `a\"<i>` |\n:::\n",
        )
        .build()
        .html("public/x/index.html");
    assert!(html.select_all(".prose [data-criteria] i, .prose [data-criteria] d").is_empty(), "markup was injected");
    assert_eq!(html.texts("[data-criteria] thead th"), ["Crit\"erion", "Q\"<i>"]);
    assert_eq!(html.texts("[data-criteria] tbody th"), ["Sp\"ee<d>"]);
    assert_eq!(html.attrs("[data-criteria] thead [data-contender]", "data-contender"), ["q\"x"]);
    assert_eq!(html.attrs("[data-criteria] td", "data-label"), ["Q\"<i>"]);
    assert_eq!(text(html.one("[data-criteria] td code")), "a\"<i>");
}

/// Line `i` is `2·i` spaces then `- item`: the shape that took Bash's grammar 15 s per MB.
fn staircase(lines: usize) -> String {
    (0..lines).map(|i| format!("{}- item\n", "  ".repeat(i))).collect()
}

#[test]
fn code_too_large_to_highlight_is_plain_with_a_located_warning() {
    // Longest line 2·259 + 6 = 524 bytes; the second block is small-lined but over 256 KB.
    let long_lines = staircase(260);
    let many_lines = "echo $i\n".repeat(33_000);
    let body = format!("Intro.\n\n```bash\n{long_lines}```\n\n```bash\n{many_lines}```\n\n```bash\necho ok\n```\n");
    let out = Site::new().page("content/x.md", "X", &body).build();
    let out = out
        .stderr_contains(
            "warning: this code block is too large to highlight (260 lines, 69160 bytes, longest line 524 bytes); shown without colours\n  --> content/x.md:6:1",
        )
        .stderr_contains(
            "warning: this code block is too large to highlight (33000 lines, 264000 bytes, longest line 7 bytes); shown without colours\n  --> content/x.md:269:1",
        )
        .stderr_contains("= help: versa highlights blocks of up to 256 KB whose lines have up to 500 bytes; split it into smaller blocks, or mark it `text`");
    let html = out.html("public/x/index.html");
    let figures = html.select_all(".prose figure.code[data-lang=bash] > pre.code-block[data-lang=bash] > code");
    assert_eq!(figures.len(), 3);
    let lines = |i: usize| figures[i].select(&scraper::Selector::parse("span.line").unwrap()).count();
    assert_eq!((lines(0), lines(1), lines(2)), (260, 33_000, 1));
    assert_eq!(figures[0].text().collect::<String>(), long_lines.trim_end());
    let coloured = |i: usize| figures[i].select(&scraper::Selector::parse("span:not(.line)").unwrap()).count();
    assert_eq!((coloured(0), coloured(1)), (0, 0), "a block over the limits was highlighted");
    assert!(coloured(2) > 0, "a small block was not highlighted");

    // As the help says, `text` shows a block of any size plain without a warning.
    let body = format!("```text\n{long_lines}```\n");
    Site::new().page("content/x.md", "X", &body).build().stderr_lacks("warning");
}
