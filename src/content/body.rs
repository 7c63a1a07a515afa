//! Page bodies let go after loading, for a build that renders each page once.
//!
//! A site's markdown is most of what a build holds: 670 MB at 100,000 pages, kept from loading
//! to the end while the search index takes its own share. Nothing but a page's own rendering
//! (and the message for a broken link in it) reads its body after the site is loaded, so
//! `build` and `check` keep only the front matter, which the site's checks point into, and
//! read the file again when the page renders. `serve` keeps every body: its rebuilds compare
//! them.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use super::{Content, Document};
use crate::error::{Diagnostic, Source};
use crate::fs::SiteFiles;

impl Content {
    /// Keep only the front matter of every section's and page's text; [`Document::with_body`]
    /// reads the rest again. The notes of the pair pages are few and keep theirs.
    pub(crate) fn release_bodies(&mut self) {
        let sections = self.sections.iter_mut().filter_map(|s| s.doc.as_mut());
        for doc in sections.chain(self.pages.iter_mut().map(|p| &mut p.doc)) {
            doc.release_body();
        }
    }
}

impl Document {
    fn release_body(&mut self) {
        let offset = self.parsed.body_offset;
        // A section made from a navigation file has no body; its text is that file's.
        if self.body_released || offset >= self.source.text.len() {
            return;
        }
        let front = self.source.text[..offset].to_string();
        self.source = Arc::new(Source::new(self.source.path.clone(), front));
        self.body_released = true;
    }

    /// This document with its whole text: itself, or read again from `content_dir` if its body
    /// was let go. A file whose front matter changed since the site was loaded is an error, as
    /// the site around the page was made from the old one; a changed body is simply read.
    pub(crate) fn with_body(&self, files: &SiteFiles, content_dir: &Path) -> Result<Cow<'_, Document>, Diagnostic> {
        if !self.body_released {
            return Ok(Cow::Borrowed(self));
        }
        let bytes = files.read(&content_dir.join(&self.rel_path))?;
        let source = crate::error::decode(&self.source.path, bytes)?;
        if !source.text.starts_with(self.source.text.as_str()) {
            return Err(Diagnostic::error("the file changed while the site was being built")
                .in_file(&self.source.path)
                .help("build again"));
        }
        Ok(Cow::Owned(Document { source: Arc::new(source), body_released: false, ..self.clone() }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "+++\ntitle = \"A\"\n+++\n\nFirst [link](b.md).\n";

    fn loaded(dir: &Path, text: &str) -> (SiteFiles, Document) {
        let content_dir = dir.join("content");
        std::fs::create_dir_all(&content_dir).unwrap();
        std::fs::write(content_dir.join("a.md"), text).unwrap();
        let files = SiteFiles::new(dir);
        let doc = super::super::read_document(&files, &content_dir, &content_dir.join("a.md"), "T").unwrap();
        (files, doc)
    }

    #[test]
    fn a_released_body_is_read_again_whole() {
        let dir = tempfile::tempdir().unwrap();
        let (files, mut doc) = loaded(dir.path(), PAGE);
        doc.release_body();
        assert_eq!(doc.source.text, "+++\ntitle = \"A\"\n+++\n");
        let whole = doc.with_body(&files, &dir.path().join("content")).unwrap();
        assert!(matches!(whole, Cow::Owned(_)));
        assert_eq!(whole.source.text, PAGE);
        assert_eq!(whole.body(), "\nFirst [link](b.md).\n");
        // The front matter still points where it did: a key's message reads the same.
        assert_eq!(doc.key_error("title", "m").to_string(), whole.key_error("title", "m").to_string());
    }

    #[test]
    fn a_kept_body_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        let (files, doc) = loaded(dir.path(), PAGE);
        std::fs::remove_file(dir.path().join("content/a.md")).unwrap();
        assert!(matches!(doc.with_body(&files, &dir.path().join("content")), Ok(Cow::Borrowed(_))));
    }

    #[test]
    fn an_edit_while_building_is_read_or_refused() {
        let dir = tempfile::tempdir().unwrap();
        let content_dir = dir.path().join("content");
        let (files, mut doc) = loaded(dir.path(), PAGE);
        doc.release_body();
        std::fs::write(content_dir.join("a.md"), "+++\ntitle = \"A\"\n+++\n\nEdited.\n").unwrap();
        assert_eq!(doc.with_body(&files, &content_dir).unwrap().body(), "\nEdited.\n");
        std::fs::write(content_dir.join("a.md"), "+++\ntitle = \"B\"\n+++\n\nFirst.\n").unwrap();
        let error = doc.with_body(&files, &content_dir).unwrap_err().to_string();
        assert!(error.contains("changed while the site was being built"), "{error}");
        std::fs::remove_file(content_dir.join("a.md")).unwrap();
        assert!(doc.with_body(&files, &content_dir).is_err());
    }
}
