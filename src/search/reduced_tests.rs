use super::*;

fn entry() -> Entry {
    Entry {
        output: "a/index.html".into(),
        url: "/a/".into(),
        title: "A & B".into(),
        section: Some("Guides".into()),
        contenders: vec!["FastAPI".into()],
    }
}

const FACTS: &str = "<span data-pagefind-meta=\"title:A &amp; B\"></span>\
    <span data-pagefind-meta=\"section:Guides\"></span><span data-pagefind-filter=\"section:Guides\"></span>\
    <span data-pagefind-filter=\"contender:FastAPI\"></span>";

#[test]
fn facts_are_meta_and_filters() {
    assert_eq!(facts(&entry()), FACTS);
    assert_eq!(
        with_facts_at_the_end("<html><body><p>x</p></body></html>", FACTS),
        format!("<html><body><p>x</p>{FACTS}</body></html>")
    );
}

#[test]
fn plain_spans_are_left_out_and_the_others_kept() {
    let mut out = String::new();
    push_without_plain_spans(
        &mut out,
        "<code><span class=\"line\"><SPAN class='hl-k'>fn</SPAN> <span id=\"x\">main</span>\
         <span data-pagefind-weight=\"2\"><span>a</span></span><span class=\"a\"/>b</span></span></code>",
    );
    assert_eq!(out, "<code>fn <span id=\"x\">main</span><span data-pagefind-weight=\"2\">a</span>b</code>");
}

#[test]
fn the_document_is_the_body_with_its_attributes_and_the_facts() {
    let html = "<!doctype html><html lang=\"fr\" class=\"x\"><head><title>A &amp; B · Site</title>\
        <script>let a = \"<div>\";</script></head><body><nav><div>menu</div></nav><main>\
        <div class=\"prose\" title=\"a>b\" data-body data-pagefind-body data-pagefind-weight=\"3\">\
        <div><!-- </div> --><p>x <span class=\"hl\">y</span></p><script>b = \"<div>\";</script>\
        <textarea></div></textarea></div></div><footer><div>f</div></footer></main></body></html>";
    assert_eq!(
        document(html, &entry()),
        format!(
            "<html lang=\"fr\" class=\"x\"><head><title>A &amp; B · Site</title></head><body>\
             <div class=\"prose\" title=\"a>b\" data-body data-pagefind-body data-pagefind-weight=\"3\">\
             <div><!-- </div> --><p>x y</p><script>b = \"<div>\";</script><textarea></div></textarea></div>\
             </div>{FACTS}</body></html>"
        )
    );
}

#[test]
fn every_body_of_a_page_is_kept() {
    let html = "<html><body><p data-pagefind-body>one</p><nav>x</nav><DIV data-pagefind-body>\
        <div>two</div></DIV></body></html>";
    assert_eq!(
        document(html, &entry()),
        format!("<html><head></head><body><p data-pagefind-body>one</p><DIV data-pagefind-body><div>two</div></DIV>{FACTS}</body></html>")
    );
}

#[test]
fn pages_with_pagefind_attributes_elsewhere_are_given_whole() {
    for html in [
        // A template's own filter, outside the body.
        "<html><body><span data-pagefind-filter=\"kind:x\"></span><div data-pagefind-body>b</div></body></html>",
        // No body marked: Pagefind reads all of `<body>`.
        "<html><body><p>all</p></body></html>",
        // A body that never ends.
        "<html><body><div data-pagefind-body><p>b</p></body></html>",
    ] {
        assert_eq!(document(html, &entry()), with_facts_at_the_end(html, FACTS), "{html}");
    }
}

#[test]
fn attributes_are_read_as_html_writes_them() {
    let found: Vec<(&str, &str)> = attributes(" a=\"1 2\" b='x' c=3 d e = \"5\" /").collect();
    assert_eq!(found, [("a", "1 2"), ("b", "x"), ("c", "3"), ("d", ""), ("e", "5")]);
}
