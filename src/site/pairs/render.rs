//! Rendering the pair pages, their redirects and the hub into a sink.

use std::collections::BTreeSet;

use rayon::prelude::*;

use super::{hub_url, PairPage};
use crate::compare::criteria;
use crate::compare::matrix::{self, Citations, Selection};
use crate::config::Contender;
use crate::content::Document;
use crate::error::Diagnostic;
use crate::html::escape_html;
use crate::markdown::Rendered;
use crate::output::Sink;
use crate::render::context::{
    HubContext, LinkRef, Meta, PairContext, PairLink, PairPageContext, PairRow, PairTemplate, PairsTemplate,
};
use crate::site::document::{BuildContext, VERSION};
use crate::site::{PairReport, Site};

/// Which pair pages to render: all (with the hub and the redirects), or some by index.
pub(crate) enum Only<'s> {
    All,
    Pages(&'s BTreeSet<usize>),
}

/// What [`write_all`] wrote: the output paths, the notes' warnings, and each page's links
/// and anchors for link checking.
#[derive(Default)]
pub(crate) struct Written {
    pub(crate) files: Vec<String>,
    pub(crate) warnings: Vec<Diagnostic>,
    pub(crate) reports: Vec<PairReport>,
    /// Each redirect's output path and the URL below the root it sends readers to.
    pub(crate) redirects: Vec<(String, String)>,
}

/// One page rendered: its HTML, its note's warnings and what link checking needs.
struct Page {
    html: String,
    warnings: Vec<Diagnostic>,
    report: PairReport,
}

/// A pair page's title: its note's, else "A vs B".
pub(super) fn title(note: Option<&Document>, a: &str, b: &str) -> String {
    note.map(|d| d.front().title.clone()).filter(|t| !t.is_empty()).unwrap_or_else(|| format!("{a} vs {b}"))
}

/// Render the pages `only` names into `sink`; returns what was written, with the warnings of
/// the notes. Any error fails them all.
pub(crate) fn write_all(
    site: &Site,
    shared: &BuildContext<'_>,
    sink: &dyn Sink,
    only: &Only<'_>,
) -> Result<Written, Vec<Diagnostic>> {
    let mut written = Written::default();
    if site.pairs.is_empty() {
        return Ok(written);
    }
    let indices: Vec<usize> = match only {
        Only::All => (0..site.pairs.pages.len()).collect(),
        Only::Pages(some) => some.iter().copied().collect(),
    };
    // Each page's HTML is dropped once written: 1,225 pages must not be held together.
    let outcomes: Vec<Result<Page, Vec<Diagnostic>>> = indices
        .par_iter()
        .map(|&i| {
            let mut page = pair_html(site, shared, &site.pairs.pages[i])?;
            let html = std::mem::take(&mut page.html);
            sink.write(&page.report.output, html.as_bytes()).map_err(crate::error::Error::into_diagnostics)?;
            Ok(page)
        })
        .collect();
    let mut errors = Vec::new();
    for outcome in outcomes {
        match outcome {
            Ok(mut page) => {
                written.files.push(page.report.output.clone());
                written.warnings.append(&mut page.warnings);
                written.reports.push(page.report);
            }
            Err(mut e) => errors.append(&mut e),
        }
    }
    if matches!(only, Only::All) {
        let mut hub = hub_html(site, shared)?;
        written.warnings.append(&mut hub.warnings);
        let redirects = site.pairs.pages.iter().map(|p| redirect(site, shared, p));
        for (path, bytes) in std::iter::once((hub.report.output.clone(), hub.html.into_bytes())).chain(redirects) {
            match sink.write(&path, &bytes) {
                Ok(()) => written.files.push(path),
                Err(e) => errors.extend(e.into_diagnostics()),
            }
        }
        written.reports.push(hub.report);
        written.redirects =
            site.pairs.pages.iter().map(|p| (format!("{}/index.html", p.reversed), format!("{}/", p.key))).collect();
    }
    if errors.is_empty() {
        Ok(written)
    } else {
        Err(errors)
    }
}

/// What link checking needs of a pair page or the hub: the links its note's body has, and
/// the ids of the page's main content. The template writes most of a pair page (the
/// criteria, the sources, the pages that compare both), so they are read from the HTML, not
/// only from the note; the site's chrome around `<main>` (`#sidebar`) is left out, as on
/// other pages.
fn report(output: String, note: Option<usize>, rendered: &mut Rendered, html: &str) -> PairReport {
    let main = html
        .find("<main")
        .and_then(|start| html[start..].find('>').map(|end| start + end + 1))
        .map_or(html, |start| &html[start..html[start..].find("</main>").map_or(html.len(), |end| start + end)]);
    let mut anchors = std::mem::take(&mut rendered.anchors);
    anchors.extend(crate::markdown::links::html_attributes(main, |_| Some("id")).into_iter().map(|a| a.value));
    PairReport { output, note, anchors, links: std::mem::take(&mut rendered.links) }
}

/// Every output path [`write_all`] writes for the whole site, with what writes it.
pub(crate) fn outputs(site: &Site) -> Vec<String> {
    if site.pairs.is_empty() {
        return Vec::new();
    }
    let mut paths = vec![format!("{}index.html", hub_url())];
    for page in &site.pairs.pages {
        paths.push(format!("{}/index.html", page.key));
        paths.push(format!("{}/index.html", page.reversed));
    }
    paths
}

fn contenders<'a>(site: &'a Site, page: &PairPage) -> (&'a Contender, &'a Contender) {
    let all = &site.config.contenders;
    (&all[page.pair.a], &all[page.pair.b])
}

/// The note's body, rendered as a page's would be.
fn note_body(shared: &BuildContext<'_>, note: Option<&Document>) -> Result<Rendered, Vec<Diagnostic>> {
    let Some(doc) = note else { return Ok(Rendered::default()) };
    let mut rendered = crate::markdown::render(doc, &shared.markdown_context());
    let mut diagnostics = doc.parsed.warnings.clone();
    diagnostics.append(&mut rendered.diagnostics);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(diagnostics);
    }
    rendered.diagnostics = diagnostics;
    Ok(rendered)
}

fn pair_html(site: &Site, shared: &BuildContext<'_>, page: &PairPage) -> Result<Page, Vec<Diagnostic>> {
    let (a, b) = contenders(site, page);
    let note = page.note.map(|i| &site.content.pair_notes[i]);
    let mut rendered = note_body(shared, note)?;
    let warnings = std::mem::take(&mut rendered.diagnostics);
    let (rows, table_html) = matrix_rows(site, page, note, &mut rendered.citations);
    let url_path = format!("{}/", page.key);
    let title = title(note, &a.name, &b.name);
    let description = note.map(|d| d.front().description.clone()).filter(|d| !d.is_empty()).unwrap_or_else(|| {
        format!("{} and {} compared, criterion by criterion, with the sources of every claim.", a.name, b.name)
    });
    let meta = Meta {
        title: format!("{title} · {}", site.config.title),
        description: description.clone(),
        url: format!("{}{url_path}", shared.base_path),
        permalink: format!("{}{url_path}", site.config.base_url),
        kind: "pair",
        json_ld: Vec::new(),
        contender_filter: Vec::new(),
    };
    let hub = site.pairs.hub(&site.content).map(|(t, u)| LinkRef { title: t, url: format!("{}{u}", shared.base_path) });
    let mut ancestors = shared.shown.ancestors(Some(0));
    ancestors.extend(hub.iter().cloned());
    let mut meta = meta;
    meta.json_ld = json_ld(site, shared, &meta, &title, &ancestors, &[a, b]);
    let both = [a.key.as_str(), b.key.as_str()];
    let pages = site
        .content
        .pages
        .iter()
        .enumerate()
        .filter(|(_, p)| both.iter().all(|k| p.doc.front().compare.iter().any(|c| c == k)))
        .map(|(id, _)| shared.shown.summary(id))
        .collect();
    let template = note.and_then(|d| d.front().template.as_deref()).unwrap_or("pair.html");
    let mut site_context = shared.site_for(&meta.url);
    if !site.templates.reads_contenders(template) {
        site_context.contenders = Vec::new();
    }
    let context = PairTemplate {
        site: site_context,
        page: PairPageContext {
            title,
            description,
            url: meta.url.clone(),
            permalink: meta.permalink.clone(),
            content: std::mem::take(&mut rendered.html),
            toc: std::mem::take(&mut rendered.toc),
            toc_enabled: note.and_then(|d| d.front().toc).unwrap_or(true),
            compare: vec![a, b],
            criteria: std::mem::take(&mut rendered.criteria),
            sources: std::mem::take(&mut rendered.citations.entries),
            faq: std::mem::take(&mut rendered.faq),
            ancestors,
            updated: note.and_then(|d| site.updated(d)).unwrap_or(""),
            edit_url: note.map(|d| site.config.edit_url_for(&d.rel_path)).unwrap_or_default(),
            tag_links: Vec::new(),
            pair: PairContext {
                key: page.key.clone(),
                a,
                b,
                rows,
                table_html,
                pages,
                has_note: note.is_some(),
                hub_url: hub.map(|h| h.url).unwrap_or_default(),
            },
        },
        meta,
        versa_version: VERSION,
    };
    let html = site.templates.render(template, &context).map_err(|d| vec![d])?;
    let report = report(format!("{}/index.html", page.key), page.note, &mut rendered, &html);
    Ok(Page { html, warnings, report })
}

/// The matrix's rows for the pair, typed and as the criteria table, citing into `citations`
/// after whatever the note cited.
fn matrix_rows<'a>(
    site: &'a Site,
    page: &PairPage,
    note: Option<&Document>,
    citations: &mut Citations,
) -> (Vec<PairRow<'a>>, String) {
    let matrix = &site.matrix;
    if matrix.is_empty() || matrix.criteria.is_empty() {
        return (Vec::new(), String::new());
    }
    let (a, b) = (page.pair.a, page.pair.b);
    let rows = matrix
        .criteria
        .iter()
        .map(|criterion| {
            let (ca, cb) = (&criterion.claims[a], &criterion.claims[b]);
            PairRow {
                criterion: criterion.into(),
                a: ca,
                b: cb,
                same_verdict: ca.verdict.is_some() && ca.verdict == cb.verdict,
            }
        })
        .collect();
    let keys = format!("{},{}", matrix.contenders[a], matrix.contenders[b]);
    let Ok(selection) = Selection::parse(matrix, None, Some(&keys), &[]) else { return (rows, String::new()) };
    let no_heading = |_: &str| None;
    let path = note.map_or(std::path::Path::new(""), |d| d.rel_path.as_path());
    let on_page = matrix::OnPage { path, heading: &no_heading };
    let table = matrix::table(matrix, &selection, &site.config, &on_page, citations);
    (rows, criteria::render(&table))
}

fn hub_html(site: &Site, shared: &BuildContext<'_>) -> Result<Page, Vec<Diagnostic>> {
    let (title, url_path) = site.pairs.hub(&site.content).unwrap_or_default();
    let note = site.pairs.hub_note.map(|i| &site.content.pair_notes[i]);
    let mut rendered = note_body(shared, note)?;
    let names = |p: &PairPage| contenders(site, p);
    let pairs = site
        .pairs
        .pages
        .iter()
        .map(|p| {
            let (a, b) = names(p);
            let note = p.note.map(|i| &site.content.pair_notes[i]);
            PairLink {
                key: p.key.clone(),
                title: super::render::title(note, &a.name, &b.name),
                url: format!("{}{}/", shared.base_path, p.key),
                a,
                b,
            }
        })
        .collect();
    let count = site.pairs.pages.len();
    let description = note.map(|d| d.front().description.clone()).filter(|d| !d.is_empty()).unwrap_or_else(|| {
        format!("{count} head-to-head {}, one for each pair of contenders.", if count == 1 { "page" } else { "pages" })
    });
    let meta = Meta {
        title: format!("{title} · {}", site.config.title),
        description: description.clone(),
        url: format!("{}{url_path}", shared.base_path),
        permalink: format!("{}{url_path}", site.config.base_url),
        kind: "pairs",
        json_ld: Vec::new(),
        contender_filter: Vec::new(),
    };
    let ancestors = shared.shown.ancestors(Some(0));
    let every: Vec<&Contender> = site.config.contenders.values().collect();
    let mut meta = meta;
    meta.json_ld = json_ld(site, shared, &meta, &title, &ancestors, &every);
    let context = PairsTemplate {
        site: shared.site_for(&meta.url),
        hub: HubContext {
            title,
            description,
            url: meta.url.clone(),
            content: std::mem::take(&mut rendered.html),
            pairs,
            ancestors,
        },
        meta,
        versa_version: VERSION,
    };
    let html = site.templates.render("pairs.html", &context).map_err(|d| vec![d])?;
    let report = report(format!("{url_path}index.html"), site.pairs.hub_note, &mut rendered, &html);
    Ok(Page { html, warnings: std::mem::take(&mut rendered.diagnostics), report })
}

/// What search engines read of a pair page or the hub: the contenders it compares and where
/// it sits, as on every other page.
fn json_ld(
    site: &Site,
    shared: &BuildContext<'_>,
    meta: &Meta,
    title: &str,
    crumbs: &[LinkRef],
    shown: &[&Contender],
) -> Vec<String> {
    let base = (site.config.base_url.as_str(), shared.base_path.as_str());
    let mut documents = vec![crate::site::json_ld::contenders(title, shown)];
    documents.extend(crate::site::json_ld::breadcrumbs(crumbs, title, &meta.permalink, base));
    documents
}

/// `/<b>-vs-<a>/`: a page that sends readers and search engines to `/<a>-vs-<b>/`.
fn redirect(site: &Site, shared: &BuildContext<'_>, page: &PairPage) -> (String, Vec<u8>) {
    let (a, b) = contenders(site, page);
    let url = escape_html(&format!("{}{}/", shared.base_path, page.key));
    let canonical = escape_html(&format!("{}{}/", site.config.base_url, page.key));
    let title = escape_html(&format!("{} vs {}", a.name, b.name));
    let language = escape_html(&site.config.language);
    let html = format!(
        "<!DOCTYPE html>\n<html lang=\"{language}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n\
         <link rel=\"canonical\" href=\"{canonical}\">\n<meta name=\"robots\" content=\"noindex\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n\
         <p>This comparison is at <a href=\"{url}\">{title}</a>.</p>\n</body>\n</html>\n"
    );
    (format!("{}/index.html", page.reversed), html.into_bytes())
}
