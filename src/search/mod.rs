//! Search: the rendered pages → a Pagefind index under `pagefind/` in the output, built
//! in-process with Pagefind's library (no Node, no second program).
//!
//! 1. [`entries`]: which pages the index holds (`[search]` in `site.toml`, `search = false` in
//!    front matter) and what a result shows of each: its title, its top-level section and, on a
//!    comparison, its contenders.
//! 2. [`Collect`]: a sink in front of the build's own that keeps a copy of those pages' HTML as
//!    they are written, so a build renders each page once.
//! 3. [`index`]: each page goes to Pagefind as published, plus empty elements that carry its
//!    title, section and contenders as Pagefind meta and filters (computed here from typed data
//!    rather than spelled in every template). Pagefind reads only the element marked
//!    `data-pagefind-body` (the theme puts it on `[data-body]`). It returns the files the
//!    browser needs; the theme's own dialog uses Pagefind's JavaScript API, so Pagefind's
//!    prebuilt UIs are left out of the output.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;

use crate::config::Config;
use crate::content::{Content, Document, Target};
use crate::error::{Diagnostic, Result};
use crate::html::escape_html;
use crate::output::{OutputPath, Sink};

/// The output folder of the index, below the site's base path.
pub(crate) const FOLDER: &str = "pagefind";

/// One page of the index and what its search result shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The page's file in the output (`guides/intro/index.html`).
    pub(crate) output: String,
    /// Its URL below the base path, as Pagefind wants it (`/guides/intro/`); Pagefind's script
    /// adds the base path it is served from.
    pub(crate) url: String,
    pub(crate) title: String,
    /// The title of the top-level section holding it; none for pages at the top.
    pub(crate) section: Option<String>,
    /// The names of the contenders it compares.
    pub(crate) contenders: Vec<String>,
}

/// The pages to index, by output path; `None` when search is off.
pub(crate) fn entries(config: &Config, content: &Content) -> Option<Vec<Entry>> {
    if !config.search.enabled {
        return None;
    }
    let targets = (0..content.sections.len()).map(Target::Section).chain((0..content.pages.len()).map(Target::Page));
    let mut entries: Vec<Entry> = targets.filter_map(|target| entry(config, content, target)).collect();
    entries.sort_by(|a, b| a.output.cmp(&b.output));
    Some(entries)
}

fn entry(config: &Config, content: &Content, target: Target) -> Option<Entry> {
    let doc = content.document(target)?;
    let url = content.url(target);
    if doc.front().search.is_some_and(|s| !s.indexed()) || excluded(config, doc, url) {
        return None;
    }
    let section = match target {
        Target::Page(id) => Some(content.pages[id].section),
        Target::Section(id) => Some(id),
        Target::Asset(_) => None,
    };
    let contenders =
        doc.front().compare.iter().filter_map(|key| config.contenders.get(key)).map(|c| c.name.clone()).collect();
    Some(Entry {
        output: format!("{url}index.html"),
        url: format!("/{url}"),
        title: doc.front().title.clone(),
        section: section.and_then(|s| top_section(content, s)),
        contenders,
    })
}

/// True when an `exclude` pattern names the page's markdown file or its URL.
fn excluded(config: &Config, doc: &Document, url: &str) -> bool {
    let file = doc.rel_path.to_string_lossy().replace('\\', "/");
    config
        .search
        .exclude
        .iter()
        .any(|p| crate::glob::matches(p.get_ref(), &file) || crate::glob::matches(p.get_ref(), url))
}

/// The title of the section below the home page that holds section `id`.
fn top_section(content: &Content, mut id: usize) -> Option<String> {
    while let Some(parent) = content.sections[id].parent.filter(|&p| p != 0) {
        id = parent;
    }
    if id == 0 {
        return None;
    }
    content.sections[id].doc.as_ref().map(|d| d.nav_title().to_string())
}

/// A sink that passes everything on and keeps a copy of the pages to index.
pub(crate) struct Collect<'a> {
    inner: &'a dyn Sink,
    wanted: HashMap<&'a str, usize>,
    pages: Mutex<BTreeMap<usize, Vec<u8>>>,
}

impl<'a> Collect<'a> {
    pub(crate) fn new(inner: &'a dyn Sink, entries: &'a [Entry]) -> Self {
        let wanted = entries.iter().enumerate().map(|(i, e)| (e.output.as_str(), i)).collect();
        Collect { inner, wanted, pages: Mutex::default() }
    }

    /// The HTML of each entry that was written, in the order of the entries.
    pub(crate) fn into_pages(self) -> BTreeMap<usize, Vec<u8>> {
        self.pages.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Collect<'_> {
    fn store(&self, path: &OutputPath, bytes: &[u8]) -> Result<()> {
        self.inner.store(path, bytes)?;
        if let Some(&i) = self.wanted.get(path.as_str()) {
            self.pages.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(i, bytes.to_vec());
        }
        Ok(())
    }

    fn store_copy(&self, path: &OutputPath, from: &std::path::Path) -> Result<()> {
        self.inner.store_copy(path, from)
    }
}

/// Index `pages` (each entry with its published HTML); returns the files of the index by
/// output path, sorted.
pub(crate) fn index<'a>(
    pages: impl IntoIterator<Item = (&'a Entry, &'a [u8])>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let pages: Vec<(String, String)> = pages
        .into_iter()
        .map(|(entry, html)| (entry.url.clone(), with_facts(&String::from_utf8_lossy(html), entry)))
        .collect();
    // Pagefind unwraps in places; a bug there must not end the build (or `versa serve`).
    let built = crate::panics::catch(|| run_pagefind(pages)).unwrap_or_else(Err);
    let files = built.map_err(|e| {
        Diagnostic::error(format!("the search index could not be built: {e}")).help(
            "this is likely a bug in versa or Pagefind; `[search] enabled = false` in site.toml builds without search",
        )
    })?;
    let mut kept: Vec<(String, Vec<u8>)> = files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            used(&name).then(|| (format!("{FOLDER}/{name}"), file.contents))
        })
        .collect();
    kept.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(kept)
}

/// The files of Pagefind's output that the theme's search uses: its script, worker and wasm,
/// the entry file, and the index itself; not its prebuilt UIs, nor its highlighter.
fn used(name: &str) -> bool {
    let top = !name.contains('/');
    matches!(name, "pagefind.js" | "pagefind-worker.js" | "pagefind-entry.json")
        || (top && name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || (top && name.starts_with("pagefind.") && name.ends_with(".pf_meta"))
        || ["index/", "fragment/", "filter/"].iter().any(|folder| name.starts_with(folder))
}

fn run_pagefind(pages: Vec<(String, String)>) -> Result<Vec<pagefind::api::SyntheticFile>, String> {
    use pagefind::api::PagefindIndex;
    // Pagefind is async, but it works on one thread here: the build's own threads are busy.
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut index = PagefindIndex::new(None).map_err(|e| e.to_string())?;
        for (url, html) in pages {
            index.add_html_file(None, Some(url.clone()), html).await.map_err(|e| format!("{url}: {e}"))?;
        }
        index.get_files().await.map_err(|e| e.to_string())
    })
}

/// The page with its search facts added at the end of `<body>`: empty elements that Pagefind
/// reads as meta (what a result shows) and filters (what a reader narrows results by).
fn with_facts(html: &str, entry: &Entry) -> String {
    let mut facts = String::new();
    let mut add = |kind: &str, name: &str, value: &str| {
        facts.push_str(&format!("<span data-pagefind-{kind}=\"{name}:{}\"></span>", escape_html(value)));
    };
    add("meta", "title", &entry.title);
    if let Some(section) = &entry.section {
        add("meta", "section", section);
        add("filter", "section", section);
    }
    for contender in &entry.contenders {
        add("filter", "contender", contender);
    }
    match html.rfind("</body>") {
        Some(at) => format!("{}{facts}{}", &html[..at], &html[at..]),
        None => format!("{html}{facts}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn facts_go_at_the_end_of_the_body() {
        let entry = Entry {
            output: "a/index.html".into(),
            url: "/a/".into(),
            title: "A & B".into(),
            section: Some("Guides".into()),
            contenders: vec!["FastAPI".into()],
        };
        let html = with_facts("<html><body><p>x</p></body></html>", &entry);
        assert_eq!(
            html,
            "<html><body><p>x</p><span data-pagefind-meta=\"title:A &amp; B\"></span>\
             <span data-pagefind-meta=\"section:Guides\"></span><span data-pagefind-filter=\"section:Guides\"></span>\
             <span data-pagefind-filter=\"contender:FastAPI\"></span></body></html>"
        );
    }

    #[test]
    fn only_what_the_browser_needs_is_kept() {
        for name in
            ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.en.pagefind", "wasm.unknown.pagefind"]
        {
            assert!(used(name), "{name}");
        }
        for name in
            ["pagefind.en_1a2b.pf_meta", "index/en_1.pf_index", "fragment/en_2.pf_fragment", "filter/en_3.pf_filter"]
        {
            assert!(used(name), "{name}");
        }
        for name in [
            "pagefind-ui.js",
            "pagefind-ui.css",
            "pagefind-modular-ui.js",
            "pagefind-highlight.js",
            "playground/index.html",
        ] {
            assert!(!used(name), "{name}");
        }
    }

    #[test]
    fn pagefind_indexes_the_marked_body_only() {
        let entry = |url: &str, title: &str| Entry {
            output: format!("{}index.html", &url[1..]),
            url: url.into(),
            title: title.into(),
            section: None,
            contenders: Vec::new(),
        };
        let (a, b) = (entry("/a/", "A"), entry("/b/", "B"));
        let page = |nav: &str, body: &str| {
            format!("<html lang=\"en\"><body><nav>{nav}</nav><div data-pagefind-body>{body}</div></body></html>")
        };
        let (html_a, html_b) = (page("menu", "alpha words"), page("menu", "beta words"));
        let files = index([(&a, html_a.as_bytes()), (&b, html_b.as_bytes())]).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"pagefind/pagefind.js") && names.contains(&"pagefind/pagefind-entry.json"),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
        let again = index([(&a, html_a.as_bytes()), (&b, html_b.as_bytes())]).unwrap();
        assert_eq!(files, again, "the same pages give the same index");
    }
}
