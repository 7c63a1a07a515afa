//! The typed template contexts: everything a template can use, in one place. The README's
//! "Template context" section documents these fields.

use serde::Serialize;

use crate::compare::criteria::CriteriaTable;
use crate::compare::matrix::{Criterion, Matrix, SourceEntry};
use crate::compare::FaqEntry;
use crate::config::Contender;
use crate::markdown::TocEntry;

/// `site`: the same for every page.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SiteContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) language: &'a str,
    /// Absolute, with a trailing slash: `https://example.org/docs/`.
    pub(crate) base_url: &'a str,
    /// The path internal links start with: `/` or `/docs/`.
    pub(crate) base_path: String,
    pub(crate) nav: Vec<NavItem>,
    /// The section tree, flattened (see [`SidebarItem`]), with the current page marked.
    pub(crate) sidebar: Vec<SidebarItem>,
    /// The same tree as the theme's `partials/sidebar.html` draws it, when no other template
    /// reads `sidebar` (then `sidebar` is empty); empty otherwise.
    pub(crate) sidebar_html: String,
    /// The `[[menu]]` links of `site.toml`.
    pub(crate) menu: Vec<MenuLink>,
    /// The URL of the `logo` image, with a content hash; empty without one.
    pub(crate) logo: String,
    /// The URL of the tab icon: the site's `favicon` with a content hash, or the theme's as a
    /// `data:` URL.
    pub(crate) favicon: String,
    pub(crate) contenders: Vec<&'a Contender>,
    /// `matrix.toml`: every criterion with its claims (empty lists without one).
    pub(crate) matrix: MatrixShown<'a>,
    /// Rules giving each contender its colour on every page (`[data-contender="key"]`), with
    /// keys and names escaped for CSS inside `<style>`; output with `| safe`.
    pub(crate) contender_css: String,
    pub(crate) assets: Assets,
    /// What the search button loads when a reader opens it; `None` when `[search]` is off.
    pub(crate) search: Option<SearchUi>,
}

impl<'a> SiteContext<'a> {
    /// A copy with another sidebar and navigation, for one page: the ones replaced are never
    /// copied (on a big site the sidebar has rows for every section, and each page has its own).
    pub(crate) fn for_page(
        &self,
        nav: Vec<NavItem>,
        (sidebar, sidebar_html): (Vec<SidebarItem>, String),
    ) -> SiteContext<'a> {
        SiteContext {
            title: self.title,
            description: self.description,
            language: self.language,
            base_url: self.base_url,
            base_path: self.base_path.clone(),
            nav,
            sidebar,
            sidebar_html,
            menu: self.menu.clone(),
            logo: self.logo.clone(),
            favicon: self.favicon.clone(),
            contenders: self.contenders.clone(),
            matrix: self.matrix,
            contender_css: self.contender_css.clone(),
            assets: self.assets.clone(),
            search: self.search.clone(),
        }
    }
}

/// `site.matrix`, serialized once per build ([`MatrixShown::new`]) rather than with every
/// page: with 50 contenders and 20 criteria that took about 4 ms a page. When no template
/// names it, pages get an empty matrix instead, which none of them can tell apart.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MatrixShown<'a> {
    value: Option<&'a serde_json::Value>,
}

impl<'a> MatrixShown<'a> {
    /// `value` is the matrix serialized, `None` when no template reads it.
    pub(crate) fn new(value: Option<&'a serde_json::Value>) -> Self {
        MatrixShown { value }
    }

    /// The matrix serialized, as templates get it.
    pub(crate) fn serialize_once(matrix: &Matrix) -> serde_json::Value {
        // Strings, lists and options only: serializing cannot fail.
        serde_json::to_value(matrix).unwrap_or_default()
    }
}

impl Serialize for MatrixShown<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Some(value) => value.serialize(serializer),
            None => Matrix::default().serialize(serializer),
        }
    }
}

/// The search dialog's files, fetched only when it opens: its script and stylesheet (hashed
/// like [`Assets`]) and Pagefind's script, beside the index.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SearchUi {
    pub(crate) script: String,
    pub(crate) style: String,
    pub(crate) pagefind: String,
}

/// One row of the sidebar. The tree comes as a flat list, in reading order: a `group` opens a
/// section, whose pages and subsections follow until its `end`. Templates walk it with one
/// `{% for %}`, to any depth: closing a group needs no recursion.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum SidebarItem {
    /// A section: its `nav_title` and URL; `open` when the current page is inside it.
    Group { title: String, url: String, open: bool, depth: usize },
    /// A page, or a section's own page as the first entry of its group.
    Link { title: String, url: String, current: bool, depth: usize },
    /// Closes the innermost open group.
    End,
}

/// A `[[menu]]` link as the header shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct MenuLink {
    pub(crate) name: String,
    pub(crate) url: String,
    pub(crate) external: bool,
}

/// A top-level entry of the site navigation.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct NavItem {
    pub(crate) title: String,
    pub(crate) url: String,
    /// True on the entry's own page and below it.
    pub(crate) active: bool,
}

/// URLs of the theme's stylesheets and script, with a content hash for cache busting.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Assets {
    pub(crate) style: String,
    pub(crate) highlight: String,
    pub(crate) script: String,
    /// The contender filter's script and stylesheet, linked only by pages that show the filter.
    pub(crate) filter: String,
    pub(crate) filter_style: String,
    /// The site's own stylesheets from `[theme] extra_css`, in order, hashed the same way.
    pub(crate) extra_css: Vec<String>,
}

/// `meta`: what the document head needs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Meta {
    /// The document title: "Page · Site".
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
    /// `page`, `section`, `tags` (the list of tags), `tag` (one tag's page) or `404`.
    pub(crate) kind: &'static str,
    /// JSON-LD documents, already escaped for a `<script>` element.
    pub(crate) json_ld: Vec<String>,
    /// What the contender filter offers, in the site's order; empty (no filter) unless the page
    /// shows three contenders or more.
    pub(crate) contender_filter: Vec<FilterChoice>,
}

/// One contender the reader may show or hide: `key` as criteria cells carry it, `name` as
/// compare panes do.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FilterChoice {
    pub(crate) key: String,
    pub(crate) name: String,
}

/// A title and URL, for breadcrumbs and prev/next links.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct LinkRef {
    pub(crate) title: String,
    pub(crate) url: String,
}

/// `page` in `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) date: &'a str,
    /// "Last updated": the front matter's, else the last commit's with `updated_from_git`.
    pub(crate) updated: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) content: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) toc_enabled: bool,
    /// Pagefind's `data-pagefind-weight` for the body (MkDocs's `search: { boost }`), or none.
    pub(crate) search_weight: Option<String>,
    pub(crate) tags: &'a [String],
    /// The tags with their tag pages' URLs (`""` for a tag that has none).
    pub(crate) tag_links: Vec<TagLink>,
    /// The "Edit this page" URL from `edit_url`, or `""`.
    pub(crate) edit_url: String,
    /// The contenders this page compares, in front-matter order.
    pub(crate) compare: Vec<&'a Contender>,
    pub(crate) criteria: Vec<CriteriaTable>,
    /// The matrix criterion the page discusses (`criterion = "…"` in front matter).
    pub(crate) criterion: Option<&'a Criterion>,
    /// The sources its claims cite, numbered, for the "Sources" list.
    pub(crate) sources: Vec<SourceEntry>,
    pub(crate) faq: Vec<FaqEntry>,
    pub(crate) word_count: usize,
    pub(crate) reading_time: usize,
    pub(crate) section: Option<LinkRef>,
    pub(crate) ancestors: Vec<LinkRef>,
    pub(crate) prev: Option<LinkRef>,
    pub(crate) next: Option<LinkRef>,
    pub(crate) source_path: String,
    pub(crate) extra: &'a serde_json::Value,
}

/// One page in a section listing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageSummary<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) date: &'a str,
    pub(crate) weight: Option<i64>,
    pub(crate) tags: &'a [String],
}

/// One subsection in a section listing.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SectionSummary<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
}

/// `section` in `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub(crate) struct SectionContext<'a> {
    pub(crate) title: &'a str,
    pub(crate) description: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) content: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) toc_enabled: bool,
    /// As for pages.
    pub(crate) search_weight: Option<String>,
    pub(crate) compare: Vec<&'a Contender>,
    pub(crate) criteria: Vec<CriteriaTable>,
    pub(crate) criterion: Option<&'a Criterion>,
    pub(crate) sources: Vec<SourceEntry>,
    pub(crate) faq: Vec<FaqEntry>,
    pub(crate) pages: Vec<PageSummary<'a>>,
    pub(crate) subsections: Vec<SectionSummary<'a>>,
    /// What the listing under the body shows: `pages` and `subsections` the body doesn't link to.
    pub(crate) listing: Listing<'a>,
    pub(crate) ancestors: Vec<LinkRef>,
    pub(crate) extra: &'a serde_json::Value,
    /// "Last updated", as for pages; `""` without one.
    pub(crate) updated: &'a str,
    /// The "Edit this page" URL of its `_index.md`, or `""`.
    pub(crate) edit_url: String,
}

/// The pages and subsections a section lists under its body.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Listing<'a> {
    pub(crate) pages: Vec<PageSummary<'a>>,
    pub(crate) subsections: Vec<SectionSummary<'a>>,
}

impl<'a> Listing<'a> {
    /// A body that links to its pages (a hand-written list of them, "see the FAQ") has listed
    /// them already, in the writer's order and words: the listing shows only the others, so no
    /// page appears twice.
    pub(crate) fn without_links(
        pages: &[PageSummary<'a>],
        subsections: &[SectionSummary<'a>],
        links: &[crate::markdown::Link],
    ) -> Self {
        let linked: std::collections::HashSet<&str> =
            links.iter().map(|l| l.href.split_once('#').map_or(l.href.as_str(), |(page, _)| page)).collect();
        Listing {
            pages: pages.iter().filter(|p| !linked.contains(p.url.as_str())).cloned().collect(),
            subsections: subsections.iter().filter(|s| !linked.contains(s.url.as_str())).cloned().collect(),
        }
    }
}

/// A tag as a page's chips link it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagLink {
    pub(crate) name: String,
    /// The tag page's URL path, `""` when the tag has none.
    pub(crate) url: String,
}

/// A tag in the list of all tags.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TagSummary<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) url: String,
    /// How many pages carry it.
    pub(crate) count: usize,
}

/// `tag` in `tag.html`: one tag and its pages, by title.
#[derive(Debug, Serialize)]
pub(crate) struct TagContext<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) url: String,
    pub(crate) permalink: String,
    pub(crate) pages: Vec<PageSummary<'a>>,
    /// The list of all tags (`/tags/`).
    pub(crate) all_url: String,
    /// The breadcrumbs above it: the home page and the list of all tags.
    pub(crate) ancestors: Vec<LinkRef>,
}

/// The whole context of `tags.html`, the list of all tags.
#[derive(Debug, Serialize)]
pub(crate) struct TagsTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    /// By name.
    pub(crate) tags: Vec<TagSummary<'a>>,
    /// The breadcrumbs above the list: the home page.
    pub(crate) ancestors: Vec<LinkRef>,
    pub(crate) versa_version: &'static str,
}

/// The whole context of `tag.html`, one tag's page.
#[derive(Debug, Serialize)]
pub(crate) struct TagTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    pub(crate) tag: TagContext<'a>,
    pub(crate) versa_version: &'static str,
}

/// The whole context of `page.html`.
#[derive(Debug, Serialize)]
pub(crate) struct PageTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    pub(crate) page: PageContext<'a>,
    pub(crate) versa_version: &'static str,
}

/// The whole context of `section.html` and `index.html`.
#[derive(Debug, Serialize)]
pub(crate) struct SectionTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    pub(crate) section: SectionContext<'a>,
    pub(crate) versa_version: &'static str,
}

/// The context of `404.html`.
#[derive(Debug, Serialize)]
pub(crate) struct NotFoundTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    pub(crate) versa_version: &'static str,
}

/// The whole context of `pair.html`, one generated "A vs B" page.
#[derive(Debug, Serialize)]
pub(crate) struct PairTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    pub(crate) page: PairPageContext<'a>,
    pub(crate) versa_version: &'static str,
}

/// `page` in `pair.html`: what a page has, with the writer's note (`content/vs/<a>-vs-<b>.md`)
/// as its title, description and `content`, and the pair itself in `pair`.
#[derive(Debug, Serialize)]
pub(crate) struct PairPageContext<'a> {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) url: String,
    pub(crate) permalink: String,
    /// The note's body, rendered; `""` without a note.
    pub(crate) content: String,
    pub(crate) toc: Vec<TocEntry>,
    pub(crate) toc_enabled: bool,
    /// Both contenders, for `partials/contenders.html`.
    pub(crate) compare: Vec<&'a Contender>,
    /// The matrix table of the two (and any the note shows).
    pub(crate) criteria: Vec<CriteriaTable>,
    /// The sources its claims cite, numbered, for the "Sources" list.
    pub(crate) sources: Vec<SourceEntry>,
    pub(crate) faq: Vec<FaqEntry>,
    /// The hub, as the breadcrumb above the title.
    pub(crate) ancestors: Vec<LinkRef>,
    pub(crate) updated: &'a str,
    pub(crate) edit_url: String,
    pub(crate) tag_links: Vec<TagLink>,
    pub(crate) pair: PairContext<'a>,
}

/// `page.pair`: the two contenders and what the site says about them.
#[derive(Debug, Serialize)]
pub(crate) struct PairContext<'a> {
    /// `fastapi-vs-drf`, as in `data-pair`.
    pub(crate) key: String,
    pub(crate) a: &'a Contender,
    pub(crate) b: &'a Contender,
    /// One row per criterion of the matrix, in its order.
    pub(crate) rows: Vec<PairRow<'a>>,
    /// The rows as the theme's criteria table, with citation marks; output with `| safe`.
    pub(crate) table_html: String,
    /// The pages whose `compare` names both: where their code is side by side.
    pub(crate) pages: Vec<PageSummary<'a>>,
    /// The note's own front matter was used (`content/vs/<key>.md` exists).
    pub(crate) has_note: bool,
    /// The hub listing every pair.
    pub(crate) hub_url: String,
}

/// One criterion as a pair page shows it.
#[derive(Debug, Serialize)]
pub(crate) struct PairRow<'a> {
    pub(crate) criterion: PairCriterion<'a>,
    pub(crate) a: &'a crate::compare::matrix::Claim,
    pub(crate) b: &'a crate::compare::matrix::Claim,
    /// Both have a verdict and it is the same one.
    pub(crate) same_verdict: bool,
}

/// A criterion without its claims: a pair page shows only the two of its row. (With every
/// contender's claims, each of the N(N−1)/2 pages would carry the whole matrix: O(N³).)
#[derive(Debug, Serialize)]
pub(crate) struct PairCriterion<'a> {
    pub(crate) key: &'a str,
    pub(crate) title: &'a str,
    pub(crate) description_html: &'a str,
    pub(crate) url: Option<&'a str>,
}

impl<'a> From<&'a Criterion> for PairCriterion<'a> {
    fn from(criterion: &'a Criterion) -> Self {
        PairCriterion {
            key: &criterion.key,
            title: &criterion.title,
            description_html: &criterion.description_html,
            url: criterion.url.as_deref(),
        }
    }
}

/// The whole context of `pairs.html`, the hub listing every pair.
#[derive(Debug, Serialize)]
pub(crate) struct PairsTemplate<'a> {
    pub(crate) site: SiteContext<'a>,
    pub(crate) meta: Meta,
    pub(crate) hub: HubContext<'a>,
    pub(crate) versa_version: &'static str,
}

/// `hub` in `pairs.html`.
#[derive(Debug, Serialize)]
pub(crate) struct HubContext<'a> {
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) url: String,
    /// `content/vs/_index.md`'s body, rendered; `""` without one.
    pub(crate) content: String,
    pub(crate) pairs: Vec<PairLink<'a>>,
    /// The breadcrumbs above the hub: the home page.
    pub(crate) ancestors: Vec<LinkRef>,
}

/// One pair in the hub.
#[derive(Debug, Serialize)]
pub(crate) struct PairLink<'a> {
    pub(crate) key: String,
    pub(crate) title: String,
    pub(crate) url: String,
    pub(crate) a: &'a Contender,
    pub(crate) b: &'a Contender,
}
