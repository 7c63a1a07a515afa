//! Links between pages: extensionless sibling links, broken links warned by `build` and failed
//! by `check`, links to drafts, and raw HTML `<a href>` / `<img src>`.

use crate::support::Site;

/// `content/x.md` with `body` on line 4, beside `other.md` (with a `## Usage` heading), a draft `draft.md`.
fn site(body: &str) -> Site {
    Site::new()
        .page("content/other.md", "Other", "## Usage\n")
        .file("content/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\n")
        .page("content/x.md", "X", body)
}

#[test]
fn a_sibling_link_without_md_reaches_the_page() {
    let built = site("[a](other) [b](other#usage)\n").build().stderr_lacks("warning");
    let html = built.html("public/x/index.html");
    assert_eq!(html.attrs(".prose a", "href"), ["/other/", "/other/#usage"]);
}

#[test]
fn a_folder_of_that_name_wins_over_the_md_file() {
    let built = Site::new()
        .page("content/guide.md", "Guide page", "")
        .page("content/guide/one.md", "One", "")
        .page("content/x.md", "X", "[g](guide)\n")
        .build();
    assert_eq!(built.html("public/x/index.html").attrs(".prose a", "href"), ["guide"]);
}

#[test]
fn build_warns_at_a_broken_link_and_goes_on() {
    let built = site("See [the numbers](benchmarks.md).\n").build().stderr_contains(
        "warning: broken link: `benchmarks.md` does not exist\n  --> content/x.md:4:19\n  |\n3 | +++\n4 | See [the numbers](benchmarks.md).\n  |                   ^^^^^^^^^^^^^\n",
    );
    assert_eq!(built.html("public/x/index.html").attrs(".prose a", "href"), ["benchmarks.md"]);
}

#[test]
fn build_warns_at_a_broken_anchor() {
    site("[a](other#nope)\n").build().stderr_contains(
        "warning: broken anchor: `#nope` is not a heading on `other/index.html`\n  --> content/x.md:4:5\n",
    );
}

#[test]
fn a_strict_build_fails_on_a_broken_link() {
    site("[a](nope.md)\n").run(&["build", "--strict"]).failure(1).stderr_contains("content/x.md:4:5");
}

#[test]
fn check_fails_at_a_broken_link() {
    site("See [the numbers](benchmarks.md).\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("error: broken link: `benchmarks.md` does not exist\n  --> content/x.md:4:19\n");
}

#[test]
fn a_link_to_a_draft_says_it_is_a_draft() {
    let message = "`draft.md` is a draft: it is left out of the site; build with --drafts to include it";
    site("[d](draft.md) [e](draft)\n")
        .build()
        .stderr_contains(&format!("warning: {message}\n  --> content/x.md:4:5\n"))
        .stderr_contains(&format!("warning: {message}\n  --> content/x.md:4:19\n"))
        .stderr_lacks("does not exist");
    site("[d](draft.md)\n").run(&["check"]).failure(1).stderr_contains(&format!(
        "error: {message}\n  --> content/x.md:4:5\n  |\n3 | +++\n4 | [d](draft.md)\n  |     ^^^^^^^^\n"
    ));
    site("[d](draft.md)\n").run(&["check", "--drafts"]).success();
}

#[test]
fn raw_html_links_get_the_base_path_and_md_rewritten() {
    let built = site(
        "<a href=\"/other/\">a</a> <a class=x href='other.md#usage'>b</a> <img alt=i src=/pic.png>\n\n<p><a href=other>c</a></p>\n",
    )
    .file("static/pic.png", "png")
    .run(&["build", "--base-url", "https://x.org/docs/"])
    .success()
    .stderr_lacks("warning");
    let html = built.html("public/x/index.html");
    assert_eq!(html.attrs(".prose a", "href"), ["/docs/other/", "/docs/other/#usage", "/docs/other/"]);
    assert_eq!(html.attrs(".prose img", "src"), ["/docs/pic.png"]);
}

#[test]
fn what_is_written_back_into_raw_html_is_escaped() {
    let built = site("<a href=\"other.md?a=1&amp;b=&quot;2&quot;\">a</a>\n").build();
    let html = built.read("public/x/index.html");
    assert!(html.contains(r#"<a href="/other/?a=1&amp;b=&quot;2&quot;">a</a>"#), "{html}");
}

#[test]
fn broken_raw_html_links_are_located_at_the_attribute() {
    site("Text <a href='nope.md'>n</a> and <img src=\"/missing.png\">\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("error: broken link: `nope.md` does not exist\n  --> content/x.md:4:15\n")
        .stderr_contains(
            "error: broken link: nothing is published at `/missing.png`\n  --> content/x.md:4:44\n  |\n3 | +++\n4 | Text <a href='nope.md'>n</a> and <img src=\"/missing.png\">\n  |                                            ^^^^^^^^^^^^\n",
        );
}

#[test]
fn raw_html_in_comments_and_code_is_left_alone() {
    site("<!-- <a href=\"nope.md\"> -->\n\n`<a href=\"nope.md\">`\n\n```html\n<a href=\"nope.md\">\n```\n")
        .run(&["check"])
        .success();
}
