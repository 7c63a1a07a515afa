//! Callouts in every common syntax (`:::` containers of VitePress, Docusaurus and Starlight,
//! GitHub alerts, MkDocs admonitions) all become the same `data-callout` component.

use crate::support::{Html, Site};

fn build(body: &str) -> Html {
    Site::new().page("content/x.md", "X", body).build().html("public/x/index.html")
}

/// The `data-callout` value, title and body text of every callout on the page.
fn callouts(html: &Html) -> Vec<(String, String, String)> {
    let title = scraper::Selector::parse(".callout-title").unwrap();
    let body = scraper::Selector::parse("p:not(.callout-title)").unwrap();
    html.select_all("[data-callout]")
        .into_iter()
        .map(|c| {
            let kind = c.value().attr("data-callout").unwrap_or_default().to_string();
            let title = c.select(&title).next().map(crate::support::text).unwrap_or_default();
            let body: Vec<String> = c.select(&body).map(crate::support::text).collect();
            (kind, title, body.join(" "))
        })
        .collect()
}

fn one(kind: &str, title: &str, body: &str) -> Vec<(String, String, String)> {
    vec![(kind.to_string(), title.to_string(), body.to_string())]
}

#[test]
fn every_syntax_becomes_the_same_component() {
    let syntaxes = [
        "::: tip\nUse it.\n:::\n",
        ":::tip\nUse it.\n:::\n",
        "> [!TIP]\n> Use it.\n",
        "> [!tip]\n> Use it.\n",
        "!!! tip\n    Use it.\n",
    ];
    for body in syntaxes {
        let html = build(body);
        assert_eq!(callouts(&html), one("tip", "💡Tip", "Use it."), "{body:?}");
        assert_eq!(html.one("aside.callout[data-callout=tip]").value().attr("role"), Some("note"), "{body:?}");
    }
}

#[test]
fn titles_in_each_syntax() {
    for body in [
        "::: warning Mind the gap\nx\n:::\n",
        ":::warning Mind the gap\nx\n:::\n",
        ":::warning[Mind the gap]\nx\n:::\n",
        "!!! warning \"Mind the gap\"\n    x\n",
    ] {
        assert_eq!(callouts(&build(body)), one("warning", "⚠Mind the gap", "x"), "{body:?}");
    }
}

#[test]
fn names_map_to_a_small_fixed_set_of_kinds() {
    let cases = [
        ("::: info\nx\n:::\n", "note", "ℹInfo"),
        ("::: important\nx\n:::\n", "important", "❗Important"),
        ("::: caution\nx\n:::\n", "warning", "⚠Caution"),
        ("::: danger\nx\n:::\n", "danger", "⛔Danger"),
        ("> [!NOTE]\n> x\n", "note", "ℹNote"),
        ("> [!IMPORTANT]\n> x\n", "important", "❗Important"),
        ("> [!WARNING]\n> x\n", "warning", "⚠Warning"),
        ("> [!CAUTION]\n> x\n", "danger", "⛔Caution"),
        ("!!! info\n    x\n", "note", "ℹInfo"),
    ];
    for (body, kind, title) in cases {
        assert_eq!(callouts(&build(body)), one(kind, title, "x"), "{body:?}");
    }
    // A block quote that is not an alert stays one.
    let html = build("> [!NOPE]\n> x\n");
    assert!(html.select_all("[data-callout]").is_empty());
    assert_eq!(html.select_all(".prose blockquote").len(), 1);
}

#[test]
fn details_and_collapsible_blocks_are_details_with_a_summary() {
    let html = build("::: details\nHidden.\n:::\n\n::: details Show the log\nLog.\n:::\n");
    let details = html.select_all("details[data-callout=details]");
    assert_eq!(details.len(), 2);
    assert!(details.iter().all(|d| d.value().attr("open").is_none()));
    assert_eq!(html.texts("details[data-callout=details] > summary"), ["▸Details", "▸Show the log"]);
    assert_eq!(html.texts("details[data-callout=details] > p"), ["Hidden.", "Log."]);

    let html = build("??? note \"Closed\"\n    a\n\n???+ tip\n    b\n\nAfter.\n");
    assert_eq!(html.texts("details[data-callout=note]:not([open]) > summary"), ["ℹClosed"]);
    assert_eq!(html.texts("details[data-callout=tip][open] > summary"), ["💡Tip"]);
    assert_eq!(html.texts("details[data-callout] > p"), ["a", "b"]);
    assert_eq!(html.texts(".prose > p"), ["After."]);
}

#[test]
fn mkdocs_bodies_are_markdown_and_keep_their_code() {
    let body = "Before.\n\n!!! note\n    **Bold** text.\n\n    ```python\n    !!! tip\n    x = 1\n    ```\n\nAfter.\n";
    let html = build(body);
    assert_eq!(html.texts("[data-callout=note] strong"), ["Bold"]);
    assert_eq!(html.texts("[data-callout=note] code").concat().replace('\n', ""), "!!! tipx = 1");
    assert_eq!(html.select_all("[data-callout]").len(), 1);
    assert_eq!(html.texts(".prose > p"), ["Before.", "After."]);
    // Prose that merely starts with `!!!` is left alone.
    let html = build("!!! Wow, that works\n");
    assert!(html.select_all("[data-callout], [data-container]").is_empty());
}

#[test]
fn line_numbers_after_mkdocs_blocks_are_kept() {
    let out = Site::new().page("content/x.md", "X", "!!! note\n    a\n\n    b\n\n[gone](missing.md)\n").run(&["check"]);
    // The body starts on line 4: the link is on line 9.
    assert!(out.stderr.contains("content/x.md:9:"), "{}", out.stderr);
}

#[test]
fn an_unknown_container_is_a_warning_and_keeps_its_content() {
    let out = Site::new().page("content/x.md", "X", "Intro.\n\n:::  notte Title\nKept **here**.\n:::\n").build();
    assert!(out.stderr.contains("warning: unknown container `notte`"), "{}", out.stderr);
    assert!(out.stderr.contains("content/x.md:6:6"), "{}", out.stderr);
    assert!(out.stderr.contains("did you mean `note`?"), "{}", out.stderr);
    let html = out.html("public/x/index.html");
    assert_eq!(html.texts("div[data-container=notte] strong"), ["Title", "here"], "the title is text too");
    assert_eq!(html.texts("div[data-container=notte] [data-container-title]"), ["Title"]);
    assert!(html.select_all("[data-callout]").is_empty());

    let out = Site::new().page("content/x.md", "X", "!!! custom\n    Kept.\n").build();
    assert!(out.stderr.contains("warning: unknown container `custom`"), "{}", out.stderr);
    assert!(out.stderr.contains("content/x.md:4:5"), "{}", out.stderr);
    assert_eq!(out.html("public/x/index.html").texts("div[data-container=custom] p"), ["Kept."]);
}
