//! Long code lines: side-by-side panes soft-wrap by default (`[markdown] wrap_code`), single
//! blocks scroll; `wrap` / `nowrap` on a fence decide for one block; code that may scroll is a
//! named tab stop in the HTML itself.

use crate::support::{Html, Site, SITE_TOML};

const GROUP: &str =
    "::: compare\n```python label=\"A\"\ndef f():\n    return 1\n```\n```python label=\"B\" nowrap\nx = 1\n```\n:::\n";
const SINGLE: &str = "```python\ndef f():\n\treturn 1\n```\n";

fn render(site_toml_extra: &str, body: &str) -> Html {
    Site::new()
        .file("site.toml", format!("{SITE_TOML}{site_toml_extra}"))
        .page("content/x.md", "X", body)
        .build()
        .success()
        .html("public/x/index.html")
}

/// `(wrapped, focusable)` for each `<pre>` of the page, in order.
fn blocks(html: &Html) -> Vec<(bool, bool)> {
    html.select_all("pre.code-block")
        .iter()
        .map(|pre| (pre.value().attr("data-wrap").is_some(), pre.value().attr("tabindex") == Some("0")))
        .collect()
}

#[test]
fn panes_wrap_and_single_blocks_scroll_by_default() {
    let html = render("", &format!("{GROUP}\n{SINGLE}"));
    // Pane A wraps (the default), pane B says `nowrap`, the single block keeps its lines.
    assert_eq!(blocks(&html), [(true, false), (false, true), (false, true)]);
    // The wrapped pane's indented line hangs at its own indent; the first line has none.
    let lines = html.select_all("[data-compare-pane=\"A\"] .line");
    assert_eq!(lines[0].value().attr("style"), None);
    assert_eq!(lines[1].value().attr("style"), Some("--indent:4"));
    let indents = html.select_all("[data-compare-pane=\"A\"] .line .indent");
    assert_eq!(indents.iter().map(|i| i.inner_html()).collect::<Vec<_>>(), ["    "]);
    // Lines that scroll carry no indent: it only matters to wrapping.
    assert!(html.select_all("pre:not([data-wrap]) .line[style]").is_empty());
}

#[test]
fn scrollable_code_is_a_named_tab_stop() {
    let html = render("", "```python title=\"app.py\"\nx = 1\n```\n\n```rust\nfn main() {}\n```\n\n```\nplain\n```\n");
    let names = html.attrs("pre.code-block[tabindex=\"0\"]", "aria-label");
    assert_eq!(names, ["Code: app.py", "rust code", "Code"]);
    assert_eq!(html.attrs("pre.code-block[tabindex=\"0\"]", "role"), ["group", "group", "group"]);
}

#[test]
fn wrap_on_a_fence_wraps_a_single_block_with_its_tab_indent() {
    let html = render("", "```python wrap\ndef f():\n\treturn 1\n```\n\n```python {wrap=false}\nx\n```\n");
    assert_eq!(blocks(&html), [(true, false), (false, true)]);
    assert_eq!(html.attrs(".line[style]", "style"), ["--indent:4"]);
}

#[test]
fn wrap_code_false_keeps_pane_lines_unless_a_fence_says_wrap() {
    let group = GROUP.replace("label=\"B\" nowrap", "label=\"B\" wrap");
    let html = render("\n[markdown]\nwrap_code = false\n", &group);
    assert_eq!(blocks(&html), [(false, true), (true, false)]);
}

#[test]
fn wrap_code_must_be_a_boolean() {
    Site::new()
        .file("site.toml", format!("{SITE_TOML}\n[markdown]\nwrap_code = \"yes\"\n"))
        .page("content/x.md", "X", "")
        .run(&["build"])
        .failure(1)
        .stderr_contains("site.toml:")
        .stderr_contains("wrap_code");
}

#[test]
fn an_unknown_wrap_value_is_a_located_error() {
    Site::new()
        .page("content/x.md", "X", "text\n\n```python wrap=sometimes\nx\n```\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("`wrap=sometimes` is not a value of `wrap`")
        // The body starts on line 4; the fence is its third line, the attribute at column 11.
        .stderr_contains("--> content/x.md:6:11")
        .stderr_contains("^^^^^^^^^^^^^^");
}

#[test]
fn wrap_and_nowrap_together_is_a_located_error() {
    Site::new()
        .page("content/x.md", "X", "```python wrap nowrap\nx\n```\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("says both `wrap` and `nowrap`")
        .stderr_contains("--> content/x.md:4:16");
}
