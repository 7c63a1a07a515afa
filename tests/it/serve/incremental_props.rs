//! Random edit sequences against the full-build oracle: proptest edits a small site (front
//! matter, bodies, sections, samples, criteria data, claims in `matrix.toml` shown on pages and
//! on generated pair pages, templates, static files, and pages and sections added, removed and
//! renamed), rebuilds after each edit as `versa serve` does, and
//! compares what the store serves with a fresh full build, byte for byte. A failure shrinks to
//! the shortest sequence that still diverges.
//!
//! The seed is fixed, so `cargo test` runs the same sequences every time; set
//! `VERSA_INCREMENTAL_CASES` to run more.

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use super::incremental::Live;
use crate::support;

/// Sequences per `cargo test` (a few seconds in a debug build).
const CASES: u32 = 16;
/// Sequences on the large site, whose full builds (the oracle) take longer.
const LARGE_CASES: u32 = 3;
/// Pages in the large site's extra section: more links than a small site's whole-tree sidebar.
const BULK: usize = 210;

const TITLES: &[&str] = &["Alpha", "Beta", "Same", "Same", "Zed"];
const DATES: &[&str] = &["2023-12-31", "2024-01-02", "2025-03-04"];
const TAGS: &[&[&str]] = &[&[], &["x"], &["x", "y"]];
const BODIES: &[&str] = &[
    "Plain text.\n",
    "## A heading\n\nMore text.\n",
    "```python file=\"/samples/app.py\"\n```\n",
    "::: criteria file=\"/shared/data.csv\"\n:::\n",
    "::: tip Note\nA tip.\n:::\n",
    "::: criteria rows=\"speed\"\n:::\n",
];
/// Three contenders and every pair of them: a page with `compare` shows on `/a-vs-b/`.
const PAIRS_SITE: &str = "\n[contenders.c]\nname = \"Gamma\"\n\n[pairs]\ngenerate = \"all\"\n";
/// Theme templates a site may override, with versions that show every field they are given.
const OVERRIDES: &[(&str, &str)] = &[
    (
        "templates/partials/listing.html",
        "{% for p in section.pages %}<li>{{ p | json_encode() }}</li>{% endfor %}{% for s in section.subsections %}<li>{{ s | json_encode() }}</li>{% endfor %}",
    ),
    ("templates/partials/pager.html", "{{ page.prev | json_encode() }} {{ page.next | json_encode() }} {{ page.section | json_encode() }}"),
    ("templates/page.html", "{% extends \"base.html\" %}{% block content %}<article>{{ page.content | safe }}</article>{% endblock content %}"),
    ("templates/pair.html", "{% extends \"base.html\" %}{% block content %}<article data-pair>{{ page.pair.pages | json_encode() }}{{ page.pair.table_html | safe }}</article>{% endblock content %}"),
];
const STATIC: &[&str] = &["static/style.css", "static/img/logo.svg", "static/assets/versa.js"];

/// A front-matter key and the index of its new value (`None` removes the key).
#[derive(Debug, Clone)]
enum Field {
    Title(usize),
    Description(Option<usize>),
    Weight(Option<i64>),
    Date(Option<usize>),
    Updated(Option<usize>),
    NavTitle(Option<usize>),
    Draft(bool),
    Slug(bool),
    Tags(usize),
    Body(usize),
    Template(bool),
    /// `compare = ["a", "b"]`.
    Compare(bool),
}

/// One edit of the site. Indices pick among the pages and sections there are when it runs.
#[derive(Debug, Clone)]
enum Edit {
    Page(usize, Field),
    Section(usize, Field),
    Sample(u8),
    Criteria(bool),
    /// A new value for one contender's claim (by index) in `matrix.toml`.
    Claim(usize, u8),
    FileBesidePages(u8),
    Partial(u8),
    /// Add, edit (`Some`) or remove (`None`) a theme override.
    Override(usize, Option<u8>),
    Static(usize, Option<u8>),
    AddPage(usize),
    RemovePage(usize),
    RenamePage(usize),
    AddSection(usize),
    RemoveSection(usize),
    RenameSection(usize),
}

impl Edit {
    /// A page or section added, removed or renamed: `serve` re-renders only what that touches.
    fn is_structural(&self) -> bool {
        matches!(
            self,
            Edit::AddPage(_)
                | Edit::RemovePage(_)
                | Edit::RenamePage(_)
                | Edit::AddSection(_)
                | Edit::RemoveSection(_)
                | Edit::RenameSection(_)
        )
    }
}

/// A page or a section's `_index.md`, as front matter the model writes out.
#[derive(Debug, Clone, Default)]
struct Front {
    title: usize,
    description: Option<usize>,
    weight: Option<i64>,
    date: Option<usize>,
    updated: Option<usize>,
    nav_title: Option<usize>,
    draft: bool,
    slug: bool,
    tags: usize,
    body: usize,
    template: bool,
    compare: bool,
}

impl Front {
    fn set(&mut self, field: &Field) {
        match *field {
            Field::Title(v) => self.title = v,
            Field::Description(v) => self.description = v,
            Field::Weight(v) => self.weight = v,
            Field::Date(v) => self.date = v,
            Field::Updated(v) => self.updated = v,
            Field::NavTitle(v) => self.nav_title = v,
            Field::Draft(v) => self.draft = v,
            Field::Slug(v) => self.slug = v,
            Field::Tags(v) => self.tags = v,
            Field::Body(v) => self.body = v,
            Field::Template(v) => self.template = v,
            Field::Compare(v) => self.compare = v,
        }
    }

    /// The markdown file; `stem` names the slug, sections have no page-only keys.
    fn text(&self, stem: &str, page: bool) -> String {
        let mut text = format!("+++\ntitle = \"{}\"\n", TITLES[self.title]);
        let mut key = |name: &str, value: Option<String>| {
            if let Some(value) = value {
                text.push_str(&format!("{name} = {value}\n"));
            }
        };
        key("description", self.description.map(|d| format!("\"About {}\"", TITLES[d])));
        key("weight", self.weight.map(|w| w.to_string()));
        key("nav_title", self.nav_title.map(|n| format!("\"Nav {}\"", TITLES[n])));
        if page {
            key("date", self.date.map(|d| DATES[d].to_string()));
            key("updated", self.updated.map(|d| DATES[d].to_string()));
            key("draft", self.draft.then(|| "true".to_string()));
            key("slug", self.slug.then(|| format!("\"{stem}-s\"")));
            key("tags", (self.tags > 0).then(|| format!("{:?}", TAGS[self.tags])));
            key("template", self.template.then(|| "\"custom.html\"".to_string()));
            key("compare", self.compare.then(|| "[\"a\", \"b\"]".to_string()));
        }
        text.push_str("+++\n");
        text.push_str(BODIES[self.body]);
        text
    }
}

/// The site's pages and sections (by path below the site root), to write edits from.
struct Model {
    /// `content/guides/alpha.md` → its front matter.
    pages: Vec<(String, Front)>,
    /// `content/guides` → its `_index.md`; the home section (`content`) is first and stays.
    sections: Vec<(String, Front)>,
    /// For new names no file has had.
    counter: usize,
    /// The claims of `a`, `b` and `c` on the matrix's one criterion.
    claims: [u8; 3],
}

fn front(title: usize, weight: Option<i64>, body: usize) -> Front {
    Front { title, weight, body, ..Front::default() }
}

impl Model {
    fn new() -> Model {
        let page = |path: &str, f: Front| (path.to_string(), f);
        Model {
            pages: vec![
                page("content/about.md", front(4, Some(5), 0)),
                page("content/guides/alpha.md", front(0, Some(1), 2)),
                page("content/guides/beta.md", front(1, Some(2), 3)),
                page("content/guides/gamma.md", Front { date: Some(1), ..front(2, None, 0) }),
                page("content/guides/deep/delta.md", front(3, None, 4)),
                page("content/more/zeta.md", front(4, None, 1)),
            ],
            sections: vec![
                page("content", front(0, None, 0)),
                page("content/guides", front(1, Some(1), 0)),
                page("content/guides/deep", front(2, None, 1)),
                page("content/more", front(3, None, 0)),
            ],
            counter: 0,
            claims: [0; 3],
        }
    }

    fn matrix(&self) -> String {
        let [a, b, c] = self.claims;
        format!("[criteria.speed]\ntitle = \"Speed\"\na = \"[+] a{a}\"\nb = \"[-] b{b}\"\nc = \"c{c}\"\n")
    }

    /// The same site with a section of [`BULK`] pages more, so the sidebar is windowed: each
    /// page shows only the pages near it and the other groups closed.
    fn large() -> Model {
        let mut model = Model::new();
        model.sections.push(("content/bulk".to_string(), front(3, Some(4), 0)));
        for n in 0..BULK {
            let f = Front { date: Some(n % DATES.len()), ..front(n % TITLES.len(), (n % 7 == 0).then_some(1), 0) };
            model.pages.push((format!("content/bulk/b{n:03}.md"), f));
        }
        model
    }

    fn site(&self) -> support::Site {
        let mut site = support::Site::new()
            .file("site.toml", format!("{}{PAIRS_SITE}", support::SITE_TOML))
            .file("matrix.toml", self.matrix())
            .file("content/samples/app.py", "def handler():\n    return 1\n")
            .file("content/shared/data.csv", "criterion,a,b\nSpeed,[+] fast,[-] slow\n")
            .file("content/shared/notes.txt", "notes 0\n")
            .file(
                "templates/custom.html",
                "{% extends \"page.html\" %}{% block content %}{% include \"partials/extra.html\" %}{{ page.content | safe }}{% endblock content %}",
            )
            .file("templates/partials/extra.html", "<p>extra 0</p>")
            .file("static/style.css", "body { color: black }\n");
        for (path, f) in &self.pages {
            site = site.file(path, f.text(&stem(path), true));
        }
        for (dir, f) in &self.sections {
            site = site.file(&format!("{dir}/_index.md"), f.text("", false));
        }
        site
    }

    fn fresh(&mut self, prefix: char) -> String {
        self.counter += 1;
        format!("{prefix}{}", self.counter)
    }

    /// Make the edit on disk and in the model; returns the paths a watcher would report.
    fn apply(&mut self, site: &support::Site, edit: &Edit) -> Vec<String> {
        match edit {
            Edit::Page(i, field) if !self.pages.is_empty() => {
                let at = i % self.pages.len();
                let (path, f) = &mut self.pages[at];
                f.set(field);
                site.write(path, f.text(&stem(path), true));
                vec![path.clone()]
            }
            Edit::Section(i, field) => {
                let at = i % self.sections.len();
                let (dir, f) = &mut self.sections[at];
                f.set(field);
                let path = format!("{dir}/_index.md");
                site.write(&path, f.text("", false));
                vec![path]
            }
            Edit::Sample(v) => write(site, "content/samples/app.py", &format!("def handler():\n    return {v}\n")),
            Edit::Criteria(swap) => {
                let row = if *swap { "[-] slow,[+] fast" } else { "[+] fast,[-] slow" };
                write(site, "content/shared/data.csv", &format!("criterion,a,b\nSpeed,{row}\n"))
            }
            Edit::Claim(i, v) => {
                self.claims[i % 3] = *v;
                write(site, "matrix.toml", &self.matrix())
            }
            Edit::FileBesidePages(v) => write(site, "content/shared/notes.txt", &format!("notes {v}\n")),
            Edit::Partial(v) => write(site, "templates/partials/extra.html", &format!("<p>extra {v}</p>")),
            Edit::Override(i, version) => {
                let (path, text) = OVERRIDES[i % OVERRIDES.len()];
                edit_or_remove(site, path, version.map(|v| format!("{text}<!-- {v} -->")))
            }
            Edit::Static(i, version) => {
                let path = STATIC[i % STATIC.len()];
                edit_or_remove(site, path, version.map(|v| format!("/* {v} */")))
            }
            _ => self.restructure(site, edit),
        }
    }

    /// Add, remove or rename a page or a section.
    fn restructure(&mut self, site: &support::Site, edit: &Edit) -> Vec<String> {
        match edit {
            Edit::AddPage(section) => {
                let dir = self.sections[section % self.sections.len()].0.clone();
                let path = format!("{dir}/{}.md", self.fresh('p'));
                let f = front(self.counter % TITLES.len(), None, 0);
                site.write(&path, f.text(&stem(&path), true));
                self.pages.push((path.clone(), f));
                vec![path]
            }
            Edit::RemovePage(i) if !self.pages.is_empty() => {
                let (path, _) = self.pages.remove(i % self.pages.len());
                site.remove(&path);
                vec![path]
            }
            Edit::RenamePage(i) if !self.pages.is_empty() => {
                let i = i % self.pages.len();
                let old = self.pages[i].0.clone();
                let new = format!("{}/{}.md", parent(&old), self.fresh('r'));
                let f = &self.pages[i].1;
                // Renamed, the slug (the old name) is rewritten too, as a user would.
                site.write(&new, f.text(&stem(&new), true));
                site.remove(&old);
                self.pages[i].0.clone_from(&new);
                vec![old, new]
            }
            Edit::AddSection(parent) => {
                let name = self.fresh('s');
                let dir = format!("{}/{name}", self.sections[parent % self.sections.len()].0);
                let f = front(self.counter % TITLES.len(), None, 0);
                let (index, page) = (format!("{dir}/_index.md"), format!("{dir}/inside.md"));
                site.write(&index, f.text("", false));
                site.write(&page, front(0, None, 0).text("inside", true));
                self.sections.push((dir, f));
                self.pages.push((page.clone(), front(0, None, 0)));
                vec![index, page]
            }
            Edit::RemoveSection(i) if self.sections.len() > 1 => {
                let dir = self.sections[1 + i % (self.sections.len() - 1)].0.clone();
                std::fs::remove_dir_all(site.path(&dir)).unwrap();
                let inside = |path: &String| path.starts_with(&format!("{dir}/")) || *path == dir;
                self.pages.retain(|(path, _)| !inside(path));
                self.sections.retain(|(path, _)| !inside(path));
                vec![dir]
            }
            Edit::RenameSection(i) if self.sections.len() > 1 => {
                let old = self.sections[1 + i % (self.sections.len() - 1)].0.clone();
                let new = format!("{}/{}", parent(&old), self.fresh('n'));
                std::fs::rename(site.path(&old), site.path(&new)).unwrap();
                for (path, _) in self.pages.iter_mut().chain(self.sections.iter_mut()) {
                    if let Some(rest) = path.strip_prefix(&old).filter(|r| r.is_empty() || r.starts_with('/')) {
                        *path = format!("{new}{rest}");
                    }
                }
                vec![old, new]
            }
            _ => Vec::new(),
        }
    }
}

fn stem(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md").to_string()
}

fn parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

fn write(site: &support::Site, path: &str, text: &str) -> Vec<String> {
    site.write(path, text);
    vec![path.to_string()]
}

fn edit_or_remove(site: &support::Site, path: &str, text: Option<String>) -> Vec<String> {
    match text {
        Some(text) => site.write(path, text),
        None if site.path(path).exists() => site.remove(path),
        None => {}
    }
    vec![path.to_string()]
}

fn field() -> impl Strategy<Value = Field> {
    let some = |n: usize| prop::option::of(0..n);
    prop_oneof![
        (0..TITLES.len()).prop_map(Field::Title),
        some(TITLES.len()).prop_map(Field::Description),
        prop::option::of(0..3i64).prop_map(Field::Weight),
        some(DATES.len()).prop_map(Field::Date),
        some(DATES.len()).prop_map(Field::Updated),
        some(TITLES.len()).prop_map(Field::NavTitle),
        any::<bool>().prop_map(Field::Draft),
        any::<bool>().prop_map(Field::Slug),
        (0..TAGS.len()).prop_map(Field::Tags),
        (0..BODIES.len()).prop_map(Field::Body),
        any::<bool>().prop_map(Field::Template),
        any::<bool>().prop_map(Field::Compare),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    let index = || 0..16usize;
    let version = || prop::option::of(any::<u8>());
    prop_oneof![
        8 => (index(), field()).prop_map(|(i, f)| Edit::Page(i, f)),
        4 => (index(), field()).prop_map(|(i, f)| Edit::Section(i, f)),
        1 => any::<u8>().prop_map(Edit::Sample),
        1 => any::<bool>().prop_map(Edit::Criteria),
        2 => (index(), any::<u8>()).prop_map(|(i, v)| Edit::Claim(i, v)),
        1 => any::<u8>().prop_map(Edit::FileBesidePages),
        1 => any::<u8>().prop_map(Edit::Partial),
        2 => (index(), version()).prop_map(|(i, v)| Edit::Override(i, v)),
        2 => (index(), version()).prop_map(|(i, v)| Edit::Static(i, v)),
        1 => index().prop_map(Edit::AddPage),
        1 => index().prop_map(Edit::RemovePage),
        1 => index().prop_map(Edit::RenamePage),
        1 => index().prop_map(Edit::AddSection),
        1 => index().prop_map(Edit::RemoveSection),
        1 => index().prop_map(Edit::RenameSection),
    ]
}

/// Run the edits one by one; after each, what is served must be what a full build writes.
fn check(mut model: Model, edits: &[Edit]) -> Result<(), TestCaseError> {
    let mut live = Live::new(model.site());
    for (step, edit) in edits.iter().enumerate() {
        let paths = model.apply(&live.site, edit);
        let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
        let step = format!("step {step} ({edit:?})");
        let rebuilt =
            live.rebuild(&paths).map_err(|e| TestCaseError::fail(format!("{step}: the rebuild failed:\n{e}")))?;
        if edit.is_structural() && rebuilt.complete {
            return Err(TestCaseError::fail(format!("{step}: rebuilt the whole site, not what the change touches")));
        }
        if let Some(difference) = live.difference(&step) {
            return Err(TestCaseError::fail(difference));
        }
    }
    Ok(())
}

/// `cases` sequences of `lengths` edits, each checked from a fresh `model`.
fn run(cases: u32, lengths: std::ops::RangeInclusive<usize>, model: fn() -> Model) {
    let cases = std::env::var("VERSA_INCREMENTAL_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(cases);
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 500, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[13; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    if let Err(failure) = runner.run(&prop::collection::vec(edit(), lengths), |edits| check(model(), &edits)) {
        panic!("{failure}");
    }
}

#[test]
fn random_edit_sequences_rebuild_like_full_builds() {
    run(CASES, 5..=15, Model::new);
}

/// Over 200 links each page's sidebar is its own window on the tree: the pages whose window
/// an added, removed or renamed page changes are found, not all re-rendered.
#[test]
fn random_edits_of_a_site_with_a_windowed_sidebar_rebuild_like_full_builds() {
    run(LARGE_CASES, 4..=8, Model::large);
}

/// On the large site a page added, renamed or removed in a big section re-renders its section,
/// its neighbours and the pages whose sidebar window shows it, not the whole site.
#[test]
fn a_page_coming_and_going_in_a_large_section_re_renders_only_its_neighbourhood() {
    let mut live = Live::new(Model::large().site());
    let steps: [(&str, &[&str]); 3] = [
        ("added", &["content/bulk/new.md"]),
        ("renamed", &["content/bulk/new.md", "content/bulk/renamed.md"]),
        ("removed", &["content/bulk/renamed.md"]),
    ];
    live.site.write("content/bulk/new.md", "+++\ntitle = \"New\"\ndate = 2024-01-02\n+++\nNew.\n");
    for (step, paths) in steps {
        if step == "renamed" {
            std::fs::rename(live.site.path(paths[0]), live.site.path(paths[1])).unwrap();
        } else if step == "removed" {
            live.site.remove(paths[0]);
        }
        let rebuilt = live.rebuild(paths).unwrap_or_else(|e| panic!("{step}: {e}"));
        assert!(!rebuilt.complete, "{step}: a full rebuild");
        assert!((2..80).contains(&rebuilt.documents), "{step}: {} of {BULK}+ pages re-rendered", rebuilt.documents);
        live.assert_full(step);
    }
}
