//! Search: the rendered pages → a Pagefind index under `pagefind/` in the output, built
//! in-process with Pagefind's library (no Node, no second program).
//!
//! 1. [`entries`]: which pages the index holds (`[search]` in `site.toml`, `search = false` in
//!    front matter) and what a result shows of each: its title, its top-level section and, on a
//!    comparison, its contenders. They come in the site's order (sections, then pages), the
//!    order the index numbers them in.
//! 2. [`Collect`]: a sink in front of the build's own that turns each page to index, as it is
//!    written, into the small document Pagefind needs of it ([`reduced`]: the body marked
//!    `data-pagefind-body`, which the theme puts on `[data-body]`, without the spans of
//!    highlighted code, plus empty elements that carry the title, section and contenders as
//!    Pagefind meta and filters), so a build renders each page once and keeps no copy of it.
//! 3. [`Indexer`]: Pagefind on a thread of its own, fed those documents as the site renders. It
//!    returns the files the browser needs; the theme's own dialog uses Pagefind's JavaScript
//!    API, so Pagefind's prebuilt UIs are left out of the output ([`kept`]).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

use crate::config::Config;
use crate::content::{Content, Document, Target};
use crate::error::{Diagnostic, Result};
use crate::output::{OutputPath, Sink};
use indexer::Indexer;

mod indexer;
mod reduced;

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

/// The pages to index, in the site's order; `None` when search is off.
pub(crate) fn entries(config: &Config, content: &Content) -> Option<Vec<Entry>> {
    if !config.search.enabled {
        return None;
    }
    let targets = (0..content.sections.len()).map(Target::Section).chain((0..content.pages.len()).map(Target::Page));
    Some(targets.filter_map(|target| entry(config, content, target)).collect())
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

/// A sink that passes everything on, and keeps the reduced document of each page to index
/// (see [`reduced`]) until [`Collect::flush`] hands them to the indexer.
pub(crate) struct Collect<'a> {
    inner: &'a dyn Sink,
    entries: &'a [Entry],
    wanted: HashMap<&'a str, usize>,
    /// The documents of the pages written since the last flush, by entry.
    pending: Mutex<BTreeMap<usize, String>>,
    indexer: Indexer,
    /// The index's files written so far, and the first error writing one.
    written: Mutex<(Vec<String>, Option<crate::error::Error>)>,
}

impl<'a> Collect<'a> {
    pub(crate) fn new(inner: &'a dyn Sink, entries: &'a [Entry], pages_per_index: usize) -> Self {
        let wanted = entries.iter().enumerate().map(|(i, e)| (e.output.as_str(), i)).collect();
        let indexer = Indexer::start(pages_per_index, None);
        Collect { inner, entries, wanted, pending: Mutex::default(), indexer, written: Mutex::default() }
    }

    /// Send the pages written so far to the indexer, in the order of the entries, and write
    /// the parts of the index it has finished. Called when every page rendered before is
    /// written and none after has started, so the index gets the pages in the same order
    /// however the threads ran.
    pub(crate) fn flush(&self) {
        let pending = std::mem::take(&mut *self.pending.lock().unwrap_or_else(PoisonError::into_inner));
        for (i, document) in pending {
            self.indexer.add(self.entries[i].url.clone(), document);
        }
        self.write(self.indexer.finished_parts());
    }

    fn write(&self, files: indexer::Files) {
        let mut written = self.written.lock().unwrap_or_else(PoisonError::into_inner);
        for (path, bytes) in files {
            match self.inner.write(&path, &bytes) {
                Ok(()) => written.0.push(path),
                Err(e) => {
                    written.1.get_or_insert(e);
                }
            }
        }
    }

    /// Every page is rendered: write the rest of the index; returns the paths of all its files.
    pub(crate) fn finish(self) -> Result<Vec<String>> {
        let files = self.indexer.finish().map_err(|d| crate::error::Error::Site(vec![d]))?;
        // Below `finish` so that the parts finished last are among `files`.
        let written = self.written.into_inner().unwrap_or_else(PoisonError::into_inner);
        let (mut paths, failed) = written;
        if let Some(e) = failed {
            return Err(e);
        }
        for (path, bytes) in files {
            self.inner.write(&path, &bytes)?;
            paths.push(path);
        }
        Ok(paths)
    }
}

impl Sink for Collect<'_> {
    fn store(&self, path: &OutputPath, bytes: &[u8]) -> Result<()> {
        self.inner.store(path, bytes)?;
        if let Some(&i) = self.wanted.get(path.as_str()) {
            let document = reduced::document(&String::from_utf8_lossy(bytes), &self.entries[i]);
            self.pending.lock().unwrap_or_else(PoisonError::into_inner).insert(i, document);
        }
        Ok(())
    }

    fn store_copy(&self, path: &OutputPath, from: &std::path::Path) -> Result<()> {
        self.inner.store_copy(path, from)
    }
}

/// Index `pages` (each entry with its published HTML, in the order of the entries), in parts
/// of `pages_per_index`; returns the files of the index by output path, sorted. Pagefind's
/// parallel work runs on the threads of `pool`, or on rayon's global pool without one (`serve`
/// gives it threads of low priority, so that a rebuild never waits for indexing).
pub(crate) fn index<'a>(
    pool: Option<Arc<rayon::ThreadPool>>,
    pages: impl IntoIterator<Item = (&'a Entry, &'a [u8])>,
    pages_per_index: usize,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    index_documents(
        pool,
        pages.into_iter().map(|(entry, html)| (entry, reduced::document(&String::from_utf8_lossy(html), entry))),
        pages_per_index,
    )
}

fn index_documents<'a>(
    pool: Option<Arc<rayon::ThreadPool>>,
    documents: impl Iterator<Item = (&'a Entry, String)>,
    pages_per_index: usize,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let indexer = Indexer::start(pages_per_index, pool);
    let mut files = Vec::new();
    for (entry, document) in documents {
        indexer.add(entry.url.clone(), document);
        files.extend(indexer.finished_parts());
    }
    files.extend(indexer.finish()?);
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(files)
}

/// [`index`] with each page given to Pagefind whole, as published (with its facts): what the
/// reduced documents must index the same as.
#[cfg(test)]
pub(crate) fn index_whole_pages<'a>(
    pages: impl IntoIterator<Item = (&'a Entry, &'a [u8])>,
) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let documents = pages.into_iter().map(|(entry, html)| {
        (entry, reduced::with_facts_at_the_end(&String::from_utf8_lossy(html), &reduced::facts(entry)))
    });
    index_documents(None, documents, usize::MAX)
}

/// The files of one part of the index that the browser needs, by output path: the part's
/// entry file, meta and index in `folder` below the index's folder (`""` or `2/`, …); the
/// first part also keeps Pagefind's script, worker and wasm, which every part shares.
pub(crate) fn kept(files: Vec<pagefind::api::SyntheticFile>, folder: &str) -> Vec<(String, Vec<u8>)> {
    files
        .into_iter()
        .filter_map(|file| {
            let name = file.filename.to_string_lossy().replace('\\', "/");
            let wanted = if folder.is_empty() { used(&name) } else { used_by_every_part(&name) };
            wanted.then(|| (format!("{FOLDER}/{folder}{name}"), file.contents))
        })
        .collect()
}

/// The files of Pagefind's output that the theme's search uses: its script, worker and wasm,
/// and [`used_by_every_part`]; not its prebuilt UIs, nor its highlighter.
fn used(name: &str) -> bool {
    let top = !name.contains('/');
    matches!(name, "pagefind.js" | "pagefind-worker.js")
        || (top && name.starts_with("wasm.") && name.ends_with(".pagefind"))
        || used_by_every_part(name)
}

/// The files of one index: the entry file, its meta, and the index, fragments and filters.
fn used_by_every_part(name: &str) -> bool {
    let top = !name.contains('/');
    name == "pagefind-entry.json"
        || (top && name.starts_with("pagefind.") && name.ends_with(".pf_meta"))
        || ["index/", "fragment/", "filter/"].iter().any(|folder| name.starts_with(folder))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let files = index(None, [(&a, html_a.as_bytes()), (&b, html_b.as_bytes())], 100).unwrap();
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert!(
            names.contains(&"pagefind/pagefind.js") && names.contains(&"pagefind/pagefind-entry.json"),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n.starts_with("pagefind/fragment/")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("-ui")), "{names:?}");
        let again = index(None, [(&a, html_a.as_bytes()), (&b, html_b.as_bytes())], 100).unwrap();
        assert_eq!(files, again, "the same pages give the same index");
    }
}
