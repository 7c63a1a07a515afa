//! The parts of the renderer that turn collected content into blocks: fenced code (with
//! sample includes) and the `:::` containers.

use std::path::Path;

use pulldown_cmark::{BlockQuoteKind, Event, Tag};

use super::containers::{Callout, Kind};
use super::{code, Block, RawTable, Renderer};
use crate::compare::criteria::{self, RawCell, RawRow};
use crate::compare::{self as components, FaqEntry, Pane};
use crate::error::{Diagnostic, Source};
use crate::html::escape_html;
use crate::layout::SiteFolder;

/// The HTML of rendered items, in order.
pub(super) fn blocks_html(items: Vec<Block>) -> String {
    let mut html = String::new();
    for item in items {
        match item {
            Block::Html(s) => html.push_str(&s),
            Block::Heading(h) => html.push_str(&h.html),
            Block::Code(c) => html.push_str(&c.html),
            Block::Table(_) => {}
        }
    }
    html
}

/// Languages suggested for a misspelt one.
const KNOWN_LANGUAGES: &[&str] =
    &["python", "rust", "javascript", "typescript", "toml", "yaml", "json", "bash", "sql", "html", "css", "go", "java"];

/// The column and width in characters of `info[offset..offset + len]` on the fence's line, when
/// the info string is written there as pulldown-cmark gives it (no escapes or entities).
fn info_position(
    source: &Source,
    line: usize,
    col: usize,
    info: &str,
    offset: usize,
    len: usize,
) -> Option<(usize, usize)> {
    let text = source.line_text(line);
    let fence_start = text.char_indices().nth(col.saturating_sub(1))?.0;
    let after_fence = text[fence_start..].trim_start_matches(['`', '~']).trim_start();
    let info_start = text.len() - after_fence.len();
    if !after_fence.starts_with(info) {
        return None;
    }
    let start = info_start + offset;
    let at = text[..start].chars().count() + 1;
    Some((at, text.get(start..start + len)?.chars().count()))
}

/// The callout of a GitHub alert. GitHub shows `[!CAUTION]` in red, so it is a danger here
/// (a `caution` container is a warning, as in Docusaurus and MkDocs).
pub(super) fn alert_callout(kind: BlockQuoteKind) -> Callout {
    match kind {
        BlockQuoteKind::Note => Callout::Note,
        BlockQuoteKind::Tip => Callout::Tip,
        BlockQuoteKind::Important => Callout::Important,
        BlockQuoteKind::Warning => Callout::Warning,
        BlockQuoteKind::Caution => Callout::Danger,
    }
}

/// `info` → `Info`: the default title of a callout written with that name.
fn title_case(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn is_blank(item: &Block) -> bool {
    matches!(item, Block::Html(s) if s.trim().is_empty())
}

impl Renderer<'_, '_> {
    pub(super) fn finish_code(&mut self, block: super::CodeState) {
        let (line, col) = self.position(block.offset);
        let width = 3;
        let fence = super::info::parse_fence(&block.info);
        for problem in fence.problems {
            let (at, len) = info_position(&self.doc.source, line, col, &block.info, problem.offset, problem.len)
                .unwrap_or((col, width));
            self.report(problem.diagnostic, line, at, len);
        }
        let info = fence.info;
        let mut text = block.text;
        let mut first_line = 1;
        let mut lang = info.lang.clone();
        if let Some(file) = info.get("file") {
            match self.include(file, &info) {
                Ok((sample, first)) => {
                    text = sample;
                    first_line = first;
                    if lang.is_empty() {
                        lang =
                            Path::new(file).extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default();
                    }
                }
                Err(d) => self.report(d, line, col, width),
            }
        } else if info.get("lines").is_some() || info.get("region").is_some() {
            self.report(Diagnostic::error("`lines` and `region` need a `file` to cut from"), line, col, width);
        }
        let line_count = text.lines().count();
        let highlighted = match info.get("hl").map(|hl| code::parse_highlighted(hl, line_count)) {
            Some(Ok(marked)) => marked,
            Some(Err(d)) => {
                self.report(d, line, col, width);
                Vec::new()
            }
            None => Vec::new(),
        };
        let block = code::Block {
            code: &text,
            lang: &lang,
            title: info.get("title"),
            highlighted: &highlighted,
            numbers: info.get("numbers").map(|_| first_line),
            highlighter: self.ctx.highlighter,
            wrap: match info.get("wrap") {
                Some(wrap) => wrap == "true",
                None => self.ctx.config.markdown.wrap_code && self.in_compare(),
            },
        };
        let mut html = String::new();
        let shown = code::render(&block, &mut html);
        self.code_figures.push(&html);
        self.report_shown(shown, &lang, line, col, width);
        self.open_body().push(Block::Code(super::CodeOut { html, label: info.get("label").map(str::to_string) }));
    }

    /// Whether the block being closed is a pane of a side-by-side group, which has a fraction
    /// of the column and so soft-wraps by default.
    fn in_compare(&self) -> bool {
        self.bodies.last().and_then(|b| b.spec).is_some_and(|spec| self.scanned.specs[spec].kind == Kind::Compare)
    }

    /// Say why a block the writer wanted coloured is plain.
    fn report_shown(&mut self, shown: code::Shown, lang: &str, line: usize, col: usize, width: usize) {
        let diagnostic = match shown {
            code::Shown::AsAsked => return,
            code::Shown::UnknownLanguage => {
                let known = crate::diagnostics::closest(&lang.to_ascii_lowercase(), KNOWN_LANGUAGES);
                let help = match known {
                    Some(best) => format!("did you mean `{best}`? mark it `text` to show it plain without this warning"),
                    None => "use a language name like `python` or `rust`, or `text` to show it plain without this warning"
                        .to_string(),
                };
                Diagnostic::warning(format!("no grammar for `{lang}`; shown without colours")).help(help)
            }
            code::Shown::TooLarge(size) => Diagnostic::warning(format!(
                "this code block is too large to highlight ({} lines, {} bytes, longest line {} bytes); shown without colours",
                size.lines, size.bytes, size.longest_line.1
            ))
            .help(format!(
                "versa highlights blocks of up to {} KB whose lines have up to {} bytes; split it into smaller \
                 blocks, or mark it `text` to show it plain without this warning",
                crate::highlight::MAX_BLOCK_BYTES / 1024,
                crate::highlight::MAX_LINE_BYTES
            )),
        };
        self.report(diagnostic, line, col, width);
    }

    /// Read a sample for `file=` and cut it down as the fence asks.
    fn include(&mut self, file: &str, info: &code::Info) -> Result<(String, usize), Diagnostic> {
        let page_dir = self.doc.rel_path.parent().unwrap_or(Path::new(""));
        let path = code::sample_path(self.ctx.content_dir, page_dir, file)
            .ok_or_else(|| Diagnostic::error(format!("`file=\"{file}\"` points outside content/")))?;
        if !path.is_file() {
            return Err(Diagnostic::error(format!("the sample `{file}` does not exist")).help(format!(
                "looked for `{}`; paths are relative to the page, or to content/ when they start with `/`",
                path.display()
            )));
        }
        self.out.includes.push(path.clone());
        let sample = self.ctx.files.read_to_string(&path)?;
        code::select(&sample, info, file)
    }

    /// Close open containers up to and including the one of `spec`: a MkDocs block's closing
    /// marker also closes the blocks nested in it.
    pub(super) fn close_containers(&mut self, spec: usize) {
        while let Some(top) = self.bodies.last().and_then(|b| b.spec) {
            self.close_container();
            if top == spec {
                break;
            }
        }
    }

    /// The end of a GitHub alert: its body becomes a callout.
    pub(super) fn close_alert(&mut self) {
        if self.bodies.len() < 2 || self.bodies.last().and_then(|b| b.alert).is_none() {
            return;
        }
        let mut body = self.bodies.pop().expect("an alert body");
        body.flush();
        let callout = body.alert.expect("an alert");
        let label = match callout {
            Callout::Danger => "Caution".to_string(),
            other => title_case(other.name()),
        };
        let html = components::render_callout(callout.name(), &label, "", None, &blocks_html(body.items));
        self.open_body().push(Block::Html(html));
    }

    pub(super) fn close_container(&mut self) {
        let mut body = self.bodies.pop().expect("a container body");
        body.flush();
        let Some(spec_id) = body.spec else {
            self.bodies.push(body);
            return;
        };
        let spec = self.scanned.specs[spec_id].clone();
        let line = spec.line + self.doc.parsed.close_line;
        let html = match spec.kind {
            Kind::Callout(kind) => components::render_callout(
                kind.name(),
                &title_case(&spec.name),
                &spec.args,
                spec.collapsible,
                &blocks_html(body.items),
            ),
            Kind::Details => {
                components::render_callout("details", "Details", &spec.args, spec.collapsible, &blocks_html(body.items))
            }
            Kind::Unknown => {
                // The rest of the opening line (a tab's label, a title) is text the writer wrote.
                let title = match spec.args.trim() {
                    "" => String::new(),
                    title => format!("<p data-container-title><strong>{}</strong></p>\n", escape_html(title)),
                };
                let name = escape_html(&spec.name);
                format!("<div data-container=\"{name}\">\n{title}{}</div>\n", blocks_html(body.items))
            }
            Kind::Compare => self.compare_group(body.items, line),
            Kind::Criteria => self.criteria_table(body.items, &spec.args, line),
            Kind::Faq => self.faq(body.items, line),
        };
        self.open_body().push(Block::Html(html));
    }

    fn compare_group(&mut self, items: Vec<Block>, line: usize) -> String {
        let mut panes = Vec::new();
        let contenders = &self.doc.front().compare;
        for item in items {
            match item {
                Block::Code(code) => {
                    let label = code.label.or_else(|| {
                        contenders
                            .get(panes.len())
                            .map(|key| self.ctx.config.contenders.get(key).map_or(key.clone(), |c| c.name.clone()))
                    });
                    let Some(label) = label else {
                        self.report(
                            Diagnostic::error(format!("pane {} of this compare group has no label", panes.len() + 1))
                                .help("add `label=\"...\"` to its fence, or list the contenders in the front matter: `compare = [\"a\", \"b\"]`"),
                            line, 1, 3,
                        );
                        return String::new();
                    };
                    panes.push(Pane { label, html: code.html });
                }
                ref other if is_blank(other) => {}
                _ => {
                    self.report(
                        Diagnostic::error("only fenced code blocks go inside `compare`")
                            .help("move the text out of the group, or into a `title=\"...\"` on a code block"),
                        line,
                        1,
                        3,
                    );
                    return String::new();
                }
            }
        }
        if !(2..=4).contains(&panes.len()) {
            self.report(
                Diagnostic::error(format!("a compare group shows 2 to 4 code blocks; this one has {}", panes.len())),
                line,
                1,
                3,
            );
            return String::new();
        }
        if let Some(dup) = panes.iter().enumerate().find(|(i, p)| panes[..*i].iter().any(|q| q.label == p.label)) {
            self.report(
                Diagnostic::error(format!("two panes of this compare group are both labelled `{}`", dup.1.label)),
                line,
                1,
                3,
            );
            return String::new();
        }
        components::render_group(&panes)
    }

    fn criteria_table(&mut self, items: Vec<Block>, args: &str, line: usize) -> String {
        let (rows, args) = super::claims::take_attribute(args, "rows");
        let (contenders, args) = super::claims::take_attribute(&args, "contenders");
        let info = match code::parse_info(&format!("criteria {args}")) {
            Ok(info) => info,
            Err(d) => {
                self.report(d, line, 1, 3);
                return String::new();
            }
        };
        let has_table = items.iter().any(|i| !is_blank(i));
        if rows.is_some() || contenders.is_some() || (!has_table && info.get("file").is_none()) {
            if has_table || info.get("file").is_some() {
                let help = "`rows` and `contenders` choose from matrix.toml; leave the block empty to use them";
                self.report(
                    Diagnostic::error("this `criteria` block has both a table and `rows`/`contenders`").help(help),
                    line,
                    1,
                    3,
                );
                return String::new();
            }
            return self.matrix_table(rows.as_deref(), contenders.as_deref(), line);
        }
        let (header, rows, source) = if let Some(file) = info.get("file") {
            match self.criteria_file(file, line) {
                Ok(parsed) => parsed,
                Err(FileProblem::InFile(d)) => {
                    self.out.diagnostics.push(d);
                    return String::new();
                }
                Err(FileProblem::AtFence(d)) => {
                    self.report(d, line, 1, 3);
                    return String::new();
                }
            }
        } else {
            let mut tables = items.into_iter().filter(|i| !is_blank(i));
            match (tables.next(), tables.next()) {
                (Some(Block::Table(RawTable { header, rows })), None) => (header, rows, None),
                _ => {
                    self.report(
                        Diagnostic::error("a `criteria` block holds exactly one table, and nothing else")
                            .help("write a table with a `| Criterion | A | B |` header, or use `::: criteria file=\"criteria.csv\"`"),
                        line, 1, 3,
                    );
                    return String::new();
                }
            }
        };
        match criteria::build(&header, &rows, &self.ctx.config.contenders) {
            Ok(mut table) => {
                // Every heading's id is known before rendering starts, even below this table.
                for row in &mut table.rows {
                    row.anchor = self.headings.by_slug.get(&row.slug).cloned();
                }
                let html = criteria::render(&table);
                self.out.criteria.push(table);
                html
            }
            Err(criteria::TableError { line: row_line, span, diagnostic: d }) => {
                let located = match (source, span) {
                    (Some(source), Some(span)) => d.at_offset(&source, span.start, span.len()),
                    (Some(source), None) => d.at(&source, row_line, 1, 1),
                    (None, _) => d.at(&self.doc.source, row_line, 1, 1),
                };
                self.out.diagnostics.push(located);
                String::new()
            }
        }
    }

    /// Rows of a CSV or TOML criteria file, with the file's source for locating errors.
    fn criteria_file(&mut self, file: &str, line: usize) -> Result<(RawRow, Vec<RawRow>, Option<Source>), FileProblem> {
        let page_dir = self.doc.rel_path.parent().unwrap_or(Path::new(""));
        let path = code::sample_path(self.ctx.content_dir, page_dir, file)
            .filter(|p| p.is_file())
            .ok_or_else(|| Diagnostic::error(format!("the criteria file `{file}` does not exist")))?;
        self.out.includes.push(path.clone());
        let text = self.ctx.files.read_to_string(&path)?;
        let shown = SiteFolder::Content.shown(path.strip_prefix(self.ctx.content_dir).unwrap_or(&path));
        let source = Source::new(shown, text);
        let rows = if file.ends_with(".toml") {
            criteria::parse_toml(&source.text)
                .map_err(|e| FileProblem::InFile(crate::diagnostics::toml_diagnostic(&source, &e)))?
        } else if file.ends_with(".csv") {
            criteria::parse_csv(&source.text).map_err(|(l, d)| FileProblem::InFile(d.at(&source, l, 1, 1)))?
        } else {
            return Err(Diagnostic::error(format!("criteria files are `.csv` or `.toml`, not `{file}`")).into());
        };
        let mut rows = rows.into_iter().map(|row| RawRow {
            cells: row
                .cells
                .iter()
                .map(|(c, span)| RawCell { span: span.clone(), ..self.inline_cell(c, line) })
                .collect(),
            line: row.line,
            span: row.span,
        });
        let header = rows.next().ok_or_else(|| Diagnostic::error(format!("the criteria file `{file}` is empty")))?;
        Ok((header, rows.collect(), Some(source)))
    }

    fn faq(&mut self, items: Vec<Block>, line: usize) -> String {
        let mut entries: Vec<FaqEntry> = Vec::new();
        let mut answer = Vec::new();
        let close = |entries: &mut Vec<FaqEntry>, answer: &mut Vec<Block>| {
            if let Some(last) = entries.last_mut() {
                last.answer_html = blocks_html(std::mem::take(answer));
            }
        };
        for item in items {
            match item {
                Block::Heading(h) if h.level == 3 => {
                    close(&mut entries, &mut answer);
                    entries.push(FaqEntry {
                        id: h.id,
                        question: h.text,
                        heading_html: h.html.trim_end().to_string(),
                        answer_html: String::new(),
                    });
                }
                ref other if entries.is_empty() && !is_blank(other) => {
                    self.report(
                        Diagnostic::error("an `faq` block starts with a `###` question")
                            .help("write each question as a `### Question?` heading followed by its answer"),
                        line,
                        1,
                        3,
                    );
                    return String::new();
                }
                other => answer.push(other),
            }
        }
        close(&mut entries, &mut answer);
        if entries.is_empty() {
            self.report(Diagnostic::error("this `faq` block has no `###` questions"), line, 1, 3);
            return String::new();
        }
        let html = components::render_faq(&entries);
        self.out.faq.extend(entries);
        html
    }
}

/// Why a criteria file gives no table: a problem of the fence that names it (no such file, one
/// that can't be read), shown there, or one inside the file (its syntax), shown in the file.
enum FileProblem {
    AtFence(Diagnostic),
    InFile(Diagnostic),
}

impl From<Diagnostic> for FileProblem {
    fn from(diagnostic: Diagnostic) -> Self {
        FileProblem::AtFence(diagnostic)
    }
}

impl Renderer<'_, '_> {
    /// A cell from a criteria file, rendered as inline markdown; its links are rewritten and
    /// recorded like the page's own, at the line of the `criteria` container.
    fn inline_cell(&mut self, text: &str, line: usize) -> RawCell {
        let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(text)
            .map(|event| match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = self.link_at(&dest_url, line, 1, 1).into();
                    Event::Start(Tag::Link { link_type, dest_url, title, id })
                }
                Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                    let dest_url = self.link_at(&dest_url, line, 1, 1).into();
                    Event::Start(Tag::Image { link_type, dest_url, title, id })
                }
                other => other,
            })
            .collect();
        cell(events, text)
    }
}

fn cell(events: Vec<Event<'_>>, text: &str) -> RawCell {
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let html = html.trim().strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>")).unwrap_or(html.trim()).to_string();
    RawCell { html, text: text.to_string(), span: None }
}
