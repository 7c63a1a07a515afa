//! Customising the built-in theme: `versa theme eject` and `[theme] extra_css`.

use std::path::Path;

use crate::serve::client::Serve;
use crate::support::{tree, Site, SITE_TOML};

/// The repository's own theme folder (`templates` or `static`), which the binary embeds.
fn repository(folder: &str) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    tree(&Path::new(env!("CARGO_MANIFEST_DIR")).join(folder))
}

fn site() -> Site {
    Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .page("content/guides/_index.md", "Guides", "All guides.\n")
        .file("content/guides/first.md", "+++\ntitle = \"First\"\ncompare = [\"a\", \"b\"]\n+++\n## One\n\nText.\n")
}

/// `site.toml` with `[theme] extra_css` (on line 14, the list opening at column 13).
fn with_extra_css(list: &str) -> String {
    format!("{SITE_TOML}\n[theme]\nextra_css = {list}\n")
}

#[test]
fn eject_copies_every_theme_file() {
    let site = site();
    let out = site.run(&["theme", "eject"]).success();
    let out = out.stdout_contains("copied templates/base.html").stdout_contains("copied static/assets/versa.css");
    assert!(out.stdout.contains("ejected 18 files into"), "{}", out.stdout);
    assert_eq!(tree(&site.path("templates")), repository("templates"), "the templates, byte for byte");
    assert_eq!(tree(&site.path("static")), repository("static"), "the static files, byte for byte");
}

#[test]
fn eject_copies_only_the_named_files() {
    let site = site();
    site.run(&["theme", "eject", "page.html", "templates/partials/header.html", "assets/versa.css"]).success();
    let copied: Vec<String> =
        tree(site.root()).into_keys().map(|p| p.display().to_string()).filter(|p| !p.starts_with("content")).collect();
    assert_eq!(
        copied,
        ["site.toml", "static/assets/versa.css", "templates/page.html", "templates/partials/header.html"]
    );
}

#[test]
fn eject_never_overwrites() {
    let site = site().file("templates/page.html", "mine").file("static/assets/versa.js", "// mine");
    let out = site.run(&["theme", "eject", "page.html", "base.html", "assets/versa.js"]).success();
    let out = out.stdout_contains("kept   templates/page.html: the site already has it");
    assert!(out.stdout.contains("ejected 1 file into") && out.stdout.contains("kept 2 files"), "{}", out.stdout);
    assert_eq!(std::fs::read_to_string(site.path("templates/page.html")).unwrap(), "mine");
    assert_eq!(std::fs::read_to_string(site.path("static/assets/versa.js")).unwrap(), "// mine");
    assert!(site.path("templates/base.html").is_file());
    // Everything there already: nothing to do is not an error.
    site.run(&["theme", "eject", "page.html"]).success().stdout_contains("ejected 0 files");
}

#[test]
fn eject_refuses_unknown_names_before_writing() {
    let site = site();
    site.run(&["theme", "eject", "page.html", "header.html"])
        .failure(2)
        .stderr_contains("`header.html` is not a file of the built-in theme; did you mean `partials/header.html`?")
        .stderr_contains("theme files: `404.html`, `base.html`");
    site.run(&["theme", "eject", "pgae.html"]).failure(2).stderr_contains("did you mean `page.html`?");
    assert!(!site.path("templates").exists(), "nothing was written");
    Site::empty().run(&["theme", "eject"]).failure(2).stderr_contains("is not a versa site");
}

#[cfg(unix)]
#[test]
fn eject_never_writes_through_a_link_out_of_the_site() {
    let outside = tempfile::tempdir().unwrap();
    let site = site();
    std::os::unix::fs::symlink(outside.path(), site.path("templates")).unwrap();
    site.run(&["theme", "eject", "page.html"]).failure(1).stderr_contains("`templates` is a link to `");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn an_ejected_site_builds_byte_identical() {
    let site = site();
    site.run(&["build", "--output", "before"]).success();
    site.run(&["theme", "eject"]).success();
    site.run(&["build", "--output", "after"]).success();
    let (before, after) = (tree(&site.path("before")), tree(&site.path("after")));
    assert!(before.contains_key(Path::new("assets/versa.css")));
    assert!(before == after, "ejecting the theme changed the output");
}

#[test]
fn extra_css_is_linked_after_the_theme_with_a_hash() {
    let site = site()
        .file("site.toml", with_extra_css("[\"css/custom.css\", \"print me.css\"]"))
        .file("static/css/custom.css", ":root { --accent: #8a3ffc; }\n")
        .file("static/print me.css", "@media print { nav { display: none } }\n");
    let out = site.build();
    let hrefs = out.html("public/guides/first/index.html").attrs("link[rel=stylesheet]", "href");
    assert_eq!(hrefs.len(), 4, "{hrefs:?}");
    assert!(hrefs[0].starts_with("/assets/versa.css?v=") && hrefs[1].starts_with("/assets/highlight.css?v="));
    assert!(hrefs[2].starts_with("/css/custom.css?v=") && hrefs[3].starts_with("/print%20me.css?v="), "{hrefs:?}");
    assert_eq!(out.read("public/css/custom.css"), ":root { --accent: #8a3ffc; }\n");

    // A new version of the file is a new URL, so browsers fetch it; under a sub-path too.
    site.write("static/css/custom.css", ":root { --accent: #d6336c; }\n");
    let out = site.run(&["build", "--base-url", "https://example.org/docs/"]).success();
    let after = out.html("public/index.html").attrs("link[rel=stylesheet]", "href");
    assert!(after[2].starts_with("/docs/css/custom.css?v=") && !after[2].ends_with(&hrefs[2][16..]), "{after:?}");
}

#[test]
fn a_missing_extra_css_file_is_a_located_error() {
    let site = site().file("site.toml", with_extra_css("[\"css/custom.css\"]"));
    site.run(&["build"])
        .failure(1)
        .stderr_contains("`extra_css` names `static/css/custom.css`, which is not a file of the site")
        .stderr_contains("site.toml:14:14")
        .stderr_contains("extra_css = [\"css/custom.css\"]")
        .stderr_contains("`css/custom.css` is the file `static/css/custom.css`");
    let site = site.file("site.toml", with_extra_css("[\"https://cdn.example/x.css\"]"));
    site.run(&["build"]).failure(1).stderr_contains("site.toml:14:14").stderr_contains("is a URL");
    let site = site.file("site.toml", format!("{SITE_TOML}\n[theme]\nextra_ccs = []\n"));
    site.run(&["build"]).failure(1).stderr_contains("site.toml:14:1").stderr_contains("did you mean `extra_css`?");
}

#[test]
fn an_ejected_template_edited_under_serve_reloads_the_page() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    events.wait("hello", |_| true);
    site.run(&["theme", "eject", "partials/footer.html"]).success();
    let footer = site.path("templates/partials/footer.html");
    let text = std::fs::read_to_string(&footer).unwrap().replace("</footer>", "<p>EJECTED FOOTER</p></footer>");
    std::fs::write(&footer, text).unwrap();
    // The eject and the edit may come as one rebuild or two; the page must end up reloaded.
    for _ in 0..3 {
        events.wait("build", |d| d.contains("\"guides/first/index.html\"") || d.contains("\"all\":true"));
        if serve.get("/guides/first/").body.contains("EJECTED FOOTER") {
            return;
        }
    }
    panic!("the edited footer never reached the page:\n{}", serve.output());
}
