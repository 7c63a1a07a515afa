//! The search index in a build: render with a [`Collect`] sink in front of the output, which
//! hands each batch of rendered pages to the indexer while the next batch renders and writes
//! the parts of the index as they are finished (see `crate::search`).

use super::{Report, Site};
use crate::error::{Diagnostic, Error, Result};
use crate::output::Sink;
use crate::search::{Collect, Entry, FOLDER};

impl Site {
    /// The pages the search index holds; `None` when `[search]` turns it off.
    pub(crate) fn search_entries(&self) -> Option<Vec<Entry>> {
        let mut entries = crate::search::entries(&self.config, &self.content)?;
        entries.extend(super::pairs::search_entries(self));
        entries.sort_by(|a, b| a.output.cmp(&b.output));
        Some(entries)
    }

    /// [`Site::render`], and the search index of what was rendered.
    pub(crate) fn render_with_search(&self, sink: &dyn Sink) -> Result<Report> {
        let Some(entries) = self.search_entries() else { return self.render(sink) };
        let collect = Collect::new(sink, &entries, self.config.search.pages_per_index);
        let mut report = self.render_then(&collect, &|| collect.flush())?;
        if let Some(taken) = report.files.iter().filter(|f| f.starts_with(&format!("{FOLDER}/"))).min() {
            return Err(Error::Site(vec![Diagnostic::error(format!(
                "`static/{taken}` is in `{FOLDER}/`, the folder of the search index"
            ))
            .help(format!("move it out of `static/{FOLDER}/`, or turn search off with `[search] enabled = false`"))]));
        }
        report.files.extend(collect.finish()?);
        Ok(report)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Pagefind reads the reduced documents as it reads the whole pages: the same index, byte
    /// for byte, on the bundled example's real pages (highlighted code, compare panes, callouts,
    /// headings with ids).
    #[test]
    fn the_index_of_the_reduced_pages_is_the_index_of_the_whole_pages() {
        let options = super::super::Options {
            root: env!("CARGO_MANIFEST_DIR").into(),
            base_url: None,
            drafts: false,
            cache_dir: None,
        };
        let site = Site::load(&options).expect("the bundled example loads");
        let memory = crate::output::Memory::default();
        site.render(&memory).expect("the bundled example renders");
        let files = memory.into_files();
        let entries = site.search_entries().expect("search is on in the example");
        let pages: Vec<(&Entry, &[u8])> = entries.iter().map(|e| (e, files[&e.output].as_slice())).collect();
        assert!(pages.len() > 5, "{} pages", pages.len());
        let reduced = crate::search::index(None, pages.iter().copied(), usize::MAX).unwrap();
        let whole = crate::search::index_whole_pages(pages.iter().copied()).unwrap();
        assert_eq!(reduced.len(), whole.len());
        for ((name, bytes), (whole_name, whole_bytes)) in reduced.iter().zip(&whole) {
            assert_eq!((name, bytes), (whole_name, whole_bytes), "{name}");
        }
    }
}
