//! Markdown → HTML, as a pulldown-cmark event pipeline.
//!
//! 0. Other tools' syntax that versa does not run is found and warned about ([`foreign`]);
//!    their module lines (MDX `import`, `[[toc]]`) become empty lines.
//! 1. The `:::` pre-pass ([`containers`]) turns container lines into HTML comment markers
//!    without moving any other line, and remembers where it put them.
//! 2. pulldown-cmark parses the body (tables, footnotes, strikethrough, task lists, definition
//!    lists, heading attributes, optional smart punctuation) with byte offsets, so every problem
//!    has a line; adjacent texts are merged, so a URL is one text.
//! 3. Every footnote's and heading's id is decided ([`footnotes`], [`headings`]); headings get
//!    anchor links and feed the table of contents.
//! 4. Link and image destinations are rewritten ([`links`]) and recorded for `versa check`;
//!    bare URLs in text become links ([`autolinks`]).
//! 5. Fenced code is included from samples, cut, highlighted and wrapped ([`code`]).
//! 6. Each container collects what is inside it and becomes a compare group, criteria table,
//!    callout or FAQ ([`crate::compare`]) in [`blocks`].
//! 7. Footnotes are listed at the end of the body, and ids used twice are reported ([`ids`]).

mod autolinks;
mod blocks;
mod claims;
pub(crate) mod code;
pub(crate) mod containers;
mod footnotes;
mod foreign;
mod headings;
mod ids;
mod info;
pub(crate) mod links;
mod mkdocs;

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use serde::Serialize;

use crate::compare::criteria::{CriteriaTable, RawCell, RawRow};
use crate::compare::FaqEntry;
use crate::config::Config;
use crate::content::{Content, Document};
use crate::error::Diagnostic;
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
    let foreign = foreign::scan(doc.body());
    let body: &str = &foreign.text;
    let scanned = match containers::scan(body) {
        Ok(scanned) => scanned,
        Err(errors) => {
            let first_line = doc.parsed.close_line;
            let diagnostics = errors
                .into_iter()
                .chain(foreign.warnings)
                .map(|e| e.diagnostic.at(&doc.source, first_line + e.line, e.col, e.width))
                .collect();
            return Rendered { diagnostics, ..Rendered::default() };
        }
    };
    let text = scanned.text.as_deref().unwrap_or(body);
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_DEFINITION_LIST
        | Options::ENABLE_GFM;
    if ctx.config.markdown.smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let parser = Parser::new_ext(text, options).into_offset_iter();
    let events: Vec<(Event<'_>, std::ops::Range<usize>)> = pulldown_cmark::TextMergeWithOffset::new(parser).collect();
    let explicit = headings::explicit_ids(&events);
    let footnotes = footnotes::Footnotes::plan(&events, &explicit);
    let headings = headings::HeadingIds::plan(&events, &explicit, footnotes.ids());
    let mut renderer = Renderer::new(doc, ctx, text, &scanned, headings, footnotes);
    renderer.criterion_row();
    for warning in foreign.warnings.iter().chain(&scanned.warnings) {
        let line = doc.parsed.close_line + warning.line;
        renderer.report(warning.diagnostic.clone(), line, warning.col, warning.width);
    }
    for (event, range) in events {
        renderer.event_end = range.end;
        if matches!(event, Event::Text(_)) && renderer.code.is_none() {
            renderer.undefined_references(range.clone());
        }
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
    /// The label and offset of the footnote definition this is the body of.
    footnote: Option<(String, usize)>,
    items: Vec<Block>,
    pending: Vec<Event<'a>>,
}

impl<'a> ContainerBody<'a> {
    fn new(spec: Option<usize>) -> Self {
        Self { spec, alert: None, footnote: None, items: Vec::new(), pending: Vec::new() }
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
    offset: usize,
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
    footnotes: footnotes::Footnotes,
    /// Ids written so far, with where they come from, for [`ids`].
    placed_ids: Vec<ids::PlacedId>,
    code_figures: ids::CodeFigures,
    /// Open links and images (markdown) and `<a>` tags (raw HTML): no autolinks inside them.
    links_open: usize,
    html_links_open: usize,
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
        footnotes: footnotes::Footnotes,
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
            footnotes,
            placed_ids: Vec::new(),
            code_figures: ids::CodeFigures::default(),
            links_open: 0,
            html_links_open: 0,
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
                self.heading = Some(HeadingState { level, offset, classes, events: Vec::new(), text: String::new() });
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
                self.place_html_ids(&html, offset);
                let html = self.html_links(html, offset);
                self.push(Event::Html(html));
            }
            Event::InlineHtml(html) => {
                self.place_html_ids(&html, offset);
                self.count_html_links(&html);
                let html = self.html_links(html, offset);
                self.push(Event::InlineHtml(html));
            }
            Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                self.links_open += 1;
                self.link_start(link_type, &dest_url, title, id, offset);
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                self.links_open += 1;
                let dest_url = self.link(&dest_url, offset);
                self.push(Event::Start(Tag::Image { link_type, dest_url: dest_url.into(), title, id }));
            }
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => {
                self.links_open = self.links_open.saturating_sub(1);
                self.push(Event::End(end));
            }
            Event::FootnoteReference(label) => self.footnote_reference(&label, offset),
            Event::Start(Tag::FootnoteDefinition(label)) => self.open_footnote(&label, offset),
            Event::End(TagEnd::FootnoteDefinition) => self.close_footnote(),
            Event::TaskListMarker(done) => {
                // pulldown-cmark's checkbox has no accessible name; say what its state means.
                let (checked, label) = if done { (" checked", "done") } else { ("", "not done") };
                let html = format!("<input type=\"checkbox\" disabled{checked} aria-label=\"{label}\"> ");
                self.push(Event::InlineHtml(html.into()));
            }
            Event::Text(text) => {
                self.out.word_count += text.split_whitespace().count();
                if self.links_open == 0 && self.html_links_open == 0 {
                    self.text_with_autolinks(text);
                } else {
                    self.push(Event::Text(text));
                }
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

    fn finish(mut self) -> Rendered {
        // Unclosed containers are reported by the pre-pass; anything left is the document.
        while let Some(top) = self.bodies.last().filter(|_| self.bodies.len() > 1) {
            if top.footnote.is_some() {
                self.close_footnote();
            } else if top.alert.is_some() {
                self.close_alert();
            } else if top.spec.is_some() {
                self.close_container();
            } else {
                let mut body = self.bodies.pop().expect("an open body");
                body.flush();
                self.open_body().flush();
                self.open_body().items.extend(body.items);
            }
        }
        let mut document = self.bodies.pop().expect("the document body");
        document.flush();
        let mut html = blocks::blocks_html(document.items);
        html.push_str(&self.footnotes_html());
        self.collect_ids(&html);
        self.out.html = html;
        self.out
    }
}
