//! Every "A vs B" page: with `[pairs] generate`, one page per pair of contenders at
//! `/<a>-vs-<b>/` (`pair.html`), a redirect at `/<b>-vs-<a>/`, and the hub at `/vs/` that lists
//! them all (`pairs.html`).
//!
//! 1. [`Pairs::load`] names each pair's page in `site.toml`'s contender order and matches the
//!    writer's notes in `content/vs/` to them: `<a>-vs-<b>.md` adds its title, description and
//!    body (the intro and verdict) to its pair's page, `_index.md` to the hub. A note written in
//!    the reversed order, or naming no pair of contenders, is an error; one naming a pair that
//!    `generate` leaves out is a warning (nothing shows it).
//! 2. [`render`] renders the pages into the sink in parallel: both contenders' cards, the
//!    matrix rows for the two with their citations, and the pages that compare both.
//! 3. The pair pages and the hub are in the sitemap and the search index; redirects are in
//!    neither.

mod render;

use crate::config::{Config, Pair};
use crate::content::{Content, Document, PAIR_NOTES_FOLDER};
use crate::error::Diagnostic;
pub(super) use render::{outputs, write_all, Only};

/// The hub's title when `content/vs/_index.md` gives none.
const HUB_TITLE: &str = "Comparisons";

/// The pair pages of a site, with the notes that add to them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pairs {
    pub(crate) pages: Vec<PairPage>,
    /// The index in `content.pair_notes` of `content/vs/_index.md`.
    pub(crate) hub_note: Option<usize>,
}

/// One generated "A vs B" page.
#[derive(Debug, Clone)]
pub(crate) struct PairPage {
    pub(crate) pair: Pair,
    /// `fastapi-vs-drf`: its URL below the site root and its `data-pair`.
    pub(crate) key: String,
    /// `drf-vs-fastapi`: where the redirect is.
    pub(crate) reversed: String,
    /// The index in `content.pair_notes` of its `content/vs/<key>.md`.
    pub(crate) note: Option<usize>,
}

impl Pairs {
    /// The pages `[pairs]` asks for, with their notes; errors and warnings about the notes.
    pub(crate) fn load(config: &Config, content: &Content) -> (Pairs, Vec<Diagnostic>) {
        let keys: Vec<&String> = config.contenders.keys().collect();
        let mut pages: Vec<PairPage> = config
            .pairs
            .pairs
            .iter()
            .map(|&pair| PairPage {
                pair,
                key: format!("{}-vs-{}", keys[pair.a], keys[pair.b]),
                reversed: format!("{}-vs-{}", keys[pair.b], keys[pair.a]),
                note: None,
            })
            .collect();
        let mut hub_note = None;
        let mut diagnostics = Vec::new();
        for (i, doc) in content.pair_notes.iter().enumerate() {
            let stem = doc.rel_path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
            if stem == "_index" {
                hub_note = Some(i);
            } else if let Some(page) = pages.iter_mut().find(|p| p.key == stem) {
                page.note = Some(i);
            } else {
                diagnostics.push(note_problem(doc, &stem, &pages, config));
            }
        }
        (Pairs { pages, hub_note }, diagnostics)
    }

    /// True when the site generates no pair pages.
    pub(crate) fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }

    /// The hub's title and URL below the site root, for the header and the sidebar.
    pub(crate) fn hub(&self, content: &Content) -> Option<(String, String)> {
        if self.is_empty() {
            return None;
        }
        let title = self
            .hub_note
            .map(|i| content.pair_notes[i].nav_title().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| HUB_TITLE.to_string());
        Some((title, hub_url()))
    }
}

/// The hub's URL below the site root.
pub(crate) fn hub_url() -> String {
    format!("{PAIR_NOTES_FOLDER}/")
}

/// Why `content/vs/<stem>.md` adds to no page.
fn note_problem(doc: &Document, stem: &str, pages: &[PairPage], config: &Config) -> Diagnostic {
    let shown = doc.source.path.clone();
    if let Some(page) = pages.iter().find(|p| p.reversed == stem) {
        return Diagnostic::error(format!(
            "`{}` names the pair in the reversed order: its page is `/{}/`",
            shown.display(),
            page.key
        ))
        .in_file(&shown)
        .help(format!(
            "rename it `content/{PAIR_NOTES_FOLDER}/{}.md`: pairs follow site.toml's contender order",
            page.key
        ));
    }
    match crate::config::parse_pair(stem, &config.contenders) {
        Ok(_) => Diagnostic::warning(format!(
            "`{}` adds to the page of the pair `{stem}`, which `[pairs] generate` leaves out",
            shown.display()
        ))
        .in_file(&shown)
        .help(format!("add \"{stem}\" to `generate` in site.toml, or remove the file")),
        Err((message, help)) => Diagnostic::error(format!(
            "`{}` is in content/{PAIR_NOTES_FOLDER}/, the notes of the pair pages, but {message}",
            shown.display()
        ))
        .in_file(&shown)
        .help(format!("{help}; name it `<a>-vs-<b>.md` after a generated pair, or `_index.md` for the hub")),
    }
}

/// The `loc`s of the pair pages and the hub in `sitemap.xml`.
pub(super) fn sitemap_entries(site: &super::Site) -> Vec<(String, Option<&str>)> {
    if site.pairs.is_empty() {
        return Vec::new();
    }
    let mut entries = vec![(hub_url(), None)];
    for page in &site.pairs.pages {
        let lastmod = page.note.and_then(|i| super::extras::lastmod(site, &site.content.pair_notes[i]));
        entries.push((format!("{}/", page.key), lastmod));
    }
    entries
}

/// The pair pages and the hub as the search index takes them (redirects are left out).
pub(super) fn search_entries(site: &super::Site) -> Vec<crate::search::Entry> {
    let Some((hub_title, hub)) = site.pairs.hub(&site.content) else { return Vec::new() };
    let names: Vec<&str> = site.config.contenders.values().map(|c| c.name.as_str()).collect();
    let mut entries = vec![crate::search::Entry {
        output: format!("{hub}index.html"),
        url: format!("/{hub}"),
        title: hub_title.clone(),
        section: None,
        contenders: Vec::new(),
    }];
    for page in &site.pairs.pages {
        let note = page.note.map(|i| &site.content.pair_notes[i]);
        entries.push(crate::search::Entry {
            output: format!("{}/index.html", page.key),
            url: format!("/{}/", page.key),
            title: render::title(note, names[page.pair.a], names[page.pair.b]),
            section: Some(hub_title.clone()),
            contenders: vec![names[page.pair.a].to_string(), names[page.pair.b].to_string()],
        });
    }
    entries
}
