//! Pages and sections added, removed or renamed under `versa serve`, without a full rebuild.
//!
//! 1. [`Site::content_changes`]: what the changed paths below `content/` are now, the markdown
//!    files to read (new or edited) and the files gone. Anything else (a file beside pages
//!    added or removed, a draft section involved, a template or static file in the same burst)
//!    answers `None`, and the caller rebuilds everything.
//! 2. The next content is assembled by `content::from_files` from the documents kept and those
//!    read, exactly as a full load assembles it, then validated; `matrix.toml` is loaded again
//!    against it and must come out the same.
//! 3. A [`Snapshot`] of the site before and after (each document's URL and what it shows of
//!    others, the sidebar, the navigation, the tag pages' data) decides, in [`affected`], what
//!    re-renders; nothing there names a field of a context.
//! 4. Those documents render with the full build's code, with the sitemap, `404.html` and the
//!    tag pages; output paths no longer produced are removed, and the last build's report is
//!    carried over to the new ids.

mod compare;

use std::collections::{BTreeSet, HashSet};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use compare::{affected, key, Snapshot};
use rustc_hash::{FxHashMap, FxHashSet};

use super::{Rebuilt, Report};
use crate::changes::{ChangeKind, ChangeSet};
use crate::content::{Content, Document, Target};
use crate::error::{Diagnostic, Error, Result};
use crate::layout::SiteFolder;
use crate::output::{Memory, Sink};
use crate::site::document::BuildContext;
use crate::site::shown::Sidebar;
use crate::site::{DocumentReport, Options, Site};

/// How the documents of the last build are known after a structural change: pages renumbered
/// in place, or a content assembled again, where each is found by its path.
#[derive(Clone, Copy)]
enum Renumber<'a> {
    Pages(&'a [Option<usize>]),
    Reassembled(&'a Content),
}

impl Renumber<'_> {
    /// What a section or page of the last build is now, if it is still there.
    fn target(self, old: Target, now: &Content) -> Option<Target> {
        match (self, old) {
            (Renumber::Pages(renumbered), Target::Page(id)) => renumbered.get(id).copied().flatten().map(Target::Page),
            (Renumber::Pages(_), other) => Some(other),
            (Renumber::Reassembled(before), old) => now.by_path.get(Path::new(key(before, old))).copied(),
        }
    }
}

/// What the changed paths below `content/` are now.
#[derive(Default)]
pub(super) struct ContentChanges {
    /// Markdown files to read again or for the first time, absolute.
    read: BTreeSet<PathBuf>,
    /// Files the site had, below `content/`, that are gone.
    gone: BTreeSet<PathBuf>,
}

impl Site {
    /// Rebuild after markdown files came, went or moved below `content/`; `None` when only a
    /// full rebuild is safe. On an error the site and `last` are left as they were.
    pub(super) fn restructure(
        &mut self,
        options: &Options,
        changes: &ChangeSet,
        last: &mut Report,
    ) -> Result<Option<Rebuilt>> {
        let Some(found) = self.content_changes(changes)? else { return Ok(None) };
        if let Some(rebuilt) = self.restructure_pages(options, &found, last)? {
            return Ok(Some(rebuilt));
        }
        let Some(next) = self.next_content(options, &found)? else { return Ok(None) };
        let before = Snapshot::of(self, None);
        let old = std::mem::replace(&mut self.content, next);
        self.sidebar = Arc::new(Sidebar::of(self));
        let after = Snapshot::of(self, None);
        match self.render_restructured(&before, &after, Renumber::Reassembled(&old), &found, last) {
            Ok(rebuilt) => {
                drop_later((before, after, old));
                Ok(Some(rebuilt))
            }
            Err(e) => {
                self.content = old;
                self.sidebar = Arc::clone(&before.sidebar);
                drop_later((before, after));
                Err(e)
            }
        }
    }

    /// When only pages came, went or moved: patch the content in place and compare only the
    /// sections that gained or lost a page. `None` when the change is more than pages.
    fn restructure_pages(
        &mut self,
        options: &Options,
        found: &ContentChanges,
        last: &mut Report,
    ) -> Result<Option<Rebuilt>> {
        let read = self.read_changed(found)?;
        let content = &self.content;
        let section_of = |path: &Path| match content.by_path.get(path) {
            Some(Target::Page(id)) => content.pages[*id].section,
            _ => content.section_holding(path.parent().unwrap_or(Path::new(""))),
        };
        let touched: BTreeSet<usize> = found
            .gone
            .iter()
            .map(PathBuf::as_path)
            .chain(read.iter().map(|d| d.rel_path.as_path()))
            .map(section_of)
            .collect();
        let before = Snapshot::of(self, Some(&touched));
        let Ok(patched) = self.content.patch_pages(read, &found.gone, options.drafts) else { return Ok(None) };
        let same_matrix = self.claims_resolve_alike(&self.content);
        if !matches!(same_matrix, Ok(true)) {
            self.content.undo_pages(patched.undo);
            return same_matrix.map(|_| None);
        }
        let sidebar = Arc::new(Sidebar::of(self));
        let sidebar = std::mem::replace(&mut self.sidebar, sidebar);
        let scope: BTreeSet<usize> = touched.union(&patched.sections).copied().collect();
        let after = Snapshot::of(self, Some(&scope));
        match self.render_restructured(&before, &after, Renumber::Pages(&patched.renumbered), found, last) {
            Ok(rebuilt) => {
                drop_later((before, after, patched.renumbered, patched.undo));
                Ok(Some(rebuilt))
            }
            Err(e) => {
                self.content.undo_pages(patched.undo);
                self.sidebar = sidebar;
                Err(e)
            }
        }
    }

    /// Read the markdown files a change names, as a full load reads them, and check each as a
    /// full build does: their problems, all together.
    fn read_changed(&self, found: &ContentChanges) -> Result<Vec<Document>> {
        let content_dir = SiteFolder::Content.in_site(&self.root);
        let mut errors = Vec::new();
        let mut read = Vec::new();
        for path in &found.read {
            match crate::content::read_document(&self.files, &content_dir, path, &self.config.title) {
                Ok(mut doc) => {
                    self.content.nav.apply(&mut doc);
                    crate::site::validate_document(&self.config, &self.templates, &doc, &mut errors);
                    crate::site::claims::validate_document(&self.matrix, &doc, &mut errors);
                    read.push(doc);
                }
                Err(d) => errors.push(d),
            }
        }
        errors.retain(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(Error::Site(errors));
        }
        Ok(read)
    }

    /// Sort the changed paths below `content/` into files to read and files gone.
    fn content_changes(&self, changes: &ChangeSet) -> Result<Option<ContentChanges>> {
        let content_dir = SiteFolder::Content.in_site(&self.root);
        let markdown = crate::content::is_markdown;
        let pair_notes = Path::new(crate::content::PAIR_NOTES_FOLDER);
        let mut found = ContentChanges::default();
        let mut problems = Vec::new();
        for (path, kind) in changes.iter() {
            if !matches!(
                kind,
                ChangeKind::Page | ChangeKind::SectionIndex | ChangeKind::Asset | ChangeKind::CriteriaData
            ) {
                return Ok(None);
            }
            let absolute = self.root.join(path);
            let rel = path.strip_prefix(SiteFolder::Content.name()).unwrap_or(path);
            // Notes of the "A vs B" pages decide which pair page shows which: a full build's job.
            if !self.config.pairs.pairs.is_empty() && rel.starts_with(pair_notes) {
                return Ok(None);
            }
            if absolute.is_dir() {
                let (walked, walk_problems) = self.files.walk(&absolute, |n| !crate::content::is_ignored_file_name(n));
                problems.extend(walk_problems);
                for file in walked {
                    let known = file.strip_prefix(&content_dir).is_ok_and(|r| self.content.by_path.contains_key(r));
                    if markdown(&file) {
                        found.read.insert(file);
                    } else if !known {
                        return Ok(None); // a new file beside pages: extras and copies
                    }
                }
            } else if absolute.is_file() {
                if !markdown(&absolute) {
                    return Ok(None);
                }
                found.read.insert(absolute);
                continue; // a file: nothing below it to have gone
            } else if self.content.by_path.get(rel).is_some_and(|t| self.content.document(*t).is_some())
                || self.content.drafts.contains(rel)
            {
                // A page or draft gone: no need to look through every path for what was below it.
                found.gone.insert(rel.to_path_buf());
                continue;
            }
            let documents = self.content.by_path.iter().filter(|(_, t)| self.content.document(**t).is_some());
            let known = documents.map(|(p, _)| p).chain(&self.content.drafts);
            for known in known.filter(|k| k.starts_with(rel)) {
                if !content_dir.join(known).is_file() {
                    found.gone.insert(known.clone());
                }
            }
        }
        if !problems.is_empty() {
            return Err(Error::Site(problems));
        }
        // Assets gone, and drafts left out with their whole section, take a full build.
        let draft_dirs: Vec<&Path> = self
            .content
            .drafts
            .iter()
            .filter(|d| crate::content::is_section_index(d))
            .map(|d| d.parent().unwrap_or(Path::new("")))
            .collect();
        let rel = |p: &Path| p.strip_prefix(&content_dir).unwrap_or(p).to_path_buf();
        let mut touched = found.read.iter().map(|p| rel(p)).chain(found.gone.iter().cloned());
        let asset_gone = found.gone.iter().any(|p| matches!(self.content.by_path.get(p), Some(Target::Asset(_))));
        if asset_gone || touched.any(|p| draft_dirs.iter().any(|d| p.starts_with(d))) {
            return Ok(None);
        }
        Ok(Some(found))
    }

    /// The content after the changes: the documents kept and those read, assembled as a full
    /// load assembles them; `None` when files beside pages would move.
    fn next_content(&self, options: &Options, found: &ContentChanges) -> Result<Option<Content>> {
        let content_dir = SiteFolder::Content.in_site(&self.root);
        let mut errors = Vec::new();
        let read: Vec<Document> = found
            .read
            .iter()
            .filter_map(|path| {
                let mut doc = crate::content::read_document(&self.files, &content_dir, path, &self.config.title)
                    .map_err(|d| errors.push(d))
                    .ok()?;
                self.content.nav.apply(&mut doc);
                Some(doc)
            })
            .collect();
        let read_paths: Vec<PathBuf> = read.iter().map(|d| d.rel_path.clone()).collect();
        let replaced: HashSet<&Path> = read_paths.iter().chain(&found.gone).map(PathBuf::as_path).collect();
        let content = &self.content;
        let kept = content.sections.iter().filter_map(|s| s.doc.as_ref()).chain(content.pages.iter().map(|p| &p.doc));
        let kept = kept.chain(&content.pair_notes);
        let mut documents: Vec<Document> = kept.filter(|d| !replaced.contains(d.rel_path.as_path())).cloned().collect();
        documents.extend(read);
        documents.sort_by(|a, b| a.rel_path.cmp(&b.rel_path));
        let others = content.assets.iter().map(|a| a.path.clone()).collect();
        let pair_notes = !self.config.pairs.pairs.is_empty();
        let mut next =
            crate::content::from_files(documents, others, &content_dir, (options.drafts, pair_notes), &mut errors);
        next.nav = content.nav.clone();
        next.drafts.extend(content.drafts.iter().filter(|d| !replaced.contains(d.as_path())).cloned());
        if next.assets.iter().zip(&content.assets).any(|(a, b)| a.url != b.url) {
            return Ok(None);
        }
        for path in &read_paths {
            if let Some(doc) = next.by_path.get(path).and_then(|&t| next.document(t)) {
                crate::site::validate_document(&self.config, &self.templates, doc, &mut errors);
                crate::site::claims::validate_document(&self.matrix, doc, &mut errors);
            }
        }
        errors.retain(Diagnostic::is_error);
        if !errors.is_empty() {
            return Err(Error::Site(errors));
        }
        Ok(self.claims_resolve_alike(&next)?.then_some(next))
    }

    /// Whether `matrix.toml` loads against `content` as it loaded for the site. Claims link to
    /// pages: a matrix that resolves differently is a full build's job.
    fn claims_resolve_alike(&self, content: &Content) -> Result<bool> {
        let (matrix, warnings) = crate::site::claims::load(&self.files, &self.config, content)?;
        Ok(format!("{matrix:?}{warnings:?}") == format!("{:?}{:?}", self.matrix, self.matrix_warnings))
    }

    /// Render what the new content changed into memory, and carry `last` over to it.
    fn render_restructured(
        &self,
        before: &Snapshot,
        after: &Snapshot,
        renumber: Renumber<'_>,
        found: &ContentChanges,
        last: &mut Report,
    ) -> Result<Rebuilt> {
        let content_dir = SiteFolder::Content.in_site(&self.root);
        let read: FxHashSet<OsString> =
            found.read.iter().map(|p| p.strip_prefix(&content_dir).unwrap_or(p).as_os_str().to_os_string()).collect();
        let reports: FxHashMap<Target, &DocumentReport> =
            last.documents.iter().filter_map(|d| Some((renumber.target(d.target, &self.content)?, d))).collect();
        let affected = affected(before, after, &self.content, &read, &found.gone, &reports);
        let targets: Vec<Target> =
            if affected.everything { self.all_targets() } else { affected.targets.iter().copied().collect() };
        let memory = Memory::default();
        let shared = BuildContext::new(self);
        // The sitemap lists every page, and is built beside the pages rather than after them:
        // at 10,000 pages it is a tenth of a structural rebuild, all on the thread a reload waits for.
        let wants_sitemap = self.generates("sitemap.xml", last);
        let (rendered, sitemap) = rayon::join(
            || self.render_documents(&shared, &targets, &memory),
            || wants_sitemap.then(|| crate::site::extras::sitemap(self)),
        );
        let (rendered, mut warnings) = rendered?;
        // Pair pages show the sidebar and link the pages that compare both: redrawn every time.
        let mut pair_pages = None;
        if !self.pairs.pages.is_empty() {
            let only = crate::site::pairs::Only::All;
            let written = crate::site::pairs::write_all(self, &shared, &memory, &only).map_err(Error::Site)?;
            warnings.extend(written.warnings);
            pair_pages = Some((written.reports, written.redirects));
        }
        if self.generates("404.html", last) && (affected.everything || affected.not_found) {
            memory.write("404.html", &crate::site::extras::not_found(self, &shared)?)?;
        }
        if let Some(sitemap) = sitemap {
            memory.write("sitemap.xml", sitemap.as_bytes())?;
        }
        if affected.everything || affected.tags {
            for (path, bytes) in crate::site::tags::render_all(self, &shared)? {
                memory.write(&path, &bytes)?;
            }
        }
        let removed: Vec<String> = before.outputs.difference(&after.outputs).cloned().collect();
        drop(reports);
        self.carry_over(renumber, rendered, last);
        if let Some((reports, redirects)) = pair_pages {
            last.pair_pages = reports;
            last.redirects = redirects.into_iter().collect();
        }
        for path in &removed {
            last.files.remove(path);
        }
        last.files.extend(after.outputs.iter().cloned());
        Ok(Rebuilt {
            files: memory.into_files(),
            removed,
            complete: false,
            documents: targets.len(),
            copied: 0,
            warnings,
        })
    }

    /// The last build's report for the new content: sections, then pages, each the new
    /// rendering's report or its old one under its new id.
    fn carry_over(&self, renumber: Renumber<'_>, mut rendered: Vec<DocumentReport>, last: &mut Report) {
        let sections = self.content.sections.len();
        // By place: sections, then pages, as a full build lists them. In place: the reports of
        // a large site are megabytes.
        let place = |target: Target| match target {
            Target::Section(id) => id,
            Target::Page(id) => sections + id,
            Target::Asset(id) => usize::MAX - id,
        };
        last.documents.retain_mut(|report| match renumber.target(report.target, &self.content) {
            Some(target) => {
                report.target = target;
                true
            }
            None => false,
        });
        // Renumbered pages keep their order; a content assembled again may not.
        if !last.documents.is_sorted_by_key(|d| place(d.target)) {
            last.documents.sort_by_key(|d| place(d.target));
        }
        rendered.sort_by_key(|d| place(d.target));
        for report in rendered {
            match last.documents.binary_search_by_key(&place(report.target), |d| place(d.target)) {
                Ok(at) => last.documents[at] = report,
                Err(at) => last.documents.insert(at, report),
            }
        }
        last.pages = self.content.pages.len();
        last.sections = self.content.sections.len();
    }
}

/// Drop what a structural rebuild compared, on a thread of its own: freeing every document's
/// snapshot takes longer than some rebuilds, and the reload need not wait for it.
fn drop_later<T: Send + 'static>(value: T) {
    // Should no thread start, the value is dropped right here, with the closure.
    let _ = std::thread::Builder::new().name("versa-drop".into()).spawn(move || drop(value));
}
