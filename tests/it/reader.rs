//! Reader features: "Edit this page" (`edit_url`), "Last updated" (front matter, or one `git log`
//! with `updated_from_git`), tag pages that the tag chips link to, and listings that show each
//! page once.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Html, Site, SITE_TOML};

fn config(extra: &str) -> String {
    // Top-level keys must come before the first table of SITE_TOML.
    let (head, tables) = SITE_TOML.split_once("\n[").expect("SITE_TOML has tables");
    format!("{head}{extra}\n\n[{tables}")
}

fn text(html: &Html, css: &str) -> String {
    html.one(css).text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn edit_links_append_the_source_path_below_content() {
    let out = Site::new()
        .file("site.toml", config("edit_url = \"https://github.com/acme/docs/edit/main/content\""))
        .page("content/_index.md", "Home", "Hi.\n")
        .page("content/guides/_index.md", "Guides", "All guides.\n")
        .page("content/guides/first steps.md", "First steps", "Text.\n")
        .build();
    let page = out.html("public/guides/first-steps/index.html");
    let link = page.one("main article a[data-edit-link]");
    assert_eq!(
        link.value().attr("href"),
        Some("https://github.com/acme/docs/edit/main/content/guides/first%20steps.md"),
        "a slash is added, and the path is encoded"
    );
    assert_eq!(text(&page, "a[data-edit-link]"), "Edit this page");
    let section = out.html("public/guides/index.html");
    assert_eq!(
        section.one("a[data-edit-link]").value().attr("href"),
        Some("https://github.com/acme/docs/edit/main/content/guides/_index.md")
    );
}

#[test]
fn edit_links_may_place_the_path_with_a_placeholder() {
    let out = Site::new()
        .file("site.toml", config("edit_url = \"https://git.example/docs/_edit?file=content/{path}&ref=main\""))
        .page("content/a.md", "A", "Text.\n")
        .build();
    let page = out.html("public/a/index.html");
    assert_eq!(
        page.one("a[data-edit-link]").value().attr("href"),
        Some("https://git.example/docs/_edit?file=content/a.md&ref=main")
    );
    let without = Site::new().page("content/a.md", "A", "Text.\n").build();
    assert!(without.html("public/a/index.html").select_all("a[data-edit-link]").is_empty(), "no edit_url, no link");
}

#[test]
fn a_bad_edit_url_is_an_error_at_its_line() {
    for (url, message) in [
        ("github.com/acme/docs/edit/main/content/", "must be an http(s) URL"),
        ("ftp://example.org/", "must be an http(s) URL"),
        ("https:///edit/", "has no host"),
        ("https://example.org/a b/", "has a space"),
    ] {
        Site::new()
            .file("site.toml", config(&format!("edit_url = \"{url}\"")))
            .page("content/a.md", "A", "Text.\n")
            .run(&["build"])
            .failure(1)
            .stderr_contains(message)
            .stderr_contains("site.toml:4:1");
    }
}

#[test]
fn last_updated_comes_from_front_matter_and_other_tools_keys() {
    let out = Site::new()
        .file("content/a.md", "+++\ntitle = \"A\"\ndate = 2026-01-05\nupdated = 2026-11-20\n+++\nText.\n")
        .file("content/hugo.md", "+++\ntitle = \"Hugo\"\nlastmod = 2026-03-04T10:00:00+02:00\n+++\nText.\n")
        .file("content/docusaurus.md", "---\ntitle: D\nlast_update:\n  date: 2026-02-01\n  author: Ann\n---\nText.\n")
        .file("content/jekyll.md", "---\ntitle: J\nlast_modified_at: 2026-05-06 10:00\n---\nText.\n")
        .file("content/none.md", "+++\ntitle = \"None\"\ndate = 2026-01-05\n+++\nText.\n")
        .build()
        .stderr_lacks("warning");
    let updated = |page: &str| {
        let html = out.html(&format!("public/{page}/index.html"));
        let time = html
            .select_all("[data-updated] time")
            .first()
            .map(|t| (t.value().attr("datetime").unwrap_or_default().to_string(), t.text().collect::<String>()));
        time
    };
    assert_eq!(updated("a"), Some(("2026-11-20".into(), "20 November 2026".into())));
    assert_eq!(updated("hugo"), Some(("2026-03-04T10:00:00+02:00".into(), "4 March 2026".into())));
    assert_eq!(updated("docusaurus"), Some(("2026-02-01".into(), "1 February 2026".into())));
    assert_eq!(updated("jekyll"), Some(("2026-05-06 10:00".into(), "6 May 2026".into())));
    assert_eq!(updated("none"), None, "a publication date alone is not an update");
    assert!(out.read("public/sitemap.xml").contains("<lastmod>2026-03-04</lastmod>"));
}

#[test]
fn a_foreign_update_key_versa_cannot_read_warns_at_its_line() {
    Site::new()
        .file("content/a.md", "---\ntitle: A\nlastmod: next week\n---\nText.\n")
        .build()
        .stderr_contains("`lastmod` has a value versa can't use")
        .stderr_contains("content/a.md:3:1");
}

/// The real git, which these tests need: CI machines have it (see .ci/run).
fn real_git() -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("git"))
        .find(|git| git.is_file())
        .expect("git must be installed for these tests (CI installs it)")
}

fn git(root: &Path, args: &[&str], date: &str) {
    let status = Command::new(real_git())
        .current_dir(root)
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false"])
        .args(args)
        .env("GIT_COMMITTER_DATE", date)
        .env("GIT_AUTHOR_DATE", date)
        .output()
        .expect("run git");
    assert!(status.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&status.stderr));
}

/// A folder holding a `git` that logs each call to `log` and runs the real one.
fn logging_git(dir: &Path, log: &Path) -> PathBuf {
    let bin = dir.join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    let script = format!("#!/bin/sh\necho \"$@\" >> '{}'\nexec '{}' \"$@\"\n", log.display(), real_git().display());
    let path = bin.join("git");
    std::fs::write(&path, script).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    bin
}

/// `versa build` with `PATH` set to `path`; returns (success, stderr).
fn build_with_path(site: &Site, path: &std::ffi::OsStr, output: &str) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_versa"))
        .current_dir(site.root())
        .args(["build", "--output", output, "--root"])
        .arg(site.root())
        .env("PATH", path)
        .output()
        .expect("run versa");
    (out.status.success(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn git_site() -> Site {
    Site::new()
        .file("site.toml", config("updated_from_git = true"))
        .page("content/_index.md", "Home", "Hi.\n")
        .page("content/a.md", "A", "Text.\n")
        .page("content/guides/_index.md", "Guides", "All.\n")
        .page("content/guides/b.md", "B", "Text.\n")
        .file("content/guides/own.md", "+++\ntitle = \"Own\"\nupdated = 2020-01-01\n+++\nText.\n")
        .file("content/guides/hidden.md", "---\ntitle: Hidden\nlastUpdated: false\n---\nText.\n")
}

#[cfg(unix)]
#[test]
fn last_updated_from_git_takes_one_git_call_for_the_whole_site() {
    let site = git_site();
    let root = site.root().to_path_buf();
    git(&root, &["init", "-q"], "2024-01-01T00:00:00Z");
    git(&root, &["add", "."], "2024-01-01T00:00:00Z");
    git(&root, &["commit", "-qm", "first"], "2024-02-03T10:00:00+01:00");
    site.write("content/guides/b.md", "+++\ntitle = \"B\"\n+++\nChanged.\n");
    git(&root, &["commit", "-qam", "second"], "2025-06-07T08:09:10Z");
    site.write("content/new.md", "+++\ntitle = \"New\"\n+++\nNot committed yet.\n");

    let tools = tempfile::tempdir().unwrap();
    let log = tools.path().join("calls.log");
    let bin = logging_git(tools.path(), &log);
    let (ok, stderr) = build_with_path(&site, bin.as_os_str(), "public");
    assert!(ok, "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
    let calls = std::fs::read_to_string(&log).unwrap();
    assert_eq!(calls.lines().count(), 1, "one git call for six pages: {calls}");
    assert!(calls.contains("log") && calls.contains("--name-only"), "{calls}");

    let updated = |page: &str| {
        let html = Html::parse(&std::fs::read_to_string(site.path(&format!("public/{page}index.html"))).unwrap());
        html.select_all("[data-updated] time").first().map(|t| t.value().attr("datetime").unwrap().to_string())
    };
    assert_eq!(updated("a/").as_deref(), Some("2024-02-03T10:00:00+01:00"));
    assert_eq!(updated("guides/b/").as_deref(), Some("2025-06-07T08:09:10Z"), "the latest commit");
    assert_eq!(updated("guides/").as_deref(), Some("2024-02-03T10:00:00+01:00"), "sections too");
    assert_eq!(updated("guides/own/").as_deref(), Some("2020-01-01"), "front matter wins");
    assert_eq!(updated("guides/hidden/"), None, "lastUpdated: false");
    assert_eq!(updated("new/"), None, "not committed");
    let page = std::fs::read_to_string(site.path("public/guides/b/index.html")).unwrap();
    assert!(page.contains(">7 June 2025</time>"), "{page}");

    // The same history gives the same bytes.
    let (ok, stderr) = build_with_path(&site, bin.as_os_str(), "again");
    assert!(ok, "{stderr}");
    for file in ["a/index.html", "guides/b/index.html", "guides/index.html", "sitemap.xml"] {
        let first = std::fs::read(site.path(&format!("public/{file}"))).unwrap();
        let second = std::fs::read(site.path(&format!("again/{file}"))).unwrap();
        assert_eq!(first, second, "{file} differs between two builds");
    }
}

#[test]
fn without_git_or_outside_a_repository_the_build_warns_and_goes_on() {
    let site = git_site();
    let empty = tempfile::tempdir().unwrap();
    let (ok, stderr) = build_with_path(&site, empty.path().as_os_str(), "public");
    assert!(ok, "{stderr}");
    assert!(stderr.contains("`updated_from_git` is on, but git is not installed"), "{stderr}");
    assert!(stderr.contains("site.toml:4:1"), "located at the key: {stderr}");
    let own = std::fs::read_to_string(site.path("public/guides/own/index.html")).unwrap();
    assert!(own.contains("datetime=\"2020-01-01\""), "front-matter dates still show");

    // The temporary folder is in no repository.
    let path = std::env::join_paths([real_git().parent().unwrap()]).unwrap();
    let (ok, stderr) = build_with_path(&site, &path, "public");
    assert!(ok, "{stderr}");
    assert!(stderr.contains("git could not read the site's history"), "{stderr}");
    site.run(&["build", "--strict"]).failure(1).stderr_contains("updated_from_git");
}

fn tagged_site() -> Site {
    Site::new()
        .page("content/_index.md", "Home", "Hi.\n")
        .file("content/b.md", "+++\ntitle = \"Beta page\"\ntags = [\"Rust\", \"Async IO\"]\n+++\nText.\n")
        .file(
            "content/a.md",
            "+++\ntitle = \"alpha page\"\ndescription = \"First\"\ntags = \"rust, web\"\n+++\nText.\n",
        )
        .file("content/c.md", "+++\ntitle = \"Gamma\"\n+++\nNo tags.\n")
}

#[test]
fn tag_chips_link_to_tag_pages_listed_under_tags() {
    let out = tagged_site().build();
    let b = out.html("public/b/index.html");
    let chips: Vec<(String, String)> = b
        .select_all(".article-footer a.tag")
        .iter()
        .map(|a| (a.text().collect(), a.value().attr("href").unwrap().to_string()))
        .collect();
    assert_eq!(chips, [("Rust".into(), "/tags/rust/".into()), ("Async IO".into(), "/tags/async-io/".into())]);

    let all = out.html("public/tags/index.html");
    let listed: Vec<String> = all
        .select_all("[data-tags] a")
        .iter()
        .map(|a| a.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(listed, ["Async IO, 1 page", "rust, 2 pages", "web, 1 page"], "by name, with counts");
    assert_eq!(all.one("h1").text().collect::<String>(), "Tags");
    assert_eq!(all.select_all("[data-body]").len(), 1);

    let rust = out.html("public/tags/rust/index.html");
    let pages: Vec<String> = rust.select_all(".card-title a").iter().map(|a| a.text().collect()).collect();
    assert_eq!(pages, ["alpha page", "Beta page"], "`Rust` and `rust` are one tag; pages by title");
    assert_eq!(rust.one("title").text().collect::<String>(), "Tagged “rust” · Test Site");
    assert_eq!(rust.one("link[rel=canonical]").value().attr("href"), Some("https://example.com/tags/rust/"));
    let sitemap = out.read("public/sitemap.xml");
    for loc in ["https://example.com/tags/", "https://example.com/tags/rust/", "https://example.com/tags/async-io/"] {
        assert!(sitemap.contains(&format!("<loc>{loc}</loc>")), "{loc} in\n{sitemap}");
    }
    assert!(!out.exists("public/tags/gamma"), "only tags get pages");
}

#[test]
fn tag_pages_follow_the_base_path() {
    let out = tagged_site().run(&["build", "--base-url", "https://example.com/docs/"]).success();
    let b = out.html("public/b/index.html");
    assert_eq!(b.select_all("a.tag")[0].value().attr("href"), Some("/docs/tags/rust/"));
    let rust = out.html("public/tags/rust/index.html");
    assert_eq!(rust.select_all(".card-title a")[0].value().attr("href"), Some("/docs/a/"));
}

#[test]
fn a_tag_without_a_usable_url_name_warns_and_shows_without_a_link() {
    let out = Site::new()
        .file("content/a.md", "+++\ntitle = \"A\"\ntags = [\"ok\", \"???\", \"con\"]\n+++\nText.\n")
        .build()
        .stderr_contains("the tag `???` has no tag page")
        .stderr_contains("the tag `con` has no tag page")
        .stderr_contains("content/a.md:3:1");
    let a = out.html("public/a/index.html");
    assert_eq!(a.select_all("a.tag").len(), 1);
    assert_eq!(a.select_all("span.tag").len(), 2);
    assert!(out.exists("public/tags/ok/index.html") && !out.exists("public/tags/con"));
}

#[test]
fn tags_is_taken_at_the_top_only_when_pages_have_tags() {
    Site::new()
        .page("content/tags.md", "My tags", "Text.\n")
        .file("content/a.md", "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\nText.\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("is a name versa uses at the top of the site, for the tag pages")
        .stderr_contains("content/tags.md");
    Site::new()
        .file("content/topics/_index.md", "+++\ntitle = \"Topics\"\nslug = \"tags\"\n+++\n")
        .file("content/a.md", "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\nText.\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("content/topics/_index.md:3:1");
    let out = Site::new().page("content/tags.md", "My tags", "Text.\n").build();
    assert!(out.html("public/tags/index.html").one("h1").text().any(|t| t.contains("My tags")));
    let nested = Site::new()
        .page("content/docs/_index.md", "Docs", "")
        .page("content/docs/tags.md", "Tags of docs", "Text.\n")
        .file("content/a.md", "+++\ntitle = \"A\"\ntags = [\"x\"]\n+++\nText.\n")
        .build();
    assert!(nested.exists("public/docs/tags/index.html") && nested.exists("public/tags/x/index.html"));
}

#[test]
fn listings_leave_out_the_pages_the_body_links_to() {
    let out = Site::new()
        .page("content/_index.md", "Home", "Start with [the guide](guide.md) or the [FAQ](faq.md#top).\n")
        .page("content/guide.md", "Guide", "Text.\n")
        .page("content/faq.md", "FAQ", "Text.\n")
        .page("content/other.md", "Other", "Text.\n")
        .page("content/more/_index.md", "More", "")
        .page("content/more/one.md", "One", "")
        .build();
    let home = out.html("public/index.html");
    let cards: Vec<String> = home.select_all(".listing .card-title a").iter().map(|a| a.text().collect()).collect();
    assert_eq!(cards, ["More", "Other"], "each page once: the body lists the guide and the FAQ");
    let more = out.html("public/more/index.html");
    let cards: Vec<String> = more.select_all(".listing .card-title a").iter().map(|a| a.text().collect()).collect();
    assert_eq!(cards, ["One"]);
    assert!(!out.read("public/more/index.html").contains("min read"), "listings show no reading time");
}
