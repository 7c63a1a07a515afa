//! A fixture-site builder in the spirit of mdBook's `BookTest` and just's `Test`: a site in a
//! temporary folder, the real `versa` binary run on it, and assertions on what a user sees
//! (the exit code, the messages, the files and their HTML).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus};
use std::rc::Rc;

/// The `site.toml` of [`Site::new`]: two contenders, `a` (Alpha) and `b` (Beta).
pub(crate) const SITE_TOML: &str = r#"title = "Test Site"
base_url = "https://example.com/"
description = "A site for tests"

[contenders.a]
name = "Alpha"
version = "1.0"
homepage = "https://alpha.example"

[contenders.b]
name = "Beta"
"#;

/// The text of a markdown page with TOML front matter: the body starts on line 4.
pub(crate) fn page(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\n+++\n{body}")
}

/// A site in a temporary folder, removed when it and every [`Outcome`] of it are dropped.
pub(crate) struct Site {
    dir: Rc<tempfile::TempDir>,
}

impl Site {
    /// A site with [`SITE_TOML`] and nothing else.
    pub(crate) fn new() -> Self {
        Self::empty().file("site.toml", SITE_TOML)
    }

    /// An empty folder, not even a `site.toml`.
    pub(crate) fn empty() -> Self {
        Self { dir: Rc::new(tempfile::tempdir().expect("create a temporary folder")) }
    }

    /// Add a file (creating its folders).
    pub(crate) fn file(self, path: &str, contents: impl AsRef<[u8]>) -> Self {
        self.write(path, contents);
        self
    }

    /// Add a markdown page made by [`page`].
    pub(crate) fn page(self, path: &str, title: &str, body: &str) -> Self {
        self.file(path, page(title, body))
    }

    /// Write or overwrite a file after the site was set up.
    pub(crate) fn write(&self, path: &str, contents: impl AsRef<[u8]>) {
        let path = self.path(path);
        std::fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        std::fs::write(&path, contents).expect("write a fixture file");
    }

    /// Delete a file of the site.
    pub(crate) fn remove(&self, path: &str) {
        std::fs::remove_file(self.path(path)).expect("remove a fixture file");
    }

    /// The site's folder.
    pub(crate) fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the site's folder.
    pub(crate) fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    /// Run `versa ARGS --root SITE` in the site's folder; `versa new`, and commands that name
    /// their own `--root`, get no extra `--root`.
    pub(crate) fn run(&self, args: &[&str]) -> Outcome {
        self.run_with_env(args, &[])
    }

    /// [`Site::run`] with extra environment variables.
    pub(crate) fn run_with_env(&self, args: &[&str], env: &[(&str, &str)]) -> Outcome {
        let mut command = Command::new(env!("CARGO_BIN_EXE_versa"));
        command.args(args).current_dir(self.root()).env_remove("VERSA_CACHE_DIR");
        for (name, value) in env {
            command.env(name, value);
        }
        if args.first() != Some(&"new") && !args.contains(&"--root") {
            command.arg("--root").arg(self.root());
        }
        let output = command.output().expect("run versa");
        Outcome {
            status: output.status,
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            dir: Rc::clone(&self.dir),
        }
    }

    /// `versa build`, which must succeed.
    #[track_caller]
    pub(crate) fn build(&self) -> Outcome {
        self.run(&["build"]).success()
    }
}

/// What one run of versa did.
pub(crate) struct Outcome {
    pub(crate) status: ExitStatus,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    /// Keeps the site's folder alive for `Site::new().….build().html(…)`.
    dir: Rc<tempfile::TempDir>,
}

impl Outcome {
    fn describe(&self) -> String {
        format!("exit status: {}\n--- stdout ---\n{}\n--- stderr ---\n{}", self.status, self.stdout, self.stderr)
    }

    /// Exit code 0.
    #[track_caller]
    pub(crate) fn success(self) -> Self {
        assert!(self.status.success(), "expected success\n{}", self.describe());
        self
    }

    /// Exit with `code` (never a panic or a signal).
    #[track_caller]
    pub(crate) fn failure(self, code: i32) -> Self {
        assert_eq!(self.status.code(), Some(code), "expected exit code {code}\n{}", self.describe());
        assert!(!self.stderr.contains("panicked"), "versa panicked\n{}", self.describe());
        self
    }

    /// Exit 0 or 1, never a panic, a crash or a usage error.
    #[track_caller]
    pub(crate) fn no_panic(self) -> Self {
        assert!(matches!(self.status.code(), Some(0 | 1)), "expected exit code 0 or 1\n{}", self.describe());
        assert!(!self.stderr.contains("panicked"), "versa panicked\n{}", self.describe());
        self
    }

    #[track_caller]
    pub(crate) fn stderr_contains(self, needle: &str) -> Self {
        assert!(self.stderr.contains(needle), "stderr lacks {needle:?}\n{}", self.describe());
        self
    }

    #[track_caller]
    pub(crate) fn stderr_lacks(self, needle: &str) -> Self {
        assert!(!self.stderr.contains(needle), "stderr has {needle:?}\n{}", self.describe());
        self
    }

    #[track_caller]
    pub(crate) fn stdout_contains(self, needle: &str) -> Self {
        assert!(self.stdout.contains(needle), "stdout lacks {needle:?}\n{}", self.describe());
        self
    }

    /// A built file, parsed as HTML.
    #[track_caller]
    pub(crate) fn html(&self, rel: &str) -> Html {
        Html::parse(&read(&self.dir.path().join(rel)))
    }

    /// A built file's text.
    #[track_caller]
    pub(crate) fn read(&self, rel: &str) -> String {
        read(&self.dir.path().join(rel))
    }

    /// Whether the site folder holds `rel`.
    pub(crate) fn exists(&self, rel: &str) -> bool {
        self.dir.path().join(rel).exists()
    }
}

#[track_caller]
fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// A parsed HTML document.
pub(crate) struct Html(scraper::Html);

impl Html {
    pub(crate) fn parse(text: &str) -> Self {
        Self(scraper::Html::parse_document(text))
    }

    /// Every element matching a CSS selector.
    pub(crate) fn select_all(&self, css: &str) -> Vec<scraper::ElementRef<'_>> {
        let selector = scraper::Selector::parse(css).unwrap_or_else(|e| panic!("bad selector {css:?}: {e:?}"));
        self.0.select(&selector).collect()
    }

    /// The one element matching a CSS selector.
    #[track_caller]
    pub(crate) fn one(&self, css: &str) -> scraper::ElementRef<'_> {
        let all = self.select_all(css);
        assert_eq!(all.len(), 1, "expected exactly one {css:?} in\n{}", self.0.html());
        all[0]
    }

    /// The text of every element matching a selector, whitespace-trimmed.
    pub(crate) fn texts(&self, css: &str) -> Vec<String> {
        self.select_all(css).into_iter().map(text).collect()
    }

    /// An attribute of every element matching a selector.
    pub(crate) fn attrs(&self, css: &str, attr: &str) -> Vec<String> {
        self.select_all(css).into_iter().filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
    }
}

/// An element's text, whitespace-trimmed.
pub(crate) fn text(element: scraper::ElementRef<'_>) -> String {
    element.text().collect::<String>().trim().to_string()
}

/// Every file below `dir` with its bytes, by relative path.
pub(crate) fn tree(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).expect("list a folder") {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                pending.push(path);
            } else {
                let bytes = std::fs::read(&path).expect("read a built file");
                files.insert(path.strip_prefix(dir).expect("below dir").to_path_buf(), bytes);
            }
        }
    }
    files
}

/// The built HTML files below `public/`, by path relative to `public/`.
pub(crate) fn html_files(public: &Path) -> Vec<(PathBuf, Html)> {
    tree(public)
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(path, bytes)| (path, Html::parse(&String::from_utf8_lossy(&bytes))))
        .collect()
}
