//! Markdown rendering: headings and the table of contents, GFM extensions, highlighting.

use crate::support::{text, Html, Site};

fn render(body: &str) -> Html {
    Site::new().page("content/x.md", "X", body).build().html("public/x/index.html")
}

#[test]
fn headings_get_unique_ids_and_anchor_links() {
    let html = render("## Setup\n\ntext\n\n## Setup\n\n### Async & await\n\n## Custom {#mine}\n");
    let ids = html.attrs(".prose h2, .prose h3", "id");
    // GitHub's rule: `&` goes, both spaces stay (`async--await`).
    assert_eq!(ids, ["setup", "setup-1", "async--await", "mine"]);
    for id in &ids {
        let anchor = html.one(&format!(".prose #{id} a.heading-anchor"));
        assert_eq!(anchor.value().attr("href"), Some(format!("#{id}").as_str()));
    }
}

#[test]
fn explicit_heading_ids_are_kept_as_written() {
    let html = render("## Setup\n\n## Setup\n\n## Other {#setup-1}\n\n[other](#setup-1)\n");
    assert_eq!(html.attrs(".prose h2", "id")[2], "setup-1", "the explicit id `setup-1` was renamed");
    let ids = html.attrs(".prose h2", "id");
    assert!(ids[0] != ids[1] && ids[1] != ids[2] && ids[0] != ids[2], "ids are not unique: {ids:?}");
}

#[test]
fn table_of_contents_is_nested() {
    let html = render("## First\n\n### Inner one\n\n### Inner two\n\n## Second\n\n#### Too deep\n");
    let toc = ".toc-side .toc-list";
    assert_eq!(html.texts(&format!("{toc} > li > a")), ["First", "Second"]);
    assert_eq!(html.texts(&format!("{toc} > li > ol > li > a")), ["Inner one", "Inner two"]);
    assert_eq!(html.attrs(&format!("{toc} > li > ol > li > a"), "href"), ["#inner-one", "#inner-two"]);
    assert!(!html.texts(&format!("{toc} a")).contains(&"Too deep".to_string()));
}

#[test]
fn toc_can_be_turned_off() {
    let out = Site::new().file("content/x.md", "+++\ntitle = \"X\"\ntoc = false\n+++\n## A\n\n## B\n").build();
    assert!(out.html("public/x/index.html").select_all(".toc-list").is_empty());
}

#[test]
fn markdown_options_in_site_toml_apply() {
    let options = "\n[markdown]\nheading_anchors = false\ntoc_depth = 2\nexternal_links_new_tab = true\nsmart_punctuation = true\n";
    let out = Site::new()
        .file("site.toml", format!("{}{options}", crate::support::SITE_TOML))
        .page("content/x.md", "X", "## Top\n\n### Below\n\n\"Quoted\" -- [ext](https://example.net/) [int](/x/)\n")
        .build();
    let html = out.html("public/x/index.html");
    assert!(html.select_all(".prose .heading-anchor").is_empty(), "heading_anchors = false is ignored");
    assert_eq!(html.texts(".toc-side .toc-list a"), ["Top"]);
    assert_eq!(html.attrs(".prose a[target=_blank]", "href"), ["https://example.net/"]);
    assert!(html.attrs(".prose a[target=_blank]", "rel")[0].contains("noopener"));
    assert!(html.texts(".prose p")[0].starts_with("\u{201c}Quoted\u{201d} \u{2013}"), "{:?}", html.texts(".prose p"));
}

#[test]
fn tables_footnotes_strikethrough_and_task_lists_render() {
    let html = render(
        "| Name | Value |\n|------|------:|\n| a | 1 |\n\nSee this.[^1]\n\n[^1]: The note.\n\n~~gone~~\n\n- [x] done\n- [ ] todo\n",
    );
    assert_eq!(html.texts(".prose table th"), ["Name", "Value"]);
    assert_eq!(html.texts(".prose table td"), ["a", "1"]);
    assert_eq!(html.select_all(".prose sup a[href]").len(), 1, "footnote reference");
    assert!(html.texts(".prose [data-footnotes] li").iter().any(|t| t.contains("The note.")));
    assert_eq!(html.texts(".prose del"), ["gone"]);
    assert_eq!(html.select_all(".prose li input[type=checkbox][checked]").len(), 1);
    assert_eq!(html.select_all(".prose li input[type=checkbox]").len(), 2);
}

#[test]
fn links_to_markdown_files_become_page_urls() {
    let out = Site::new()
        .page("content/guide/a.md", "A", "[b](b.md) [c](../c.md#part) [ext](https://example.net/x)\n")
        .page("content/guide/b.md", "B", "")
        .page("content/c.md", "C", "## Part\n")
        .build();
    let hrefs = out.html("public/guide/a/index.html").attrs(".prose a", "href");
    assert_eq!(hrefs, ["/guide/b/", "/c/#part", "https://example.net/x"]);
}

#[test]
fn raw_html_and_special_characters_in_titles_are_escaped() {
    let out = Site::new().page("content/x.md", "1 < 2 & \\\"quotes\\\"", "").build();
    let html = out.html("public/x/index.html");
    assert_eq!(html.texts("h1"), ["1 < 2 & \"quotes\""]);
    assert_eq!(html.attrs("meta[property='og:title']", "content"), ["1 < 2 & \"quotes\" · Test Site"]);
}

/// Each language, a snippet, and a token the grammar must recognise as more than plain text.
const LANGUAGES: &[(&str, &str, &[&str])] = &[
    ("python", "def handler(x):\n    return await fetch(x)\n", &["def", "return"]),
    ("rust", "async fn get() -> u32 {\n    load().await\n}\n", &["async", "fn", "await"]),
    ("javascript", "const f = async () => await load();\n", &["const", "async", "await"]),
    ("typescript", "interface User { id: number }\nconst u: User = { id: 1 };\n", &["interface", "const"]),
    ("toml", "[server]\nport = 8000\n", &["8000"]),
    ("yaml", "server:\n  port: 8000\n", &["server", "8000"]),
    ("json", "{\"port\": 8000, \"debug\": true}\n", &["8000", "true"]),
    ("bash", "if [ -f app.py ]; then\n  echo ok\nfi\n", &["if", "then", "fi"]),
    ("sql", "SELECT id FROM users WHERE id = 1;\n", &["SELECT", "FROM", "WHERE"]),
    ("html", "<div class=\"box\">hi</div>\n", &["div", "class"]),
    ("css", ".box { color: red; }\n", &["color"]),
    ("go", "func main() {\n\treturn\n}\n", &["func", "return"]),
    ("java", "public class App {\n  private int x = 1;\n}\n", &["public", "class", "private"]),
];

/// Scopes that mean a token was recognised (not just the language's base scope).
const TOKEN_SCOPES: &[&str] = &["hl-keyword", "hl-storage", "hl-entity", "hl-support", "hl-constant", "hl-string"];

#[test]
fn every_listed_language_is_highlighted_with_classes() {
    let body: String = LANGUAGES.iter().map(|(lang, code, _)| format!("```{lang}\n{code}```\n\n")).collect();
    let html = render(&body);
    assert!(html.select_all(".prose pre [style]").is_empty(), "highlighting must use classes, not inline styles");
    let mut failures = Vec::new();
    for (lang, _, tokens) in LANGUAGES {
        let spans = html.select_all(&format!(".prose figure[data-lang={lang}] pre span[class]"));
        for token in *tokens {
            let recognised = spans.iter().any(|span| {
                text(*span) == *token
                    && span.value().attr("class").is_some_and(|c| TOKEN_SCOPES.iter().any(|s| c.contains(s)))
            });
            if !recognised {
                failures.push(format!("{lang}: `{token}`"));
            }
        }
    }
    assert!(failures.is_empty(), "tokens not highlighted as keywords, names or literals: {failures:?}");
}

#[test]
fn highlight_stylesheet_has_light_and_dark_rules() {
    let out = Site::new().page("content/x.md", "X", "```python\npass\n```\n").build();
    let href = out.html("public/x/index.html").attrs("link[rel=stylesheet]", "href").concat();
    assert!(href.contains("/assets/highlight.css"), "{href}");
    let css = out.read("public/assets/highlight.css");
    assert!(css.contains(".hl-keyword"), "no .hl-keyword rule");
    assert!(css.contains("prefers-color-scheme: dark") || css.contains("data-theme"), "no dark theme rules");
}

#[test]
fn unknown_language_is_plain_escaped_code_with_a_located_warning() {
    let out = Site::new()
        .page("content/x.md", "X", "Intro.\n\n```nosuchlang\n<b>bold</b> & more\n```\n")
        .build()
        .stderr_contains("warning: no grammar for `nosuchlang`; shown without colours")
        .stderr_contains("content/x.md:6:");
    let html = out.html("public/x/index.html");
    let code = html.one(".prose pre code");
    assert_eq!(text(code), "<b>bold</b> & more");
    assert!(html.select_all(".prose pre b").is_empty(), "the code was not escaped");
}

#[test]
fn plain_text_fences_give_no_warning() {
    Site::new().page("content/x.md", "X", "```text\nplain\n```\n\n```\nnone\n```\n").build().stderr_lacks("warning");
}
