//! Markdown → HTML, as a pulldown-cmark event pipeline.
//!
//! 1. The `:::` pre-pass ([`containers`]) turns container lines into HTML comment markers
//!    without moving any other line, and remembers where it put them.
//! 2. pulldown-cmark parses the body (tables, footnotes, strikethrough, task lists, heading
//!    attributes, optional smart punctuation) with byte offsets, so every problem has a line.
//! 3. Every heading's id is decided ([`headings`]); headings get anchor links and feed the
//!    table of contents.
//! 4. Link and image destinations are rewritten ([`links`]) and recorded for `versa check`.
//! 5. Fenced code is included from samples, cut, highlighted and wrapped ([`code`]).
//! 6. Each container collects what is inside it and becomes a compare group, criteria table,
//!    callout or FAQ ([`crate::compare`]) in [`blocks`].

mod blocks;
mod claims;
pub(crate) mod code;
pub(crate) mod containers;
mod headings;
mod info;
pub(crate) mod links;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::compare::criteria::{CriteriaTable, RawCell, RawRow};
use crate::compare::FaqEntry;
use crate::config::Config;
use crate::content::{Content, Document};
use crate::error::Diagnostic;
use crate::html::escape_html;
pub(crate) use links::Link;

/// What markdown rendering needs to know about the site.
pub(crate) struct Context<'a> {
    pub(crate) config: &'a Config,
    pub(crate) content: &'a Content,
    /// `content/` on disk, for sample and criteria files.
    pub(crate) content_dir: &'a Path,
    /// The gate sample and criteria files are read through.
    pub(crate) files: &'a crate::fs::SiteFiles,
    /// The base URL's path, e.g. `/` or `/docs/`.
    pub(crate) base_path: &'a str,
    /// The site's highlighting: its themes' styled scopes and the cache.
    pub(crate) highlighter: &'a crate::highlight::Highlighter,
    /// `matrix.toml`, for `::: criteria` without a table and a page's own criterion row.
    pub(crate) matrix: &'a crate::compare::matrix::Matrix,
}

/// One heading in the table of contents, with the headings below it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct TocEntry {
    pub(crate) level: u8,
    pub(crate) id: String,
    pub(crate) title: String,
    pub(crate) children: Vec<TocEntry>,
}

/// A rendered markdown body and everything learned while rendering it.
#[derive(Debug, Default)]
pub(crate) struct Rendered {
    pub(crate) html: String,
    pub(crate) toc: Vec<TocEntry>,
    /// Every `id` on the page that a link may target.
    pub(crate) anchors: HashSet<String>,
    pub(crate) links: Vec<Link>,
    /// Sample and data files this page read.
    pub(crate) includes: Vec<PathBuf>,
    pub(crate) criteria: Vec<CriteriaTable>,
    pub(crate) faq: Vec<FaqEntry>,
    /// The sources the page's matrix claims cite, numbered.
    pub(crate) citations: crate::compare::matrix::Citations,
    pub(crate) diagnostics: Vec<Diagnostic>,
    pub(crate) word_count: usize,
}

/// Render the body of `doc`.
pub(crate) fn render(doc: &Document, ctx: &Context<'_>) -> Rendered {
    let body = doc.body();
    let scanned = match containers::scan(body) {
        Ok(scanned) => scanned,
        Err(errors) => {
            let first_line = doc.parsed.close_line;
            let diagnostics =
                errors.into_iter().map(|e| e.diagnostic.at(&doc.source, first_line + e.line, e.col, e.width)).collect();
            return Rendered { diagnostics, ..Rendered::default() };
        }
    };
    let text = scanned.text.as_deref().unwrap_or(body);
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_GFM;
    if ctx.config.markdown.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = Parser::new_ext(text, options).into_offset_iter().collect();
    let headings = headings::HeadingIds::plan(&events);
    let mut renderer = Renderer::new(doc, ctx, text, &scanned, headings);
    renderer.report_duplicate_ids();
    renderer.criterion_row();
    for warning in &scanned.warnings {
        let line = doc.parsed.close_line + warning.line;
        renderer.report(warning.diagnostic.clone(), line, warning.col, warning.width);
    }
    for (event, range) in events {
        renderer.event_end = range.end;
        renderer.event(event, range.start);
    }
    renderer.finish()
}

/// One rendered piece of a document or container body, kept apart where a container needs it
/// (headings for FAQ questions, code for compare panes, tables for criteria).
enum Block {
    Html(String),
    Heading(Heading),
    Code(CodeOut),
    Table(RawTable),
}

struct Heading {
    level: u8,
    id: String,
    text: String,
    html: String,
}

struct CodeOut {
    html: String,
    label: Option<String>,
}

struct RawTable {
    header: RawRow,
    rows: Vec<RawRow>,
}

/// The content of the document or of one open container.
struct ContainerBody<'a> {
    spec: Option<usize>,
    /// The callout of a GitHub alert (`> [!NOTE]`) this is the body of.
    alert: Option<containers::Callout>,
    items: Vec<Block>,
    pending: Vec<Event<'a>>,
}

impl<'a> ContainerBody<'a> {
    fn new(spec: Option<usize>) -> Self {
        Self { spec, alert: None, items: Vec::new(), pending: Vec::new() }
    }

    fn flush(&mut self) {
        if !self.pending.is_empty() {
            let mut html = String::new();
            pulldown_cmark::html::push_html(&mut html, self.pending.drain(..));
            self.items.push(Block::Html(html));
        }
    }

    fn push(&mut self, item: Block) {
        self.flush();
        self.items.push(item);
    }
}

struct HeadingState<'a> {
    level: HeadingLevel,
    classes: Vec<CowStr<'a>>,
    events: Vec<Event<'a>>,
    text: String,
}

struct CodeState {
    info: String,
    text: String,
    offset: usize,
}

struct TableState<'a> {
    header: Option<RawRow>,
    rows: Vec<RawRow>,
    row: Vec<RawCell>,
    row_line: usize,
    cell: Vec<Event<'a>>,
    cell_text: String,
}

struct Renderer<'a, 'c> {
    doc: &'c Document,
    ctx: &'c Context<'c>,
    /// The (marked) body and its line starts; its lines are the document's lines after the
    /// front matter. Borrowed, not copied: this runs for every page.
    body: &'a str,
    body_lines: Vec<usize>,
    /// The containers and where their markers are.
    scanned: &'c containers::Scanned,
    bodies: Vec<ContainerBody<'a>>,
    heading: Option<HeadingState<'a>>,
    code: Option<CodeState>,
    table: Option<TableState<'a>>,
    headings: headings::HeadingIds,
    /// The opening heading is the page's title and still to be left out (see
    /// [`Document::title_from_heading`]).
    title_heading: bool,
    /// Where the source of the event being handled ends.
    event_end: usize,
    out: Rendered,
}

impl<'a, 'c> Renderer<'a, 'c> {
    fn new(
        doc: &'c Document,
        ctx: &'c Context<'c>,
        text: &'a str,
        scanned: &'c containers::Scanned,
        headings: headings::HeadingIds,
    ) -> Self {
        Self {
            doc,
            ctx,
            body: text,
            body_lines: crate::error::line_starts(text),
            scanned,
            bodies: vec![ContainerBody::new(None)],
            heading: None,
            code: None,
            table: None,
            headings,
            title_heading: doc.title_from_heading,
            event_end: 0,
            out: Rendered::default(),
        }
    }

    /// Line and column in the markdown file of a byte offset in the body.
    fn position(&self, offset: usize) -> (usize, usize) {
        let (line, col) = crate::error::line_col(self.body, &self.body_lines, offset);
        (line + self.doc.parsed.close_line, col)
    }

    /// Record a problem at a line of the markdown file.
    fn report(&mut self, diagnostic: Diagnostic, line: usize, col: usize, width: usize) {
        self.out.diagnostics.push(diagnostic.at(&self.doc.source, line, col, width));
    }

    fn open_body(&mut self) -> &mut ContainerBody<'a> {
        self.bodies.last_mut().expect("the document body is never popped")
    }

    fn in_container(&self, kind: containers::Kind) -> bool {
        self.bodies.last().and_then(|f| f.spec).is_some_and(|s| self.scanned.specs[s].kind == kind)
    }

    fn event(&mut self, event: Event<'a>, offset: usize) {
        if self.criteria_table_event(&event, offset) {
            return;
        }
        match event {
            Event::Start(Tag::Heading { level, classes, .. }) => {
                self.heading = Some(HeadingState { level, classes, events: Vec::new(), text: String::new() });
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(heading) = self.heading.take() {
                    self.finish_heading(heading);
                }
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let info = match kind {
                    CodeBlockKind::Fenced(info) => info.to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                self.code = Some(CodeState { info, text: String::new(), offset });
            }
            Event::Text(text) if self.code.is_some() => {
                if let Some(code) = &mut self.code {
                    code.text.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some(code) = self.code.take() {
                    self.finish_code(code);
                }
            }
            Event::Html(html) if self.scanned.marker_at(offset, &html).is_some() => {
                if let Some(marker) = self.scanned.marker_at(offset, &html) {
                    if marker.opens {
                        self.open_body().flush();
                        self.bodies.push(ContainerBody::new(Some(marker.spec)));
                    } else {
                        self.close_containers(marker.spec);
                    }
                }
            }
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(Tag::BlockQuote(Some(kind))) => {
                self.open_body().flush();
                self.bodies
                    .push(ContainerBody { alert: Some(blocks::alert_callout(kind)), ..ContainerBody::new(None) });
            }
            Event::End(TagEnd::BlockQuote(Some(_))) => self.close_alert(),
            Event::Html(html) => {
                let html = self.html_links(html, offset);
                self.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                let html = self.html_links(html, offset);
                self.push(Event::InlineHtml(html));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.link_start(link_type, &dest_url, title, id, offset);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                let dest_url = self.link(&dest_url, offset);
                self.push(Event::Start(Tag::Image { link_type, dest_url: dest_url.into(), title, id }));
            }
            Event::TaskListMarker(done) => {
                // pulldown-cmark's checkbox has no accessible name; say what its state means.
                let (checked, label) = if done { (" checked", "done") } else { ("", "not done") };
                let html = format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ");
                self.push(Event::InlineHtml(html.into()));
            }
            Event::Text(text) => {
                self.out.word_count += text.split_whitespace().count();
                self.push(Event::Text(text));
            }
            other => self.push(other),
        }
    }

    /// The events of a GFM table inside a `criteria` container, which becomes a criteria
    /// table instead of HTML. False when `event` is not one of them.
    fn criteria_table_event(&mut self, event: &Event<'a>, offset: usize) -> bool {
        match event {
            Event::Start(Tag::Table(_)) if self.in_container(containers::Kind::Criteria) => {
                let row_line = self.position(offset).0;
                self.table = Some(TableState {
                    header: None,
                    rows: Vec::new(),
                    row: Vec::new(),
                    row_line,
                    cell: Vec::new(),
                    cell_text: String::new(),
                });
            }
            Event::Start(Tag::TableHead | Tag::TableRow) if self.table.is_some() => {
                let line = self.position(offset).0;
                if let Some(table) = &mut self.table {
                    table.row_line = line;
                }
            }
            Event::End(TagEnd::TableCell) if self.table.is_some() => {
                if let Some(table) = &mut self.table {
                    let mut html = String::new();
                    pulldown_cmark::html::push_html(&mut html, table.cell.drain(..));
                    table.row.push(RawCell { html, text: std::mem::take(&mut table.cell_text), span: None });
                }
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) if self.table.is_some() => {
                if let Some(table) = &mut self.table {
                    let row = RawRow { cells: std::mem::take(&mut table.row), line: table.row_line, span: None };
                    if table.header.is_none() {
                        table.header = Some(row);
                    } else {
                        table.rows.push(row);
                    }
                }
            }
            Event::End(TagEnd::Table) if self.table.is_some() => {
                if let Some(table) = self.table.take() {
                    let header = table.header.unwrap_or(RawRow { cells: Vec::new(), line: table.row_line, span: None });
                    self.open_body().push(Block::Table(RawTable { header, rows: table.rows }));
                }
            }
            Event::Start(Tag::TableCell) if self.table.is_some() => {}
            _ => return false,
        }
        true
    }

    /// A link: its destination rewritten and recorded; external ones open in a new tab when
    /// the site asks for it.
    fn link_start(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: &str,
        title: pulldown_cmark::CowStr<'a>,
        id: pulldown_cmark::CowStr<'a>,
        offset: usize,
    ) {
        let dest_url = self.link(dest_url, offset);
        if self.ctx.config.markdown.external_links_new_tab && links::is_external(&dest_url) {
            let title = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape_html(&title)) };
            let tag = format!("<a href=\"{}\"{title} target=\"_blank\" rel=\"noopener\">", escape_html(&dest_url));
            self.push(Event::InlineHtml(tag.into()));
        } else {
            self.push(Event::Start(Tag::Link { link_type, dest_url: dest_url.into(), title, id }));
        }
    }

    /// Send an event to the open heading, table cell or body.
    fn push(&mut self, event: Event<'a>) {
        if let Some(heading) = &mut self.heading {
            if let Event::Text(t) | Event::Code(t) = &event {
                heading.text.push_str(t);
            }
            heading.events.push(event);
        } else if let Some(table) = &mut self.table {
            if let Event::Text(t) | Event::Code(t) = &event {
                table.cell_text.push_str(t);
            }
            table.cell.push(event);
        } else {
            self.open_body().pending.push(event);
        }
    }

    /// Rewrite a link destination and remember internal ones for `versa check`. The link's
    /// source starts at `offset`; the caret goes under the destination when it is written there.
    fn link(&mut self, dest: &str, offset: usize) -> String {
        let source = self.body.get(offset..self.event_end).unwrap_or("");
        let at = source
            .rfind(&format!("({dest}"))
            .map(|p| p + 1)
            .or_else(|| source.rfind(&format!("(<{dest}")).map(|p| p + 2));
        let (line, col) = self.position(offset + at.unwrap_or(0));
        let width = if at.is_some() { dest.chars().count() } else { 1 };
        self.link_at(dest, line, col, width)
    }

    /// Rewrite the `href`s and `src`s of `<a>` and `<img>` tags in raw HTML found at `offset`,
    /// as markdown links are.
    fn html_links(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let urls = links::html_urls(&html);
        if urls.is_empty() {
            return html;
        }
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for url in urls {
            let (line, col) = self.position(offset + url.start);
            let width = url.value.chars().count();
            let href = self.link_at(&url.value, line, col, width);
            if href != url.value {
                out.push_str(&html[copied..url.span.start]);
                out.push('"');
                out.push_str(&escape_html(&href));
                out.push('"');
                copied = url.span.end;
            }
        }
        out.push_str(&html[copied..]);
        out.into()
    }

    /// Rewrite a link destination found at `line`:`col` of the markdown file.
    fn link_at(&mut self, dest: &str, line: usize, col: usize, width: usize) -> String {
        if links::is_external(dest) {
            return dest.to_string();
        }
        let page_dir = self.doc.rel_path.parent().unwrap_or(Path::new(""));
        let (href, problem) = links::rewrite(dest, page_dir, self.ctx.content, self.ctx.base_path);
        self.out.links.push(Link { href: href.clone(), problem, line, col, width: width.max(1) });
        href
    }

    fn finish(mut self) -> Rendered {
        // Unclosed containers are reported by the pre-pass; anything left is the document.
        while self.bodies.len() > 1 {
            self.close_container();
        }
        let mut document = self.bodies.pop().expect("the document body");
        document.flush();
        self.out.html = blocks::blocks_html(document.items);
        self.out
    }
}
