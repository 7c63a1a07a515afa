//! What a changed file means for the build: a pure classification, tested without a file system.
//!
//! 1. [`classify`] turns a path (absolute or relative to the site root) into a [`ChangeKind`] from
//!    its place in the site alone: `site.toml`, `matrix.toml`, `content/`, `templates/`,
//!    `static/`, or nothing the build reads (editor swap files, hidden files, `public/`,
//!    `target/`, `.git/`, …).
//! 2. A [`ChangeSet`] collects the paths of one burst of changes with their kinds, dropping the
//!    ignored ones, so the watcher and the rebuild agree on what a path is.
//!
//! 3. [`template_dependents`] follows `extends`, `include` and `import` backwards, so a changed
//!    partial re-renders only the pages whose templates use it.
//!
//! Whether a path is a file or a folder, new or gone, is not known here: the rebuild
//! (`site::incremental`) compares the set with the loaded site to find out.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};

use crate::layout::{SiteFolder, CONFIG_FILE, MATRIX_FILE};

/// What kind of input a changed path is, and so what a rebuild must redo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// `site.toml`: everything depends on it.
    Config,
    /// `matrix.toml`: the criteria and claims, which any page or template may show.
    Matrix,
    /// A markdown page under `content/` (any `.md` or `.mdx` but `_index.md`).
    Page,
    /// A section's `_index.md` (or `_index.mdx`).
    SectionIndex,
    /// A criteria data file under `content/` (`.csv`, `.toml`), read by `::: criteria file=`.
    CriteriaData,
    /// Any other path under `content/`: samples, images, downloads, and folders (which a path
    /// alone cannot tell from a file without an extension).
    Asset,
    /// A file or folder under `templates/`.
    Template,
    /// A file or folder under `static/`, copied as it is.
    Static,
    /// Another tool's navigation file (`mkdocs.yml`, `content/SUMMARY.md`, a `_category_.json`):
    /// it orders the sidebar, listings and prev/next of many pages.
    Navigation,
    /// `content/`, `templates/` or `static/` itself was created, removed or renamed.
    SiteFolder,
    /// Not read by the build.
    Ignored,
}

/// Editors' temporary and backup files and hidden files: never part of a site.
///
/// This is [`crate::content::is_ignored_file_name`], the rule the build itself uses, so a file
/// the watcher ignores is also one the build would not read.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    crate::content::is_ignored_file_name(name)
}

/// Classify `path`, absolute or relative to the site `root`, by where it is in the site.
pub(crate) fn classify(root: &Path, path: &Path) -> ChangeKind {
    let rel = match path.strip_prefix(root) {
        Ok(rel) => rel,
        Err(_) if path.is_relative() => path,
        Err(_) => return ChangeKind::Ignored,
    };
    let mut parts = Vec::new();
    for component in rel.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_string_lossy()),
            Component::CurDir => {}
            // `..` or a second root: not a path inside the site.
            _ => return ChangeKind::Ignored,
        }
    }
    if parts.iter().any(|part| is_ignored_name(part)) {
        return ChangeKind::Ignored;
    }
    let (first, rest) = match parts.split_first() {
        Some((first, rest)) => (first.as_ref(), rest),
        None => return ChangeKind::Ignored,
    };
    if first == CONFIG_FILE && rest.is_empty() {
        return ChangeKind::Config;
    }
    if first == MATRIX_FILE && rest.is_empty() {
        return ChangeKind::Matrix;
    }
    if crate::content::nav_files::is_nav_file(&parts.iter().map(|p| p.as_ref()).collect::<PathBuf>()) {
        return ChangeKind::Navigation;
    }
    match (SiteFolder::named(first), rest.last()) {
        (Some(_), None) => ChangeKind::SiteFolder,
        (Some(SiteFolder::Content), Some(name)) => classify_content(name),
        (Some(SiteFolder::Templates), Some(_)) => ChangeKind::Template,
        (Some(SiteFolder::Static), Some(_)) => ChangeKind::Static,
        (None, _) => ChangeKind::Ignored,
    }
}

fn classify_content(name: &str) -> ChangeKind {
    let extension = Path::new(name).extension().map(|e| e.to_string_lossy().to_ascii_lowercase());
    match extension.as_deref() {
        Some("md" | "mdx") if name == "_index.md" || name == "_index.mdx" => ChangeKind::SectionIndex,
        Some("md" | "mdx") => ChangeKind::Page,
        Some("csv" | "toml") => ChangeKind::CriteriaData,
        _ => ChangeKind::Asset,
    }
}

/// The paths changed in one burst, relative to the site root, each with its kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ChangeSet {
    paths: BTreeMap<PathBuf, ChangeKind>,
    /// The watcher lost track (an event queue overflowed, a watch failed): rebuild everything.
    pub(crate) rescan: bool,
}

impl ChangeSet {
    /// An empty set.
    pub fn new() -> Self {
        Self::default()
    }

    /// A set that asks for a full rebuild.
    #[cfg(test)]
    pub(crate) fn rescan() -> Self {
        Self { rescan: true, ..Self::default() }
    }

    /// Add `path` (absolute, or relative to `root`) unless the build ignores it. Returns its kind.
    pub fn insert(&mut self, root: &Path, path: &Path) -> ChangeKind {
        let kind = classify(root, path);
        if kind != ChangeKind::Ignored {
            let rel = path.strip_prefix(root).unwrap_or(path);
            let rel: PathBuf = rel.components().filter(|c| !matches!(c, Component::CurDir)).collect();
            self.paths.insert(rel, kind);
        }
        kind
    }

    /// Everything in `other` as well.
    pub(crate) fn extend(&mut self, other: &ChangeSet) {
        self.paths.extend(other.paths.iter().map(|(p, k)| (p.clone(), *k)));
        self.rescan |= other.rescan;
    }

    /// True when nothing the build reads changed.
    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.paths.is_empty() && !self.rescan
    }

    /// The changed paths, relative to the site root, in sorted order, with their kinds.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&Path, ChangeKind)> {
        self.paths.iter().map(|(p, k)| (p.as_path(), *k))
    }

    /// True when a path of this kind changed.
    pub(crate) fn has(&self, kind: ChangeKind) -> bool {
        self.paths.values().any(|k| *k == kind)
    }

    /// Forget everything.
    pub fn clear(&mut self) {
        self.paths.clear();
        self.rescan = false;
    }
}

/// The templates that use `changed`, directly or through others, including `changed` itself.
///
/// `sources` are every template's name and text. Tera names other templates only as string
/// literals in `{% extends %}`, `{% include %}` and `{% import %}` tags, so reading those tags
/// finds every use.
pub(crate) fn template_dependents<'a>(
    sources: impl IntoIterator<Item = (&'a str, &'a str)>,
    changed: &str,
) -> BTreeSet<String> {
    let mut used_by: BTreeMap<String, Vec<&str>> = BTreeMap::new();
    for (name, text) in sources {
        for used in crate::template_scan::scan(text).referenced_templates() {
            used_by.entry(used.to_string()).or_default().push(name);
        }
    }
    let mut found = BTreeSet::from([changed.to_string()]);
    let mut queue = vec![changed.to_string()];
    while let Some(name) = queue.pop() {
        for user in used_by.get(&name).into_iter().flatten() {
            if found.insert((*user).to_string()) {
                queue.push((*user).to_string());
            }
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> ChangeKind {
        classify(Path::new("/site"), Path::new(path))
    }

    #[test]
    fn site_files_by_place() {
        assert_eq!(kind("/site/site.toml"), ChangeKind::Config);
        assert_eq!(kind("/site/matrix.toml"), ChangeKind::Matrix);
        assert_eq!(kind("/site/data/matrix.toml"), ChangeKind::Ignored);
        assert_eq!(kind("/site/content/faq.md"), ChangeKind::Page);
        assert_eq!(kind("/site/content/criteria/async.md"), ChangeKind::Page);
        assert_eq!(kind("/site/content/_index.md"), ChangeKind::SectionIndex);
        assert_eq!(kind("/site/content/guide/tabs.mdx"), ChangeKind::Page, "MDX is markdown, not a static copy");
        assert_eq!(kind("/site/content/guide/_index.mdx"), ChangeKind::SectionIndex);
        assert_eq!(kind("/site/mkdocs.yml"), ChangeKind::Navigation);
        assert_eq!(kind("/site/content/SUMMARY.md"), ChangeKind::Navigation, "a page that orders the others");
        assert_eq!(kind("/site/content/guide/_category_.json"), ChangeKind::Navigation);
        assert_eq!(kind("/site/content/guide/_category_.yml"), ChangeKind::Navigation);
        assert_eq!(kind("/site/content/guide/SUMMARY.md"), ChangeKind::Page);
        assert_eq!(kind("/site/content/criteria/_index.md"), ChangeKind::SectionIndex);
        assert_eq!(kind("/site/content/samples/app.py"), ChangeKind::Asset);
        assert_eq!(kind("/site/content/img/logo.PNG"), ChangeKind::Asset);
        assert_eq!(kind("/site/content/data/criteria.csv"), ChangeKind::CriteriaData);
        assert_eq!(kind("/site/content/data/criteria.toml"), ChangeKind::CriteriaData);
        assert_eq!(kind("/site/content/criteria"), ChangeKind::Asset, "a folder looks like an asset");
        assert_eq!(kind("/site/templates/page.html"), ChangeKind::Template);
        assert_eq!(kind("/site/templates/partials/header.html"), ChangeKind::Template);
        assert_eq!(kind("/site/static/css/extra.css"), ChangeKind::Static);
        assert_eq!(kind("/site/content"), ChangeKind::SiteFolder);
        assert_eq!(kind("/site/templates"), ChangeKind::SiteFolder);
        assert_eq!(kind("/site/static"), ChangeKind::SiteFolder);
    }

    #[test]
    fn relative_paths_are_relative_to_the_root() {
        assert_eq!(classify(Path::new("/site"), Path::new("content/a.md")), ChangeKind::Page);
        assert_eq!(classify(Path::new("/site"), Path::new("./site.toml")), ChangeKind::Config);
        assert_eq!(classify(Path::new("."), Path::new("./content/a.md")), ChangeKind::Page);
    }

    #[test]
    fn editor_files_are_ignored() {
        for path in [
            "/site/content/.faq.md.swp",
            "/site/content/faq.md.swp",
            "/site/content/faq.md.swx",
            "/site/content/faq.md~",
            "/site/content/4913",
            "/site/content/.#faq.md",
            "/site/content/#faq.md#",
            "/site/templates/page.html~",
            "/site/content/faq.md___jb_tmp___",
            "/site/content/faq.md___jb_old___",
            "/site/static/.DS_Store",
            "/site/content/.hidden/a.md",
        ] {
            assert_eq!(kind(path), ChangeKind::Ignored, "{path}");
        }
    }

    #[test]
    fn other_folders_are_ignored() {
        for path in [
            "/site/public/index.html",
            "/site/target/debug/versa",
            "/site/.git/index",
            "/site/README.md",
            "/site/src/main.rs",
            "/site",
            "/elsewhere/content/a.md",
            "/site/../other/content/a.md",
            "../content/a.md",
        ] {
            assert_eq!(kind(path), ChangeKind::Ignored, "{path}");
        }
    }

    #[test]
    fn a_set_keeps_relative_paths_once_and_drops_ignored_ones() {
        let root = Path::new("/site");
        let mut set = ChangeSet::new();
        assert!(set.is_empty());
        assert_eq!(set.insert(root, Path::new("/site/content/a.md")), ChangeKind::Page);
        set.insert(root, Path::new("/site/content/a.md"));
        set.insert(root, Path::new("/site/content/a.md~"));
        set.insert(root, Path::new("/site/public/a/index.html"));
        set.insert(root, Path::new("./templates/base.html"));
        let paths: Vec<(&Path, ChangeKind)> = set.iter().collect();
        assert_eq!(
            paths,
            vec![
                (Path::new("content/a.md"), ChangeKind::Page),
                (Path::new("templates/base.html"), ChangeKind::Template)
            ]
        );
        assert!(set.has(ChangeKind::Template));
        assert!(!set.has(ChangeKind::Config));

        let mut later = ChangeSet::rescan();
        later.extend(&set);
        assert!(later.rescan);
        assert_eq!(later.iter().count(), 2);
        later.clear();
        assert!(later.is_empty());
    }

    #[test]
    fn template_users_are_found_through_extends_include_and_import() {
        let sources = [
            ("base.html", "<html>{% include \"partials/header.html\" %}{% block content %}{% endblock %}</html>"),
            ("page.html", "{% extends \"base.html\" %}{%- include 'partials/pager.html' -%}"),
            ("section.html", "{% extends \"base.html\" %}{% import `macros.html` as m %}"),
            ("partials/header.html", "<header>{{ site.title }}</header>"),
            ("partials/pager.html", "{% if page.prev %}prev{% endif %}"),
            ("macros.html", "{% macro x() %}{% endmacro %}"),
            ("custom.html", "{% include [\"missing.html\", \"partials/pager.html\"] ignore missing %}"),
            ("unrelated.html", "{{ \"page.html\" }} {% set x = \"base.html\" %}"),
        ];
        let set = |names: &[&str]| names.iter().map(|n| (*n).to_string()).collect::<BTreeSet<String>>();
        assert_eq!(
            template_dependents(sources, "partials/header.html"),
            set(&["partials/header.html", "base.html", "page.html", "section.html"])
        );
        assert_eq!(
            template_dependents(sources, "partials/pager.html"),
            set(&["partials/pager.html", "page.html", "custom.html"])
        );
        assert_eq!(template_dependents(sources, "macros.html"), set(&["macros.html", "section.html"]));
        assert_eq!(template_dependents(sources, "page.html"), set(&["page.html"]));
        assert_eq!(template_dependents(sources, "new.html"), set(&["new.html"]));
    }
}
