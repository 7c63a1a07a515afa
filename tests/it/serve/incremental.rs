//! Incremental rebuilds produce exactly what a full build does: a fixture site is edited in
//! many ways, each change rebuilt with `Site::rebuild` and published into the server's real
//! `Store`, and what the store serves compared byte for byte with a fresh full build of the same
//! files. `incremental_props.rs` does the same with random edit sequences.

use std::collections::BTreeMap;

use versa::changes::ChangeSet;
use versa::serve::{Store, Update};
use versa::site::{Options, Rebuilt, Report, Site};

use crate::support;

/// A site kept up to date with incremental rebuilds, as `versa serve` does.
pub(super) struct Live {
    pub(super) site: support::Site,
    options: Options,
    built: Site,
    report: Report,
    /// What the server serves: every rebuild is published into it as `versa serve` does.
    store: Store,
    /// Changes not built yet because a rebuild failed.
    pending: ChangeSet,
}

impl Live {
    pub(super) fn new(site: support::Site) -> Live {
        let options = Options { root: site.root().to_path_buf(), base_url: None, drafts: false, cache_dir: None };
        let (built, report, rebuilt) = Site::build_in_memory(&options).expect("the fixture builds");
        let store = Store::new();
        store.publish(Update { files: rebuilt.files, removed: rebuilt.removed, complete: rebuilt.complete });
        Live { site, options, built, report, store, pending: ChangeSet::new() }
    }

    /// Every file the store serves.
    pub(super) fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let file = |path: String| self.store.get(&path).map(|bytes| (path, bytes.to_vec()));
        self.store.paths().into_iter().filter_map(file).collect()
    }

    /// Rebuild after `paths` changed and publish the result; returns the rebuild, or the error
    /// text.
    pub(super) fn rebuild(&mut self, paths: &[&str]) -> Result<Rebuilt, String> {
        for path in paths {
            self.pending.insert(self.site.root(), &self.site.path(path));
        }
        let rebuilt = self.built.rebuild(&self.options, &self.pending, &mut self.report).map_err(|e| e.to_string())?;
        self.pending.clear();
        let update =
            Update { files: rebuilt.files.clone(), removed: rebuilt.removed.clone(), complete: rebuilt.complete };
        self.store.publish(update);
        Ok(rebuilt)
    }

    /// Write files, rebuild, and check the result against a full build.
    #[track_caller]
    fn change(&mut self, step: &str, files: &[(&str, &str)]) -> Rebuilt {
        for (path, contents) in files {
            self.site.write(path, contents);
        }
        let paths: Vec<&str> = files.iter().map(|(p, _)| *p).collect();
        let rebuilt = self.rebuild(&paths).unwrap_or_else(|e| panic!("{step}: the rebuild failed:\n{e}"));
        self.assert_full(step);
        rebuilt
    }

    #[track_caller]
    pub(super) fn assert_full(&self, step: &str) {
        if let Some(difference) = self.difference(step) {
            panic!("{difference}");
        }
    }

    /// How what the store serves differs from a fresh full build, if it does.
    pub(super) fn difference(&self, step: &str) -> Option<String> {
        let full = match Site::build_in_memory(&self.options) {
            Ok((_, _, full)) => full,
            Err(e) => return Some(format!("{step}: full build: {e}")),
        };
        let served = self.files();
        let ours: Vec<&String> = served.keys().collect();
        let theirs: Vec<&String> = full.files.keys().collect();
        if ours != theirs {
            return Some(format!(
                "{step}: the incremental build has other files than a full build\n  served: {ours:?}\n  full:   {theirs:?}"
            ));
        }
        let (path, mine, bytes) = full.files.iter().map(|(p, b)| (p, &served[p], b)).find(|(_, m, b)| m != b)?;
        let (a, b) = (String::from_utf8_lossy(mine), String::from_utf8_lossy(bytes));
        let at = a.chars().zip(b.chars()).take_while(|(x, y)| x == y).count();
        let around = |s: &str| s.chars().skip(at.saturating_sub(120)).take(240).collect::<String>();
        Some(format!(
            "{step}: `{path}` differs from a full build\n--- incremental ---\n{}\n--- full ---\n{}",
            around(&a),
            around(&b)
        ))
    }
}

pub(super) fn fixture() -> support::Site {
    support::Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/about.md", "+++\ntitle = \"About\"\nweight = 5\n+++\nAbout us.\n")
        .file("content/guides/_index.md", "+++\ntitle = \"Guides\"\ndescription = \"How to\"\nweight = 1\n+++\nAll guides.\n")
        .file(
            "content/guides/alpha.md",
            "+++\ntitle = \"Alpha\"\nweight = 1\ncompare = [\"a\", \"b\"]\n+++\n## Sample\n\n```python file=\"../samples/app.py\"\n```\n\nSee [beta](beta.md).\n",
        )
        .file("content/guides/beta.md", "+++\ntitle = \"Beta\"\nweight = 2\n+++\n::: criteria file=\"data.csv\"\n:::\n")
        .file("content/guides/gamma.md", "+++\ntitle = \"Gamma\"\nweight = 3\ndate = 2024-01-02\n+++\nGamma text.\n")
        .file("content/guides/data.csv", "criterion,a,b\nSpeed,[+] fast,[-] slow\n")
        .file("content/guides/notes.txt", "notes v1\n")
        .file("content/guides/deep/_index.md", "+++\ntitle = \"Deep\"\n+++\nDeeper.\n")
        .file("content/guides/deep/delta.md", "+++\ntitle = \"Delta\"\n+++\nDelta text.\n")
        .file("content/samples/app.py", "def handler():\n    return 1\n")
        .file("content/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\nNot yet.\n")
        .file("templates/custom.html", "{% extends \"page.html\" %}{% block content %}{% include \"partials/extra.html\" %}{{ page.content | safe }}{% endblock content %}")
        .file("templates/partials/extra.html", "<p>extra v1</p>")
        .file("static/style.css", "body { color: black }\n")
}

#[test]
fn incremental_rebuilds_equal_full_builds() {
    let mut live = Live::new(fixture());
    live.assert_full("the first build");
    let alpha = |body: &str| {
        format!("+++\ntitle = \"Alpha\"\nweight = 1\ncompare = [\"a\", \"b\"]\n+++\n{body}\n```python file=\"../samples/app.py\"\n```\n")
    };

    let rebuilt = live.change("a page's body", &[("content/guides/alpha.md", &alpha("Changed body."))]);
    assert_eq!(rebuilt.documents, 1, "only the page itself is rendered");
    live.change(
        "a page's title",
        &[("content/guides/beta.md", "+++\ntitle = \"Beta renamed\"\nweight = 2\n+++\nB.\n")],
    );
    live.change(
        "a page's weight moves it first",
        &[("content/guides/gamma.md", "+++\ntitle = \"Gamma\"\nweight = 0\ndate = 2024-01-02\n+++\nG.\n")],
    );
    live.change(
        "a page's date (sitemap)",
        &[("content/guides/gamma.md", "+++\ntitle = \"Gamma\"\nweight = 0\ndate = 2025-03-04\n+++\nG.\n")],
    );
    live.change(
        "a page's description and tags",
        &[(
            "content/guides/beta.md",
            "+++\ntitle = \"Beta renamed\"\nweight = 2\ndescription = \"Now described\"\ntags = [\"x\"]\n+++\nB.\n",
        )],
    );
    live.change(
        "a top-level page's title (navigation)",
        &[("content/about.md", "+++\ntitle = \"About us\"\nweight = 5\n+++\nAbout.\n")],
    );
    live.change(
        "a top-level page's nav_title (navigation)",
        &[("content/about.md", "+++\ntitle = \"About us\"\nnav_title = \"About\"\nweight = 5\n+++\nAbout.\n")],
    );
    live.change(
        "a section's nav_title (navigation and breadcrumbs)",
        &[(
            "content/guides/_index.md",
            "+++\ntitle = \"Guides\"\nnav_title = \"How-to\"\ndescription = \"How to\"\nweight = 1\n+++\nAll guides.\n",
        )],
    );
    live.change(
        "a section's description",
        &[(
            "content/guides/_index.md",
            "+++\ntitle = \"Guides\"\ndescription = \"Step by step\"\nweight = 1\n+++\nAll.\n",
        )],
    );
    live.change(
        "a section's title (breadcrumbs, navigation)",
        &[(
            "content/guides/_index.md",
            "+++\ntitle = \"Tutorials\"\ndescription = \"Step by step\"\nweight = 1\n+++\nAll.\n",
        )],
    );
    live.change(
        "a nested section's title",
        &[("content/guides/deep/_index.md", "+++\ntitle = \"Deeper still\"\n+++\nDeeper.\n")],
    );
    live.change("the home page's title", &[("content/_index.md", "+++\ntitle = \"Start\"\n+++\nWelcome back.\n")]);
    files_templates_and_structure(&mut live);
}

/// The second half of [`incremental_rebuilds_equal_full_builds`]: samples, data, static files,
/// templates, then pages and sections that come, go and move.
fn files_templates_and_structure(live: &mut Live) {
    let rebuilt = live.change("a sample", &[("content/samples/app.py", "def handler():\n    return 2\n")]);
    assert_eq!(rebuilt.documents, 1, "only the page including the sample is rendered");
    live.change("criteria data", &[("content/guides/data.csv", "criterion,a,b\nSpeed,[-] slow,[+] fast\n")]);
    let rebuilt = live.change("a file beside pages", &[("content/guides/notes.txt", "notes v2\n")]);
    assert_eq!((rebuilt.documents, rebuilt.copied), (0, 1), "copied alone");
    let rebuilt = live.change("a static file", &[("static/style.css", "body { color: red }\n")]);
    assert_eq!((rebuilt.documents, rebuilt.copied, rebuilt.files.len()), (0, 1, 1), "copied alone");
    live.change("a new static file", &[("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")]);
    live.change("a static file over a theme asset", &[("static/assets/versa.js", "console.log(1)")]);
    live.change("an edited static file over a theme asset", &[("static/assets/versa.js", "console.log(2)")]);
    live.change("a site's own stylesheet", &[("static/assets/versa.css", "body { margin: 0 }\n")]);

    live.change(
        "a page switches to a custom template",
        &[("content/guides/deep/delta.md", "+++\ntitle = \"Delta\"\ntemplate = \"custom.html\"\n+++\nDelta.\n")],
    );
    let rebuilt =
        live.change("a partial used by one template", &[("templates/partials/extra.html", "<p>extra v2</p>")]);
    assert_eq!(rebuilt.documents, 1, "only the page using the partial");
    live.change("a new template overriding the theme's", &[("templates/page.html", "{% extends \"base.html\" %}{% block content %}<article>{{ page.content | safe }}</article>{% endblock content %}")]);
    let rebuilt = live.change("an edited base template", &[("templates/page.html", "{% extends \"base.html\" %}{% block content %}<article class=\"x\">{{ page.content | safe }}</article>{% endblock content %}")]);
    assert!(rebuilt.documents >= 5, "every page using page.html, through custom.html too");

    live.change("a new page", &[("content/guides/epsilon.md", "+++\ntitle = \"Epsilon\"\n+++\nNew.\n")]);
    live.change(
        "a draft stays out",
        &[("content/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\nStill not.\n")],
    );
    live.change("a draft is published", &[("content/draft.md", "+++\ntitle = \"Draft\"\n+++\nNow.\n")]);
    live.change("a page becomes a draft", &[("content/draft.md", "+++\ntitle = \"Draft\"\ndraft = true\n+++\nNow.\n")]);
    live.change(
        "a new slug",
        &[("content/guides/epsilon.md", "+++\ntitle = \"Epsilon\"\nslug = \"eps\"\n+++\nNew.\n")],
    );
    live.change(
        "a new section",
        &[
            ("content/more/_index.md", "+++\ntitle = \"More\"\n+++\n"),
            ("content/more/zeta.md", "+++\ntitle = \"Zeta\"\n+++\nZ.\n"),
        ],
    );
    live.change("site.toml", &[("site.toml", &support::SITE_TOML.replace("Test Site", "Renamed Site"))]);

    // Removals and renames.
    live.site.remove("content/guides/epsilon.md");
    live.rebuild(&["content/guides/epsilon.md"]).unwrap();
    live.assert_full("a removed page");
    std::fs::rename(live.site.path("content/more"), live.site.path("content/extra")).unwrap();
    live.rebuild(&["content/more", "content/extra"]).unwrap();
    live.assert_full("a renamed section folder");
    live.site.remove("static/img/logo.svg");
    live.rebuild(&["static/img/logo.svg"]).unwrap();
    live.assert_full("a removed static file");
    live.site.remove("static/assets/versa.js");
    live.rebuild(&["static/assets/versa.js"]).unwrap();
    live.assert_full("a removed static file that shadowed a theme asset");
    live.site.remove("templates/page.html");
    live.rebuild(&["templates/page.html"]).unwrap();
    live.assert_full("a removed template override");

    // The site's own stylesheets: every page names them with a hash of their bytes.
    let with_css = format!(
        "{}\n[theme]\nextra_css = [\"css/custom.css\"]\n",
        support::SITE_TOML.replace("Test Site", "Renamed Site")
    );
    live.change(
        "extra_css in site.toml",
        &[("static/css/custom.css", "body { color: green }\n"), ("site.toml", &with_css)],
    );
    live.change("an edited extra_css file", &[("static/css/custom.css", "body { color: blue }\n")]);
    live.site.remove("static/css/custom.css");
    let error = live.rebuild(&["static/css/custom.css"]).unwrap_err();
    assert!(error.contains("site.toml:14:14") && error.contains("not a file of the site"), "{error}");
    live.change("the extra_css file restored", &[("static/css/custom.css", "body { color: teal }\n")]);
}

#[test]
fn failed_rebuilds_change_nothing_and_are_retried() {
    let mut live = Live::new(fixture());
    let before = live.files();

    // Broken front matter in two pages at once: both errors, nothing served changes.
    live.site.write("content/guides/beta.md", "+++\nweight = \"Beta\"\n+++\nB.\n");
    live.site.write("content/guides/deep/delta.md", "+++\ntitle = \"Delta\"\ncompare = [\"zzz\"]\n+++\nD.\n");
    let error = live.rebuild(&["content/guides/beta.md", "content/guides/deep/delta.md"]).unwrap_err();
    assert!(error.contains("content/guides/beta.md:2:10"), "{error}");
    assert!(error.contains("unknown contender `zzz`") && error.ends_with("2 errors"), "{error}");
    assert_eq!(live.files(), before);
    live.site.write("content/guides/deep/delta.md", "+++\ntitle = \"Delta\"\n+++\nD.\n");

    // A render error on a page whose title also changed: the new title must not stick.
    live.site.write(
        "content/guides/beta.md",
        "+++\ntitle = \"Beta\"\nweight = 2\n+++\n```python file=\"missing.py\"\n```\n",
    );
    live.site.write("content/guides/alpha.md", "+++\ntitle = \"Alpha two\"\nweight = 1\n+++\nA.\n");
    let error = live.rebuild(&["content/guides/alpha.md"]).unwrap_err();
    assert!(error.contains("missing.py"), "{error}");
    assert_eq!(live.files(), before);

    // An unknown template named in front matter.
    live.site.write("content/guides/gamma.md", "+++\ntitle = \"Gamma\"\ntemplate = \"nope.html\"\n+++\nG.\n");
    let error = live.rebuild(&["content/guides/gamma.md"]).unwrap_err();
    assert!(error.contains("there is no template `nope.html`"), "{error}");

    // A broken template.
    live.site.write("templates/partials/extra.html", "{% if %}");
    assert!(live.rebuild(&["templates/partials/extra.html"]).is_err());

    // Fixing one thing at a time: each rebuild retries every change since the last good one.
    live.site.write("templates/partials/extra.html", "<p>fixed</p>");
    assert!(live.rebuild(&["templates/partials/extra.html"]).is_err(), "gamma is still broken");
    live.site.write("content/guides/gamma.md", "+++\ntitle = \"Gamma\"\n+++\nG.\n");
    assert!(live.rebuild(&["content/guides/gamma.md"]).is_err(), "beta is still broken");
    live.site.write("content/guides/beta.md", "+++\ntitle = \"Beta\"\nweight = 2\n+++\nB.\n");
    live.rebuild(&["content/guides/beta.md"]).unwrap();
    live.assert_full("after every error is fixed");
    assert!(
        String::from_utf8_lossy(&live.files()["guides/beta/index.html"]).contains("Alpha two"),
        "the neighbour shows the new title"
    );
}

/// Tag pages show pages' titles, descriptions and dates, and exist only while some page has
/// tags: every edit that changes them gives what a full build gives.
#[test]
fn tag_pages_follow_incremental_edits() {
    let page = |title: &str, tags: &str| format!("+++\ntitle = \"{title}\"\ntags = [{tags}]\n+++\nText.\n");
    let mut live = Live::new(
        fixture()
            .file("content/guides/alpha.md", page("Alpha", "\"x\""))
            .file("content/guides/beta.md", page("Beta", "\"x\", \"y\""))
            .file("templates/tag.html", "{% extends \"base.html\" %}{% block content %}v1 {{ tag.name }}{% for p in tag.pages %} {{ p.title }}{% endfor %}{% endblock content %}"),
    );
    live.assert_full("the first build");
    let rebuilt = live.change(
        "a tagged page's title re-sorts its tag pages",
        &[("content/guides/beta.md", &page("Aardvark", "\"x\", \"y\""))],
    );
    assert!(rebuilt.files.contains_key("tags/x/index.html"), "the tag page is rendered again");
    live.change(
        "a tagged page's description",
        &[("content/guides/alpha.md", "+++\ntitle = \"Alpha\"\ndescription = \"New\"\ntags = [\"x\"]\n+++\nText.\n")],
    );
    live.change("a new tag", &[("content/guides/alpha.md", &page("Alpha", "\"x\", \"z\""))]);
    live.change("a tag renamed", &[("content/guides/alpha.md", &page("Alpha", "\"w\""))]);
    live.change(
        "the tag page's template",
        &[(
            "templates/tag.html",
            "{% extends \"base.html\" %}{% block content %}v2 {{ tag.name }}{% endblock content %}",
        )],
    );
    live.change(
        "the tags of all pages removed",
        &[("content/guides/alpha.md", &page("Alpha", "")), ("content/guides/beta.md", &page("Beta", ""))],
    );
    assert!(!live.files().keys().any(|p| p.starts_with("tags/")), "no tag pages without tags");
}

#[test]
fn an_mdx_edit_rebuilds_that_page() {
    let site = support::Site::new()
        .page("content/_index.md", "Home", "See [tabs](tabs.mdx).\n")
        .file("content/tabs.mdx", "---\ntitle: Tabs\n---\nFirst words.\n");
    let mut live = Live::new(site);
    let rebuilt = live.change("an .mdx page's body", &[("content/tabs.mdx", "---\ntitle: Tabs\n---\nSecond words.\n")]);
    assert_eq!((rebuilt.documents, rebuilt.complete), (1, false), "the page alone, as for an .md edit");
    let page = String::from_utf8(rebuilt.files["tabs/index.html"].clone()).unwrap();
    assert!(page.contains("Second words."), "{page}");
    assert!(!rebuilt.files.contains_key("tabs.mdx"), "not copied as a file");
}

#[test]
fn a_navigation_file_edit_reorders_every_page() {
    let site = support::Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/guide/_category_.json", "{\"label\": \"Guide\", \"position\": 1}")
        .file("content/guide/a.md", "---\nsidebar_position: 1\n---\n# A\n")
        .file("content/guide/b.md", "---\nsidebar_position: 2\n---\n# B\n")
        .file("content/SUMMARY.md", "- [One](one.md)\n- [Two](two.md)\n")
        .file("content/one.md", "# One\n")
        .file("content/two.md", "# Two\n");
    let mut live = Live::new(site);
    let rebuilt = live.change(
        "a category's label",
        &[("content/guide/_category_.json", "{\"label\": \"Handbook\", \"position\": 9}")],
    );
    assert!(rebuilt.complete, "the whole site");
    let page = String::from_utf8(rebuilt.files["guide/a/index.html"].clone()).unwrap();
    assert!(page.contains("Handbook"), "{page}");
    live.change("SUMMARY.md's order", &[("content/SUMMARY.md", "- [Two](two.md)\n- [One](one.md)\n")]);
    live.change("a page under SUMMARY.md keeps its place", &[("content/one.md", "# One\n\nMore.\n")]);
}
