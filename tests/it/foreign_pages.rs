//! Pages written for GitHub, Docusaurus, Hugo, MkDocs or Starlight build as they are: front
//! matter is optional, foreign keys are warnings (kept in `page.extra`), and only certain
//! mistakes fail the build.

use crate::support::{text, Outcome, Site};

/// Build a site whose only page is `content/x.md` with `text`; the build must succeed.
fn build_page(text: &str) -> Outcome {
    Site::new().file("content/x.md", text).build()
}

/// Build a site whose only page is `content/x.md` with `text`; the build must fail.
fn fail_page(text: &str) -> Outcome {
    Site::new().file("content/x.md", text).run(&["build"]).failure(1)
}

/// The page's one `<h1>`, the theme's title.
fn h1(outcome: &Outcome, rel: &str) -> String {
    text(outcome.html(rel).one("h1"))
}

#[test]
fn a_page_without_front_matter_takes_its_title_from_its_heading_once() {
    let built = build_page("# Getting started {#start}\n\nHello.\n\n## Install\n").stderr_lacks("warning");
    assert_eq!(h1(&built, "public/x/index.html"), "Getting started");
    let html = built.html("public/x/index.html");
    assert_eq!(text(html.one("title")), "Getting started · Test Site");
    assert_eq!(html.attrs("#start", "id"), ["start"], "the heading's id stays for links");
    assert_eq!(html.select_all("h2#install").len(), 1, "the other headings stay");
    let setext = build_page("Set in setext\n=============\n\nHello.\n");
    assert_eq!(h1(&setext, "public/x/index.html"), "Set in setext");
}

#[test]
fn a_link_to_the_dropped_heading_is_not_broken() {
    Site::new()
        .file("content/a.md", "# Alpha\n\nText.\n")
        .file("content/b.md", "See [alpha](a.md#alpha).\n")
        .run(&["check"])
        .success()
        .stderr_lacks("anchor");
}

#[test]
fn without_a_heading_the_title_comes_from_the_file_name() {
    let built = Site::new()
        .file("content/getting-started.md", "Just text.\n\n# A later heading\n")
        .file("content/guide/_index.md", "The guide.\n")
        .file("content/_index.md", "Welcome.\n")
        .build();
    let page = built.html("public/getting-started/index.html");
    assert_eq!(text(page.one("h1.article-title")), "Getting started");
    assert_eq!(page.select_all("h1#a-later-heading").len(), 1, "a later heading stays in the body");
    assert_eq!(h1(&built, "public/guide/index.html"), "Guide");
    assert_eq!(h1(&built, "public/index.html"), "Test Site");
}

#[test]
fn front_matter_without_a_title_uses_the_same_fallbacks() {
    let built = build_page("+++\ndescription = \"About it\"\n+++\n# From the heading\n\nBody.\n");
    assert_eq!(h1(&built, "public/x/index.html"), "From the heading");
    let built = build_page("---\ndescription: About it\n---\nBody.\n");
    assert_eq!(h1(&built, "public/x/index.html"), "X");
}

#[test]
fn yaml_front_matter_may_close_with_dots() {
    let built = build_page("---\ntitle: Dotted\n...\nBody text.\n");
    assert_eq!(h1(&built, "public/x/index.html"), "Dotted");
    assert!(built.read("public/x/index.html").contains("Body text."));
}

#[test]
fn an_empty_file_warns_and_builds() {
    let built = Site::new().file("content/release-notes.md", " \n\n").build();
    let built =
        built.stderr_contains("warning: the page is empty").stderr_contains("  --> content/release-notes.md:1:1");
    assert_eq!(h1(&built, "public/release-notes/index.html"), "Release notes");
}

#[test]
fn unknown_keys_warn_with_the_closest_key_and_reach_page_extra() {
    let template = "<html><body><h1>{{ page.title }}</h1><p id=\"pos\">{{ page.extra.sidebar_position }}</p>\
                    <p id=\"titel\">{{ page.extra.titel }}</p><p id=\"kept\">{{ page.extra.hide_title }}</p>\
                    <p id=\"own\">{{ page.extra.mine }}</p></body></html>";
    let built = Site::new()
        .file("templates/page.html", template)
        .file(
            "content/x.md",
            "+++\ntitel = \"Typo\"\nsidebar_position = 3\nhide_title = true\nmine = \"top\"\n\n[extra]\nmine = \"own\"\n+++\nBody.\n",
        )
        .build()
        .stderr_contains("warning: unknown key `titel`")
        .stderr_contains("  --> content/x.md:2:1")
        .stderr_contains("did you mean `title`?")
        .stderr_contains("warning: unknown key `hide_title`")
        .stderr_contains("  --> content/x.md:4:1")
        .stderr_contains("kept as `page.extra.hide_title`")
        .stderr_lacks("`sidebar_position`");
    let html = built.html("public/x/index.html");
    assert_eq!(text(html.one("h1")), "X", "a typo of `title` is not a title");
    assert_eq!(text(html.one("#pos")), "3");
    assert_eq!(text(html.one("#titel")), "Typo");
    assert_eq!(text(html.one("#kept")), "true");
    assert_eq!(text(html.one("#own")), "own", "an explicit `[extra]` entry wins");
}

#[test]
fn yaml_typos_warn_at_their_line() {
    build_page("---\ntitle: A\ndrafts: true\n---\n")
        .stderr_contains("warning: unknown key `drafts`")
        .stderr_contains("  --> content/x.md:3:1")
        .stderr_contains("did you mean `draft`?");
}

#[test]
fn mapped_keys_of_other_tools_take_effect() {
    let built = Site::new()
        .file("content/guide/_index.md", "# Guide\n")
        .file("content/guide/alpha.md", "---\nsidebar_position: 2\nsidebar_label: A\n---\n# Alpha page\n")
        .file(
            "content/guide/beta.md",
            "---\nsidebar_position: 1\nhide_table_of_contents: true\n---\n# Beta page\n\n## One\n",
        )
        .file("content/guide/gamma.md", "+++\nlinkTitle = \"G\"\n[sidebar]\norder = 0\n+++\n# Gamma page\n")
        .file("content/guide/delta.md", "# Delta page\n\n## One\n")
        .build()
        .stderr_lacks("warning");
    let listing = built.html("public/guide/index.html").texts(".card-title");
    assert_eq!(
        listing,
        ["Gamma page", "Beta page", "Alpha page", "Delta page"],
        "ordered by sidebar_position / sidebar.order"
    );
    let beta = built.html("public/guide/beta/index.html");
    assert!(beta.select_all(".toc-inline").is_empty(), "hide_table_of_contents hides the table of contents");
    assert_eq!(built.html("public/guide/delta/index.html").select_all(".toc-inline").len(), 1, "as a control");
}

#[test]
fn a_mapped_key_of_the_wrong_type_warns() {
    build_page("---\ntitle: A\nsidebar_position: first\n---\n")
        .stderr_contains("warning: `sidebar_position` has a value versa can't use")
        .stderr_contains("  --> content/x.md:3:1")
        .stderr_contains("`weight` (a whole number)");
}

#[test]
fn tags_may_be_one_comma_separated_string() {
    let yaml = build_page("---\ntitle: A\ntags: a, b\n---\n");
    assert_eq!(yaml.html("public/x/index.html").texts(".tag"), ["a", "b"]);
    let toml = build_page("+++\ntitle = \"A\"\ntags = \"a, b\"\n+++\n");
    assert_eq!(toml.html("public/x/index.html").texts(".tag"), ["a", "b"]);
}

#[test]
fn certain_mistakes_still_fail() {
    fail_page("+++\ntitle = \"A\"\n\nSome body text.\n")
        .stderr_contains("error: the front matter opened on line 1 with `+++` is never closed")
        .stderr_contains("  --> content/x.md:1:1");
    fail_page("---\ntitle: A\ndescription: a: b\n---\n")
        .stderr_contains("error: mapping values are not allowed")
        .stderr_contains("  --> content/x.md:3:15");
    fail_page("+++\ntitle = \"A\"\nweight = = 3\n+++\n")
        .stderr_contains("error: ")
        .stderr_contains("  --> content/x.md:3:");
    fail_page("+++\ntitle = \"A\"\ndate = \"next week\"\n+++\n")
        .stderr_contains("error: `next week` is not a date like 2026-11-20")
        .stderr_contains("  --> content/x.md:3:");
    fail_page("+++\ntitle = \"A\"\nweight = \"x\"\n+++\n")
        .stderr_contains("error: invalid type")
        .stderr_contains("  --> content/x.md:3:10");
    fail_page("---\ntitle: A\ntags: 3\n---\n")
        .stderr_contains("invalid type: integer `3`, expected a list of strings, or one string")
        .stderr_contains("  --> content/x.md:3:7");
    Site::new()
        .file("content/x.md", b"# Title\n\nBad \xff byte.\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("not valid UTF-8")
        .stderr_contains("  --> content/x.md:3:");
}

#[test]
fn mdx_files_are_pages_and_sections() {
    let site = crate::support::Site::new()
        .file("content/guide/_index.mdx", "---\ntitle: Guide\n---\nRead [setup](setup) then [tabs](tabs.mdx).\n")
        .file("content/guide/setup.md", "# Setup\n\nSet it up.\n")
        .file("content/guide/tabs.mdx", "import Tabs from '@theme/Tabs';\n\n# Tabs\n\nTabbed text.\n")
        .file("content/guide/deep/index.mdx", "# Deep\n\nDeep text.\n");
    let out = site.build().success().stderr_contains("content/guide/tabs.mdx:1:1");
    let guide = out.html("public/guide/index.html");
    let hrefs: Vec<&str> = guide.select_all("[data-body] a").iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(hrefs, ["/guide/setup/", "/guide/tabs/"]);
    assert!(out.read("public/guide/tabs/index.html").contains("Tabbed text."));
    assert!(out.read("public/guide/deep/index.html").contains("Deep text."), "index.mdx owns its folder");
    assert!(!out.exists("public/guide/tabs.mdx") && !out.exists("public/guide/_index.mdx"));
}

#[test]
fn an_md_and_an_mdx_file_of_one_url_are_an_error_naming_both() {
    let site = crate::support::Site::new()
        .page("content/a.md", "A", "One.\n")
        .file("content/a.mdx", "# A\n\nTwo.\n")
        .file("content/s/_index.md", "# S\n")
        .file("content/s/_index.mdx", "# S again\n");
    site.run(&["build"])
        .failure(1)
        .stderr_contains("`content/a.md` and `content/a.mdx` both map to the URL /a/")
        .stderr_contains("`content/s/_index.md` and `content/s/_index.mdx` both map to the URL /s/");
}
