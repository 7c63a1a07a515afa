//! Markdown extensions people rely on: definition lists, bare URLs as links (GFM autolinks),
//! footnotes listed at the end of the page, and ids used twice on a page.

use crate::support::{text, Html, Site};

fn page_html(body: &str) -> Html {
    Site::new().page("content/x.md", "X", body).build().success().html("public/x/index.html")
}

#[test]
fn definition_lists_render_in_both_common_forms() {
    let body = "Apple\n: A fruit.\n: A company.\n\nPear\n:   Another fruit, MkDocs style.\n\n\
                ::: note\nTerm\n: Inside a callout.\n:::\n";
    let html = page_html(body);
    assert_eq!(html.texts("[data-body] > dl > dt"), ["Apple", "Pear"]);
    assert_eq!(html.texts("[data-body] > dl > dd"), ["A fruit.", "A company.", "Another fruit, MkDocs style."]);
    assert_eq!(html.texts("[data-callout=note] dl dd"), ["Inside a callout."]);
}

#[test]
fn definition_lists_leave_criteria_tables_and_faqs_alone() {
    let body = concat!(
        "::: criteria\n| Criterion | Alpha | Beta |\n|---|---|---|\n| Speed | [+] fast | [-] slow |\n:::\n\n",
        "::: faq\n### Is it fast?\nYes: very.\n\n### Which one?\nEither.\n:::\n",
    );
    let out = Site::new().page("content/x.md", "X", body).build().success().stderr_lacks("warning");
    let html = out.html("public/x/index.html");
    assert!(html.select_all("dl").is_empty());
    assert_eq!(html.select_all("table[data-criteria] [data-verdict=plus]").len(), 1);
    assert_eq!(html.select_all("[data-faq] details").len(), 2);
}

#[test]
fn bare_urls_become_links_as_on_github() {
    let body = concat!(
        "Visit https://example.com/a_b?x=1&y=2. Or www.commonmark.org/help, ",
        "(see https://en.wikipedia.org/wiki/Link_(film)) and www.google.com/search?q=commonmark&hl;\n\n",
        "Not `https://code.example`, not [https://written.example](https://target.example), ",
        "not <a href=\"/\">https://raw.example</a>, not xhttps://glued.example, not ftp://other.example.\n\n",
        "<div>https://block.example</div>\n\n```text\nhttps://fenced.example\n```\n\n",
        "## See https://heading.example\n",
    );
    let html = page_html(body);
    assert_eq!(
        html.attrs("a[data-autolink]", "href"),
        [
            "https://example.com/a_b?x=1&y=2",
            "http://www.commonmark.org/help",
            "https://en.wikipedia.org/wiki/Link_(film)",
            "http://www.google.com/search?q=commonmark",
            "https://heading.example",
        ]
    );
    assert_eq!(
        html.texts("a[data-autolink]"),
        [
            "https://example.com/a_b?x=1&y=2",
            "www.commonmark.org/help",
            "https://en.wikipedia.org/wiki/Link_(film)",
            "www.google.com/search?q=commonmark",
            "https://heading.example",
        ]
    );
    let first = html.one("[data-body] > p:first-child");
    assert!(text(first).ends_with("&hl;"), "{}", text(first));
    assert_eq!(html.attrs("a[href='https://target.example']", "data-autolink"), Vec::<String>::new());
    assert!(html.select_all("a a").is_empty(), "no link inside a link");
    assert!(html.one("[data-body] pre").inner_html().contains("https://fenced.example"));
    assert!(html.select_all("[data-body] pre a, [data-body] code a, [data-body] div a").is_empty());
}

#[test]
fn autolinks_open_in_a_new_tab_when_the_site_asks_and_pass_the_link_check() {
    let site = Site::new()
        .file("site.toml", format!("{}\n[markdown]\nexternal_links_new_tab = true\n", crate::support::SITE_TOML))
        .page("content/x.md", "X", "Read https://example.com/docs and www.example.org.\n");
    let html = site.build().success().stderr_lacks("warning").html("public/x/index.html");
    assert_eq!(html.attrs("a[data-autolink]", "target"), ["_blank", "_blank"]);
    assert!(html.attrs("a[data-autolink]", "rel").iter().all(|r| r.contains("noopener")));
    site.run(&["check", "--strict"]).success().stderr_lacks("warning").stdout_contains("0 internal links");
}

#[test]
fn footnotes_are_numbered_by_reference_and_listed_at_the_end() {
    let body = concat!(
        "First[^later], then[^Early], again[^later].\n\n",
        "[^early]: Written first,\n    on two lines.\n\n",
        "## Middle\n\n",
        "[^later]: Written second.\n\n",
        "Last paragraph.\n",
    );
    let html = page_html(body);
    // References: superscript links numbered in order of first reference.
    assert_eq!(html.texts("sup > a[data-footnote-ref]"), ["1", "2", "1"]);
    assert_eq!(html.attrs("a[data-footnote-ref]", "id"), ["fnref-later", "fnref-early", "fnref-later-2"]);
    assert_eq!(html.attrs("a[data-footnote-ref]", "href"), ["#fn-later", "#fn-early", "#fn-later"]);
    assert_eq!(html.attrs("a[data-footnote-ref]", "aria-label"), ["Footnote 1", "Footnote 2", "Footnote 1"]);
    // Definitions: in one list, last in the body, in reference order.
    let last = html.one("[data-body] > :last-child");
    assert_eq!(last.value().name(), "section");
    assert_eq!(last.value().attr("data-footnotes"), Some(""));
    assert_eq!(html.attrs("[data-footnotes] > ol > li", "id"), ["fn-later", "fn-early"]);
    assert!(html.texts("[data-footnotes] li")[1].starts_with("Written first,\non two lines."));
    // Back links, one per reference, with names a screen reader can tell apart.
    assert_eq!(html.attrs("#fn-later a[data-footnote-backref]", "href"), ["#fnref-later", "#fnref-later-2"]);
    assert_eq!(
        html.attrs("[data-footnote-backref]", "aria-label"),
        ["Back to reference 1", "Back to reference 1-2", "Back to reference 2"]
    );
    assert_eq!(html.texts("#fn-early a[data-footnote-backref]"), ["↩"]);
    assert_eq!(html.select_all("#fn-early p a[data-footnote-backref]").len(), 1, "inside the note's paragraph");
    // Every link lands on an element.
    for href in html.attrs("[data-footnote-ref], [data-footnote-backref]", "href") {
        assert_eq!(html.select_all(&format!("[id='{}']", &href[1..])).len(), 1, "{href}");
    }
}

#[test]
fn footnote_labels_cannot_add_markup_and_ids_step_around_headings() {
    let body =
        "A[^x\"onclick=\"y<b>] and B[^fn-x].\n\n## Fn x {#fn-x}\n\n[^x\"onclick=\"y<b>]: Tricky.\n\n[^fn-x]: Plain.\n";
    let out = Site::new().page("content/x.md", "X", body).build().success().stderr_lacks("warning");
    let html = out.html("public/x/index.html");
    assert_eq!(html.attrs("[data-footnotes] li", "id"), ["fn-x-onclick-y-b", "fn-fn-x"]);
    assert!(html.select_all("[onclick], [data-body] b").is_empty());
    assert_eq!(html.attrs("[data-body] h2", "id"), ["fn-x"]);
    site_check_passes(body);
}

fn site_check_passes(body: &str) {
    Site::new().page("content/x.md", "X", body).run(&["check", "--strict"]).success().stderr_lacks("warning");
}

#[test]
fn undefined_and_unused_footnotes_are_located_warnings() {
    let body = "Text[^gone] and \\[^escaped] and `[^code]`.\n\n[^spare]: Never used.\n";
    let site = Site::new().page("content/x.md", "X", body);
    let out = site
        .build()
        .success()
        .stderr_contains("warning: the footnote `[^gone]` is not defined; it is shown as text")
        .stderr_contains("content/x.md:4:5")
        .stderr_contains("or write `\\[^gone]` to show it as text")
        .stderr_contains("warning: the footnote `[^spare]` is never referred to; it is left out of the page")
        .stderr_contains("content/x.md:6:1");
    assert_eq!(out.stderr.matches("is not defined").count(), 1, "not the escaped one, not code\n{}", out.stderr);
    let html = out.html("public/x/index.html");
    assert!(text(html.one("[data-body] p")).starts_with("Text[^gone] and [^escaped]"));
    assert!(html.select_all("[data-footnotes]").is_empty());
    assert!(!html.one("[data-body]").inner_html().contains("Never used"));
    site.run(&["build", "--strict"]).failure(1).stderr_contains("content/x.md:4:5");
}

#[test]
fn ids_used_twice_on_a_page_are_reported_at_the_second_naming_the_first() {
    let body = "<div id=\"pricing\">Prices</div>\n\nText.\n\n## Pricing {#pricing}\n\n## Other\n";
    let site = Site::new().page("content/x.md", "X", body);
    site.run(&["check"])
        .success()
        .stderr_contains("warning: the id `pricing` is used twice on this page")
        .stderr_contains("content/x.md:8:1")
        .stderr_contains("the first is raw HTML at line 4");
    site.run(&["check", "--strict"]).failure(1).stderr_contains("the id `pricing` is used twice");
    site.build().success().stderr_contains("the id `pricing` is used twice");
}

#[test]
fn a_footnote_id_written_again_in_raw_html_is_reported() {
    let body = "See[^1].\n\n[^1]: The note.\n\n<span id=\"fn-1\"></span>\n";
    Site::new()
        .page("content/x.md", "X", body)
        .run(&["check"])
        .success()
        .stderr_contains("warning: the id `fn-1` is used twice on this page")
        .stderr_contains("content/x.md:8:11")
        .stderr_contains("the first is a footnote at line 6");
}

#[test]
fn distinct_ids_and_generated_heading_ids_raise_no_warning() {
    site_check_passes("## Setup\n\n## Setup\n\n<p id=\"setup-2\">x</p>\n\nSee[^n].\n\n[^n]: Note.\n");
}

#[test]
fn links_to_footnotes_and_raw_html_ids_pass_the_check() {
    let body = "See[^n] and <span id=\"here\">here</span>.\n\n[^n]: Note.\n\n[Note](#fn-n), [back](#fnref-n), [here](#here).\n";
    site_check_passes(body);
    Site::new()
        .page("content/x.md", "X", "[Nowhere](#fn-n).\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("broken anchor: `#fn-n`");
}
