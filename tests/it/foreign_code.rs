//! Code blocks written for other tools (issue 9): their info-string forms and language names
//! build, foreign words are located warnings, and `--strict` makes every warning fatal.

use crate::support::{text, Html, Site};

/// Build a site whose page `content/x.md` has `body` (on line 4 on), and return its HTML.
fn built(body: &str) -> Html {
    Site::new().page("content/x.md", "X", body).build().stderr_lacks("warning").html("public/x/index.html")
}

/// The text of the lines of the only code block marked highlighted.
fn marked_lines(html: &Html) -> Vec<String> {
    html.texts("pre code .line.hl")
}

#[test]
fn line_highlights_from_vitepress_docusaurus_mkdocs_and_hugo() {
    let code = "one\ntwo\nthree\nfour\nfive";
    for info in ["js{1,3-4}", "js {1,3-4}", "js hl_lines=\"1 3 4\"", "js {hl_lines=[1,\"3-4\"]}"] {
        let html = built(&format!("```{info}\n{code}\n```\n"));
        assert_eq!(marked_lines(&html), ["one", "three", "four"], "for `{info}`");
        assert_eq!(html.attrs("pre", "data-lang"), ["js"], "for `{info}`");
        assert!(!html.select_all("pre code span[class^=hl-]").is_empty(), "`{info}` is not highlighted");
    }
}

#[test]
fn line_numbers_from_other_tools() {
    for info in ["python showLineNumbers", "python linenos", "python {linenos=true}", "{.python .numberLines}"] {
        let html = built(&format!("```{info}\nx = 1\n```\n"));
        assert_eq!(html.select_all("pre[data-numbers]").len(), 1, "no numbers for `{info}`");
    }
    let html = built("```python {linenos=false}\nx = 1\n```\n");
    assert!(html.select_all("pre[data-numbers]").is_empty());
}

#[test]
fn titles_from_attribute_lists() {
    for info in ["python { title=\"my app.py\" }", "{ .python title=\"my app.py\" }", "python title=\"my app.py\""] {
        let html = built(&format!("```{info}\nx = 1\n```\n"));
        assert_eq!(html.texts("figcaption.code-title"), ["my app.py"], "for `{info}`");
        assert_eq!(html.attrs("pre", "data-lang"), ["python"], "for `{info}`");
    }
    assert_eq!(built("```python title=app.py\nx\n```\n").texts("figcaption.code-title"), ["app.py"]);
}

#[test]
fn mdbook_comma_forms_take_the_language_before_the_comma() {
    for info in ["rust,editable", "rust,ignore", "rust,no_run,should_panic", "rust,compile_fail,edition2021"] {
        let html = built(&format!("```{info}\nfn main() {{}}\n```\n"));
        assert_eq!(html.attrs("pre", "data-lang"), ["rust"], "for `{info}`");
        assert!(!html.select_all("pre code span[class^=hl-]").is_empty(), "`{info}` is not highlighted");
    }
    // mdBook would hide the `!!!` lines; versa shows them, and says so.
    Site::new()
        .page("content/x.md", "X", "```python,hidelines=!!!\n!!!x = 1\n```\n")
        .build()
        .stderr_contains("warning: versa ignores `hidelines=!!!`")
        .stderr_contains("content/x.md:4:11");
}

#[test]
fn commonmark_spec_info_strings_build() {
    let out = Site::new().page("content/x.md", "X", "~~~~    ruby startline=3 $%@#$\ndef foo(x)\n~~~~\n").build();
    let warnings = out.stderr.matches("warning:").count();
    assert_eq!(warnings, 1, "{}", out.stderr);
    out.stderr_contains("warning: versa ignores `startline=3`, `$%@#$`")
        .stderr_contains("4 | ~~~~    ruby startline=3 $%@#$\n  |              ^^^^^^^^^^^^^^^^^\n");
    let out = Site::new()
        .page("content/x.md", "X", "~~~ aa ``` ~~~\nfoo\n~~~\n")
        .build()
        .stderr_contains("content/x.md:4:")
        .stderr_contains("no grammar for `aa`");
    assert_eq!(text(out.html("public/x/index.html").one("pre code")), "foo");
}

#[test]
fn unknown_words_warn_with_the_caret_on_the_word() {
    Site::new()
        .page("content/x.md", "X", "Intro.\n\n```python frobnicate hl=1\nx = 1\n```\n")
        .build()
        .stderr_contains("warning: versa ignores `frobnicate` in this code block's info string")
        .stderr_contains("  --> content/x.md:6:11\n")
        .stderr_contains("6 | ```python frobnicate hl=1\n  |           ^^^^^^^^^^\n");
}

#[test]
fn certain_mistakes_in_versas_attributes_stay_errors() {
    for (info, needle) in [
        ("python file=\"nope.py\"", "the sample `nope.py` does not exist"),
        ("python hl=\"x\"", "is not a list of lines"),
        ("python hl=\"9\"", "marks line 9"),
        ("python title=\"open", "has no closing quote"),
    ] {
        Site::new()
            .page("content/x.md", "X", &format!("```{info}\nx\n```\n"))
            .run(&["build"])
            .failure(1)
            .stderr_contains(needle)
            .stderr_contains("content/x.md:4:");
    }
}

#[test]
fn every_alias_highlights() {
    let aliases = [
        "csharp",
        "cs",
        "c#",
        "objectivec",
        "objective-c",
        "objc",
        "pycon",
        "console",
        "shell-session",
        "sh",
        "zsh",
        "hbs",
        "handlebars",
        "jsonc",
        "json5",
        "md",
        "markdown",
        "dockerfile",
        "docker",
        "make",
        "makefile",
        "yml",
        "ts",
        "tsx",
        "jsx",
        "js",
        "py",
        "rb",
        "rs",
        "golang",
        "kt",
        "ps1",
        "powershell",
        "bat",
        "tf",
        "hcl",
        "proto",
        "graphql",
        "gql",
        "diff",
        "patch",
        "ini",
        "toml",
        "sql",
        "nginx",
        "vue",
        "svelte",
        "shell",
        "fsharp",
        "mdx",
    ];
    // Handlebars (shown as HTML), Vue and Svelte colour tags only; a Dockerfile needs an instruction, Protocol Buffers a message, a diff a change.
    let sample = |lang: &str| match lang {
        "hbs" | "handlebars" | "vue" | "svelte" => "<b>{{x}}</b>",
        "dockerfile" | "docker" => "FROM alpine:3",
        "proto" => "message A { string x = 1; }",
        "diff" | "patch" => "+added",
        _ => "x = \"1\" # y",
    };
    let body: String = aliases.iter().map(|lang| format!("```{lang}\n{}\n```\n\n", sample(lang))).collect();
    let out = Site::new().page("content/x.md", "X", &body).build().stderr_lacks("warning");
    let html = out.html("public/x/index.html");
    let blocks = html.select_all("pre");
    assert_eq!(blocks.len(), aliases.len());
    for (lang, block) in aliases.iter().zip(blocks) {
        let spans = block.select(&scraper::Selector::parse("span[class^=hl-]").unwrap()).count();
        assert!(spans > 0, "`{lang}` is not highlighted");
    }
}

#[test]
fn plain_names_never_warn_and_missing_grammars_do() {
    let body: String = ["text", "txt", "plain", "plaintext", "none", "output", "TEXT"]
        .iter()
        .map(|l| format!("```{l}\nx\n```\n\n"))
        .collect();
    Site::new().page("content/x.md", "X", &body).build().stderr_lacks("warning");
    Site::new()
        .page("content/x.md", "X", "```mermaid\ngraph TD\n```\n")
        .build()
        .stderr_contains("warning: no grammar for `mermaid`; shown without colours");
}

const WARNS: &str = "```python frobnicate\nx\n```\n";

#[test]
fn strict_makes_a_warning_fatal_and_keeps_the_previous_output() {
    let site = Site::new().page("content/x.md", "X", "Fine.\n");
    site.build();
    let before = crate::support::tree(&site.path("public"));
    site.write("content/x.md", crate::support::page("X", WARNS));
    site.run(&["build", "--strict"])
        .failure(1)
        .stderr_contains("error: versa ignores `frobnicate`")
        .stderr_contains("content/x.md:4:11")
        .stderr_contains("1 error (1 warning made fatal by --strict)")
        .stderr_lacks("warning:");
    assert_eq!(crate::support::tree(&site.path("public")), before, "a failed strict build changed public/");
    site.run(&["check", "--strict"]).failure(1).stderr_contains("made fatal by --strict");
    site.build().stderr_contains("warning: versa ignores `frobnicate`");
}

#[test]
fn strict_in_site_toml() {
    let toml = format!("strict = true\n{}", crate::support::SITE_TOML);
    let site = Site::new().file("site.toml", &toml).page("content/x.md", "X", WARNS);
    site.run(&["build"]).failure(1).stderr_contains("1 error (1 warning made fatal by `strict = true` in site.toml)");
    site.run(&["check"]).failure(1).stderr_contains("`strict = true` in site.toml");
    assert!(!site.path("public").exists());
}

#[test]
fn the_example_site_builds_strictly() {
    let out = tempfile::tempdir().expect("an output folder");
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_versa"))
        .args(["build", "--strict", "--root", env!("CARGO_MANIFEST_DIR"), "--output"])
        .arg(out.path().join("public"))
        .output()
        .expect("run versa");
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success() && stderr.is_empty(), "the example has warnings:\n{stderr}");
}
