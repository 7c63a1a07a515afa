//! Golden files for what users read: the whole message of each error class (exit code and
//! stderr of a failing `versa build` or `check`) and three whole pages of the bundled example.
//! The snapshots live in `tests/it/snapshots/`; after a deliberate change, rewrite them with
//! `INSTA_UPDATE=always cargo test golden` and review the diff like code.

use std::path::Path;

use crate::support::{page, Outcome, Site, SITE_TOML};

/// The exit code and stderr of a run, with the site's temporary folder written `[SITE]` so the
/// snapshot is the same on every machine.
fn shown(site: &Site, outcome: &Outcome) -> String {
    let mut text = format!("exit code: {:?}\n{}", outcome.status.code(), outcome.stderr);
    for root in [site.root().to_path_buf(), site.root().canonicalize().expect("the site folder")] {
        text = text.replace(&root.display().to_string(), "[SITE]");
    }
    text
}

/// Run `args` on `site` and compare the whole message with the snapshot `name`.
#[track_caller]
fn golden(name: &str, site: &Site, args: &[&str]) {
    let outcome = site.run(args);
    assert!(!outcome.stderr.contains("panicked"), "versa panicked:\n{}", outcome.stderr);
    insta::assert_snapshot!(name, shown(site, &outcome));
}

fn build_page(name: &str, text: &str) {
    golden(name, &Site::new().file("content/x.md", text), &["build"]);
}

fn build_config(name: &str, toml: impl AsRef<[u8]>) {
    golden(name, &Site::empty().file("site.toml", toml).page("content/a.md", "A", ""), &["build"]);
}

fn build_template(name: &str, templates: &[(&str, &str)]) {
    let mut site = Site::new().page("content/a.md", "A", "Hello.\n");
    for (path, text) in templates {
        site = site.file(&format!("templates/{path}"), text);
    }
    golden(name, &site, &["build"]);
}

/// A page that compares the fixture's two contenders, as compare groups and criteria need.
fn compare_page(body: &str) -> String {
    format!("+++\ntitle = \"Alpha vs Beta\"\ncompare = [\"a\", \"b\"]\n+++\n{body}")
}

const SAMPLE: &str = "import os\n# region handler\ndef handler():\n    return os.getcwd()\n# endregion\n";

#[test]
fn config_errors() {
    build_config("config_unknown_key", "title = \"T\"\nbase_url = \"https://e.org/\"\ndescripton = \"x\"\n");
    build_config("config_bad_base_url", "title = \"T\"\nbase_url = \"example.org\"\n");
    build_config("config_bad_theme", format!("{SITE_TOML}\n[highlight]\nlight_theme = \"Nope\"\n"));
    build_config("config_bad_toml", "title = \"T\"\nbase_url = \n");
    build_config("config_not_utf8", b"title = \"T\xff\"\nbase_url = \"https://e.org/\"\n");
}

#[test]
fn front_matter_errors() {
    // A file without front matter, or front matter without a title, builds: the closest errors
    // left are YAML that never closes and a key of the wrong type.
    build_page("front_matter_yaml_never_closed", "---\ntitle: A\n\n# Just markdown\n");
    build_page("front_matter_never_closed", "+++\ntitle = \"A\"\n\nSome body text.\n");
    build_page("front_matter_bad_date", "+++\ntitle = \"A\"\ndate = \"next week\"\n+++\n");
    build_page("front_matter_wrong_type", "+++\ndescription = \"d\"\nweight = \"x\"\n+++\n");
    build_page("front_matter_bad_slug", "+++\ntitle = \"A\"\nslug = \"a?b\"\n+++\n");
    build_page("front_matter_bad_toml", "+++\ntitle = \"A\"\nweight = = 3\n+++\nbody\n");
}

/// Foreign but harmless front matter: warnings, and the build goes on.
#[test]
fn front_matter_warnings() {
    build_page("front_matter_unknown_key", "+++\ntitle = \"A\"\nweigth = 2\n+++\n");
    build_page("front_matter_foreign_key", "---\ntitle: A\nhide_title: true\nsidebar_position: first\n---\n");
    build_page("front_matter_empty_file", "");
}

#[test]
fn content_errors() {
    let site = Site::new().page("content/a.md", "A", "").page("content/a/index.md", "A again", "");
    golden("content_two_files_one_url", &site, &["build"]);
    golden("content_bad_url_name", &Site::new().page("content/con.md", "Con", ""), &["build"]);
}

#[test]
fn markdown_errors() {
    build_page("markdown_unknown_container", &page("A", "::: nope\n:::\n"));
    build_page("markdown_container_in_block_quote", &page("A", "> ::: note\n> x\n> :::\n"));
    build_page("markdown_compare_one_pane", &compare_page("::: compare\n```python\nx = 1\n```\n:::\n"));
    let five: String = (1..=5).map(|i| format!("```python label=\"P{i}\"\nx = {i}\n```\n")).collect();
    build_page("markdown_compare_five_panes", &compare_page(&format!("::: compare\n{five}:::\n")));
    build_page("markdown_unknown_contender", "+++\ntitle = \"A\"\ncompare = [\"a\", \"zed\"]\n+++\n");
    build_page("markdown_missing_sample", &page("A", "```python file=\"missing.py\"\n```\n"));
    let with_sample = |name: &str, fence: &str| {
        let site = Site::new().file("content/app.py", SAMPLE).page("content/x.md", "A", fence);
        golden(name, &site, &["build"]);
    };
    with_sample("markdown_bad_region", "```python file=\"app.py\" region=\"nope\"\n```\n");
    with_sample("markdown_bad_lines", "```python file=\"app.py\" lines=\"two\"\n```\n");
    build_page("markdown_bad_hl", &page("A", "```python hl=\"7\"\nx = 1\n```\n"));
    let huge = format!("```python\n{}\n```\n", "x = 1 # ".repeat(100));
    build_page("markdown_code_too_large_warning", &page("A", &huge));
}

#[test]
fn criteria_errors() {
    let with_file = |name: &str, file: &str, text: &str| {
        let body = format!("::: criteria file=\"{file}\"\n:::\n");
        let site = Site::new().file("content/x.md", compare_page(&body)).file(&format!("content/{file}"), text);
        golden(name, &site, &["build"]);
    };
    // A flexible CSV reader of valid UTF-8 never fails, so a short row is the CSV error a writer meets.
    with_file("criteria_csv_row_missing_value", "c.csv", "Criterion,Alpha,Beta\nSpeed,fast\n");
    with_file("criteria_bad_toml", "c.toml", "columns = [\"Alpha\", \"Beta\"\n[[rows]]\n");
    let zed = "columns = [\"Alpha\",\n  \"Zed\"]\n\n[[rows]]\ncriterion = \"Speed\"\nvalues = [\"fast\", \"slow\"]\n";
    with_file("criteria_unknown_contender_column", "c.toml", zed);
    let table = "::: criteria\n| Criterion | Alpha | Zed |\n|---|---|---|\n| Speed | fast | slow |\n:::\n";
    build_page("criteria_unknown_contender_in_table", &compare_page(table));
}

#[test]
fn template_errors() {
    build_template("template_syntax_error", &[("page.html", "<html>\n<body>\n{% if %}\n</body>\n</html>\n")]);
    build_page("template_unknown_template", "+++\ntitle = \"A\"\ntemplate = \"pgae.html\"\n+++\n");
    let titel = "<html>\n<title>{{ page.title }}</title>\n<p>page.titel</p>\n<h1>{{ page.titel }}</h1>\n</html>\n";
    build_template("template_unknown_variable", &[("page.html", titel)]);
    build_template(
        "template_unknown_filter",
        &[
            ("section.html", "<html>\n<p>shout</p>\n</html>\n"),
            ("page.html", "<html>\n{% include \"card.html\" %}\n</html>\n"),
            ("card.html", "<div>\n  {{ page.title | shout }}\n</div>\n"),
        ],
    );
    build_template("template_include_recursion", &[("page.html", "<html>\n{% include \"page.html\" %}\n</html>\n")]);
    let tree = "{% macro tree(n) %}\n{% if n > 0 %}\n  {{ self::tree(n=n - 1) }}\n{% endif %}\n{% endmacro %}\n";
    let uses = "{% import \"macros.html\" as m %}<html>\n{{ m::tree(n=2) }}\n</html>\n";
    build_template("template_recursive_macro", &[("macros.html", tree), ("page.html", uses)]);
}

#[test]
fn link_errors() {
    let site = Site::new().page("content/a.md", "A", "[gone](missing.md) and [anchor](b.md#nowhere)\n").page(
        "content/b.md",
        "B",
        "## Somewhere\n",
    );
    golden("check_broken_link_and_anchor", &site, &["check"]);
}

#[cfg(unix)]
#[test]
fn reading_outside_the_site() {
    let outside = tempfile::tempdir().expect("a folder outside the site");
    std::fs::write(outside.path().join("secret.md"), page("Secret", "")).expect("write the outside file");
    let site = Site::new();
    std::fs::create_dir_all(site.path("content")).expect("content/");
    std::os::unix::fs::symlink(outside.path().join("secret.md"), site.path("content/x.md")).expect("a symlink");
    let outcome = site.run(&["build"]);
    let text =
        shown(&site, &outcome).replace(&outside.path().canonicalize().unwrap().display().to_string(), "[OUTSIDE]");
    insta::assert_snapshot!("reading_link_out_of_the_site", text);
}

#[test]
fn output_and_usage_errors() {
    let site = Site::new().page("content/a.md", "A", "").file("stuff/notes.txt", "mine");
    golden("output_refused_folder", &site, &["build", "--output", "stuff"]);
    golden("usage_not_a_site", &Site::empty(), &["build"]);
}

/// Build the repository's own example site with the real binary into a temporary folder.
fn example_site() -> tempfile::TempDir {
    let out = tempfile::tempdir().expect("an output folder");
    let output = out.path().join("public");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_versa"))
        .args(["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(&output)
        .output()
        .expect("run versa");
    assert!(status.status.success(), "the example does not build:\n{}", String::from_utf8_lossy(&status.stderr));
    out
}

#[test]
fn example_pages() {
    let out = example_site();
    let public = out.path().join("public");
    for (name, rel) in [
        ("page_home", "index.html"),
        ("page_criterion_with_code", "criteria/performance/index.html"),
        ("page_faq", "faq/index.html"),
    ] {
        let html = std::fs::read_to_string(public.join(Path::new(rel))).expect("a built page");
        // The generator line names the version; a release should not rewrite every page snapshot.
        let html = html.replace(concat!("versa ", env!("CARGO_PKG_VERSION")), "versa [VERSION]");
        insta::assert_snapshot!(name, html);
    }
}
