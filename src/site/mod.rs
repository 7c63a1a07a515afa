//! The orchestrator: load a site, render it into a [`Sink`], check its links.
//!
//! 1. [`Site::load`]: `site.toml`, `content/`, `templates/`; every error is collected.
//! 2. [`Site::render`]: every section and page in parallel (markdown → template → sink), then
//!    the theme's assets, `static/`, files beside pages, `404.html`, `sitemap.xml`, `robots.txt`.
//!    Nothing reaches the sink's final place unless the whole build succeeds (see `output`).
//! 3. [`check::check_links`]: for `versa check`, every internal link and anchor.
//! 4. [`Site::rebuild`] ([`incremental`]): for `versa serve`, redo only what changed.
//! 5. [`Site::render_with_search`] ([`search`]): `versa build` renders and indexes the pages for
//!    search; `versa serve` indexes them in the background instead.

pub(crate) mod check;
mod claims;
mod document;
mod extras;
mod header_data;
mod history;
mod incremental;
mod json_ld;
pub(crate) mod pairs;
mod search;
mod shown;
mod tags;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use crate::config::Config;
use crate::content::{Content, Target};
use crate::error::{Diagnostic, Error, Result};
use crate::fs::SiteFiles;
use crate::markdown::Link;
use crate::output::Sink;
use crate::render::Templates;
pub use incremental::Rebuilt;

/// How many documents [`Site::render_then`] renders between two calls of its `batch_done`: big
/// enough that the threads rarely wait for the batch's last page, small enough that what a
/// batch holds for the search index stays small.
const BATCH: usize = 512;

/// What to build, from the command line.
#[derive(Debug, Clone)]
pub struct Options {
    pub root: PathBuf,
    /// Replaces `base_url` from site.toml (`--base-url`).
    pub base_url: Option<String>,
    /// Include pages with `draft = true`.
    pub drafts: bool,
    /// Where highlighted code is cached between builds; `None` highlights every block.
    pub cache_dir: Option<PathBuf>,
}

/// A loaded site, ready to render.
pub struct Site {
    pub(crate) root: PathBuf,
    /// The only way to read the site's files: links out of the site folder are refused.
    pub(crate) files: SiteFiles,
    pub(crate) config: Config,
    pub(crate) content: Content,
    pub(crate) templates: Templates,
    /// Highlighted code from earlier builds (see `highlight::Cache`).
    pub(crate) cache: Arc<crate::highlight::Cache>,
    /// Each file's latest commit date below `content/`, with `updated_from_git`.
    pub(crate) git_dates: history::Dates,
    /// Why the git dates could not be read, shown with every full build's warnings.
    pub(crate) history_warning: Option<Diagnostic>,
    /// `matrix.toml`, checked; empty when the site has none.
    pub(crate) matrix: crate::compare::matrix::Matrix,
    /// Its freshness warnings, and those of the pair pages' notes, reported with every full build.
    pub(crate) matrix_warnings: Vec<Diagnostic>,
    /// `matrix`, serialized once as templates get it (`site.matrix`), not once per page.
    pub(crate) matrix_json: serde_json::Value,
    /// The "A vs B" pages `[pairs]` asks for, with the notes of `content/vs/`.
    pub(crate) pairs: pairs::Pairs,
    /// The sidebar of the content as it is, nothing marked: built once, and again only when an
    /// edit changes the navigation (incremental rebuilds keep it current; debug builds check).
    pub(in crate::site) sidebar: Arc<shown::Sidebar>,
    /// `assets/highlight.css`: it depends on `site.toml` alone.
    pub(in crate::site) highlight_css: String,
}

/// What one rendered section or page contributed, for link checking and incremental rebuilds.
#[derive(Debug, Clone)]
pub(crate) struct DocumentReport {
    pub(crate) target: Target,
    /// The output path of the page (`a/index.html`).
    pub(crate) output: String,
    pub(crate) source: PathBuf,
    pub(crate) anchors: HashSet<String>,
    pub(crate) links: Vec<Link>,
    /// Samples and data files it included.
    pub(crate) includes: Vec<PathBuf>,
    /// The matrix claims its tables show (`<criterion>/<contender>`), for rebuilding what an
    /// edit of `matrix.toml` changes.
    pub(crate) claims: Vec<String>,
}

/// What a generated "A vs B" page or the hub contributed, for link checking: the links written
/// in its note and the ids on the page, checked with the pages' (see [`check::check_links`]).
#[derive(Debug, Clone)]
pub(crate) struct PairReport {
    /// `a-vs-b/index.html`, or `vs/index.html` for the hub.
    pub(crate) output: String,
    /// The index in `content.pair_notes` of the note the links are written in.
    pub(crate) note: Option<usize>,
    pub(crate) anchors: HashSet<String>,
    pub(crate) links: Vec<Link>,
}

/// The outcome of a successful render.
#[derive(Debug, Default)]
pub struct Report {
    pub(crate) pages: usize,
    pub(crate) sections: usize,
    pub(crate) static_files: usize,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) documents: Vec<DocumentReport>,
    /// The pair pages and the hub, as far as links go.
    pub(crate) pair_pages: Vec<PairReport>,
    /// The redirects at `/<b>-vs-<a>/`: their output path, and the page's URL below the root
    /// they send readers to.
    pub(crate) redirects: HashMap<String, String>,
    /// Every file written, by output path.
    pub(crate) files: HashSet<String>,
}

impl Report {
    /// Keep the latest report of each pair page (by output path), in the order first written.
    pub(crate) fn store_pair_pages(&mut self, reports: Vec<PairReport>) {
        if self.pair_pages.is_empty() {
            self.pair_pages = reports;
            return;
        }
        for report in reports {
            match self.pair_pages.iter_mut().find(|r| r.output == report.output) {
                Some(old) => *old = report,
                None => self.pair_pages.push(report),
            }
        }
    }
}

impl Site {
    /// Read and validate everything the build needs.
    pub(crate) fn load(options: &Options) -> Result<Site> {
        let cache = match &options.cache_dir {
            Some(dir) => crate::highlight::Cache::on_disk(dir, false),
            None => crate::highlight::Cache::off(),
        };
        Site::load_with(options, Arc::new(cache))
    }

    /// [`Site::load`] for a site rendered once (`build`, `check`): page bodies are let go and
    /// read again as each page renders, so 100,000 pages don't hold all their markdown at once.
    pub(crate) fn load_once(options: &Options) -> Result<Site> {
        let mut site = Site::load(options)?;
        site.content.release_bodies();
        Ok(site)
    }

    /// [`Site::load`] with a cache that outlives the site (`serve` keeps one in memory).
    pub(crate) fn load_with(options: &Options, cache: Arc<crate::highlight::Cache>) -> Result<Site> {
        let root = options.root.clone();
        let files = SiteFiles::new(&root);
        let mut config = Config::load(&files)?;
        if let Some(url) = &options.base_url {
            config.override_base_url(url)?;
        }
        let mut diagnostics = Vec::new();
        let (content, content_diagnostics) =
            crate::content::load_partial(&files, options.drafts, &config.title, !config.pairs.pairs.is_empty())?;
        diagnostics.extend(content_diagnostics);
        let templates = match Templates::load(&files) {
            Ok(t) => Some(t),
            Err(Error::Site(d)) => {
                diagnostics.extend(d);
                None
            }
            Err(e) => return Err(e),
        };
        let (pairs, pair_diagnostics) = pairs::Pairs::load(&config, &content);
        let (pair_errors, pair_warnings): (Vec<Diagnostic>, Vec<Diagnostic>) =
            pair_diagnostics.into_iter().partition(Diagnostic::is_error);
        diagnostics.extend(pair_errors);
        let (matrix, mut matrix_warnings) = match claims::load(&files, &config, &content) {
            Ok(loaded) => loaded,
            // Pages' `criterion` keys can't be checked against a matrix that failed.
            Err(Error::Site(errors)) => {
                diagnostics.extend(errors);
                return Err(Error::Site(diagnostics));
            }
            Err(e) => return Err(e),
        };
        matrix_warnings.extend(pair_warnings);
        if let Some(templates) = &templates {
            validate(&config, &matrix, &content, templates, &mut diagnostics);
        }
        match templates {
            Some(templates) if !diagnostics.iter().any(Diagnostic::is_error) => {
                let (git_dates, history_warning) = history::read(&root, &config);
                let highlight_css =
                    crate::highlight::theme_css(&config.highlight.light_theme, &config.highlight.dark_theme);
                let mut site = Site {
                    root,
                    files,
                    config,
                    content,
                    templates,
                    cache,
                    git_dates,
                    history_warning,
                    matrix_json: crate::render::context::MatrixShown::serialize_once(&matrix),
                    matrix,
                    matrix_warnings,
                    pairs,
                    sidebar: Arc::default(),
                    highlight_css,
                };
                site.sidebar = Arc::new(shown::Sidebar::of(&site));
                Ok(site)
            }
            _ => Err(Error::Site(diagnostics)),
        }
    }

    /// The path internal URLs start with (`/` or `/docs/`).
    pub(crate) fn base_path(&self) -> String {
        self.config.base_path()
    }

    /// A document's "Last updated": its front matter's, else its last commit's with
    /// `updated_from_git` (unless it asks for none, `lastUpdated: false`).
    pub(crate) fn updated<'s>(&'s self, doc: &'s crate::content::Document) -> Option<&'s str> {
        let front = doc.front();
        if front.hide_updated {
            return None;
        }
        front.updated.as_deref().or_else(|| {
            // Asked of every page for the sitemap on each structural change under `serve`.
            if self.git_dates.is_empty() {
                return None;
            }
            let rel: Vec<String> =
                doc.rel_path.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
            self.git_dates.get(&rel.join("/")).map(String::as_str)
        })
    }

    /// Render the whole site into `sink`. All errors are collected; on any error the caller
    /// must not publish what the sink received.
    pub(crate) fn render(&self, sink: &dyn Sink) -> Result<Report> {
        self.render_then(sink, &|| ())
    }

    /// [`Site::render`] in batches of [`BATCH`] documents (sections, then pages, in order), each
    /// rendered in parallel; `batch_done` runs after each batch, before the next one starts.
    /// (The search index takes the pages batch by batch, in the site's order.)
    pub(crate) fn render_then(&self, sink: &dyn Sink, batch_done: &dyn Fn()) -> Result<Report> {
        let shared = document::BuildContext::new(self);
        let targets: Vec<Target> = (0..self.content.sections.len())
            .map(Target::Section)
            .chain((0..self.content.pages.len()).map(Target::Page))
            .collect();
        let mut results: Vec<document::Outcome> = Vec::with_capacity(targets.len());
        for batch in targets.chunks(BATCH) {
            results.extend(batch.par_iter().map(|&t| shared.render(t, sink)).collect::<Vec<_>>());
            batch_done();
        }
        let mut report = Report {
            pages: self.content.pages.len(),
            sections: self.content.sections.len(),
            warnings: self.matrix_warnings.clone(),
            ..Report::default()
        };
        report.warnings.extend(self.history_warning.clone());
        report.warnings.extend(self.content.nav.warnings.iter().cloned());
        let mut errors = Vec::new();
        for outcome in results {
            for d in outcome.diagnostics {
                if d.is_error() {
                    errors.push(d);
                } else {
                    report.warnings.push(d);
                }
            }
            if let Some(doc) = outcome.report {
                report.files.insert(doc.output.clone());
                report.documents.push(doc);
            }
        }
        if !errors.is_empty() {
            // A broken template fails every page that uses it the same way: say it once.
            let mut seen = HashSet::new();
            errors.retain(|d| seen.insert(d.to_string()));
            errors.append(&mut report.warnings);
            return Err(Error::Site(errors));
        }
        extras::write_all(self, &shared, sink, &mut report)?;
        Ok(report)
    }
}

/// Checks that need the whole site: contenders, criteria and templates named in front matter.
fn validate(
    config: &Config,
    matrix: &crate::compare::matrix::Matrix,
    content: &Content,
    templates: &Templates,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let documents = content.sections.iter().filter_map(|s| s.doc.as_ref()).chain(content.pages.iter().map(|p| &p.doc));
    for doc in documents {
        validate_document(config, templates, doc, diagnostics);
        claims::validate_document(matrix, doc, diagnostics);
    }
}

/// The contenders and the template one document names must exist.
fn validate_document(
    config: &Config,
    templates: &Templates,
    doc: &crate::content::Document,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for key in &doc.front().compare {
        if !config.contenders.contains_key(key) {
            let known: Vec<&str> = config.contenders.keys().map(String::as_str).collect();
            let help = match crate::diagnostics::closest(key, &known) {
                Some(best) => {
                    format!("did you mean `{best}`? contenders are declared in site.toml as `[contenders.KEY]`")
                }
                None if known.is_empty() => "declare it in site.toml as `[contenders.KEY]` with a `name`".to_string(),
                None => format!("contenders in site.toml: `{}`", known.join("`, `")),
            };
            diagnostics.push(doc.key_error("compare", format!("unknown contender `{key}`")).help(help));
        }
    }
    if let Some(template) = &doc.front().template {
        if !templates.has(template) {
            let names = templates.names();
            let help = match crate::diagnostics::closest(template, &names) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("templates: `{}`; add your own in templates/", names.join("`, `")),
            };
            diagnostics.push(doc.key_error("template", format!("there is no template `{template}`")).help(help));
        }
    }
}

/// Output paths of everything under a folder of the site (`static/`), with where each comes from.
pub(crate) fn folder_files(files: &SiteFiles, dir: &Path) -> Result<Vec<(String, PathBuf)>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let walked = files.walk_files(dir, |name| !crate::content::is_ignored_file_name(name))?;
    Ok(walked
        .into_iter()
        .map(|path| (path.strip_prefix(dir).unwrap_or(&path).to_string_lossy().replace('\\', "/"), path))
        .collect())
}

/// Output paths claimed twice are an error naming both sources.
pub(crate) fn claim(claimed: &mut HashMap<String, String>, path: &str, by: String) -> Result<(), Diagnostic> {
    if let Some(first) = claimed.get(path) {
        return Err(
            Diagnostic::error(format!("`{first}` and `{by}` both produce `{path}`")).help("rename or move one of them")
        );
    }
    claimed.insert(path.to_string(), by);
    Ok(())
}
