//! The search index in a build: render with a [`Collect`] sink in front of the output, then
//! index what it kept and write the index beside the pages (see `crate::search`).

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

    /// [`Site::render`], then the search index of what was rendered.
    pub(crate) fn render_with_search(&self, sink: &dyn Sink) -> Result<Report> {
        let Some(entries) = self.search_entries() else { return self.render(sink) };
        let collect = Collect::new(sink, &entries);
        let mut report = self.render(&collect)?;
        if let Some(taken) = report.files.iter().filter(|f| f.starts_with(&format!("{FOLDER}/"))).min() {
            return Err(Error::Site(vec![Diagnostic::error(format!(
                "`static/{taken}` is in `{FOLDER}/`, the folder of the search index"
            ))
            .help(format!("move it out of `static/{FOLDER}/`, or turn search off with `[search] enabled = false`"))]));
        }
        let pages = collect.into_pages();
        let indexed = pages.iter().map(|(&i, html)| (&entries[i], html.as_slice()));
        for (path, bytes) in crate::search::index(indexed).map_err(|d| Error::Site(vec![d]))? {
            sink.write(&path, &bytes)?;
            report.files.insert(path);
        }
        Ok(report)
    }
}
