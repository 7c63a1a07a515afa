//! Tags: every tag of the site's pages, with its URL name and the pages that carry it.
//!
//! A tag's URL name is its slug (`Async IO` → `async-io`), checked as a page's slug is, below
//! `tags/`. Tags with the same slug (`Rust`, `rust`) are one tag, shown as first written (in
//! the order of the files' paths). The pages of a tag are kept by id: the tag pages sort them
//! when they render, so an edited title re-sorts them without collecting the tags again.

use std::collections::BTreeMap;

use super::{segment, Content};
use crate::slug::slugify;

/// The folder of the tag pages, at the top of the site.
pub(crate) const TAGS_FOLDER: &str = "tags";

/// One tag of the site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Tag {
    /// As first written in a page's front matter.
    pub(crate) name: String,
    /// Its URL name: the tag page is `tags/<slug>/`.
    pub(crate) slug: String,
    /// The pages that carry it, by id, each once.
    pub(crate) pages: Vec<usize>,
}

/// Why a tag gets no page: its slug is not a safe URL segment.
pub(crate) fn slug_problem(tag: &str) -> Option<String> {
    segment::problem(&slugify(tag), false)
}

/// The tags of the site's pages, by slug.
pub(crate) fn collect(content: &Content) -> Vec<Tag> {
    let mut tags: BTreeMap<String, Tag> = BTreeMap::new();
    for (id, page) in content.pages.iter().enumerate() {
        for name in &page.doc.front().tags {
            if slug_problem(name).is_some() {
                continue;
            }
            let slug = slugify(name);
            let tag = tags.entry(slug.clone()).or_insert_with(|| Tag { name: name.clone(), slug, pages: Vec::new() });
            if tag.pages.last() != Some(&id) {
                tag.pages.push(id);
            }
        }
    }
    tags.into_values().collect()
}
