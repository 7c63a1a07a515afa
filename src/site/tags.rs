//! The tag pages: `tags/` lists every tag with its count (`tags.html`), `tags/<slug>/` the pages
//! of one tag, by title (`tag.html`).
//!
//! Which tags exist, and their slugs, come from `content::tags` when the site loads; an edit that
//! changes a page's tags assembles the content again (see `incremental::structure`), one that
//! changes what a tag page shows of a page (its title, description, date) re-renders these pages.

use super::document::BuildContext;
use super::Site;
use crate::content::tags::{Tag, TAGS_FOLDER};
use crate::error::Diagnostic;
use crate::render::context::{LinkRef, Meta, TagContext, TagSummary, TagTemplate, TagsTemplate};

/// The URL path of a tag page, `/docs/tags/async/`, or of the list of tags with `slug` empty.
pub(super) fn url(base_path: &str, slug: &str) -> String {
    if slug.is_empty() {
        format!("{base_path}{TAGS_FOLDER}/")
    } else {
        format!("{base_path}{TAGS_FOLDER}/{slug}/")
    }
}

/// The output path of a tag page (`tags/async/index.html`), or of the list of tags.
pub(super) fn output(slug: &str) -> String {
    url("", slug) + "index.html"
}

/// Every tag page, rendered; nothing when no page has a tag.
pub(super) fn render_all(site: &Site, shared: &BuildContext<'_>) -> Result<Vec<(String, Vec<u8>)>, Diagnostic> {
    let tags = &site.content.tags;
    if tags.is_empty() {
        return Ok(Vec::new());
    }
    let mut pages = Vec::with_capacity(tags.len() + 1);
    pages.push((output(""), render_list(site, shared)?));
    for tag in tags {
        pages.push((output(&tag.slug), render_tag(site, shared, tag)?));
    }
    Ok(pages)
}

/// `crumb` is the page's last breadcrumb, as `tag.html` and `tags.html` show it.
fn meta(site: &Site, shared: &BuildContext<'_>, title: &str, (slug, crumb): (&str, &str), kind: &'static str) -> Meta {
    let config = &site.config;
    let permalink = format!("{}{}", config.base_url, url("", slug));
    // The same trail as the visible breadcrumbs.
    let crumbs = if slug.is_empty() { shared.shown.ancestors(Some(0)) } else { tag_crumbs(shared) };
    let base = (config.base_url.as_str(), shared.base_path.as_str());
    Meta {
        title: format!("{title} · {}", config.title),
        description: config.description.clone(),
        url: url(&shared.base_path, slug),
        json_ld: super::json_ld::breadcrumbs(&crumbs, crumb, &permalink, base).into_iter().collect(),
        permalink,
        kind,
        contender_filter: Vec::new(),
    }
}

fn render_list(site: &Site, shared: &BuildContext<'_>) -> Result<Vec<u8>, Diagnostic> {
    let mut tags: Vec<TagSummary<'_>> = site
        .content
        .tags
        .iter()
        .map(|t| TagSummary {
            name: &t.name,
            slug: &t.slug,
            url: url(&shared.base_path, &t.slug),
            count: t.pages.len(),
        })
        .collect();
    tags.sort_by(|a, b| a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.slug.cmp(b.slug)));
    let meta = meta(site, shared, "Tags", ("", "Tags"), "tags");
    let ancestors = shared.shown.ancestors(Some(0));
    let site_context = shared.site_for(&meta.url);
    let context = TagsTemplate { site: site_context, meta, tags, ancestors, versa_version: super::document::VERSION };
    site.templates.render("tags.html", &context).map(String::into_bytes)
}

fn render_tag(site: &Site, shared: &BuildContext<'_>, tag: &Tag) -> Result<Vec<u8>, Diagnostic> {
    let content = &site.content;
    let mut ids = tag.pages.clone();
    let key = |id: usize| (content.pages[id].doc.front().title.to_lowercase(), &content.pages[id].url);
    ids.sort_by_cached_key(|&id| key(id));
    let meta = meta(site, shared, &format!("Tagged “{}”", tag.name), (&tag.slug, &tag.name), "tag");
    let context = TagTemplate {
        site: shared.site_for(&meta.url),
        tag: TagContext {
            name: &tag.name,
            slug: &tag.slug,
            url: meta.url.clone(),
            permalink: meta.permalink.clone(),
            pages: ids.into_iter().map(|id| shared.shown.summary(id)).collect(),
            all_url: url(&shared.base_path, ""),
            ancestors: tag_crumbs(shared),
        },
        meta,
        versa_version: super::document::VERSION,
    };
    site.templates.render("tag.html", &context).map(String::into_bytes)
}

/// Above a tag's page: the home page (as every page's breadcrumbs start) and all tags.
fn tag_crumbs(shared: &BuildContext<'_>) -> Vec<LinkRef> {
    let mut crumbs = shared.shown.ancestors(Some(0));
    crumbs.push(LinkRef { title: "Tags".to_string(), url: url(&shared.base_path, "") });
    crumbs
}

/// The tag pages' `loc`s in `sitemap.xml`.
pub(super) fn sitemap_paths(site: &Site) -> Vec<String> {
    if site.content.tags.is_empty() {
        return Vec::new();
    }
    std::iter::once("").chain(site.content.tags.iter().map(|t| t.slug.as_str())).map(|slug| url("", slug)).collect()
}
