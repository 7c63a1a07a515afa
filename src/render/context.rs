//! The typed template contexts: everything a template can use, in one place. The README's
//! "Template context" section documents these fields.

use serde::Serialize;

use crate::compare::criteria::CriteriaTable;
use crate::compare::FaqEntry;
use crate::config::Contender;
use crate::markdown::TocEntry;

/// `site`: the same for every page.
#[derive(Debug, Clone, Serialize)]
pub struct SiteContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub language: &'a str,
    /// Absolute, with a trailing slash: `https://example.org/docs/`.
    pub base_url: &'a str,
    /// The path internal links start with: `/` or `/docs/`.
    pub base_path: String,
    pub nav: Vec<NavItem>,
    pub contenders: Vec<&'a Contender>,
    pub assets: Assets,
}

/// A top-level entry of the site navigation.
#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    /// True on the entry's own page and below it.
    pub active: bool,
}

/// URLs of the theme's stylesheets and script, with a content hash for cache busting.
#[derive(Debug, Clone, Serialize)]
pub struct Assets {
    pub style: String,
    pub highlight: String,
    pub script: String,
    /// The site's own stylesheets from `[theme] extra_css`, in order, hashed the same way.
    pub extra_css: Vec<String>,
}

/// `meta`: what the document head needs.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The document title: "Page · Site".
    pub title: String,
    pub description: String,
    pub url: String,
    pub permalink: String,
    /// `page`, `section` or `404`.
    pub kind: &'static str,
    /// JSON-LD documents, already escaped for a `<script>` element.
    pub json_ld: Vec<String>,
}

/// A title and URL, for breadcrumbs and prev/next links.
#[derive(Debug, Clone, Serialize)]
pub struct LinkRef {
    pub title: String,
    pub url: String,
}

/// `page` in `page.html`.
#[derive(Debug, Serialize)]
pub struct PageContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub date: &'a str,
    pub updated: &'a str,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub toc_enabled: bool,
    pub tags: &'a [String],
    /// The contenders this page compares, in front-matter order.
    pub compare: Vec<&'a Contender>,
    pub criteria: Vec<CriteriaTable>,
    pub faq: Vec<FaqEntry>,
    pub word_count: usize,
    pub reading_time: usize,
    pub section: Option<LinkRef>,
    pub ancestors: Vec<LinkRef>,
    pub prev: Option<LinkRef>,
    pub next: Option<LinkRef>,
    pub source_path: String,
    pub extra: &'a serde_json::Value,
}

/// One page in a section listing.
#[derive(Debug, Clone, Serialize)]
pub struct PageSummary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub date: &'a str,
    pub weight: Option<i64>,
    pub tags: &'a [String],
}

/// One subsection in a section listing.
#[derive(Debug, Clone, Serialize)]
pub struct SectionSummary<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
}

/// `section` in `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub struct SectionContext<'a> {
    pub title: &'a str,
    pub description: &'a str,
    pub url: String,
    pub permalink: String,
    pub content: String,
    pub toc: Vec<TocEntry>,
    pub toc_enabled: bool,
    pub compare: Vec<&'a Contender>,
    pub criteria: Vec<CriteriaTable>,
    pub faq: Vec<FaqEntry>,
    pub pages: Vec<PageSummary<'a>>,
    pub subsections: Vec<SectionSummary<'a>>,
    pub ancestors: Vec<LinkRef>,
    pub extra: &'a serde_json::Value,
}

/// The whole context of `page.html`.
#[derive(Debug, Serialize)]
pub struct PageTemplate<'a> {
    pub site: SiteContext<'a>,
    pub meta: Meta,
    pub page: PageContext<'a>,
    pub versa_version: &'static str,
}

/// The whole context of `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub struct SectionTemplate<'a> {
    pub site: SiteContext<'a>,
    pub meta: Meta,
    pub section: SectionContext<'a>,
    pub versa_version: &'static str,
}

/// The context of `404.html`.
#[derive(Debug, Serialize)]
pub struct NotFoundTemplate<'a> {
    pub site: SiteContext<'a>,
    pub meta: Meta,
    pub versa_version: &'static str,
}
