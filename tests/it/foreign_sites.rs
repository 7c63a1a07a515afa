//! "Done means" for sites moved from other tools: a small docs folder in the idioms of GitHub,
//! Docusaurus, VitePress, Starlight, MkDocs (Material), mdBook and Hugo (`fixtures/foreign/`),
//! dropped into `content/` beside a two-line `site.toml`, builds with exit 0, warns at the
//! exact place of everything versa does not understand, and loses none of the writer's prose.

use std::path::{Path, PathBuf};

use crate::support::{Html, Site};

const SITE_TOML: &str = "title = \"Moved docs\"\nbase_url = \"https://example.org/docs/\"\n";

fn fixture_dir(tool: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/fixtures/foreign").join(tool)
}

/// Every file of a fixture, as (path inside the fixture with `/`, contents).
fn fixture_files(tool: &str) -> Vec<(String, Vec<u8>)> {
    fn walk(dir: &Path, root: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> =
            std::fs::read_dir(dir).expect("read a fixture folder").map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                walk(&path, root, out);
            } else {
                let rel = path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/");
                out.push((rel, std::fs::read(&path).expect("read a fixture file")));
            }
        }
    }
    let mut files = Vec::new();
    walk(&fixture_dir(tool), &fixture_dir(tool), &mut files);
    files
}

/// The fixture in `content/` of a fresh site with only a title and a base URL, built.
fn build(tool: &str) -> (Site, crate::support::Outcome) {
    let site = Site::empty().file("site.toml", SITE_TOML);
    for (rel, bytes) in fixture_files(tool) {
        site.write(&format!("content/{rel}"), bytes);
    }
    let outcome = site.build();
    (site, outcome)
}

/// The warnings of a build as `file:line:col message`, in the order printed.
fn warnings(stderr: &str) -> Vec<String> {
    let lines: Vec<&str> = stderr.lines().collect();
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Some(message) = line.strip_prefix("warning: ") {
            let at = lines.get(i + 1).and_then(|l| l.trim().strip_prefix("--> ")).unwrap_or("(no location)");
            found.push(format!("{} {message}", at.trim_start_matches("content/")));
        }
    }
    found.sort();
    found
}

/// The sentences of a markdown file that a reader must find on its page: prose lines outside
/// front matter and code that end like a sentence, with inline markup taken off.
fn sentences(markdown: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut lines = markdown.lines().peekable();
    if let Some(fence @ ("---" | "+++")) = lines.peek().copied() {
        lines.next();
        for line in lines.by_ref() {
            if line == fence {
                break;
            }
        }
    }
    let mut in_code = false;
    for line in lines {
        let trimmed = line.trim();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_code = !in_code;
            continue;
        }
        let text = trimmed.trim_start_matches(['>', ' ']).trim_start_matches("- ").trim_start_matches("[x] ");
        let text = text.trim_start_matches("[ ] ");
        let skip = ["import ", "export ", "<script", "{{", "|", "#", "*[", "[!", "--8<--"];
        if in_code || skip.iter().any(|s| text.starts_with(s)) || !text.ends_with(['.', '?']) {
            continue;
        }
        let plain = strip_inline(text);
        if plain.starts_with(|c: char| c.is_uppercase()) {
            out.push(plain);
        }
    }
    out
}

/// `[text](url)` → `text`, `<tag>` and backticks and `*` off, `{ .attrs }` off.
fn strip_inline(text: &str) -> String {
    let mut out = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '`' | '*' | '[' => {}
            ']' if chars.peek() == Some(&'(') => {
                for c in chars.by_ref() {
                    if c == ')' {
                        break;
                    }
                }
            }
            '<' => {
                for c in chars.by_ref() {
                    if c == '>' {
                        break;
                    }
                }
            }
            '{' if chars.clone().take(2).collect::<String>() == " ." => {
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Where versa publishes a markdown file of the fixture.
fn page_of(rel: &str) -> String {
    let path = Path::new(rel);
    let dir = path.parent().map(|p| p.to_string_lossy().to_lowercase()).unwrap_or_default();
    let stem = path.file_stem().unwrap().to_string_lossy().to_lowercase();
    let url = match stem.as_str() {
        "_index" | "index" => dir,
        _ if dir.is_empty() => stem,
        _ => format!("{dir}/{stem}"),
    };
    if url.is_empty() {
        "public/index.html".to_string()
    } else {
        format!("public/{url}/index.html")
    }
}

fn body_text(html: &Html) -> String {
    let title: String = html.one("h1.article-title").text().collect();
    let body: String = html.one("[data-body]").text().collect();
    format!("{title} {body}").split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Build the fixture of `tool`: exit 0, exactly `expected` warnings, every sentence kept.
#[track_caller]
fn moved(tool: &str, expected: &[&str]) -> (Site, crate::support::Outcome) {
    let (site, outcome) = build(tool);
    let mut expected: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    expected.sort();
    assert_eq!(warnings(&outcome.stderr), expected, "the warnings of the {tool} fixture\n{}", outcome.stderr);
    let mut checked = 0;
    for (rel, bytes) in fixture_files(tool) {
        // mdBook's table of contents is no page: its chapters are the sidebar, checked in `mdbook`.
        if !rel.ends_with(".md") && !rel.ends_with(".mdx") || (tool == "mdbook" && rel == "SUMMARY.md") {
            continue;
        }
        let text = body_text(&outcome.html(&page_of(&rel)));
        for sentence in sentences(&String::from_utf8(bytes).unwrap()) {
            assert!(text.contains(&sentence), "{tool}/{rel} lost {sentence:?}; its page reads:\n{text}");
            checked += 1;
        }
    }
    assert!(checked >= 5, "the {tool} fixture has {checked} sentences to check");
    (site, outcome)
}

#[test]
fn github() {
    let (_site, out) = moved("github", &["docs/install.md:11:1 no grammar for `mermaid`; shown without colours"]);
    let readme = out.html("public/readme/index.html");
    assert_eq!(readme.select_all("[data-callout]").len(), 2, "the two alerts are callouts");
    assert_eq!(readme.one("[data-body] a[href*=install]").value().attr("href"), Some("/docs/docs/install/"));
    assert_eq!(
        readme.one("[data-body] a[href*=configuration]").value().attr("href"),
        Some("/docs/docs/configuration/#environment-variables")
    );
    assert_eq!(readme.one("img[alt='Lantern logo']").value().attr("src"), Some("/docs/docs/logo.svg"));
    assert!(out.html("public/docs/configuration/index.html").select_all("[data-callout=danger]").len() == 1);
}

#[test]
fn docusaurus() {
    let (_site, out) = moved(
        "docusaurus",
        &[
            "intro.mdx:2:1 unknown key `id`",
            "intro.mdx:5:1 the slug `/` is a path, as Docusaurus writes them",
            "intro.mdx:8:1 unknown key `keywords`",
            "intro.mdx:11:1 versa does not run MDX: this `import` line is left out of the page",
            "intro.mdx:12:1 versa does not run MDX: this `import` line is left out of the page",
            "intro.mdx:25:1 `<Tabs>` is a component of another tool, which versa does not run",
            "intro.mdx:26:3 `<TabItem>` is a component of another tool, which versa does not run",
            "tutorial/prune.md:6:1 versa does not run MDX: this `export` line is left out of the page",
            "tutorial/prune.md:9:9 `<Highlight>` is a component of another tool, which versa does not run",
        ],
    );
    assert!(!out.exists("public/intro.mdx"), "an .mdx file is a page, not a copied file");
    let intro = out.read("public/intro/index.html");
    assert!(!intro.contains("@theme/Tabs"), "import lines are not on the page");
    let intro = Html::parse(&intro);
    assert!(intro.one("[data-callout=tip] .callout-title").text().collect::<String>().contains("Try it locally"));
    assert!(intro.one("figure.code").html().contains("harbor.config.js"), "the title= caption");
    let install = out.html("public/tutorial/install/index.html");
    assert!(install.one("[data-callout=danger]").html().contains("Disk space"));
    assert_eq!(install.select_all("[data-callout=warning]").len(), 1, "caution is a warning");
    let sidebar = intro.texts("nav[data-sidebar] a");
    let expected =
        ["Overview", "Tutorial", "Install the cache", "Back up the cache", "Pruning", "Reference", "Command line"];
    assert_eq!(sidebar, expected, "sidebar_position, then _category_.json's and _category_.yml's position and label");
    let tutorial = out.html("public/tutorial/index.html");
    assert!(tutorial.one("main").html().contains("Set up Harbor in three steps."), "the generated index");
    assert!(!out.exists("public/tutorial/_category_.json"), "read, not published");
    let prune = out.html("public/tutorial/prune/index.html");
    let back = prune.one("[data-body] a[href*=intro]").value().attr("href");
    assert_eq!(back, Some("/docs/intro/"), "`../intro` is the sibling `intro.mdx`");
}

#[test]
fn vitepress() {
    let (_site, out) = moved(
        "vitepress",
        &[
            "guide/getting-started.md:2:1 unknown key `prev`",
            "guide/getting-started.md:3:1 unknown key `next`",
            "guide/markdown.md:11:1 versa does not run Vue: this `<script setup>` block is left out of the page",
            "guide/markdown.md:16:68 `{{ … }}` is a template expression (Vue, Hugo, Jinja); versa shows it as written",
            "index.md:2:1 unknown key `layout`",
            "index.md:3:1 unknown key `outline`",
            "index.md:5:1 unknown key `editLink`",
            "index.md:10:1 `[[toc]]` is left out: versa shows the table of contents itself",
            "index.md:12:56 `<Badge>` is a component of another tool, which versa does not run",
            "index.md:26:5 unknown container `code-group`; its content is shown as it is",
            "index.md:38:19 `{{ … }}` is a template expression (Vue, Hugo, Jinja); versa shows it as written",
        ],
    );
    let home = out.html("public/index.html");
    let group = home.one("[data-container=code-group]").html();
    assert!(group.contains("npm") && group.contains("pnpm"), "each block is titled with its [name]");
    assert!(home.one("[data-callout=details]").html().contains("Show the full prop list"));
    let started = out.html("public/guide/getting-started/index.html");
    assert_eq!(started.select_all("figure.code").len(), 2, "vue{{3}} and ts:line-numbers are code blocks");
}

#[test]
fn starlight() {
    let (_site, out) = moved(
        "starlight",
        &[
            "guides/first-job.mdx:13:1 versa does not run MDX: this `import` line is left out of the page",
            "guides/first-job.mdx:21:1 `<Steps>` is a component of another tool, which versa does not run",
            "guides/first-job.mdx:29:1 `<Tabs>` is a component of another tool, which versa does not run",
            "guides/first-job.mdx:30:3 `<TabItem>` is a component of another tool, which versa does not run",
            "guides/first-job.mdx:42:35 versa ignores `ins=`, `del=` in this code block's info string",
            "index.md:4:1 `splash` is another tool's layout name, not a versa template",
            "index.md:5:1 unknown key `hero`",
        ],
    );
    let home = out.html("public/index.html");
    assert!(home.select_all("[data-body] h2").len() == 1, "a heading the table of contents would list");
    assert!(home.select_all(".toc-inline, .toc-side").is_empty(), "tableOfContents: false hides the TOC");
    let next = home.one("[data-body] a[href*=first-job]").value().attr("href");
    assert_eq!(next, Some("/docs/guides/first-job/"), "a link to an .mdx file is a link to its page");
    let job = out.html("public/guides/first-job/index.html");
    assert!(job.one("[data-callout=tip]").html().contains("Did you know?"));
    assert_eq!(job.select_all("[data-callout=warning]").len(), 1);
}

#[test]
fn mkdocs() {
    let (_site, out) = moved(
        "mkdocs",
        &[
            "guide/setup.md:2:1 unknown key `status`",
            "guide/setup.md:19:1 versa does not include MkDocs snippets: the line is shown as written",
            "index.md:6:1 unknown key `icon`",
            "index.md:23:1 versa has no content tabs: each tab is shown under its label, one after another",
            "mkdocs.yml:12:16 `changelog.md` in `nav` is not a page in content/; the sidebar leaves it out",
        ],
    );
    let home = out.html("public/index.html");
    assert_eq!(home.select_all("[data-callout=note]").len(), 2, "note and abstract");
    let tabs: Vec<String> =
        home.select_all("[data-container=tab] [data-container-title]").iter().map(|t| t.text().collect()).collect();
    assert_eq!(tabs, ["pip", "pipx"]);
    assert_eq!(home.select_all("[data-container=tab] figure.code").len(), 1, "a tab's code is a code block");
    let sidebar = home.texts("nav[data-sidebar] a");
    assert_eq!(sidebar, ["Home", "Deploying", "Setup"], "mkdocs.yml's nav: its order and titles");
    let setup = out.html("public/guide/setup/index.html");
    assert_eq!(setup.attrs("a[rel=prev]", "href"), ["/docs/guide/deploy/"]);
    assert_eq!(setup.select_all("[data-callout=warning]").len(), 1, "`inline end` is a plain warning");
    assert!(setup.one("figure.code").html().contains("fernway.yml"));
}

#[test]
fn mdbook() {
    let (_site, out) = moved(
        "mdbook",
        &[
            "errors.md:5:1 versa does not expand mdBook's `{{#playground}}`: it is shown as written",
            "reading.md:3:1 versa does not expand mdBook's `{{#title}}`: it is shown as written",
            "reading.md:8:1 versa does not expand mdBook's `{{#include}}`: it is shown as written",
            "reading.md:17:1 versa does not expand mdBook's `{{#rustdoc_include}}`: it is shown as written",
        ],
    );
    assert!(!out.exists("public/summary/index.html"), "SUMMARY.md is the table of contents, not a page");
    let reading = out.html("public/reading/index.html");
    let sidebar = reading.texts("nav[data-sidebar] a");
    assert_eq!(sidebar, ["Introduction", "Reading a file", "Errors", "Contributors"], "SUMMARY.md's reading order");
    assert_eq!(reading.attrs("a[rel=prev]", "href"), ["/docs/readme/"]);
    assert_eq!(reading.attrs("a[rel=next]", "href"), ["/docs/errors/"]);
    assert!(out.exists("public/listings/main.rs"), "the listing is published beside the pages");
}

#[test]
fn hugo() {
    let (_site, out) = moved(
        "hugo",
        &[
            "about/index.md:3:1 unknown key `menu`",
            "about/index.md:9:1 versa does not run Hugo shortcodes: `youtube` is shown as written",
            "posts/_index.md:1:1 unknown key `cascade`",
            "posts/first-inspection.md:1:1 unknown key `params`",
            "posts/first-inspection.md:6:1 unknown key `categories`",
            "posts/first-inspection.md:7:1 unknown key `summary`",
            "posts/first-inspection.md:8:1 unknown key `aliases`",
            "posts/first-inspection.md:18:1 versa does not run Hugo shortcodes: `figure` is shown as written",
            "posts/first-inspection.md:20:1 versa does not run Hugo shortcodes: `notice` is shown as written",
            "posts/first-inspection.md:24:1 versa does not run Hugo shortcodes: `highlight` is shown as written",
        ],
    );
    let post = out.read("public/posts/first-inspection/index.html");
    assert!(post.contains("A frame of capped brood"), "the figure's caption is still on the page");
    assert!(!post.contains("{{&lt; ref"), "a ref shortcode in a link is read as the link");
    let post = Html::parse(&post);
    let links: Vec<String> =
        post.select_all("[data-body] a[href='/docs/about/']").iter().map(|a| a.text().collect()).collect();
    assert_eq!(links, ["about this site", "about page"]);
}

#[test]
fn moved_sites_fail_under_strict() {
    let site = Site::empty().file("site.toml", SITE_TOML);
    for (rel, bytes) in fixture_files("hugo") {
        site.write(&format!("content/{rel}"), bytes);
    }
    site.run(&["build", "--strict"]).failure(1).stderr_contains("Hugo shortcodes");
}

#[test]
fn the_sentence_check_can_fail() {
    assert_eq!(sentences("---\ntitle: A\n---\n> Kept *here*.\n```\nNot code.\n```\n"), ["Kept here."]);
    assert_eq!(strip_inline("See [the guide](a.md){ .md-button } now."), "See the guide now.");
    assert_eq!(page_of("docs/README.md"), "public/docs/readme/index.html");
    assert_eq!(page_of("_index.md"), "public/index.html");
}
