//! Links out of the site folder: wherever versa reads (content pages and assets, `static/`,
//! templates, `site.toml`, sample includes, criteria files) a symlink that resolves outside the
//! site is a located error, its target's text is never printed, and nothing of it reaches the
//! output or the dev server. Links inside the site work; loops are located errors.

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};

use crate::serve::client::Serve;
use crate::support::{self, page, Site};

/// A line that must never appear in a message, a page or a served file.
const SECRET: &str = "OUTSIDE-SECRET";

/// Files outside any site: a `passwd`-like file, a folder of them, and broken variants of a
/// template, a criteria file and a `site.toml`, each holding [`SECRET`].
struct Outside {
    dir: tempfile::TempDir,
}

impl Outside {
    fn new() -> Self {
        let outside = Self { dir: tempfile::tempdir().expect("a temporary folder") };
        for (path, text) in [
            ("passwd", format!("root:x:0:0:{SECRET}:/root:/bin/sh\n")),
            ("dir/notes.txt", format!("{SECRET}\n")),
            ("dir/page.md", format!("+++\ntitle = \"{SECRET}\"\n+++\n{SECRET}\n")),
            ("page.html", format!("{{% block {SECRET} %}}\n")),
            ("sample.py", format!("print('{SECRET}')\n")),
            ("criteria.csv", format!("Criterion,Alpha,Beta\n{SECRET},\"unclosed\n")),
            ("site.toml", format!("title = \"{SECRET}\"\nbase_url = \"https://example.com/\"\n")),
        ] {
            let path = outside.dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        outside
    }

    /// The real path of one of its files, as the refusal names it.
    fn real(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel).canonicalize().unwrap()
    }
}

/// Make `rel` in the site a symlink to `target`.
fn link(site: &Site, rel: &str, target: impl AsRef<Path>) {
    let path = site.path(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    symlink(target, path).unwrap();
}

fn site() -> Site {
    Site::new().page("content/_index.md", "Home", "Welcome.\n").page("content/guides/first.md", "First", "One.\n")
}

/// The build fails with the refusal of `rel` (linked to `target`), printed verbatim.
#[track_caller]
fn refused(site: &Site, rel: &str, target: &Path, what: &str) -> support::Outcome {
    let outcome = site.run(&["build"]).failure(1);
    let expected = format!(
        "error: `{rel}` is a link to `{}`, outside the site folder\n  --> {rel}:1:1\n  = help: copy the {what} into the site, or link to a {what} inside it\n",
        target.display()
    );
    let outcome = outcome.stderr_contains(&expected).stderr_lacks(SECRET);
    assert!(!outcome.exists("public"), "nothing is written");
    outcome
}

#[test]
fn a_content_page_linked_outside_is_refused() {
    let outside = Outside::new();
    let site = site();
    link(&site, "content/guides/passwd.md", outside.real("passwd"));
    refused(&site, "content/guides/passwd.md", &outside.real("passwd"), "file");
}

#[test]
fn a_content_asset_linked_outside_is_refused() {
    let outside = Outside::new();
    let site = site();
    link(&site, "content/guides/passwd.txt", outside.real("passwd"));
    refused(&site, "content/guides/passwd.txt", &outside.real("passwd"), "file");
}

#[test]
fn a_static_file_linked_outside_is_refused() {
    let outside = Outside::new();
    let site = site();
    link(&site, "static/passwd.txt", outside.real("passwd"));
    refused(&site, "static/passwd.txt", &outside.real("passwd"), "file");
}

#[test]
fn a_folder_linked_outside_is_refused_in_content_and_static() {
    let outside = Outside::new();
    let site = site();
    link(&site, "content/guides/etc", outside.real("dir"));
    link(&site, "static/etc", outside.real("dir"));
    let outcome = refused(&site, "content/guides/etc", &outside.real("dir"), "folder");
    assert!(
        !outcome.stderr.contains("content/guides/etc/"),
        "the folder is refused, not its files\n{}",
        outcome.stderr
    );

    // static/ is only walked once content/ loads.
    std::fs::remove_file(site.path("content/guides/etc")).unwrap();
    refused(&site, "static/etc", &outside.real("dir"), "folder");

    // A whole source folder that is a link out of the site is refused too.
    std::fs::remove_file(site.path("static/etc")).unwrap();
    std::fs::remove_dir(site.path("static")).unwrap();
    link(&site, "static", outside.real("dir"));
    refused(&site, "static", &outside.real("dir"), "folder");
}

#[test]
fn a_template_linked_outside_is_refused() {
    let outside = Outside::new();
    let site = site();
    link(&site, "templates/page.html", outside.real("page.html"));
    refused(&site, "templates/page.html", &outside.real("page.html"), "file");
}

#[test]
fn a_site_toml_linked_outside_is_refused() {
    let outside = Outside::new();
    let site = site();
    std::fs::remove_file(site.path("site.toml")).unwrap();
    link(&site, "site.toml", outside.real("site.toml"));
    refused(&site, "site.toml", &outside.real("site.toml"), "file");
}

#[test]
fn a_sample_include_linked_outside_is_refused_at_its_fence() {
    let outside = Outside::new();
    // Hidden folders are not walked as content, so only the include reads them.
    let site = site().page(
        "content/guides/code.md",
        "Code",
        "Intro.\n\n```python file=\".samples/secret.py\"\n```\n\n```python file=\"/.shared/sample.py\"\n```\n",
    );
    link(&site, "content/guides/.samples/secret.py", outside.real("sample.py"));
    link(&site, "content/.shared", outside.real("dir"));
    std::fs::write(outside.dir.path().join("dir/sample.py"), format!("{SECRET}\n")).unwrap();
    let outcome = site.run(&["build"]).failure(1).stderr_lacks(SECRET);
    let file = outside.real("sample.py");
    outcome
        .stderr_contains(&format!(
            "error: `content/guides/.samples/secret.py` is a link to `{}`, outside the site folder\n  --> content/guides/code.md:6:1\n",
            file.display()
        ))
        .stderr_contains(&format!(
            "error: `content/.shared` is a link to `{}`, outside the site folder\n  --> content/guides/code.md:9:1\n",
            outside.real("dir").display()
        ))
        .stderr_contains("6 | ```python file=\".samples/secret.py\"\n  | ^^^\n")
        .stderr_contains("= help: copy the file into the site, or link to a file inside it")
        .stderr_contains("2 errors");
}

#[test]
fn a_criteria_file_linked_outside_is_refused() {
    let outside = Outside::new();
    let site = site().page("content/guides/table.md", "Table", "::: criteria file=\".data/criteria.csv\"\n:::\n");
    link(&site, "content/guides/.data/criteria.csv", outside.real("criteria.csv"));
    site.run(&["build"])
        .failure(1)
        .stderr_lacks(SECRET)
        .stderr_contains(&format!(
            "error: `content/guides/.data/criteria.csv` is a link to `{}`, outside the site folder\n  --> content/guides/table.md:4:1\n",
            outside.real("criteria.csv").display()
        ));
}

/// Files and folders linked from one place of the site to another.
fn linked_inside(site: &Site) {
    site.write("samples/shared.md", page("Shared", "Shared text.\n"));
    site.write("samples/logo.txt", "LOGO\n");
    site.write("samples/code/app.py", "print('inside')\n");
    site.write("shared/deep/z.md", page("Deep", "Deep text.\n"));
    link(site, "content/guides/shared.md", "../../samples/shared.md");
    link(site, "content/guides/more", site.path("shared"));
    link(site, "content/guides/.code", "../../samples/code");
    link(site, "static/logo.txt", "../samples/logo.txt");
    link(site, "templates/page.html", "../samples/page.html");
    let theme_page = include_str!("../../templates/page.html");
    site.write(
        "samples/page.html",
        theme_page.replace("<article class=\"article\">", "<article class=\"article\">LINKED TEMPLATE"),
    );
    site.write("content/guides/code.md", page("Code", "```python file=\".code/app.py\"\n```\n"));
}

#[test]
fn links_inside_the_site_work() {
    let site = site();
    linked_inside(&site);
    let built = site.build();
    assert!(built.read("public/guides/shared/index.html").contains("Shared text."));
    assert!(built.read("public/guides/more/deep/z/index.html").contains("Deep text."));
    assert!(built.read("public/guides/shared/index.html").contains("LINKED TEMPLATE"));
    assert!(built.read("public/guides/code/index.html").contains("inside"));
    assert_eq!(built.read("public/logo.txt"), "LOGO\n");
}

#[test]
fn an_editors_lock_file_is_skipped_without_following_it() {
    // Emacs marks a file being edited with a link to `user@host.pid` that leads nowhere.
    let site = site();
    link(&site, "content/guides/.#first.md", "me@laptop.4242:1700000000");
    link(&site, "static/.#extra.css", "me@laptop.4242:1700000000");
    link(&site, "templates/.#page.html", "me@laptop.4242:1700000000");
    let built = site.build();
    assert!(built.read("public/guides/first/index.html").contains("One."));
}

#[test]
fn the_site_folder_may_be_reached_through_a_link() {
    let outside = Outside::new();
    let site = site();
    linked_inside(&site);
    let links = tempfile::tempdir().unwrap();
    let root = links.path().join("site");
    symlink(site.root(), &root).unwrap();
    let root_arg = root.to_str().unwrap();
    let built = site.run(&["build", "--root", root_arg]).success();
    assert!(built.read("public/guides/more/deep/z/index.html").contains("Deep text."));

    link(&site, "content/guides/passwd.txt", outside.real("passwd"));
    site.run(&["build", "--root", root_arg])
        .failure(1)
        .stderr_contains(&format!(
            "error: `content/guides/passwd.txt` is a link to `{}`, outside the site folder\n  --> content/guides/passwd.txt:1:1\n",
            outside.real("passwd").display()
        ));
}

#[test]
fn symlink_loops_and_dangling_links_are_located_errors() {
    let site = site();
    link(&site, "content/guides/loop.md", "loop.md");
    link(&site, "content/guides/ping.md", "pong.md");
    link(&site, "content/guides/pong.md", "ping.md");
    link(&site, "content/guides/sub/up", "..");
    link(&site, "static/a/b/top", site.path("static"));
    link(&site, "content/guides/gone.md", "nowhere.md");
    let outcome = site.run(&["build"]).failure(1);
    outcome
        .stderr_contains("error: `content/guides/loop.md` is a symlink loop\n  --> content/guides/loop.md:1:1\n")
        .stderr_contains("error: `content/guides/ping.md` is a symlink loop\n")
        .stderr_contains("error: `content/guides/pong.md` is a symlink loop\n")
        .stderr_contains(
            "error: `content/guides/sub/up` is a link to `content/guides`, a folder it is in: a symlink loop\n  --> content/guides/sub/up:1:1\n",
        )
        .stderr_contains(
            "error: `content/guides/gone.md` is a link to `nowhere.md`, which does not exist\n  --> content/guides/gone.md:1:1\n",
        )
        .stderr_contains("5 errors")
        .stderr_lacks("os error");

    for path in ["loop.md", "ping.md", "pong.md", "sub/up", "gone.md"] {
        std::fs::remove_file(site.path(&format!("content/guides/{path}"))).unwrap();
    }
    site.run(&["build"]).failure(1).stderr_contains(
        "error: `static/a/b/top` is a link to `static`, a folder it is in: a symlink loop\n  --> static/a/b/top:1:1\n",
    );
}

#[test]
fn the_outside_files_text_never_appears_in_messages() {
    let outside = Outside::new();
    // Each of these, read, would fail with a code frame quoting its first line.
    let site = site().page("content/guides/table.md", "Table", "::: criteria file=\".data/criteria.csv\"\n:::\n").page(
        "content/guides/code.md",
        "Code",
        "```python file=\".s/sample.py\" lines=\"7\"\n```\n",
    );
    link(&site, "content/guides/.data/criteria.csv", outside.real("criteria.csv"));
    link(&site, "content/guides/.s/sample.py", outside.real("sample.py"));
    link(&site, "content/guides/passwd.md", outside.real("passwd"));
    link(&site, "content/guides/etc", outside.real("dir"));
    link(&site, "templates/page.html", outside.real("page.html"));
    site.run(&["build"])
        .failure(1)
        .stderr_lacks(SECRET)
        .stderr_lacks("root:x")
        // Refusals while walking content/ come with the templates' problems, all at once.
        .stderr_contains("`content/guides/passwd.md` is a link to")
        .stderr_contains("`content/guides/etc` is a link to")
        .stderr_contains("`templates/page.html` is a link to")
        .stderr_contains("3 errors");

    for path in ["content/guides/passwd.md", "content/guides/etc"] {
        std::fs::remove_file(site.path(path)).unwrap();
    }
    site.run(&["build"]).failure(1).stderr_lacks(SECRET).stderr_contains("`templates/page.html` is a link to");

    // And with templates/ clean, the includes are.
    std::fs::remove_file(site.path("templates/page.html")).unwrap();
    site.run(&["build"])
        .failure(1)
        .stderr_lacks(SECRET)
        .stderr_contains("`content/guides/.s/sample.py` is a link to")
        .stderr_contains("`content/guides/.data/criteria.csv` is a link to");
}

#[test]
fn nothing_of_the_outside_file_reaches_the_output() {
    let outside = Outside::new();
    let site = site().file("static/notes.txt", "notes\n");
    let first = site.build();
    let before = support::tree(&site.path("public"));

    link(&site, "content/guides/passwd.txt", outside.real("passwd"));
    link(&site, "static/etc", outside.real("dir"));
    std::fs::remove_file(site.path("static/notes.txt")).unwrap();
    link(&site, "static/notes.txt", outside.real("passwd"));
    let other = tempfile::tempdir().unwrap();
    site.run(&["build"]).failure(1);
    site.run(&["build", "--output", other.path().to_str().unwrap()]).failure(1);

    assert_eq!(support::tree(&site.path("public")), before, "the last good output stays as it was");
    assert!(support::tree(other.path()).is_empty(), "nothing is written elsewhere either");
    for (path, bytes) in &before {
        assert!(!String::from_utf8_lossy(bytes).contains(SECRET), "{} holds the outside file", path.display());
    }
    assert_eq!(first.read("public/notes.txt"), "notes\n");
}

/// Replace `rel` by a symlink to `target` in one step, as a checkout or a sync tool would.
fn swap_for_link(site: &Site, rel: &str, target: &Path) {
    let path = site.path(rel);
    let temp = path.with_file_name(".swap.tmp");
    symlink(target, &temp).unwrap();
    std::fs::rename(&temp, &path).unwrap();
}

#[test]
fn serve_never_serves_a_file_linked_outside() {
    let outside = Outside::new();
    let site = site().file("static/notes.txt", "notes\n").file("content/guides/photo.txt", "photo\n");
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    events.wait("hello", |_| true);
    assert_eq!(serve.get("/notes.txt").body, "notes\n");

    // Files the server already copied, replaced by links out of the site, and a new link.
    swap_for_link(&site, "static/notes.txt", &outside.real("passwd"));
    let failed = events.wait("failed", |d| d.contains("outside the site folder"));
    assert!(failed.data.contains("static/notes.txt"), "{failed:?}");
    link(&site, "static/passwd.txt", outside.real("passwd"));
    events.wait("failed", |d| d.contains("static/passwd.txt") && d.contains("static/notes.txt"));
    swap_for_link(&site, "content/guides/photo.txt", &outside.real("passwd"));
    events.wait("failed", |d| d.contains("content/guides/photo.txt"));

    for path in ["/notes.txt", "/guides/photo.txt", "/passwd.txt", "/", "/guides/first/"] {
        let reply = serve.get(path);
        assert!(!reply.body.contains(SECRET), "GET {path} served the outside file: {reply:?}");
    }
    assert_eq!(serve.get("/notes.txt").body, "notes\n", "the last good copy");
    assert_eq!(serve.get("/passwd.txt").status, 404);
    assert!(!serve.stderr().contains(SECRET), "{}", serve.output());
}
