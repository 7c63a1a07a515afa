//! Bad input: every error is located (file:line:col), all of them are reported, the exit code
//! is 1 (2 for usage errors), and nothing makes versa panic.

use crate::support::{page, Outcome, Site, SITE_TOML};

/// Build a site whose only page is `content/x.md` with `text`; the build must fail with exit 1.
fn build_page(text: &str) -> Outcome {
    Site::new().file("content/x.md", text).run(&["build"]).failure(1)
}

fn build_config(toml: &str) -> Outcome {
    Site::empty().file("site.toml", toml).page("content/a.md", "A", "").run(&["build"]).failure(1)
}

#[test]
fn toml_syntax_error_is_located_on_the_page_line() {
    build_page("+++\ntitle = \"A\"\ndescription = \"d\"\nweight = = 3\n+++\nbody\n")
        .stderr_contains("error: ")
        .stderr_contains("  --> content/x.md:4:")
        .stderr_contains("4 | weight = = 3");
}

#[test]
fn toml_type_error_is_located_on_the_key() {
    build_page("+++\ntitle = \"A\"\nweight = \"heavy\"\n+++\n").stderr_contains("content/x.md:3:10");
}

#[test]
fn yaml_syntax_error_is_located_on_the_page_line() {
    build_page("---\ntitle: A\ndescription: a: b\n---\nbody\n")
        .stderr_contains("mapping values are not allowed")
        .stderr_contains("content/x.md:3:15");
}

#[test]
fn bad_date_is_an_error_at_its_line() {
    build_page("+++\ntitle = \"A\"\ndate = \"next week\"\n+++\n").stderr_contains("content/x.md:3:");
}

#[test]
fn unknown_site_toml_key_names_line_and_closest_key() {
    let toml = "title = \"T\"\nbase_url = \"https://e.org/\"\ndescripton = \"x\"\n";
    build_config(toml)
        .stderr_contains("unknown key `descripton`")
        .stderr_contains("  --> site.toml:3:1")
        .stderr_contains("did you mean `description`?");
    build_config(&format!("{SITE_TOML}hompage = \"https://b.example\"\n"))
        .stderr_contains("unknown key `hompage`")
        .stderr_contains("site.toml:12:1")
        .stderr_contains("did you mean `homepage`?");
    build_config(&format!("{SITE_TOML}\n[markdown]\ntoc_dept = 2\n"))
        .stderr_contains("site.toml:14:1")
        .stderr_contains("did you mean `toc_depth`?");
}

#[test]
fn site_toml_syntax_and_value_errors_are_located() {
    build_config("title = \"T\"\nbase_url = \n").stderr_contains("site.toml:2:");
    build_config("title = \"T\"\nbase_url = \"example.org\"\n")
        .stderr_contains("site.toml:2:1")
        .stderr_contains("base_url");
    build_config("title = \"T\"\nbase_url = \"https://e.org/\"\n[highlight]\nlight_theme = \"Nope\"\n")
        .stderr_contains("site.toml:4:1")
        .stderr_contains("unknown highlight theme `Nope`");
    build_config("base_url = \"https://e.org/\"\n").stderr_contains("missing required key `title`");
}

#[test]
fn invalid_utf8_is_located_at_the_bad_byte() {
    let mut bytes = page("A", "hello ").into_bytes();
    bytes.extend([0xff, 0xfe, b'\n']);
    Site::new()
        .file("content/x.md", bytes)
        .run(&["build"])
        .failure(1)
        .stderr_contains("not valid UTF-8")
        .stderr_contains("content/x.md:4:7");
}

#[test]
fn front_matter_that_never_closes_is_an_error() {
    build_page("+++\ntitle = \"A\"\n\nSome body text.\n")
        .stderr_contains("never closed")
        .stderr_contains("content/x.md:1:1");
    build_page("---\ntitle: A\n").stderr_contains("never closed");
}

#[test]
fn two_files_with_one_url_are_an_error() {
    Site::new()
        .page("content/a.md", "A", "")
        .page("content/a/index.md", "A again", "")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/a.md")
        .stderr_contains("content/a/index.md")
        .stderr_contains("/a/");
}

#[test]
fn slug_collisions_are_an_error() {
    Site::new()
        .file("content/x.md", "+++\ntitle = \"X\"\nslug = \"same\"\n+++\n")
        .file("content/y.md", "+++\ntitle = \"Y\"\nslug = \"same\"\n+++\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/x.md")
        .stderr_contains("content/y.md")
        .stderr_contains("/same/");
}

#[test]
fn a_section_and_a_page_with_one_url_are_an_error() {
    Site::new()
        .page("content/a.md", "Page A", "")
        .page("content/a/_index.md", "Section A", "")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/a.md")
        .stderr_contains("content/a/_index.md");
}

#[test]
fn a_page_and_a_static_file_with_one_path_are_an_error() {
    Site::new()
        .page("content/a.md", "A", "")
        .file("static/a/index.html", "<p>static</p>")
        .run(&["build"])
        .failure(1)
        .stderr_contains("static/a/index.html")
        .stderr_contains("content/a.md");
}

#[test]
fn unknown_template_name_is_an_error_at_the_key() {
    build_page("+++\ntitle = \"A\"\ntemplate = \"pgae.html\"\n+++\n")
        .stderr_contains("there is no template `pgae.html`")
        .stderr_contains("content/x.md:3:1")
        .stderr_contains("did you mean `page.html`?");
}

#[test]
fn template_syntax_error_names_the_template_file_and_line() {
    Site::new()
        .file("templates/page.html", "<html>\n<body>\n{% if %}\n</body>\n</html>\n")
        .page("content/a.md", "A", "")
        .run(&["build"])
        .failure(1)
        .stderr_contains("templates/page.html:3:");
}

#[test]
fn template_render_error_names_the_template_file_and_line() {
    Site::new()
        .file("templates/page.html", "<html>\n<h1>{{ page.titel }}</h1>\n</html>\n")
        .page("content/a.md", "A", "")
        .run(&["build"])
        .failure(1)
        .stderr_contains("page.titel")
        .stderr_contains("templates/page.html:2:");
}

/// A site whose templates are these; the build must fail with exit 1.
fn build_templates(templates: &[(&str, &str)]) -> Outcome {
    let mut site = Site::new().page("content/a.md", "A", "");
    for (path, text) in templates {
        site = site.file(&format!("templates/{path}"), text);
    }
    site.run(&["build"]).failure(1)
}

#[test]
fn an_unknown_variable_is_located_at_its_expression_not_at_text_that_mentions_it() {
    let page = "<html>\n<p>page.titel</p>\n{{ \"page.titel\" }}\n<h1>{{ page.titel }}</h1>\n</html>\n";
    build_templates(&[("page.html", page)])
        .stderr_contains("  --> templates/page.html:4:8\n")
        .stderr_contains("4 | <h1>{{ page.titel }}</h1>\n  |        ^^^^^^^^^^\n");
}

#[test]
fn an_unknown_variable_in_a_parents_body_is_located_in_the_parent() {
    build_templates(&[
        ("page.html", "{% extends \"base.html\" %}\n{% block b %}{% endblock %}\n"),
        ("base.html", "<html>\n{% block b %}{% endblock %}\n<p>{{ oops }}</p>\n</html>\n"),
    ])
    .stderr_contains("Variable `oops` not found")
    .stderr_contains("  --> templates/base.html:3:7\n")
    .stderr_contains("3 | <p>{{ oops }}</p>\n  |       ^^^^\n");
}

#[test]
fn an_unknown_filter_is_located_in_the_template_that_uses_it() {
    build_templates(&[
        ("section.html", "<html>\n<p>shout</p>\n</html>\n"),
        ("page.html", "<html>\n{% include \"card.html\" %}\n</html>\n"),
        ("card.html", "<div>\n  {{ page.title | shout }}\n</div>\n"),
    ])
    .stderr_contains("error: template error: Filter 'shout' not found\n  --> templates/card.html:2:19\n")
    .stderr_contains("2 |   {{ page.title | shout }}\n  |                   ^^^^^\n");
}

#[test]
fn unknown_contender_is_an_error_at_the_compare_line() {
    build_page("+++\ntitle = \"A\"\ndescription = \"d\"\ncompare = [\"a\", \"zed\"]\n+++\n")
        .stderr_contains("unknown contender `zed`")
        .stderr_contains("content/x.md:4:1");
}

/// A page that shows the criteria file `c.toml`.
fn build_criteria_toml(toml: &str) -> Outcome {
    let page = "+++\ntitle = \"A\"\ncompare = [\"a\", \"b\"]\n+++\n::: criteria file=\"c.toml\"\n:::\n";
    Site::new().file("content/x.md", page).file("content/c.toml", toml).run(&["build"]).failure(1)
}

#[test]
fn criteria_toml_errors_point_at_the_column_cell_or_syntax_in_the_file() {
    build_criteria_toml(
        "columns = [\"Alpha\",\n  \"Zed\"]\n\n[[rows]]\ncriterion = \"Speed\"\nvalues = [\"a\", \"b\"]\n",
    )
    .stderr_contains("unknown contender `Zed` in the criteria header\n  --> content/c.toml:2:3\n")
    .stderr_contains("2 |   \"Zed\"]\n  |   ^^^^^\n");
    build_criteria_toml(
        "columns = [\"Alpha\", \"Beta\"]\n\n[[rows]]\ncriterion = \"Speed\"\nvalues = [\"fast\", \"\"]\n",
    )
    .stderr_contains("the row `Speed` has no value for `Beta`\n  --> content/c.toml:5:19\n")
    .stderr_contains("5 | values = [\"fast\", \"\"]\n  |                   ^^\n");
    build_criteria_toml("columns = [\"Alpha\", \"Beta\"]\n\n[[rows]]\ncriterion = \"Speed\"\nvalues = [\"fast\"]\n")
        .stderr_contains("the row `Speed` has no value for `Beta`\n  --> content/c.toml:5:10\n");
    build_criteria_toml("columns = [\"Alpha\", \"Beta\"\n[[rows]]\n").stderr_contains("  --> content/c.toml:2:1\n");
}

#[test]
fn every_error_of_a_build_is_reported() {
    Site::new()
        .file("content/one.md", "+++\ntitle = \"One\"\nweight = \"1\"\n+++\n")
        .file("content/two.md", "+++\ntitle = \"Two\"\n")
        .file("content/deep/three.md", "---\ntitle: Three\ndescription: a: b\n---\n")
        .file("content/four.md", "+++\ntitle = \"Four\"\ntemplate = \"nope.html\"\n+++\n")
        .page("content/fine.md", "Fine", "")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/one.md:3:10")
        .stderr_contains("content/two.md:1:1")
        .stderr_contains("content/deep/three.md:3:15")
        .stderr_contains("content/four.md:3:1")
        .stderr_contains("4 errors");
}

#[test]
fn content_and_template_errors_are_reported_together() {
    Site::new()
        .file("content/a.md", "+++\ntitle = \"A\"\nweight = \"1\"\n+++\n")
        .file("templates/section.html", "{% for %}\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/a.md:3:10")
        .stderr_contains("templates/section.html:1:");
}

#[test]
fn markdown_errors_in_several_pages_are_all_reported() {
    Site::new()
        .page("content/a.md", "A", "::: nope\n:::\n")
        .page("content/b.md", "B", "text\n\n```python file=\"missing.py\"\n```\n")
        .page("content/c.md", "C", "```python hl=\"7\"\nx\n```\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/a.md:4:5")
        .stderr_contains("content/b.md:6:")
        .stderr_contains("content/c.md:4:");
}

#[test]
fn errors_show_a_code_frame_with_a_caret() {
    let out = build_page("+++\ntitle = \"A\"\nweight = \"1\"\n+++\n");
    assert!(out.stderr.contains("3 | weight = \"1\"\n  |          ^^^"), "{}", out.stderr);
}

#[test]
fn usage_errors_exit_with_2() {
    Site::empty().run(&["build"]).failure(2).stderr_contains("site.toml");
    Site::new().run(&["build", "--no-such-flag"]).failure(2);
    Site::new().run(&["build", "--base-url", "example.org/sub"]).failure(2).stderr_contains("--base-url");
}

#[test]
fn no_input_makes_versa_panic() {
    let deep_list: String = "- ".repeat(10_000) + "x\n";
    let deep_quote: String = ">".repeat(10_000) + " x\n";
    let nested_containers: String = (0..300).map(|i| format!("{} note\n", ":".repeat(303 - i))).collect::<String>()
        + "x\n"
        + &(0..300).map(|i| format!("{}\n", ":".repeat(4 + i))).collect::<String>();
    let bodies = [
        deep_list,
        deep_quote,
        "[".repeat(10_000),
        "*".repeat(10_000),
        ":".repeat(10_000),
        format!("{}\n", ":".repeat(10_000)),
        format!("::: note {}\nx\n:::\n", ":".repeat(10_000)),
        nested_containers,
        "```python hl=\"99999999999999999999999\"\nx\n```\n".into(),
        "```python hl=\"0-18446744073709551615\" lines=\"1-2\"\nx\n```\n".into(),
        "```python file=\"../../../../etc/passwd\"\n```\n".into(),
        "```python file=\"\"\n```\n".into(),
        "```python title=\"unclosed\n```\n".into(),
        "::: compare\n:::\n".into(),
        "::: criteria\n:::\n".into(),
        "::: criteria\n| |\n|-|\n:::\n".into(),
        "::: faq\n### \n:::\n".into(),
        "#".repeat(10_000),
        "## é\u{301}\u{200b}\n\n## \u{0}\n".into(),
    ];
    for body in bodies {
        Site::new().page("content/x.md", "X", &body).run(&["build"]).no_panic();
    }
    let binary: Vec<u8> = (0..=255u8).rev().cycle().take(4096).collect();
    let after_front_matter = [page("X", "").into_bytes(), binary.clone()].concat();
    for file in [
        binary,
        after_front_matter,
        b"+++".to_vec(),
        b"+++\n".to_vec(),
        b"---\n---\n".to_vec(),
        b"+++\n+++".to_vec(),
        vec![0xEF, 0xBB, 0xBF],
    ] {
        Site::new().file("content/x.md", file).run(&["build"]).no_panic();
    }
}
