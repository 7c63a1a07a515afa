//! Rendering one section or page: markdown, then its template, then the sink.

use std::path::Path;

use super::json_ld;
use super::shown::Shown;
use super::{DocumentReport, Site};
use crate::compare::{faq_json_ld, json_for_script};
use crate::config::Contender;
use crate::content::{Document, Target};
use crate::error::Diagnostic;
use crate::layout::SiteFolder;
use crate::markdown::{self, Rendered};
use crate::output::Sink;
use crate::render::context::{
    Assets, FilterChoice, LinkRef, Listing, Meta, PageContext, PageTemplate, SearchUi, SectionContext, SectionTemplate,
    SidebarItem, SiteContext,
};

pub(super) const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What rendering one document produced.
pub(super) struct Outcome {
    pub(crate) report: Option<DocumentReport>,
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Data computed once per build and shared by every document.
pub(super) struct BuildContext<'a> {
    pub(super) site: &'a Site,
    pub(crate) base_path: String,
    pub(crate) site_context: SiteContext<'a>,
    pub(crate) highlight_css: &'a str,
    /// What documents show of each other: listings, prev/next, breadcrumbs, navigation.
    pub(crate) shown: Shown<'a>,
    highlighter: crate::highlight::Highlighter,
    content_dir: std::path::PathBuf,
}

impl<'a> BuildContext<'a> {
    pub(super) fn new(site: &'a Site) -> Self {
        let config = &site.config;
        let base_path = config.base_path();
        let highlight_css = &site.highlight_css;
        let highlighter = crate::highlight::Highlighter {
            styled: crate::highlight::StyledScopes::shared(&config.highlight.light_theme, &config.highlight.dark_theme),
            cache: std::sync::Arc::clone(&site.cache),
        };
        // The hash is of the file the site really serves: a site's own `static/assets/versa.css`
        // replaces the theme's, and browsers must not keep the theme's under the same URL.
        let served = |path: &str, built: &[u8]| {
            let own = SiteFolder::Static.in_site(&site.root).join(path);
            let bytes = if own.is_file() { site.files.read(&own).ok() } else { None };
            let hash = crate::output::content_hash(bytes.as_deref().unwrap_or(built));
            format!("{base_path}{}?v={hash}", crate::html::encode_url_path(path))
        };
        let theme_file =
            |path: &str| crate::embedded::THEME_STATIC.iter().find(|(p, _)| *p == path).map_or(&[][..], |(_, b)| *b);
        let assets = Assets {
            style: served("assets/versa.css", theme_file("assets/versa.css")),
            highlight: served("assets/highlight.css", highlight_css.as_bytes()),
            script: served("assets/versa.js", theme_file("assets/versa.js")),
            filter: served("assets/filter.js", theme_file("assets/filter.js")),
            filter_style: served("assets/filter.css", theme_file("assets/filter.css")),
            // Config::load made sure each exists in static/.
            extra_css: config.theme.extra_css().map(|css| served(css, &[])).collect(),
        };
        let search = config.search.enabled.then(|| SearchUi {
            script: served("assets/search.js", theme_file("assets/search.js")),
            style: served("assets/search.css", theme_file("assets/search.css")),
            pagefind: format!("{base_path}{}/pagefind.js", crate::search::FOLDER),
        });
        let shown = Shown::new(site);
        let contenders: Vec<&Contender> = config.contenders.values().collect();
        // Incremental rebuilds keep the site's sidebar current; every test build checks it.
        debug_assert!(*site.sidebar == super::shown::Sidebar::of(site), "the site's sidebar is out of date");
        let (sidebar, sidebar_html) = sidebar_for(site, "");
        let site_context = SiteContext {
            title: &config.title,
            description: &config.description,
            language: &config.language,
            base_url: &config.base_url,
            base_path: base_path.clone(),
            nav: shown.nav(),
            // Nothing marked (as `404.html` shows it); each page gets its own in `site_for`.
            sidebar,
            sidebar_html,
            menu: super::header_data::menu(config, &base_path),
            // Config::load made sure both exist in static/.
            logo: config.logo().map(|logo| served(logo, &[])).unwrap_or_default(),
            favicon: config
                .favicon()
                .map_or_else(|| super::header_data::DEFAULT_FAVICON.to_string(), |f| served(f, &[])),
            contender_css: super::header_data::contender_css(&contenders),
            contenders,
            matrix: crate::render::context::MatrixShown::new(site.templates.read_matrix().then_some(&site.matrix_json)),
            assets,
            search,
        };
        BuildContext {
            site,
            base_path,
            site_context,
            highlight_css,
            shown,
            highlighter,
            content_dir: SiteFolder::Content.in_site(&site.root),
        }
    }

    /// The site context with the navigation entry containing `url` marked active.
    pub(super) fn site_for(&self, url: &str) -> SiteContext<'a> {
        let mut nav = self.site_context.nav.clone();
        for item in &mut nav {
            item.active = url.starts_with(&item.url);
        }
        self.site_context.for_page(nav, sidebar_for(self.site, url))
    }

    pub(super) fn render(&self, target: Target, sink: &dyn Sink) -> Outcome {
        let content = &self.site.content;
        let url_path = content.url(target).to_string();
        let output = format!("{url_path}index.html");
        let doc = match content.document(target).map(|d| d.with_body(&self.site.files, &self.content_dir)).transpose() {
            Ok(doc) => doc,
            Err(error) => return Outcome { report: None, diagnostics: vec![error] },
        };
        let doc = doc.as_deref();
        let ctx = self.markdown_context();
        let mut rendered = doc.map(|d| markdown::render(d, &ctx)).unwrap_or_default();
        // Front-matter warnings are shown with the page's other problems, each time it's built.
        let mut diagnostics = doc.map(|d| d.parsed.warnings.clone()).unwrap_or_default();
        diagnostics.append(&mut rendered.diagnostics);
        let report = DocumentReport {
            target,
            output: output.clone(),
            source: doc.map(|d| d.source.path.clone()).unwrap_or_default(),
            anchors: std::mem::take(&mut rendered.anchors),
            // A section's listing leaves out the pages its body links to: it still needs them.
            links: if matches!(target, Target::Section(_)) {
                rendered.links.clone()
            } else {
                std::mem::take(&mut rendered.links)
            },
            includes: std::mem::take(&mut rendered.includes),
            claims: rendered
                .criteria
                .iter()
                .flat_map(|table| &table.rows)
                .flat_map(|row| &row.cells)
                .filter_map(|cell| cell.claim.clone())
                .collect(),
        };
        if diagnostics.iter().any(Diagnostic::is_error) {
            return Outcome { report: None, diagnostics };
        }
        let html = match target {
            Target::Page(id) => self.page_html(id, rendered),
            Target::Section(id) => self.section_html(id, rendered),
            Target::Asset(_) => unreachable!("assets are copied, not rendered"),
        };
        let written = html.map_err(|d| vec![d]).and_then(|html| {
            sink.write(&output, html.as_bytes()).map_err(|e| crate::output::with_source(e, &report.source))
        });
        match written {
            Ok(()) => Outcome { report: Some(report), diagnostics },
            Err(mut errors) => {
                diagnostics.append(&mut errors);
                Outcome { report: None, diagnostics }
            }
        }
    }

    /// The head of a document; `crumbs` are the breadcrumbs above its title.
    fn meta(
        &self,
        doc: Option<&'a Document>,
        (url, kind): (&str, &'static str),
        rendered: &Rendered,
        crumbs: &[LinkRef],
    ) -> Meta {
        let config = &self.site.config;
        let title = match doc {
            Some(d) if !url.is_empty() => format!("{} · {}", d.front().title, config.title),
            Some(d) if d.front().title != config.title => format!("{} · {}", d.front().title, config.title),
            _ => config.title.clone(),
        };
        let description = doc
            .map(|d| d.front().description.clone())
            .filter(|d| !d.is_empty())
            .unwrap_or_else(|| config.description.clone());
        let permalink = format!("{}{url}", config.base_url);
        let mut json_ld = Vec::new();
        if let Some(doc) = doc.filter(|d| !d.front().compare.is_empty()) {
            let front = doc.front();
            let about: Vec<serde_json::Value> = self
                .contenders(doc)
                .iter()
                .map(|c| serde_json::json!({ "@type": "SoftwareApplication", "name": c.name, "url": c.homepage }))
                .collect();
            let mut article = serde_json::json!({
                "@context": "https://schema.org",
                "@type": "Article",
                "headline": front.title,
                "description": description,
                "url": permalink,
                "about": about,
            });
            if let Some(date) = &front.date {
                article["datePublished"] = date.clone().into();
                article["dateModified"] = self.site.updated(doc).unwrap_or(date).into();
            }
            json_ld.push(json_for_script(&article));
        }
        if !rendered.faq.is_empty() {
            json_ld.push(faq_json_ld(&rendered.faq));
        }
        let shown = self.shown_contenders(doc, url.is_empty(), rendered);
        if !shown.is_empty() {
            json_ld.push(json_ld::contenders(doc.map_or(&config.title, |d| &d.front().title), &shown));
        }
        let current = doc.map_or(&config.title, |d| &d.front().title);
        let base = (config.base_url.as_str(), self.base_path.as_str());
        json_ld.extend(json_ld::breadcrumbs(crumbs, current, &permalink, base));
        // Two contenders need no choosing: the filter starts at three.
        let contender_filter = if shown.len() >= 3 {
            shown.iter().map(|c| FilterChoice { key: c.key.clone(), name: c.name.clone() }).collect()
        } else {
            Vec::new()
        };
        Meta { title, description, url: format!("{}{url}", self.base_path), permalink, kind, json_ld, contender_filter }
    }

    /// The contenders a document shows, in the site's order: those its front matter compares,
    /// the columns of its criteria tables and, on a home page that names none, all of them (as
    /// `index.html` shows every contender's card there).
    fn shown_contenders(&self, doc: Option<&Document>, home: bool, rendered: &Rendered) -> Vec<&'a Contender> {
        let compared = doc.map(|d| d.front().compare.as_slice()).unwrap_or_default();
        let all = home && compared.is_empty();
        let in_table = |key: &str| rendered.criteria.iter().any(|t| t.contenders.iter().any(|c| c.key == key));
        let contenders = &self.site.config.contenders;
        contenders.values().filter(|c| all || compared.contains(&c.key) || in_table(&c.key)).collect()
    }

    fn criterion(&self, doc: &Document) -> Option<&'a crate::compare::matrix::Criterion> {
        doc.front().criterion.as_deref().and_then(|key| self.site.matrix.criterion(key))
    }

    fn contenders(&self, doc: &'a Document) -> Vec<&'a Contender> {
        doc.front().compare.iter().filter_map(|k| self.site.config.contenders.get(k)).collect()
    }

    fn page_html(&self, id: usize, rendered: Rendered) -> Result<String, Diagnostic> {
        let context = self.page_context(id, rendered);
        let front = self.site.content.pages[id].doc.front();
        self.site.templates.render(front.template.as_deref().unwrap_or("page.html"), &context)
    }

    /// Everything `page.html` sees; what it shows of other documents comes from [`Shown`].
    pub(super) fn page_context(&self, id: usize, rendered: Rendered) -> PageTemplate<'a> {
        let content = &self.site.content;
        let page = &content.pages[id];
        let front = page.doc.front();
        let (prev, next) = self.shown.prev_next(id);
        let ancestors = self.shown.ancestors(Some(page.section));
        let meta = self.meta(Some(&page.doc), (&page.url, "page"), &rendered, &ancestors);
        PageTemplate {
            site: self.site_for(&meta.url),
            page: PageContext {
                title: &front.title,
                description: &front.description,
                date: front.date.as_deref().unwrap_or(""),
                updated: self.site.updated(&page.doc).unwrap_or(""),
                url: meta.url.clone(),
                permalink: meta.permalink.clone(),
                content: rendered.html,
                toc: rendered.toc,
                toc_enabled: front.toc.unwrap_or(true),
                search_weight: front.search_weight.map(|w| w.to_string()),
                tags: &front.tags,
                tag_links: self.shown.tag_links(&front.tags),
                edit_url: self.site.config.edit_url_for(&page.doc.rel_path),
                compare: self.contenders(&page.doc),
                criteria: rendered.criteria,
                criterion: self.criterion(&page.doc),
                sources: rendered.citations.entries,
                faq: rendered.faq,
                word_count: rendered.word_count,
                reading_time: rendered.word_count.div_ceil(200).max(1),
                section: self.shown.section_of(id),
                ancestors,
                prev,
                next,
                source_path: page.doc.source.path.to_string_lossy().into_owned(),
                extra: &front.extra,
            },
            meta,
            versa_version: VERSION,
        }
    }

    fn section_html(&self, id: usize, rendered: Rendered) -> Result<String, Diagnostic> {
        let context = self.section_context(id, rendered);
        let front = self.site.content.sections[id].doc.as_ref().map(Document::front);
        let default = if id == 0 { "index.html" } else { "section.html" };
        self.site.templates.render(front.and_then(|f| f.template.as_deref()).unwrap_or(default), &context)
    }

    /// Everything `section.html` and `index.html` see; the listing comes from [`Shown`].
    pub(super) fn section_context(&self, id: usize, rendered: Rendered) -> SectionTemplate<'a> {
        static NULL: serde_json::Value = serde_json::Value::Null;
        let section = &self.site.content.sections[id];
        let doc = section.doc.as_ref();
        let front = doc.map(Document::front);
        let ancestors = self.shown.ancestors(section.parent);
        let meta = self.meta(doc, (&section.url, "section"), &rendered, &ancestors);
        let pages: Vec<_> = section.pages.iter().map(|&p| self.shown.summary(p)).collect();
        let subsections: Vec<_> = section.subsections.iter().filter_map(|&s| self.shown.subsection(s)).collect();
        SectionTemplate {
            site: self.site_for(&meta.url),
            section: SectionContext {
                title: front.map_or(self.site.config.title.as_str(), |f| f.title.as_str()),
                description: front.map_or(self.site.config.description.as_str(), |f| f.description.as_str()),
                url: meta.url.clone(),
                permalink: meta.permalink.clone(),
                content: rendered.html,
                toc: rendered.toc,
                toc_enabled: front.and_then(|f| f.toc).unwrap_or(true),
                search_weight: front.and_then(|f| f.search_weight).map(|w| w.to_string()),
                compare: doc.map(|d| self.contenders(d)).unwrap_or_default(),
                criteria: rendered.criteria,
                criterion: doc.and_then(|d| self.criterion(d)),
                sources: rendered.citations.entries,
                faq: rendered.faq,
                listing: Listing::without_links(&pages, &subsections, &rendered.links),
                pages,
                subsections,
                ancestors,
                extra: front.map_or(&NULL, |f| &f.extra),
                updated: doc.and_then(|d| self.site.updated(d)).unwrap_or(""),
                edit_url: doc.map(|d| self.site.config.edit_url_for(&d.rel_path)).unwrap_or_default(),
            },
            meta,
            versa_version: VERSION,
        }
    }

    /// What markdown rendering needs of the site.
    pub(super) fn markdown_context(&self) -> markdown::Context<'_> {
        markdown::Context {
            config: &self.site.config,
            content: &self.site.content,
            content_dir: &self.content_dir,
            files: &self.site.files,
            base_path: &self.base_path,
            highlighter: &self.highlighter,
            matrix: &self.site.matrix,
        }
    }

    /// The content folder on disk.
    pub(super) fn content_dir(&self) -> &Path {
        &self.content_dir
    }
}

/// The sidebar as the page at `url` shows it: its rows, or versa's drawing of them.
fn sidebar_for(site: &Site, url: &str) -> (Vec<SidebarItem>, String) {
    if site.templates.draws_sidebar() {
        (Vec::new(), site.sidebar.html_for_page(url))
    } else {
        (site.sidebar.for_page(url), String::new())
    }
}
