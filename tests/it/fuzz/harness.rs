//! The fuzz harness: mutate a site that uses every feature, run the real `versa build` and
//! `versa check` on it, and check the promises that hold for any input:
//!
//! - versa exits 0 or 1: never a panic, a crash (stack overflow, abort) or a hang;
//! - every error it prints is located (`  --> file:line:col` under it);
//! - nothing outside the output folder changes, and `check` changes nothing at all;
//! - a failed build leaves the previous output exactly as it was;
//! - nothing of the file outside the site (reached through symlinks) reaches the output or the
//!   messages;
//! - `check` fails whenever `build` fails.
//!
//! Shared by the bounded run in `cargo test` (`tests/it/fuzz.rs`) and the long run
//! (`examples/fuzz.rs`), which differ only in the number of cases and the seed.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

/// Text in the file outside the site; it must never show up in the output or a message.
const SECRET: &str = "SECRET-7f3a-outside-the-site";
/// A build of a small site takes well under a second; longer than this is a hang.
const RUN_LIMIT: Duration = Duration::from_secs(60);

/// One change to the site.
#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    /// Set a front-matter key of a markdown file (TOML form) to a value.
    FrontMatter { file: usize, key: &'static str, value: String },
    /// Insert a line into a text file (a markdown file when `markdown`).
    Line { file: usize, markdown: bool, at: usize, line: String },
    /// Replace a template's text.
    Template { name: &'static str, text: String },
    /// Overwrite bytes in a file, or cut it short.
    Bytes { file: usize, at: usize, bytes: Vec<u8>, truncate: bool },
    /// Add a symlink inside the site.
    Symlink { at: &'static str, target: &'static str },
}

const KEYS: &[&str] =
    &["title", "slug", "date", "weight", "compare", "template", "draft", "tags", "nav_title", "description", "titel"];

const VALUES: &[&str] = &[
    "\"..\"",
    "\".\"",
    "\"index.html\"",
    "\"404.html\"",
    "\"sitemap.xml\"",
    "\"assets\"",
    "\"__versa\"",
    "\"a/b\"",
    "\"\\u0000\"",
    "\"\"",
    "2026-02-31",
    "2026-11-20T10:00:00Z",
    "\"x\\\"onmouseover=\\\"alert(1)\"",
    "[\"toml\", \"nope\"]",
    "[\"toml\", \"yaml\"]",
    "true",
    "-1",
    "99999999999999999999",
    "\"comparison.html\"",
    "\"../x.html\"",
    "{ a = 1 }",
    "\"<script>alert(1)</script>\"",
];

const LINES: &[&str] = &[
    "::: compare",
    ":::",
    "::::",
    "::: criteria",
    "::: criteria file=\"../../outside/secret.csv\"",
    "::: criteria file=\"criteria.csv\" rows=\"x\"",
    "::: tip Title \"quoted\" <b>",
    "::: faq",
    "::: details",
    "::: nope",
    "::: contenders",
    "```python file=\"/samples/server.toml\" region=\"nope\"",
    "```toml file=\"/samples/server.toml\" region=\"server\" hl=\"1-999\" numbers",
    "```yaml file=\"../../../outside/secret.txt\"",
    "```rust lines=\"3-1\" title=\"a\\\"b\"",
    "```",
    "~~~",
    "~~~~    ruby startline=3 $%@#$",
    "## Heading {#x\"onmouseover=\"alert(1)}",
    "## Heading {#top}",
    "## Heading {#top}",
    "<!--versa:7-->",
    "<!--/versa:0-->",
    "<!--versa-criteria:0-->",
    "| Criterion | TOML | YAML |",
    "|---|---|---|",
    "| a | [+] b | [~] c |",
    "> [!NOTE]",
    "> ::: tip",
    "- ::: note",
    "[link](missing.md#nope)",
    "[up](../../../outside/secret.txt)",
    "![img](../../outside/secret.txt)",
    "{% raw %}{{ page.title }}",
    "+++",
    "---",
    "\t\u{0}\u{feff}é",
];

const TEMPLATES: &[&str] = &["comparison.html", "page.html", "base.html", "partials/x.html"];

const TEMPLATE_TEXTS: &[&str] = &[
    "{% include \"comparison.html\" %}",
    "{% extends \"comparison.html\" %}",
    "{% extends \"page.html\" %}{% block content %}{% include \"partials/x.html\" %}{% endblock content %}",
    "{% include \"page.html\" %}",
    "{% macro m() %}{{ self::m() }}{% endmacro m %}{{ self::m() }}",
    "{% import \"../x.html\" as m %}{{ m::a() }}",
    "{% import \"comparison.html\" as m %}",
    "{{ page.titel }}",
    "{{ page.title | nofilter }}",
    "{{ page.title",
    "{% for i in range(end=3) %}{{ i }}{% endfor %}",
    "{% if %}",
    "{{ 1 / 0 }}",
    "",
];

const LINK_PLACES: &[&str] = &[
    "content/leak.md",
    "content/leak.txt",
    "static/leak.txt",
    "templates/leak.html",
    "content/samples/link",
    "content/loop",
];
const LINK_TARGETS: &[&str] =
    &["outside/secret.md", "outside/secret.txt", "outside", "/etc/passwd", "site/content", "site/content/loop"];

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(LINES).prop_map(str::to_string),
        1 => prop::sample::select(VALUES).prop_map(str::to_string),
        1 => "[ -~]{0,16}",
        1 => "\\PC{0,8}",
    ]
}

/// Any one mutation.
pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        3 => (any::<usize>(), prop::sample::select(KEYS), prop_oneof![prop::sample::select(VALUES).prop_map(str::to_string), "\"[ -~]{0,12}\""])
            .prop_map(|(file, key, value)| Mutation::FrontMatter { file, key, value }),
        5 => (any::<usize>(), prop::bool::weighted(0.8), any::<usize>(), any_text())
            .prop_map(|(file, markdown, at, line)| Mutation::Line { file, markdown, at, line }),
        0 => (prop::sample::select(TEMPLATES), prop_oneof![prop::sample::select(TEMPLATE_TEXTS).prop_map(str::to_string), any_text()])
            .prop_map(|(name, text)| Mutation::Template { name, text }),
        2 => (any::<usize>(), any::<usize>(), prop::collection::vec(any::<u8>(), 0..6), any::<bool>())
            .prop_map(|(file, at, bytes, truncate)| Mutation::Bytes { file, at, bytes, truncate }),
        0 => (prop::sample::select(LINK_PLACES), prop::sample::select(LINK_TARGETS))
            .prop_map(|(at, target)| Mutation::Symlink { at, target }),
    ]
}

/// A case: one to four mutations of the base site.
pub(crate) fn case() -> impl Strategy<Value = Vec<Mutation>> {
    prop::collection::vec(mutation(), 1..5)
}

/// The base site (the `versa new` site, built once) beside a folder outside it.
pub(crate) struct Base {
    dir: tempfile::TempDir,
    versa: Versa,
}

/// How to run versa: a program, and arguments that come before versa's own.
#[derive(Clone)]
pub(crate) struct Versa {
    pub(crate) program: PathBuf,
    pub(crate) prefix: Vec<String>,
}

impl Versa {
    fn run(&self, cwd: &Path, args: &[&str]) -> Result<Run, TestCaseError> {
        let mut child = Command::new(&self.program)
            .args(&self.prefix)
            .args(args)
            .current_dir(cwd)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .map_err(|e| TestCaseError::fail(format!("cannot run versa: {e}")))?;
        let started = Instant::now();
        while child.try_wait().map_err(|e| TestCaseError::fail(e.to_string()))?.is_none() {
            if started.elapsed() > RUN_LIMIT {
                let _ = child.kill();
                return Err(TestCaseError::fail(format!("versa {args:?} ran longer than {RUN_LIMIT:?}")));
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        let output = child.wait_with_output().map_err(|e| TestCaseError::fail(e.to_string()))?;
        Ok(Run {
            code: output.status.code(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            status: output.status.to_string(),
        })
    }
}

struct Run {
    code: Option<i32>,
    stderr: String,
    status: String,
}

impl Base {
    /// Make the base site with `versa new` and build it.
    pub(crate) fn new(versa: Versa) -> Base {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let outside = dir.path().join("outside");
        std::fs::create_dir_all(&outside).expect("create outside/");
        for name in ["secret.md", "secret.txt", "secret.csv"] {
            let text = format!("+++\ntitle = \"{SECRET}\"\n+++\n{SECRET}\n");
            std::fs::write(outside.join(name), text).expect("write a secret");
        }
        let made = versa.run(dir.path(), &["new", "site"]).expect("run versa new");
        assert_eq!(made.code, Some(0), "versa new failed: {}", made.stderr);
        let built = versa.run(dir.path(), &["build", "--root", "site"]).expect("run versa build");
        assert_eq!(built.code, Some(0), "the base site does not build: {}", built.stderr);
        Base { dir, versa }
    }

    /// Apply `mutations` to a fresh copy of the base site and check every promise.
    pub(crate) fn check(&self, mutations: &[Mutation]) -> Result<(), TestCaseError> {
        let work = tempfile::tempdir().map_err(|e| TestCaseError::fail(e.to_string()))?;
        copy_tree(self.dir.path(), work.path()).map_err(|e| TestCaseError::fail(format!("copy the base: {e}")))?;
        let root = work.path().join("site");
        for m in mutations {
            apply(&root, m);
        }
        let before = snapshot(work.path());
        let build = self.versa.run(work.path(), &["build", "--root", "site"])?;
        expect_clean_exit("build", &build)?;
        let after = snapshot(work.path());
        let (outside_before, output_before) = split_output(&before);
        let (outside_after, output_after) = split_output(&after);
        prop_assert!(
            outside_before == outside_after,
            "build changed files outside public/: {}",
            diff(&outside_before, &outside_after)
        );
        if build.code == Some(1) {
            prop_assert!(
                output_before == output_after,
                "a failed build changed public/: {}",
                diff(&output_before, &output_after)
            );
        } else {
            prop_assert!(
                output_after.contains_key(Path::new("site/public/index.html")),
                "no home page after a good build"
            );
        }
        for (path, entry) in &output_after {
            prop_assert!(!entry.contains(SECRET), "{} holds the outside file's text", path.display());
        }
        for (path, entry) in &all_entries(&work.path().join(CACHE)) {
            prop_assert!(!entry.contains(SECRET), "the cache's {} holds the outside file's text", path.display());
        }
        let check = self.versa.run(work.path(), &["check", "--root", "site"])?;
        expect_clean_exit("check", &check)?;
        prop_assert!(snapshot(work.path()) == after, "check changed files");
        prop_assert!(
            !(build.code == Some(1) && check.code == Some(0)),
            "build failed but check passed:\n{}",
            build.stderr
        );
        Ok(())
    }
}

/// Exit 0 or 1, no panic, every error located, nothing of the secret.
fn expect_clean_exit(command: &str, run: &Run) -> Result<(), TestCaseError> {
    prop_assert!(matches!(run.code, Some(0 | 1)), "{command} ended with {}:\n{}", run.status, run.stderr);
    prop_assert!(!run.stderr.contains("panicked"), "{command} panicked:\n{}", run.stderr);
    prop_assert!(!run.stderr.contains(SECRET), "{command} printed the outside file's text:\n{}", run.stderr);
    let lines: Vec<&str> = run.stderr.lines().collect();
    for (i, line) in lines.iter().enumerate() {
        if line.starts_with("error:") {
            let located = lines.get(i + 1).is_some_and(|next| next.starts_with("  --> "));
            prop_assert!(located, "{command}: an error without a location: {line}\n{}", run.stderr);
        }
    }
    Ok(())
}

fn text_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walk(root)
        .into_iter()
        .filter(|p| !p.starts_with(root.join("public")))
        .filter(|p| p.extension().is_some_and(|e| ["md", "toml", "yaml", "csv", "html"].iter().any(|x| e == *x)))
        .collect();
    files.sort();
    files
}

fn apply(root: &Path, mutation: &Mutation) {
    let files = text_files(root);
    let pick = |i: usize| files[i % files.len()].clone();
    let markdown: Vec<&PathBuf> = files.iter().filter(|p| p.extension().is_some_and(|e| e == "md")).collect();
    match mutation {
        Mutation::FrontMatter { file, key, value } => {
            let path = markdown[file % markdown.len()];
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let prefix = format!("{key} =");
            let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
            let new = format!("{key} = {value}");
            match lines.iter().position(|l| l.starts_with(&prefix)) {
                Some(i) => lines[i] = new,
                None if lines.first().is_some_and(|l| l == "+++") => lines.insert(1, new),
                None => lines.insert(0, new),
            }
            let _ = std::fs::write(path, lines.join("\n") + "\n");
        }
        Mutation::Line { file, markdown: in_markdown, at, line } => {
            let path = if *in_markdown { markdown[file % markdown.len()].clone() } else { pick(*file) };
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            let mut lines: Vec<&str> = text.lines().collect();
            let at = at % (lines.len() + 1);
            lines.insert(at, line);
            let _ = std::fs::write(&path, lines.join("\n") + "\n");
        }
        Mutation::Template { name, text } => {
            let path = root.join("templates").join(name);
            let _ = std::fs::create_dir_all(path.parent().unwrap_or(root));
            let _ = std::fs::write(path, text);
        }
        Mutation::Bytes { file, at, bytes, truncate } => {
            let path = pick(*file);
            let mut data = std::fs::read(&path).unwrap_or_default();
            let at = at % (data.len() + 1);
            if *truncate {
                data.truncate(at);
            } else {
                let end = (at + bytes.len()).min(data.len());
                data.splice(at..end, bytes.iter().copied());
            }
            let _ = std::fs::write(&path, data);
        }
        Mutation::Symlink { at, target } => {
            let link = root.join(at);
            let outer = root.parent().unwrap_or(root);
            let target = if target.starts_with('/') { PathBuf::from(target) } else { outer.join(target) };
            let _ = std::fs::create_dir_all(link.parent().unwrap_or(root));
            #[cfg(unix)]
            let _ = std::os::unix::fs::symlink(target, link);
        }
    }
}

/// One file system entry, as compared before and after.
#[derive(Debug, PartialEq, Eq)]
enum Entry {
    File(Vec<u8>),
    Link(PathBuf),
    Folder,
}

impl Entry {
    fn contains(&self, needle: &str) -> bool {
        matches!(self, Entry::File(bytes) if bytes.windows(needle.len()).any(|w| w == needle.as_bytes()))
    }
}

type Snapshot = BTreeMap<PathBuf, Entry>;

/// The highlight cache's entries, which `build` and `check` may add to: versa's own, like the
/// output, and left out of [`snapshot`].
const CACHE: &str = "site/.versa-cache";

/// Every entry below `dir` but the highlight cache, without following links.
fn snapshot(dir: &Path) -> Snapshot {
    let mut entries = all_entries(dir);
    entries.retain(|rel, _| !rel.starts_with(CACHE));
    entries
}

fn all_entries(dir: &Path) -> Snapshot {
    let mut entries = BTreeMap::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        let Ok(read) = std::fs::read_dir(&folder) else { continue };
        for entry in read.flatten() {
            let path = entry.path();
            let rel = path.strip_prefix(dir).unwrap_or(&path).to_path_buf();
            let Ok(meta) = std::fs::symlink_metadata(&path) else { continue };
            let value = if meta.file_type().is_symlink() {
                Entry::Link(std::fs::read_link(&path).unwrap_or_default())
            } else if meta.is_dir() {
                pending.push(path);
                Entry::Folder
            } else {
                Entry::File(std::fs::read(&path).unwrap_or_default())
            };
            entries.insert(rel, value);
        }
    }
    entries
}

/// Paths below `dir` that are files (following links inside, for picking files to mutate).
fn walk(dir: &Path) -> Vec<PathBuf> {
    snapshot(dir).into_iter().filter(|(_, e)| matches!(e, Entry::File(_))).map(|(rel, _)| dir.join(rel)).collect()
}

/// The entries outside the output, and the output's own: `site/public/` and the manifest versa
/// keeps beside it. The spare folder beside them (what the next build starts from, whatever a
/// failed build left in it) is in neither.
fn split_output(all: &Snapshot) -> (BTreeMap<&Path, &Entry>, BTreeMap<&Path, &Entry>) {
    let output = |p: &Path| p.starts_with("site/public") || p == Path::new("site/.public.versa-manifest");
    let spare = |p: &Path| p.starts_with("site/.public.versa-spare");
    let entries = all.iter().map(|(p, e)| (p.as_path(), e)).filter(|(p, _)| !spare(p));
    let (inside, outside): (Vec<_>, Vec<_>) = entries.partition(|(p, _)| output(p));
    (outside.into_iter().collect(), inside.into_iter().collect())
}

fn diff(a: &BTreeMap<&Path, &Entry>, b: &BTreeMap<&Path, &Entry>) -> String {
    let mut out = Vec::new();
    for (path, entry) in a {
        match b.get(path) {
            None => out.push(format!("removed {}", path.display())),
            Some(other) if other != entry => out.push(format!("changed {}", path.display())),
            _ => {}
        }
    }
    out.extend(b.keys().filter(|p| !a.contains_key(*p)).map(|p| format!("added {}", p.display())));
    out.truncate(10);
    out.join(", ")
}

/// Copy a tree, keeping symlinks as symlinks.
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    for (rel, entry) in snapshot(from) {
        let target = to.join(&rel);
        match entry {
            Entry::Folder => std::fs::create_dir_all(&target)?,
            Entry::File(bytes) => {
                std::fs::create_dir_all(target.parent().unwrap_or(to))?;
                std::fs::write(&target, bytes)?;
            }
            #[cfg(unix)]
            Entry::Link(dest) => std::os::unix::fs::symlink(dest, &target)?,
            #[cfg(not(unix))]
            Entry::Link(_) => {}
        }
    }
    Ok(())
}
