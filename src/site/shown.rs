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

mod sidebar;

use serde::Serialize;
use serde_json::Value;

use super::Site;
use crate::content::Target;
use crate::render::context::{LinkRef, NavItem, PageSummary, SectionSummary, TagLink};

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

    /// A page's tags as its chips link them: to `tags/<slug>/`, or nowhere for a tag without a page.
    pub(super) fn tag_links(&self, tags: &[String]) -> Vec<TagLink> {
        tags.iter()
            .map(|name| {
                let slug = crate::slug::slugify(name);
                let listed = self.site.content.tags.binary_search_by(|t| t.slug.cmp(&slug)).is_ok();
                let url = if listed { super::tags::url(&self.base_path, &slug) } else { String::new() };
                TagLink { name: name.clone(), url }
            })
            .collect()
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
        let mut nav: Vec<NavItem> = nav.into_iter().map(|(_, item)| item).collect();
        // The hub of the "A vs B" pages comes after the sections: it is generated, not written.
        if let Some((title, url)) = self.site.pairs.hub(content) {
            nav.push(NavItem { title, url: format!("{}{url}", self.base_path), active: false });
        }
        nav
    }
}

/// Everything a section's or page's context takes from other documents (but the navigation
/// and the sidebar, compared on their own), serialized: its listing, prev/next, `page.section`,
/// breadcrumbs and tag links. When files come and go, a document whose value is unchanged
/// renders as before.
pub(super) fn from_others(shown: &Shown<'_>, target: Target) -> Vec<u8> {
    let content = &shown.site.content;
    let value = match target {
        Target::Page(id) => {
            let page = &content.pages[id];
            let (prev, next) = shown.prev_next(id);
            serde_json::to_vec(&(
                prev,
                next,
                shown.section_of(id),
                shown.ancestors(Some(page.section)),
                shown.tag_links(&page.doc.front().tags),
            ))
        }
        Target::Section(id) => {
            let section = &content.sections[id];
            let pages: Vec<_> = section.pages.iter().map(|&p| shown.summary(p)).collect();
            let subsections: Vec<_> = section.subsections.iter().filter_map(|&s| shown.subsection(s)).collect();
            serde_json::to_vec(&(pages, subsections, shown.ancestors(section.parent)))
        }
        Target::Asset(_) => Ok(Vec::new()),
    };
    // Strings, numbers and lists only: serializing them cannot fail.
    value.unwrap_or_default()
}

/// What other documents show of one section or page, serialized as their templates see it.
#[derive(Debug, PartialEq)]
pub(super) struct Projection {
    /// Its entry in its parent section's listing.
    pub(crate) listing: Value,
    /// A page's link in its neighbours' prev/next; a section's `page.section` in its pages.
    pub(crate) link: Value,
    /// A section's breadcrumb, shown by everything below it.
    pub(crate) crumb: Value,
    /// Its entry in `sitemap.xml`.
    pub(crate) sitemap: Value,
    /// Its rows in the sidebar (see [`Shown::rows`]).
    pub(crate) rows: Value,
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
        Projection { listing, link, crumb, sitemap, rows: json(&shown.rows(target)) }
    }
}

pub(super) use sidebar::Sidebar;

/// The header's navigation and the sidebar's top-level order, as every page and `404.html` show
/// them. With each edited document's [`Projection::rows`] and the order of the sections it is in,
/// this decides whether the navigation changed, without walking the tree: both grow with the
/// top level, not with the pages.
pub(super) fn nav_frame(site: &Site) -> Value {
    let shown = Shown::new(site);
    serde_json::json!({ "nav": json(&shown.nav()), "top": json(&shown.top()) })
}

fn json(value: &impl Serialize) -> Value {
    // These structs hold strings, numbers and lists only: serializing them cannot fail.
    serde_json::to_value(value).unwrap_or(Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Rendered;
    use crate::site::document::BuildContext;
    use crate::site::Options;

    const FILES: &[(&str, &str)] = &[
        ("site.toml", "title = \"T\"\nbase_url = \"https://example.com/docs/\"\n"),
        ("content/_index.md", "+++\ntitle = \"Home\"\n+++\n"),
        ("content/about.md", "+++\ntitle = \"About\"\nnav_title = \"Us\"\nweight = 2\n+++\n"),
        (
            "content/guides/_index.md",
            "+++\ntitle = \"Guides\"\nnav_title = \"G\"\ndescription = \"d\"\nweight = 1\n+++\n",
        ),
        ("content/guides/a.md", "+++\ntitle = \"A\"\ndescription = \"da\"\nweight = 1\ntags = [\"x\"]\n+++\n"),
        ("content/guides/b.md", "+++\ntitle = \"B\"\ndate = 2024-01-02\n+++\n"),
        ("content/guides/c.md", "+++\ntitle = \"C\"\nupdated = 2025-01-01\ndate = 2024-01-01\n+++\n"),
        ("content/guides/deep/_index.md", "+++\ntitle = \"Deep\"\n+++\n"),
        ("content/guides/deep/d.md", "+++\ntitle = \"D\"\n+++\n"),
    ];

    fn site() -> (tempfile::TempDir, Site) {
        let dir = tempfile::tempdir().unwrap();
        for (path, text) in FILES {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        let options = Options { root: dir.path().to_path_buf(), base_url: None, drafts: false, cache_dir: None };
        let site = Site::load(&options).unwrap();
        (dir, site)
    }

    /// The guarantee incremental rebuilds rest on: every value a template context holds of
    /// another document is, serialized, that document's projection. A projection that left out
    /// a field of `PageSummary`, `SectionSummary`, `LinkRef` or `NavItem`, or a context that
    /// built one of them some other way, fails here.
    #[test]
    fn what_contexts_show_of_other_documents_is_their_projection() {
        let (_dir, site) = site();
        let shared = BuildContext::new(&site);
        let of = |target| Projection::of(&shared.shown, target);
        let content = &site.content;
        let mut compared = 0;
        for (id, section) in content.sections.iter().enumerate() {
            let context = json(&shared.section_context(id, Rendered::default()).section);
            for (i, &page) in section.pages.iter().enumerate() {
                assert_eq!(context["pages"][i], of(Target::Page(page)).listing, "section {id} lists page {page}");
                compared += 1;
            }
            for (i, &sub) in section.subsections.iter().enumerate() {
                assert_eq!(context["subsections"][i], of(Target::Section(sub)).listing, "section {id} lists {sub}");
                compared += 1;
            }
            assert_crumbs(&site, &context["ancestors"], section.parent, &of);
            let others: Value = serde_json::from_slice(&from_others(&shared.shown, Target::Section(id))).unwrap();
            assert_eq!(others, serde_json::json!([context["pages"], context["subsections"], context["ancestors"]]));
        }
        for (id, page) in content.pages.iter().enumerate() {
            let context = json(&shared.page_context(id, Rendered::default()).page);
            let order = &content.sections[page.section].pages;
            let at = order.iter().position(|&p| p == id).unwrap();
            let prev = at.checked_sub(1).map_or(Value::Null, |i| of(Target::Page(order[i])).link);
            let next = order.get(at + 1).map_or(Value::Null, |&p| of(Target::Page(p)).link);
            assert_eq!((&context["prev"], &context["next"]), (&prev, &next), "page {id}'s prev/next");
            assert_eq!(context["section"], of(Target::Section(page.section)).link, "page {id}'s section");
            assert_crumbs(&site, &context["ancestors"], Some(page.section), &of);
            let others: Value = serde_json::from_slice(&from_others(&shared.shown, Target::Page(id))).unwrap();
            let shown =
                [&context["prev"], &context["next"], &context["section"], &context["ancestors"], &context["tag_links"]];
            assert_eq!(others, serde_json::json!(shown), "what page {id} shows of others");
            compared += 3;
        }
        assert_eq!(nav_frame(&site)["nav"], json(&shared.site_context.nav));
        // The sidebar's rows, at depth 0, are exactly the documents' rows.
        let at_depth_0 = |mut rows: Vec<Value>| {
            rows.retain(|r| r["kind"] != "end");
            rows.iter_mut().for_each(|r| r["depth"] = 0.into());
            rows.sort_by_key(Value::to_string);
            rows
        };
        let sidebar = json(&site.sidebar.for_page("")).as_array().cloned().unwrap();
        let targets =
            (0..content.sections.len()).map(Target::Section).chain((0..content.pages.len()).map(Target::Page));
        let rows = targets.flat_map(|t| of(t).rows.as_array().cloned().unwrap()).collect();
        assert_eq!(at_depth_0(sidebar), at_depth_0(rows));
        assert!(compared > 20, "the fixture shows documents of each other");
        let listed = &of(Target::Page(content.sections[1].pages[0])).listing;
        let keys: Vec<&String> = listed.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["date", "description", "tags", "title", "url", "weight"], "a listing shows every field");
    }

    fn assert_crumbs(site: &Site, crumbs: &Value, mut section: Option<usize>, of: &dyn Fn(Target) -> Projection) {
        let mut expected = Vec::new();
        while let Some(id) = section {
            expected.insert(0, of(Target::Section(id)).crumb);
            section = site.content.sections[id].parent;
        }
        assert_eq!(*crumbs, Value::Array(expected));
    }
}
