//! What one section or page shows of others, in one place for rendering and for incremental
//! rebuilds.
//!
//! 1. [`Shown`] builds the parts of a document's template context that come from other
//!    documents: its section's listing ([`PageSummary`], [`SectionSummary`]), prev/next and the
//!    `page.section` link ([`LinkRef`]), breadcrumbs and the navigation ([`NavItem`]). The
//!    renderer (`document.rs`) builds those parts only through these functions.
//! 2. [`Projection`] serializes what others show of one document, as their templates see it.
//!    `incremental` compares a document's projection before and after an edit to find who must
//!    re-render, so a field added to one of those structs is compared without anyone listing it.

use serde::Serialize;
use serde_json::Value;

use super::Site;
use crate::content::Target;
use crate::render::context::{LinkRef, NavItem, PageSummary, SectionSummary};

/// Builds what documents show of each other.
pub(super) struct Shown<'a> {
    site: &'a Site,
    base_path: String,
}

impl<'a> Shown<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        Shown { site, base_path: site.config.base_path() }
    }

    /// A page as its section's listing shows it.
    pub(super) fn summary(&self, page: usize) -> PageSummary<'a> {
        let page = &self.site.content.pages[page];
        let f = page.doc.front();
        PageSummary {
            title: &f.title,
            description: &f.description,
            url: format!("{}{}", self.base_path, page.url),
            date: f.date.as_deref().unwrap_or(""),
            weight: f.weight,
            tags: &f.tags,
        }
    }

    /// A subsection as its parent's listing shows it; a folder without `_index.md` is not listed.
    pub(super) fn subsection(&self, section: usize) -> Option<SectionSummary<'a>> {
        let sub = &self.site.content.sections[section];
        sub.doc.as_ref().map(|d| SectionSummary {
            title: &d.front().title,
            description: &d.front().description,
            url: format!("{}{}", self.base_path, sub.url),
        })
    }

    /// A page as its neighbours' prev/next show it, or a section as its pages' `page.section`.
    pub(super) fn link(&self, target: Target) -> LinkRef {
        let content = &self.site.content;
        let title =
            content.document(target).map_or_else(|| self.site.config.title.clone(), |d| d.front().title.clone());
        LinkRef { title, url: format!("{}{}", self.base_path, content.url(target)) }
    }

    /// A section as a breadcrumb of everything below it: its `nav_title`.
    pub(super) fn crumb(&self, section: usize) -> LinkRef {
        let mut link = self.link(Target::Section(section));
        if let Some(doc) = &self.site.content.sections[section].doc {
            doc.nav_title().clone_into(&mut link.title);
        }
        link
    }

    /// The breadcrumbs from the home page down to `section`.
    pub(super) fn ancestors(&self, mut section: Option<usize>) -> Vec<LinkRef> {
        let mut chain = Vec::new();
        while let Some(id) = section {
            chain.push(self.crumb(id));
            section = self.site.content.sections[id].parent;
        }
        chain.reverse();
        chain
    }

    /// A page's previous and next pages in its section.
    pub(super) fn prev_next(&self, page: usize) -> (Option<LinkRef>, Option<LinkRef>) {
        let content = &self.site.content;
        let siblings = &content.sections[content.pages[page].section].pages;
        let position = siblings.iter().position(|&p| p == page);
        let prev = position.and_then(|i| i.checked_sub(1)).map(|i| self.link(Target::Page(siblings[i])));
        let next = position.and_then(|i| siblings.get(i + 1)).map(|&p| self.link(Target::Page(p)));
        (prev, next)
    }

    /// A page's section as `page.section` shows it.
    pub(super) fn section_of(&self, page: usize) -> Option<LinkRef> {
        let section = self.site.content.pages[page].section;
        self.site.content.sections[section].doc.as_ref().map(|_| self.link(Target::Section(section)))
    }

    /// The top-level sections and pages, by weight, none of them active.
    pub(super) fn nav(&self) -> Vec<NavItem> {
        let content = &self.site.content;
        let root = &content.sections[0];
        let item = |doc: &crate::content::Document, url: &str| {
            let title = doc.nav_title().to_string();
            (doc.front().weight, NavItem { title, url: format!("{}{url}", self.base_path), active: false })
        };
        let mut nav: Vec<(Option<i64>, NavItem)> = Vec::new();
        for &id in &root.subsections {
            let section = &content.sections[id];
            nav.extend(section.doc.as_ref().map(|doc| item(doc, &section.url)));
        }
        for &id in &root.pages {
            nav.push(item(&content.pages[id].doc, &content.pages[id].url));
        }
        nav.sort_by_key(|(weight, _)| (weight.is_none(), weight.unwrap_or(0)));
        nav.into_iter().map(|(_, item)| item).collect()
    }
}

/// What other documents show of one section or page, serialized as their templates see it.
#[derive(Debug, PartialEq)]
pub(super) struct Projection {
    /// Its entry in its parent section's listing.
    pub listing: Value,
    /// A page's link in its neighbours' prev/next; a section's `page.section` in its pages.
    pub link: Value,
    /// A section's breadcrumb, shown by everything below it.
    pub crumb: Value,
    /// Its entry in `sitemap.xml`.
    pub sitemap: Value,
}

impl Projection {
    pub(super) fn of(shown: &Shown<'_>, target: Target) -> Projection {
        let (listing, crumb) = match target {
            Target::Page(id) => (json(&shown.summary(id)), Value::Null),
            Target::Section(id) => (json(&shown.subsection(id)), json(&shown.crumb(id))),
            Target::Asset(_) => (Value::Null, Value::Null),
        };
        let link = json(&shown.link(target));
        let sitemap = json(&super::extras::sitemap_entry(shown.site, target));
        Projection { listing, link, crumb, sitemap }
    }
}

/// The navigation as every page and `404.html` show it.
pub(super) fn nav(site: &Site) -> Value {
    json(&Shown::new(site).nav())
}

fn json(value: &impl Serialize) -> Value {
    // These structs hold strings, numbers and lists only: serializing them cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}
