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
use crate::render::context::{Meta, TagContext, TagSummary, TagTemplate, TagsTemplate};

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

fn meta(site: &Site, shared: &BuildContext<'_>, title: &str, slug: &str, kind: &'static str) -> Meta {
    let path = url("", slug);
    Meta {
        title: format!("{title} · {}", site.config.title),
        description: site.config.description.clone(),
        url: url(&shared.base_path, slug),
        permalink: format!("{}{path}", site.config.base_url),
        kind,
        json_ld: Vec::new(),
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
    let meta = meta(site, shared, "Tags", "", "tags");
    let context =
        TagsTemplate { site: shared.site_for(&meta.url), meta, tags, versa_version: super::document::VERSION };
    site.templates.render("tags.html", &context).map(String::into_bytes)
}

fn render_tag(site: &Site, shared: &BuildContext<'_>, tag: &Tag) -> Result<Vec<u8>, Diagnostic> {
    let content = &site.content;
    let mut ids = tag.pages.clone();
    let key = |id: usize| (content.pages[id].doc.front().title.to_lowercase(), &content.pages[id].url);
    ids.sort_by_cached_key(|&id| key(id));
    let meta = meta(site, shared, &format!("Tagged “{}”", tag.name), &tag.slug, "tag");
    let context = TagTemplate {
        site: shared.site_for(&meta.url),
        tag: TagContext {
            name: &tag.name,
            slug: &tag.slug,
            url: meta.url.clone(),
            permalink: meta.permalink.clone(),
            pages: ids.into_iter().map(|id| shared.shown.summary(id)).collect(),
            all_url: url(&shared.base_path, ""),
        },
        meta,
        versa_version: super::document::VERSION,
    };
    site.templates.render("tag.html", &context).map(String::into_bytes)
}

/// The tag pages' `loc`s in `sitemap.xml`.
pub(super) fn sitemap_entries(site: &Site) -> Vec<(String, Option<String>)> {
    if site.content.tags.is_empty() {
        return Vec::new();
    }
    let base = &site.config.base_url;
    std::iter::once(String::new())
        .chain(site.content.tags.iter().map(|t| t.slug.clone()))
        .map(|slug| (format!("{base}{}", url("", &slug)), None))
        .collect()
}
