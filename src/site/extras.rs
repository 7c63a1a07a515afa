//! Everything a build writes besides sections and pages: the theme's assets, `static/`, files
//! beside pages, `404.html`, `sitemap.xml` and `robots.txt`.

use std::borrow::Cow;
use std::collections::HashMap;

use super::document::BuildContext;
use super::{claim, folder_files, Report, Site};
use crate::content::Target;
use crate::error::{Diagnostic, Error, Result};
use crate::html::{escape_html, escape_html_into};
use crate::layout::SiteFolder;
use crate::output::Sink;
use crate::render::context::{Meta, NotFoundTemplate};

pub(super) fn write_all(site: &Site, shared: &BuildContext<'_>, sink: &dyn Sink, report: &mut Report) -> Result<()> {
    let mut claimed: HashMap<String, String> = HashMap::new();
    let mut errors = Vec::new();
    for doc in &report.documents {
        claimed.insert(doc.output.clone(), doc.source.display().to_string());
    }
    let mut copies = Vec::new();
    for (path, from) in folder_files(&site.files, &SiteFolder::Static.in_site(&site.root))? {
        match claim(&mut claimed, &path, SiteFolder::Static.shown(&path).display().to_string()) {
            Ok(()) => copies.push((path, from)),
            Err(d) => errors.push(d),
        }
    }
    for asset in &site.content.assets {
        let shown = SiteFolder::Content.shown(asset.path.strip_prefix(shared.content_dir()).unwrap_or(&asset.path));
        match claim(&mut claimed, &asset.url, shown.display().to_string()) {
            Ok(()) => copies.push((asset.url.clone(), asset.path.clone())),
            Err(d) => errors.push(d),
        }
    }
    let mut generated: Vec<(String, Vec<u8>)> = Vec::new();
    // The theme's files give way to a site's own `static/` file of the same path.
    for (path, bytes) in crate::embedded::THEME_STATIC {
        if !claimed.contains_key(*path) {
            generated.push(((*path).to_string(), bytes.to_vec()));
        }
    }
    if !claimed.contains_key("assets/highlight.css") {
        generated.push(("assets/highlight.css".into(), shared.highlight_css.as_bytes().to_vec()));
    }
    for (path, bytes) in [
        ("404.html", not_found(site, shared).map_err(|d| Error::Site(vec![d]))?),
        ("sitemap.xml", sitemap(site).into_bytes()),
        (
            "robots.txt",
            format!("User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n", site.config.base_url).into_bytes(),
        ),
    ] {
        if !claimed.contains_key(path) {
            generated.push((path.to_string(), bytes));
        }
    }
    for (path, _) in &generated {
        claimed.insert(path.clone(), "versa".into());
    }
    // A tag page where a file of the site already is would hide one of them: an error.
    for (path, bytes) in super::tags::render_all(site, shared).map_err(|d| Error::Site(vec![d]))? {
        match claim(&mut claimed, &path, "the tag pages".into()) {
            Ok(()) => generated.push((path, bytes)),
            Err(d) => errors.push(d),
        }
    }
    // The pair pages, their redirects and the hub, likewise; rendered after the check.
    for path in super::pairs::outputs(site) {
        if let Err(d) = claim(&mut claimed, &path, "the pair pages ([pairs] in site.toml)".into()) {
            errors.push(d);
        }
    }
    errors.extend(file_folder_conflicts(&claimed));
    if !errors.is_empty() {
        return Err(Error::Site(errors));
    }
    let pairs = super::pairs::write_all(site, shared, sink, &super::pairs::Only::All).map_err(Error::Site)?;
    report.files.extend(pairs.files);
    report.warnings.extend(pairs.warnings);
    report.store_pair_pages(pairs.reports);
    report.redirects = pairs.redirects.into_iter().collect();
    report.static_files = copies.len();
    for (path, from) in &copies {
        let shown = std::path::Path::new(claimed.get(path).map_or("", String::as_str));
        sink.copy(path, from).map_err(|e| Error::Site(crate::output::with_source(e, shown)))?;
        report.files.insert(path.clone());
    }
    for (path, bytes) in &generated {
        sink.write(path, bytes)?;
        report.files.insert(path.clone());
    }
    Ok(())
}

/// A file and a folder of one name cannot both be written (a page with `slug = "logo.png"`
/// beside a file `logo.png`): an error naming both sources instead of the OS's "File exists".
fn file_folder_conflicts(claimed: &HashMap<String, String>) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    let mut paths: Vec<&String> = claimed.keys().collect();
    paths.sort();
    for path in paths {
        let folders = path.match_indices('/').map(|(i, _)| &path[..i]);
        if let Some(file) = folders.into_iter().find(|folder| claimed.contains_key(*folder)) {
            let (by_file, by_folder) = (&claimed[file], &claimed[path]);
            errors.push(
                Diagnostic::error(format!(
                    "`{by_file}` writes the file `{file}`, but `{by_folder}` needs a folder of that name for `{path}`"
                ))
                .help("rename one of them or give the page a different `slug`"),
            );
        }
    }
    errors
}

pub(super) fn not_found(site: &Site, shared: &BuildContext<'_>) -> Result<Vec<u8>, Diagnostic> {
    let meta = Meta {
        title: format!("Page not found · {}", site.config.title),
        description: site.config.description.clone(),
        url: format!("{}404.html", shared.base_path),
        permalink: format!("{}404.html", site.config.base_url),
        kind: "404",
        json_ld: Vec::new(),
        contender_filter: Vec::new(),
    };
    let context =
        NotFoundTemplate { site: shared.site_context.clone(), meta, versa_version: env!("CARGO_PKG_VERSION") };
    site.templates.render("404.html", &context).map(String::into_bytes)
}

pub(super) fn sitemap(site: &Site) -> String {
    let content = &site.content;
    let targets = (0..content.sections.len()).map(Target::Section).chain((0..content.pages.len()).map(Target::Page));
    // Each `loc` is the base URL and a path: sorted by the paths, borrowed. `serve` writes the
    // sitemap anew for each page added or removed, and at 10,000 pages formatting and sorting
    // owned strings was a sixth of that rebuild.
    let mut entries: Vec<(Cow<'_, str>, Option<&str>)> =
        Vec::with_capacity(content.sections.len() + content.pages.len() + 1);
    entries.extend(targets.map(|target| {
        let lastmod = content.document(target).and_then(|d| lastmod(site, d));
        (Cow::Borrowed(content.url(target)), lastmod)
    }));
    entries.extend(super::tags::sitemap_paths(site).into_iter().map(|path| (Cow::Owned(path), None)));
    entries.extend(super::pairs::sitemap_entries(site).into_iter().map(|(path, date)| (Cow::Owned(path), date)));
    // Each URL is there once, so no two entries are equal and the order is the stable one's.
    entries.sort_unstable();
    let base = escape_html(&site.config.base_url);
    // About 90 bytes an entry: one allocation, not a string doubled a dozen times.
    let mut xml = String::with_capacity(128 + entries.len() * (base.len() + 64));
    xml.push_str(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (path, lastmod) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&base);
        escape_html_into(&mut xml, &path);
        xml.push_str("</loc>\n");
        if let Some(date) = lastmod {
            xml.push_str("    <lastmod>");
            escape_html_into(&mut xml, date.get(..10).unwrap_or(date));
            xml.push_str("</lastmod>\n");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// A document's `lastmod`: when it was last updated, else its date.
pub(super) fn lastmod<'s>(site: &'s Site, doc: &'s crate::content::Document) -> Option<&'s str> {
    site.updated(doc).or(doc.front().date.as_deref())
}

/// A section's or page's `loc` and `lastmod` in `sitemap.xml`.
pub(super) fn sitemap_entry(site: &Site, target: Target) -> (String, Option<String>) {
    let content = &site.content;
    let lastmod = content.document(target).and_then(|d| lastmod(site, d)).map(str::to_string);
    (format!("{}{}", site.config.base_url, content.url(target)), lastmod)
}
