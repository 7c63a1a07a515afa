//! Heading ids follow GitHub's rule, so anchors written against GitHub's rendering keep working;
//! and the element holding exactly a page's rendered markdown carries `data-body`.

use crate::support::{html_files, text, Html, Site};

fn render(body: &str) -> Html {
    Site::new().page("content/x.md", "X", body).build().html("public/x/index.html")
}

fn ids(html: &Html) -> Vec<String> {
    html.attrs("[data-body] :is(h2, h3)", "id")
}

#[test]
fn ids_are_githubs() {
    let html = render("## Node.js\n\n## C++ vs Rust\n\n## What's new?\n\n## A  B\n\n## snake_case - dash\n\n## `code` and *emphasis*\n");
    assert_eq!(ids(&html), ["nodejs", "c-vs-rust", "whats-new", "a--b", "snake_case---dash", "code-and-emphasis"]);
}

#[test]
fn ids_keep_letters_of_every_script() {
    let html = render("## Über\n\n## Ça va\n\n## 日本語の見出し\n\n## Ελληνικά 2\n");
    assert_eq!(ids(&html), ["über", "ça-va", "日本語の見出し", "ελληνικά-2"]);
}

#[test]
fn repeated_headings_are_numbered_in_order() {
    let html = render("## Setup\n\n## Setup\n\n### Setup\n\n## Setup-1\n");
    // The fourth heading's own slug is taken by the second, so it steps on as well.
    assert_eq!(ids(&html), ["setup", "setup-1", "setup-2", "setup-1-1"]);
}

#[test]
fn explicit_ids_win_and_generated_ids_step_around_every_id_on_the_page() {
    let body = "## Install\n\n## Setup {#install}\n\n## Main\n\n## Fn note\n\n## Fnref note\n\n## Note\n\n\
                See the note.[^note]\n\n[^note]: A footnote.\n";
    let html = render(body);
    // An explicit id further down still wins; `main` is the theme's, `fn-note` and
    // `fnref-note` the footnote's; a footnote no longer takes its label as an id.
    assert_eq!(ids(&html), ["install-1", "install", "main-1", "fn-note-1", "fnref-note-1", "note"]);
    assert_eq!(html.select_all("#main").len(), 1);
    assert_eq!(html.select_all("[id=\"fn-note\"]").len(), 1);
    assert_eq!(html.select_all("[id=\"fnref-note\"]").len(), 1);
}

#[test]
fn toc_and_anchor_links_match_the_ids() {
    let site = Site::new().page(
        "content/x.md",
        "X",
        "## Node.js\n\n### C++ vs Rust\n\n## Über\n\nSee [Node](#nodejs), [C++](#c-vs-rust) and [Ü](#über).\n",
    );
    let out = site.build();
    let html = out.html("public/x/index.html");
    let ids = ids(&html);
    let hrefs: Vec<String> = ids.iter().map(|id| format!("#{id}")).collect();
    assert_eq!(html.attrs(".toc-side .toc-list a", "href"), hrefs);
    assert_eq!(html.attrs(".toc-inline .toc-list a", "href"), hrefs);
    assert_eq!(html.attrs("[data-body] a.heading-anchor", "href"), hrefs);
    site.run(&["check"]).success().stderr_lacks("warning").stderr_lacks("error");
}

#[test]
fn the_body_of_every_page_is_one_data_body_element_with_only_the_markdown() {
    let site = Site::new()
        .page("content/_index.md", "Home", "Home body text.\n\n## Home heading\n")
        .page("content/guide/_index.md", "Guide", "Guide body text.\n")
        .page("content/guide/one.md", "One", "One body text.\n\n## One heading\n\n- a list item\n")
        .page("content/two.md", "Two", "Two body text.\n");
    let out = site.build();
    let pages: Vec<_> =
        html_files(&site.path("public")).into_iter().filter(|(path, _)| path.to_str() != Some("404.html")).collect();
    let expected = [
        ("index.html", "Home body text."),
        ("guide/index.html", "Guide body text."),
        ("guide/one/index.html", "One body text."),
        ("two/index.html", "Two body text."),
    ];
    assert_eq!(pages.len(), expected.len(), "built pages: {:?}", pages.iter().map(|(p, _)| p).collect::<Vec<_>>());
    for (path, words) in expected {
        let html = out.html(&format!("public/{path}"));
        let body = html.one("[data-body]");
        let body_text = text(body);
        assert!(body_text.starts_with(words), "{path}: the body is {body_text:?}");
        let inner = body.inner_html();
        for chrome in ["<nav", "<header", "<footer", "toc-", "breadcrumb", "article-title"] {
            assert!(!inner.contains(chrome), "{path}: the body holds {chrome:?}:\n{inner}");
        }
        for other in expected.iter().map(|(_, w)| *w).filter(|w| *w != words) {
            assert!(!body_text.contains(other), "{path}: the body holds another page's text {other:?}");
        }
    }
}
