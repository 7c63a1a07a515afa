//! Other tools' navigation files: the order, and the labels, of pages and sections.
//!
//! - Docusaurus `_category_.json` / `_category_.yml` in a folder: the folder's `label` and
//!   `position`. A folder with one and no `_index.md` (or `index.md`) becomes a section titled by
//!   the label, as Docusaurus generates an index page for it ([`category`]).
//! - mdBook `SUMMARY.md` at the top of `content/`: the chapters in reading order, each named by
//!   its link's text; a part whose chapters are one folder titles that folder's section. It is
//!   the book's table of contents, not a page ([`summary`]).
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

use super::front_matter::{FrontMatter, Parsed};
use super::Document;
use crate::error::{Diagnostic, Source};
use crate::fs::SiteFiles;
use crate::layout::SiteFolder;

/// A Docusaurus category file's names.
pub(crate) const CATEGORY_FILES: [&str; 3] = ["_category_.json", "_category_.yml", "_category_.yaml"];

/// MkDocs's configuration file, beside `site.toml` or at the top of `content/`.
const MKDOCS_FILES: [&str; 2] = ["mkdocs.yml", "mkdocs.yaml"];

/// mdBook's table of contents, at the top of `content/`: read, and not a page.
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
    /// The navigation files of `content/` that were read, so a link to one can say what it is.
    read: HashSet<PathBuf>,
    /// Problems in the files, shown with every build's warnings.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Is `rel` (relative to `content/`) a navigation file that is read rather than published?
/// `SUMMARY.md` is one too, though it is markdown: mdBook shows it only as its sidebar.
pub(crate) fn is_read_not_published(rel: &Path) -> bool {
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let top = rel.components().count() == 1;
    CATEGORY_FILES.contains(&name) || (top && (MKDOCS_FILES.contains(&name) || name == SUMMARY_FILE))
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
/// `SUMMARY.md` leaves `documents`, and the sections that category files and mdBook's parts
/// make join them.
pub(crate) fn load(
    files: &SiteFiles,
    content_dir: &Path,
    others: &[PathBuf],
    documents: &mut Vec<Document>,
) -> NavFiles {
    let mut nav = NavFiles::default();
    let mut warnings = Vec::new();
    let rel = |p: &PathBuf| p.strip_prefix(content_dir).unwrap_or(p).to_path_buf();
    let summary_doc = documents.iter().position(|d| d.rel_path == Path::new(SUMMARY_FILE)).map(|i| documents.remove(i));
    let known: HashSet<PathBuf> = documents.iter().map(|d| d.rel_path.clone()).collect();
    let exists = |path: &Path| known.contains(path);

    let mut parts = Vec::new();
    if let Some(doc) = &summary_doc {
        let summary = summary::read(&doc.source, doc.parsed.body_offset, exists, &mut warnings);
        nav.add_all(summary.entries);
        parts = summary.parts;
        nav.read.insert(PathBuf::from(SUMMARY_FILE));
    }
    let beside_config = MKDOCS_FILES.iter().map(|name| files.root().join(name)).find(|p| p.is_file());
    let in_content = others.iter().find(|p| rel(p).to_str().is_some_and(|r| MKDOCS_FILES.contains(&r))).cloned();
    nav.read.extend(in_content.iter().map(rel));
    if let Some(path) = beside_config.or(in_content) {
        match read(files, &path) {
            Ok(source) => nav.add_all(mkdocs::entries(&source, exists, &mut warnings)),
            Err(d) => warnings.push(d),
        }
    }
    // A page of its own already has the folder's URL: `guide/index.md`, or `guide.md` beside it.
    let has_own_page = |dir: &Path| {
        ["_index.md", "_index.mdx", "index.md", "index.mdx"].iter().any(|n| exists(&dir.join(n)))
            || ["md", "mdx"].iter().any(|e| exists(&dir.with_extension(e)))
    };
    let mut sections = Vec::new();
    for path in others.iter().filter(|p| CATEGORY_FILES.iter().any(|c| p.file_name() == Some(c.as_ref()))) {
        nav.read.insert(rel(path));
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
        if !has_own_page(&dir) && !dir.as_os_str().is_empty() {
            sections.push(category::section(source, file, &found));
        }
        // Where SUMMARY.md or `nav:` placed the folder first, they win.
        let entry = nav.entries.entry(dir).or_default();
        entry.position = entry.position.or(found.position);
        entry.label = entry.label.take().or(found.label);
    }
    // An mdBook part's folder becomes a section, titled by the part, as a category would.
    for (dir, title) in parts {
        let has_section = sections.iter().any(|s: &Document| s.rel_path.parent() == Some(dir.as_path()));
        if let Some(doc) = summary_doc.as_ref().filter(|_| !has_own_page(&dir) && !has_section) {
            sections.push(generated_section(doc.source.clone(), dir.join("_index.md"), title, String::new(), None));
        }
    }
    documents.extend(sections);
    nav.warnings = warnings;
    nav
}

/// The section of a folder that a navigation file makes, where the folder has no `_index.md`:
/// no body, its messages pointing at `source`, the navigation file.
fn generated_section(
    source: std::sync::Arc<Source>,
    rel_path: PathBuf,
    title: String,
    description: String,
    weight: Option<i64>,
) -> Document {
    let front = FrontMatter { title, description, weight, ..FrontMatter::default() };
    let body_offset = source.text.len();
    let parsed = Parsed { front, close_line: 0, body_offset, warnings: Vec::new() };
    Document { source, parsed, rel_path, title_from_heading: false, body_released: false }
}

fn read(files: &SiteFiles, path: &Path) -> Result<Source, Diagnostic> {
    let text = files.read_to_string(path)?;
    Ok(Source::new(files.shown(path), text))
}

impl NavFiles {
    /// What `rel` (relative to `content/`) is, when it is a navigation file that was read and
    /// is not published: a link to it reaches nothing.
    pub(crate) fn unpublished(&self, rel: &Path) -> Option<&'static str> {
        if !self.read.contains(rel) {
            return None;
        }
        let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
        Some(if name == SUMMARY_FILE {
            "the book's table of contents (mdBook's), read for the sidebar's order"
        } else if MKDOCS_FILES.contains(&name) {
            "MkDocs's configuration, read for the sidebar's order"
        } else {
            "a Docusaurus category file, read for its folder's place in the sidebar"
        })
    }

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
        assert!(is_read_not_published(Path::new("SUMMARY.md")), "the table of contents, not a page");
        assert!(!is_read_not_published(Path::new("guide/SUMMARY.md")), "a page of that name");
    }
}
