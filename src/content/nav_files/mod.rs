//! Other tools' navigation files: the order, and the labels, of pages and sections.
//!
//! - Docusaurus `_category_.json` / `_category_.yml` in a folder: the folder's `label` and
//!   `position`. A folder with one and no `_index.md` (or `index.md`) becomes a section titled by
//!   the label, as Docusaurus generates an index page for it ([`category`]).
//! - mdBook `SUMMARY.md` at the top of `content/`: the chapters in reading order, each named by
//!   its link's text ([`summary`]).
//! - MkDocs `mkdocs.yml` beside `site.toml` (or at the top of `content/`): `nav:`'s order and
//!   titles, a titled group naming its folder's section ([`mkdocs`]).
//!
//! They fill in `weight` and `nav_title` where a page's own front matter sets neither, so the
//! sidebar, section listings and previous/next, which all order by weight, follow them, and the
//! writer's front matter still wins. They are another tool's files: a problem in one is a located
//! warning, and the site builds.

mod category;
mod mkdocs;
mod summary;

use std::collections::{HashMap, HashSet};
use std::path::{Component, Path, PathBuf};

use super::Document;
use crate::error::{Diagnostic, Source};
use crate::fs::SiteFiles;
use crate::layout::SiteFolder;

/// A Docusaurus category file's names.
pub(crate) const CATEGORY_FILES: [&str; 3] = ["_category_.json", "_category_.yml", "_category_.yaml"];

/// MkDocs's configuration file, beside `site.toml` or at the top of `content/`.
const MKDOCS_FILES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// mdBook's table of contents, at the top of `content/` (it is a page too).
const SUMMARY_FILE: &str = "SUMMARY.md";

/// Where a page or a folder's section goes, from a navigation file.
#[derive(Debug, Clone, Default, PartialEq)]
struct Entry {
    position: Option<i64>,
    label: Option<String>,
}

/// What the navigation files say, by path relative to `content/`: a markdown file's, or a
/// folder's (for the section or the `index.md` page of that folder).
#[derive(Debug, Clone, Default)]
pub(crate) struct NavFiles {
    entries: HashMap<PathBuf, Entry>,
    /// Problems in the files, shown with every build's warnings.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Is `rel` (relative to `content/`) a navigation file that is read rather than published?
/// `SUMMARY.md` is not one: it is a page as well.
pub(crate) fn is_read_not_published(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    CATEGORY_FILES.contains(&name) || (rel.components().count() == 1 && MKDOCS_FILES.contains(&name))
}

/// Is `rel` (relative to the site root) a navigation file, whose change reorders the sidebar?
pub(crate) fn is_nav_file(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let depth = rel.components().count();
    let in_content = rel.starts_with(SiteFolder::Content.name());
    (depth == 1 && MKDOCS_FILES.contains(&name))
        || (in_content && CATEGORY_FILES.contains(&name))
        || (in_content && depth == 2 && (MKDOCS_FILES.contains(&name) || name == SUMMARY_FILE))
}

/// Read the navigation files. `others` are the non-markdown files of `content/` and
/// `documents` every markdown file read (drafts included: an entry naming one is not missing).
/// Returns the navigation and the sections that category files make.
pub(crate) fn load(
    files: &SiteFiles,
    content_dir: &Path,
    others: &[PathBuf],
    documents: &[Document],
) -> (NavFiles, Vec<Document>) {
    let mut nav = NavFiles::default();
    let mut warnings = Vec::new();
    let rel = |p: &PathBuf| p.strip_prefix(content_dir).unwrap_or(p).to_path_buf();
    let known: HashSet<&Path> = documents.iter().map(|d| d.rel_path.as_path()).collect();
    let exists = |path: &Path| known.contains(path);

    if let Some(summary) = documents.iter().find(|d| d.rel_path == Path::new(SUMMARY_FILE)) {
        nav.add_all(summary::entries(summary.body(), exists));
    }
    let beside_config = MKDOCS_FILES.iter().map(|name| files.root().join(name)).find(|p| p.is_file());
    let in_content = others.iter().find(|p| rel(p).to_str().is_some_and(|r| MKDOCS_FILES.contains(&r))).cloned();
    if let Some(path) = beside_config.or(in_content) {
        match read(files, &path) {
            Ok(source) => nav.add_all(mkdocs::entries(&source, exists, &mut warnings)),
            Err(d) => warnings.push(d),
        }
    }
    let mut sections = Vec::new();
    for path in
        others.iter().filter(|p| is_read_not_published(&rel(p)) && !MKDOCS_FILES.iter().any(|m| rel(p) == Path::new(m)))
    {
        let source = match read(files, path) {
            Ok(source) => source,
            Err(d) => {
                warnings.push(d);
                continue;
            }
        };
        let Some(found) = category::read(&source, &mut warnings) else { continue };
        let file = rel(path);
        let dir = file.parent().unwrap_or(Path::new("")).to_path_buf();
        // A page of its own already has the folder's URL: `guide/index.md`, or `guide.md` beside it.
        let has_own_page = ["_index.md", "_index.mdx", "index.md", "index.mdx"].iter().any(|n| exists(&dir.join(n)))
            || ["md", "mdx"].iter().any(|e| exists(&dir.with_extension(e)));
        if !has_own_page && !dir.as_os_str().is_empty() {
            sections.push(category::section(source, file, &found));
        }
        nav.entries.entry(dir).or_insert(Entry { position: found.position, label: found.label });
    }
    nav.warnings = warnings;
    (nav, sections)
}

fn read(files: &SiteFiles, path: &Path) -> Result<Source, Diagnostic> {
    let text = files.read_to_string(path)?;
    Ok(Source::new(files.shown(path), text))
}

impl NavFiles {
    /// Entries in reading order; the first entry for a path wins.
    fn add_all(&mut self, entries: Vec<(PathBuf, Option<String>)>) {
        let start = i64::try_from(self.entries.len()).unwrap_or(0);
        for (i, (path, label)) in (start + 1..).zip(entries) {
            self.entries.entry(path).or_insert(Entry { position: Some(i), label });
        }
    }

    /// Give `doc` the weight and navigation title its front matter leaves unset: its own
    /// entry's, then (for a section's `_index.md` or a folder's `index.md`) its folder's.
    pub(crate) fn apply(&self, doc: &mut Document) {
        let own = self.entries.get(&doc.rel_path);
        let stem = doc.rel_path.file_stem().and_then(|s| s.to_str());
        let is_index = matches!(stem, Some("_index" | "index")) || super::is_section_index(&doc.rel_path);
        let folder = doc.rel_path.parent().filter(|_| is_index).and_then(|dir| self.entries.get(dir));
        for entry in [own, folder].into_iter().flatten() {
            let front = &mut doc.parsed.front;
            if front.weight.is_none() {
                front.weight = entry.position;
            }
            if front.nav_title.is_none() && entry.label.as_deref().is_some_and(|l| l != front.title) {
                front.nav_title.clone_from(&entry.label);
            }
        }
    }
}

/// `dest` as written in a navigation file at the top of `content/`, as a path relative to
/// `content/`: `./a/../b.md#x` → `b.md`. `None` for URLs and paths that leave `content/`.
fn content_path(dest: &str) -> Option<PathBuf> {
    let path = dest.split(['#', '?']).next().unwrap_or("");
    if path.is_empty() || path.contains("://") || path.starts_with("mailto:") {
        return None;
    }
    let mut out = PathBuf::new();
    for component in Path::new(path.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::CurDir => {}
            Component::ParentDir if out.pop() => {}
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_relative_to_content() {
        assert_eq!(content_path("./a/../b.md#x"), Some(PathBuf::from("b.md")));
        assert_eq!(content_path("https://example.org/a.md"), None);
        assert_eq!(content_path("../outside.md"), None);
        assert_eq!(content_path(""), None);
    }

    #[test]
    fn which_files_are_navigation() {
        assert!(is_nav_file(Path::new("mkdocs.yml")));
        assert!(is_nav_file(Path::new("content/SUMMARY.md")));
        assert!(is_nav_file(Path::new("content/guide/_category_.json")));
        assert!(!is_nav_file(Path::new("content/guide/SUMMARY.md")), "mdBook's is at the top");
        assert!(!is_nav_file(Path::new("content/guide/mkdocs.yml")));
        assert!(is_read_not_published(Path::new("guide/_category_.yml")));
        assert!(!is_read_not_published(Path::new("SUMMARY.md")), "a page too");
    }
}
