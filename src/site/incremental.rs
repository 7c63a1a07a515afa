//! Incremental rebuilds for `versa serve`: redo only what a [`ChangeSet`] invalidates, with the
//! same output as a full build.
//!
//! 1. `site.toml`, `matrix.toml` and a watcher rescan rebuild everything. Markdown files or
//!    section folders added, removed or renamed, and pages whose `slug`, `tags` or `draft`
//!    changed, go to [`structure`], which re-renders what shows them or, for what it can't do
//!    safely, answers with a full rebuild.
//! 2. Plan, changing nothing yet: reload the templates if one changed; re-read and validate each
//!    edited page and section; note the static files and assets to copy and the pages that
//!    include a changed sample or data file.
//! 3. Apply ([`affected`]): swap the new documents and templates in (keeping the old ones),
//!    re-sort their sections, and add what shows each change, found by comparing what other
//!    documents are given of each edited one before and after (`site::shown`): its section's
//!    listing, its old and new prev/next neighbours, breadcrumbs below a section, the navigation
//!    (every page), the sitemap.
//! 4. Render those sections and pages in parallel with the full build's code, copy, regenerate
//!    `sitemap.xml`, `404.html` and the tag pages when they show the change, and rerun the extras when files
//!    came or went under `static/`.
//! 5. On an error put the old documents and templates back: the site stays the last good one,
//!    and the caller retries these changes together with the next ones.

mod affected;
mod matrix;
mod structure;

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::document::BuildContext;
use super::{extras, DocumentReport, Options, Report, Site};
use crate::changes::{template_dependents, ChangeKind, ChangeSet};
use crate::content::{Document, Target};
use crate::error::{Diagnostic, Error, Result};
use crate::layout::SiteFolder;
use crate::output::{Memory, Sink};
use crate::render::Templates;

/// What a rebuild produced, for the server to apply to the site it serves.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// The files written, by output path; every file of the site when `complete`.
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// The whole site was rebuilt: output paths not in `files` are gone.
    pub complete: bool,
    /// How many sections and pages were rendered.
    pub documents: usize,
    /// How many static files and assets were copied on their own.
    pub copied: usize,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Whether a change can be rebuilt on its own or needs the whole site.
enum RebuildScope {
    Planned,
    Structural,
}

/// What a set of changes needs redone.
#[derive(Default)]
struct Plan {
    documents: Vec<(Target, Document)>,
    templates: Option<Templates>,
    /// Templates whose users are re-rendered.
    template_users: BTreeSet<String>,
    targets: BTreeSet<Target>,
    everything: bool,
    revalidate: bool,
    sitemap: bool,
    not_found: bool,
    /// The tag pages show an edited page, or use an edited template.
    tags: bool,
    /// The pair pages (by index in `site.pairs`) that show an edited page or claim.
    pairs: BTreeSet<usize>,
    /// Every pair page, the hub and the redirects.
    all_pairs: bool,
    copies: Vec<(String, PathBuf)>,
    extras: bool,
    /// Problems in the edited documents, all reported together.
    errors: Vec<Diagnostic>,
}

/// What `apply` replaced, to put back when rendering fails.
#[derive(Default)]
struct Undo {
    documents: Vec<(Target, Option<Document>)>,
    page_orders: Vec<(usize, Vec<usize>)>,
    subsection_orders: Vec<(usize, Vec<usize>)>,
    templates: Option<Templates>,
    sidebar: Option<Arc<super::shown::Sidebar>>,
}

impl Undo {
    fn restore(self, site: &mut Site) {
        for (section, order) in self.page_orders {
            site.content.sections[section].pages = order;
        }
        for (section, order) in self.subsection_orders {
            site.content.sections[section].subsections = order;
        }
        for (target, doc) in self.documents {
            match target {
                Target::Page(id) => {
                    if let Some(doc) = doc {
                        site.content.pages[id].doc = doc;
                    }
                }
                Target::Section(id) => site.content.sections[id].doc = doc,
                Target::Asset(_) => {}
            }
        }
        if let Some(templates) = self.templates {
            site.templates = templates;
        }
        if let Some(sidebar) = self.sidebar {
            site.sidebar = sidebar;
        }
    }
}

impl Site {
    /// Load and render a whole site in memory, as `versa serve` starts.
    pub fn build_in_memory(options: &Options) -> Result<(Site, Report, Rebuilt)> {
        Site::build_in_memory_with(Site::load(options)?)
    }

    /// [`Site::build_in_memory`] of a site already loaded.
    pub(crate) fn build_in_memory_with(site: Site) -> Result<(Site, Report, Rebuilt)> {
        let memory = Memory::default();
        let mut report = site.render(&memory)?;
        let rebuilt = Rebuilt {
            files: memory.into_files(),
            complete: true,
            documents: report.documents.len(),
            warnings: std::mem::take(&mut report.warnings),
            ..Rebuilt::default()
        };
        Ok((site, report, rebuilt))
    }

    /// Bring the site up to date with `changes`, rendering only what they touch. `last` is the
    /// report of the build being served and is kept up to date. On an error the site and `last`
    /// are left as they were.
    pub fn rebuild(&mut self, options: &Options, changes: &ChangeSet, last: &mut Report) -> Result<Rebuilt> {
        if changes.rescan
            || changes.has(ChangeKind::Config)
            || changes.has(ChangeKind::SiteFolder)
            || changes.has(ChangeKind::Navigation)
        {
            return self.rebuild_all(options, last);
        }
        if changes.has(ChangeKind::Matrix) {
            // Alone, an edit of the claims re-renders what shows them; with other edits, all.
            if changes.iter().all(|(_, kind)| kind == ChangeKind::Matrix) {
                return self.rebuild_matrix(options, last);
            }
            return self.rebuild_all(options, last);
        }
        let Some(mut plan) = self.plan(options, changes, last)? else {
            return match self.restructure(options, changes, last)? {
                Some(rebuilt) => Ok(rebuilt),
                None => self.rebuild_all(options, last),
            };
        };
        let undo = self.apply(&mut plan);
        self.render_plan(&plan, last).inspect_err(|_| undo.restore(self))
    }

    /// Reload and render everything; the site and `last` change only if that succeeds.
    pub(crate) fn rebuild_all(&mut self, options: &Options, last: &mut Report) -> Result<Rebuilt> {
        self.cache.start_counting();
        let site = Site::load_with(options, Arc::clone(&self.cache))?;
        let (site, report, rebuilt) = Site::build_in_memory_with(site)?;
        // Code no page shows any more leaves the memory of a long `serve` session.
        self.cache.keep_only_used();
        *self = site;
        *last = report;
        Ok(rebuilt)
    }

    fn plan(&self, options: &Options, changes: &ChangeSet, last: &Report) -> Result<Option<Plan>> {
        let mut plan = Plan::default();
        // Templates first, so edited pages are validated against the new ones.
        let template_paths: Vec<&Path> =
            changes.iter().filter(|(_, kind)| *kind == ChangeKind::Template).map(|(path, _)| path).collect();
        if !template_paths.is_empty() {
            let templates = Templates::load(&self.files)?;
            for path in template_paths {
                let name = below(path, SiteFolder::Templates);
                let edited = self.templates.has(&name) && templates.has(&name) && self.root.join(path).is_file();
                if edited {
                    plan.template_users.extend(template_dependents(templates.sources(), &name));
                } else {
                    // Added or removed: which pages it changes depends on what it shadows.
                    plan.everything = true;
                    plan.revalidate = true;
                }
            }
            plan.templates = Some(templates);
        }
        for (path, kind) in changes.iter() {
            let next = match kind {
                ChangeKind::Page | ChangeKind::SectionIndex => self.plan_document(options, path, &mut plan),
                ChangeKind::Asset | ChangeKind::CriteriaData => self.plan_asset(path, &mut plan),
                ChangeKind::Static => self.plan_static(path, last, &mut plan),
                ChangeKind::Template
                | ChangeKind::Config
                | ChangeKind::Matrix
                | ChangeKind::SiteFolder
                | ChangeKind::Ignored => RebuildScope::Planned,
                ChangeKind::Navigation => RebuildScope::Structural,
            };
            if let RebuildScope::Structural = next {
                return Ok(None);
            }
            // Pages that read this file as a sample or criteria data.
            let absolute = self.root.join(path);
            for doc in &last.documents {
                if doc.includes.contains(&absolute) {
                    plan.targets.insert(doc.target);
                }
            }
        }
        if plan.errors.iter().any(Diagnostic::is_error) {
            return Err(Error::Site(std::mem::take(&mut plan.errors)));
        }
        Ok(Some(plan))
    }

    /// Re-read an edited page or section; its errors go to `plan.errors`.
    fn plan_document(&self, options: &Options, path: &Path, plan: &mut Plan) -> RebuildScope {
        let content_dir = SiteFolder::Content.in_site(&self.root);
        let absolute = self.root.join(path);
        let rel = path.strip_prefix(SiteFolder::Content.name()).unwrap_or(path);
        let Some(&target) = self.content.by_path.get(rel) else {
            if absolute.is_file() {
                // A draft left out of the build stays out; anything else is new.
                return match crate::content::read_document(&self.files, &content_dir, &absolute, &self.config.title) {
                    Ok(doc) if doc.front().draft && !options.drafts => RebuildScope::Planned,
                    _ => RebuildScope::Structural,
                };
            }
            return self.gone(rel);
        };
        let Some(old) = self.content.document(target) else { return RebuildScope::Structural };
        if !absolute.is_file() {
            return RebuildScope::Structural;
        }
        let doc = match crate::content::read_document(&self.files, &content_dir, &absolute, &self.config.title) {
            Ok(mut doc) => {
                self.content.nav.apply(&mut doc);
                doc
            }
            Err(diagnostic) => {
                plan.errors.push(diagnostic);
                return RebuildScope::Planned;
            }
        };
        // New tags add, remove or resize tag pages, and may make `tags` a reserved name.
        let retagged = doc.front().tags != old.front().tags;
        if retagged || doc.front().slug != old.front().slug || (doc.front().draft && !options.drafts) {
            return RebuildScope::Structural;
        }
        let templates = plan.templates.as_ref().unwrap_or(&self.templates);
        super::validate_document(&self.config, templates, &doc, &mut plan.errors);
        super::claims::validate_document(&self.matrix, &doc, &mut plan.errors);
        // The pair pages of two contenders list the pages whose `compare` names both.
        let compared = |d: &Document| d.front().compare.clone();
        let (before, after) = (compared(old), compared(&doc));
        let keys: Vec<&String> = self.config.contenders.keys().collect();
        for (i, page) in self.pairs.pages.iter().enumerate() {
            let both = |list: &[String]| [keys[page.pair.a], keys[page.pair.b]].iter().all(|k| list.contains(k));
            if both(&before) || both(&after) {
                plan.pairs.insert(i);
            }
        }
        plan.documents.push((target, doc));
        RebuildScope::Planned
    }

    fn plan_asset(&self, path: &Path, plan: &mut Plan) -> RebuildScope {
        let absolute = self.root.join(path);
        let rel = path.strip_prefix(SiteFolder::Content.name()).unwrap_or(path);
        match self.content.by_path.get(rel) {
            // A file that became a link out of the site rebuilds everything, which refuses it.
            Some(&Target::Asset(id)) if absolute.is_file() && self.files.resolve(&absolute).is_ok() => {
                plan.copies.push((self.content.assets[id].url.clone(), absolute));
                RebuildScope::Planned
            }
            Some(_) => RebuildScope::Structural,
            // A new folder counts once it has files; an empty one changes nothing yet.
            None if absolute.is_dir() => match self.files.walk_files(&absolute, |_| true) {
                Ok(files) if files.is_empty() => RebuildScope::Planned,
                _ => RebuildScope::Structural,
            },
            None if absolute.exists() => RebuildScope::Structural,
            None => self.gone(rel),
        }
    }

    /// A path under `content/` that is not part of the site and no longer exists: a removed
    /// folder matters if the site had files in it.
    fn gone(&self, rel: &Path) -> RebuildScope {
        if self.content.by_path.keys().any(|known| known.starts_with(rel)) {
            RebuildScope::Structural
        } else {
            RebuildScope::Planned
        }
    }

    fn plan_static(&self, path: &Path, last: &Report, plan: &mut Plan) -> RebuildScope {
        let output = below(path, SiteFolder::Static);
        let absolute = self.root.join(path);
        // A file the last build copied from static/ (and not one that shadows a generated file)
        // is copied alone; anything added or removed reruns the extras.
        let generated = matches!(output.as_str(), "404.html" | "sitemap.xml" | "robots.txt" | "assets/highlight.css")
            || crate::embedded::THEME_STATIC.iter().any(|(name, _)| output == *name);
        let claimed_by_content =
            last.documents.iter().any(|d| d.output == output) || self.content.assets.iter().any(|a| a.url == output);
        // Every page names the stylesheets and the script with a hash of their bytes.
        if matches!(
            output.as_str(),
            "assets/versa.css"
                | "assets/versa.js"
                | "assets/highlight.css"
                | "assets/search.js"
                | "assets/search.css"
                | "assets/filter.js"
                | "assets/filter.css"
        ) || self.config.theme.extra_css().any(|css| Path::new(css).starts_with(&output))
        {
            return RebuildScope::Structural;
        }
        let inside = self.files.resolve(&absolute).is_ok();
        if absolute.is_file() && inside && last.files.contains(&output) && !generated && !claimed_by_content {
            plan.copies.push((output, absolute));
        } else {
            plan.extras = true;
        }
        RebuildScope::Planned
    }

    /// Render what the plan needs into memory and update `last`.
    fn render_plan(&self, plan: &Plan, last: &mut Report) -> Result<Rebuilt> {
        if plan.revalidate {
            let mut diagnostics = Vec::new();
            super::validate(&self.config, &self.matrix, &self.content, &self.templates, &mut diagnostics);
            if diagnostics.iter().any(Diagnostic::is_error) {
                return Err(Error::Site(diagnostics));
            }
        }
        let targets: Vec<Target> =
            if plan.everything { self.all_targets() } else { plan.targets.iter().copied().collect() };
        let memory = Memory::default();
        let shared = BuildContext::new(self);
        let (reports, mut warnings) = self.render_documents(&shared, &targets, &memory)?;
        if (plan.everything || plan.not_found) && self.generates("404.html", last) {
            memory.write("404.html", &extras::not_found(self, &shared)?)?;
        }
        if (plan.everything || plan.sitemap) && self.generates("sitemap.xml", last) {
            memory.write("sitemap.xml", extras::sitemap(self).as_bytes())?;
        }
        if plan.everything || plan.tags {
            for (path, bytes) in super::tags::render_all(self, &shared)? {
                memory.write(&path, &bytes)?;
            }
        }
        let pairs = if plan.everything || plan.all_pairs {
            Some(super::pairs::Only::All)
        } else {
            Some(super::pairs::Only::Pages(&plan.pairs)).filter(|_| !plan.pairs.is_empty())
        };
        if let Some(only) = pairs {
            let mut written = super::pairs::write_all(self, &shared, &memory, &only).map_err(Error::Site)?;
            warnings.append(&mut written.warnings);
            last.store_pair_pages(written.reports);
        }
        for (path, from) in &plan.copies {
            memory.copy(path, from)?;
        }
        let mut removed = Vec::new();
        if plan.extras {
            let files = self.rerun_extras(&shared, &memory, last)?;
            removed = last.files.difference(&files).cloned().collect();
            last.files = files;
        }
        for report in reports {
            self.store_report(report, last);
        }
        Ok(Rebuilt {
            files: memory.into_files(),
            removed,
            complete: false,
            documents: targets.len(),
            copied: plan.copies.len(),
            warnings,
        })
    }

    /// Render sections and pages in parallel into `memory`: their reports and warnings, or
    /// every error with the warnings.
    fn render_documents(
        &self,
        shared: &BuildContext<'_>,
        targets: &[Target],
        memory: &Memory,
    ) -> Result<(Vec<DocumentReport>, Vec<Diagnostic>)> {
        let outcomes: Vec<super::document::Outcome> = targets.par_iter().map(|&t| shared.render(t, memory)).collect();
        let (mut errors, mut warnings, mut reports) = (Vec::new(), Vec::new(), Vec::new());
        for outcome in outcomes {
            for d in outcome.diagnostics {
                if d.is_error() {
                    errors.push(d);
                } else {
                    warnings.push(d);
                }
            }
            reports.extend(outcome.report);
        }
        if !errors.is_empty() {
            errors.append(&mut warnings);
            return Err(Error::Site(errors));
        }
        Ok((reports, warnings))
    }

    /// Static files, files beside pages and generated files, as a full build writes them; returns
    /// every output path of the site.
    fn rerun_extras(&self, shared: &BuildContext<'_>, memory: &Memory, last: &mut Report) -> Result<HashSet<String>> {
        let documents: Vec<DocumentReport> = last
            .documents
            .iter()
            .map(|d| DocumentReport {
                target: d.target,
                output: d.output.clone(),
                source: d.source.clone(),
                anchors: HashSet::new(),
                links: Vec::new(),
                includes: Vec::new(),
                claims: Vec::new(),
            })
            .collect();
        let files = documents.iter().map(|d| d.output.clone()).collect();
        let mut report = Report { documents, files, ..Report::default() };
        extras::write_all(self, shared, memory, &mut report)?;
        last.static_files = report.static_files;
        last.store_pair_pages(report.pair_pages);
        last.redirects = report.redirects;
        Ok(report.files)
    }

    /// Replace a document's report. A full build lists sections, then pages, in order, and
    /// incremental rebuilds keep that order, so the place is known without a search.
    fn store_report(&self, report: DocumentReport, last: &mut Report) {
        let expected = match report.target {
            Target::Section(id) => Some(id),
            Target::Page(id) => Some(self.content.sections.len() + id),
            Target::Asset(_) => None,
        };
        let at = expected
            .filter(|&i| last.documents.get(i).is_some_and(|d| d.target == report.target))
            .or_else(|| last.documents.iter().position(|d| d.target == report.target));
        match at {
            Some(i) => last.documents[i] = report,
            None => last.documents.push(report),
        }
    }

    /// True when the last build generated `path` itself rather than copying a file over it.
    fn generates(&self, path: &str, last: &Report) -> bool {
        last.files.contains(path)
            && !SiteFolder::Static.in_site(&self.root).join(path).is_file()
            && !self.content.assets.iter().any(|a| a.url == path)
    }
}

/// A path below one of the site's folders, with `/` separators: `templates/partials/a.html` →
/// `partials/a.html`.
fn below(path: &Path, folder: SiteFolder) -> String {
    let rel = path.strip_prefix(folder.name()).unwrap_or(path);
    rel.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}
