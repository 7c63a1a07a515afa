//! Criteria tables: a criterion per row, a contender per column, cells with optional verdicts
//! (`[+]` strength, `[-]` weakness, `[~]` partial). Built from a GFM table or a CSV/TOML file;
//! rendered as a table on wide screens and as one card per criterion on narrow ones (CSS).

use std::ops::Range;

use serde::Serialize;

use crate::config::Contender;
use crate::error::Diagnostic;
use crate::html::escape_html;
use crate::slug::slugify;

/// A contender column.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Column {
    pub(crate) key: String,
    pub(crate) name: String,
}

/// What a cell says about a contender on one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Verdict {
    Plus,
    Minus,
    Partial,
}

impl Verdict {
    fn icon(self) -> &'static str {
        match self {
            Verdict::Plus => "✓",
            Verdict::Minus => "✗",
            Verdict::Partial => "~",
        }
    }

    fn words(self) -> &'static str {
        match self {
            Verdict::Plus => "Strength",
            Verdict::Minus => "Weakness",
            Verdict::Partial => "Partial",
        }
    }

    fn name(self) -> &'static str {
        match self {
            Verdict::Plus => "plus",
            Verdict::Minus => "minus",
            Verdict::Partial => "partial",
        }
    }
}

/// One cell, as templates see it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Cell {
    pub(crate) contender: String,
    pub(crate) verdict: Option<Verdict>,
    pub(crate) html: String,
    pub(crate) text: String,
    /// `<criterion>/<contender>` when the cell is a claim of `matrix.toml`.
    pub(crate) claim: Option<String>,
}

/// One criterion.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    pub(crate) criterion: String,
    pub(crate) criterion_html: String,
    pub(crate) slug: String,
    /// `#id` of the page heading with the same name, when there is one.
    pub(crate) anchor: Option<String>,
    /// The URL of the page that discusses it (matrix rows), linked from the row's heading.
    pub(crate) link: Option<String>,
    pub(crate) cells: Vec<Cell>,
}

/// A whole criteria table: `page.criteria` in templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CriteriaTable {
    /// The header of the criterion column, as written.
    pub(crate) heading: String,
    pub(crate) contenders: Vec<Column>,
    pub(crate) rows: Vec<Row>,
}

/// A cell as parsed from markdown or a file: its HTML and its plain text.
#[derive(Debug, Clone, Default)]
pub(crate) struct RawCell {
    pub(crate) html: String,
    pub(crate) text: String,
    /// Where the cell is written, when the parser knows (TOML files).
    pub(crate) span: Option<Range<usize>>,
}

/// A row as parsed, with the line it came from (in whatever file it came from).
#[derive(Debug, Clone)]
pub(crate) struct RawRow {
    pub(crate) cells: Vec<RawCell>,
    pub(crate) line: usize,
    /// The row's list of cells (a TOML `values` or `columns` array), when the parser knows.
    pub(crate) span: Option<Range<usize>>,
}

/// An error in a table, at the line of the row (or header) it is about.
pub(crate) type RowError = (usize, Diagnostic);

/// An error in a table: the line of the row (or header) it is about and, when the parser kept
/// it, the exact bytes of the cell or list at fault.
#[derive(Debug)]
pub(crate) struct TableError {
    pub(crate) line: usize,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) diagnostic: Diagnostic,
}

impl TableError {
    fn new(row: &RawRow, span: Option<&Range<usize>>, diagnostic: Diagnostic) -> Self {
        Self { line: row.line, span: span.or(row.span.as_ref()).cloned(), diagnostic }
    }
}

/// A row of a criteria file as text: its line, where its cell list is, and each cell with where
/// it is (TOML only; CSV rows know only their line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileRow {
    pub(crate) line: usize,
    pub(crate) span: Option<Range<usize>>,
    pub(crate) cells: Vec<(String, Option<Range<usize>>)>,
}

/// Check a parsed table against the site's contenders and build it.
pub(crate) fn build(
    header: &RawRow,
    rows: &[RawRow],
    contenders: &indexmap::IndexMap<String, Contender>,
) -> Result<CriteriaTable, TableError> {
    if header.cells.len() < 2 {
        return Err(TableError::new(
            header,
            None,
            Diagnostic::error("a criteria table needs a criterion column and at least one contender column"),
        ));
    }
    let mut columns = Vec::new();
    for cell in &header.cells[1..] {
        let wanted = cell.text.trim();
        let found =
            contenders.values().find(|c| c.key.eq_ignore_ascii_case(wanted) || c.name.eq_ignore_ascii_case(wanted));
        let Some(contender) = found else {
            let known: Vec<String> = contenders.values().map(|c| format!("`{}` ({})", c.key, c.name)).collect();
            let help = if known.is_empty() {
                "declare it in site.toml as `[contenders.KEY]` with a `name`".to_string()
            } else {
                format!("header cells name contenders from site.toml: {}", known.join(", "))
            };
            return Err(TableError::new(
                header,
                cell.span.as_ref(),
                Diagnostic::error(format!("unknown contender `{wanted}` in the criteria header")).help(help),
            ));
        };
        columns.push(Column { key: contender.key.clone(), name: contender.name.clone() });
    }
    let mut built = Vec::new();
    for row in rows {
        let criterion = row.cells.first().map(|c| c.text.trim().to_string()).unwrap_or_default();
        if criterion.is_empty() {
            let diagnostic = Diagnostic::error("a criteria row has no criterion in its first cell");
            return Err(TableError::new(row, row.cells.first().and_then(|c| c.span.as_ref()), diagnostic));
        }
        let mut cells = Vec::new();
        for (i, column) in columns.iter().enumerate() {
            let raw = row.cells.get(i + 1).filter(|c| !c.text.trim().is_empty()).ok_or_else(|| {
                TableError::new(
                    row,
                    row.cells.get(i + 1).and_then(|c| c.span.as_ref()),
                    Diagnostic::error(format!("the row `{criterion}` has no value for `{}`", column.name))
                        .help("give every contender a value; write `—` where nothing applies"),
                )
            })?;
            let (verdict, html) = split_verdict(raw.html.trim());
            let (_, text) = split_verdict(raw.text.trim());
            cells.push(Cell {
                contender: column.key.clone(),
                verdict,
                html: html.to_string(),
                text: text.to_string(),
                claim: None,
            });
        }
        if row.cells.len() > columns.len() + 1 {
            return Err(TableError::new(
                row,
                row.cells.get(columns.len() + 1).and_then(|c| c.span.as_ref()),
                Diagnostic::error(format!("the row `{criterion}` has more cells than the header has columns")),
            ));
        }
        let slug = slugify(&criterion);
        built.push(Row {
            criterion_html: row.cells[0].html.trim().to_string(),
            criterion,
            slug,
            anchor: None,
            link: None,
            cells,
        });
    }
    let heading = header.cells[0].text.trim().to_string();
    Ok(CriteriaTable {
        heading: if heading.is_empty() { "Criterion".into() } else { heading },
        contenders: columns,
        rows: built,
    })
}

/// A cell's leading `[+]`, `[-]` or `[~]`, and the rest.
pub(crate) fn split_verdict(text: &str) -> (Option<Verdict>, &str) {
    for (mark, verdict) in [("[+]", Verdict::Plus), ("[-]", Verdict::Minus), ("[~]", Verdict::Partial)] {
        if let Some(rest) = text.strip_prefix(mark) {
            return (Some(verdict), rest.trim_start());
        }
    }
    (None, text)
}

/// The table's markup.
pub(crate) fn render(table: &CriteriaTable) -> String {
    let mut html = String::from("<div class=\"criteria\"><table data-criteria>\n<thead><tr>");
    html.push_str(&format!("<th scope=\"col\">{}</th>", escape_html(&table.heading)));
    for column in &table.contenders {
        html.push_str(&format!(
            "<th scope=\"col\" data-contender=\"{}\">{}</th>",
            escape_html(&column.key),
            escape_html(&column.name)
        ));
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for row in &table.rows {
        html.push_str(&format!("<tr data-criterion=\"{}\"><th scope=\"row\">", escape_html(&row.slug)));
        match (&row.link, &row.anchor) {
            (Some(link), _) => html.push_str(&format!("<a href=\"{}\">{}</a>", escape_html(link), row.criterion_html)),
            (None, Some(anchor)) => {
                html.push_str(&format!("<a href=\"#{}\">{}</a>", escape_html(anchor), row.criterion_html));
            }
            (None, None) => html.push_str(&row.criterion_html),
        }
        html.push_str("</th>");
        for (cell, column) in row.cells.iter().zip(&table.contenders) {
            html.push_str(&format!(
                "<td data-contender=\"{}\" data-label=\"{}\"",
                escape_html(&cell.contender),
                escape_html(&column.name)
            ));
            if let Some(claim) = &cell.claim {
                html.push_str(&format!(" data-claim=\"{}\"", escape_html(claim)));
            }
            match cell.verdict {
                Some(v) => html.push_str(&format!(
                    " data-verdict=\"{}\"><span class=\"verdict\" aria-hidden=\"true\">{}</span><span class=\"visually-hidden\">{}: </span>",
                    v.name(),
                    v.icon(),
                    v.words()
                )),
                None => html.push('>'),
            }
            html.push_str(&cell.html);
            html.push_str("</td>");
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table></div>\n");
    html
}

/// Rows of a CSV file (first row: the header), each with its line number.
pub(crate) fn parse_csv(text: &str) -> Result<Vec<FileRow>, RowError> {
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(1, |p| usize::try_from(p.line()).unwrap_or(1));
            (line, Diagnostic::error(format!("this CSV is malformed: {e}")))
        })?;
        let line = record.position().map_or(1, |p| usize::try_from(p.line()).unwrap_or(1));
        rows.push(FileRow { line, span: None, cells: record.iter().map(|c| (c.to_string(), None)).collect() });
    }
    Ok(rows)
}

/// Rows of a TOML criteria file: `columns = [...]` and `[[rows]]` with `criterion` and `values`.
pub(crate) fn parse_toml(text: &str) -> Result<Vec<FileRow>, toml::de::Error> {
    // Spanned everywhere: a row, a column or a cell is located where the parser found it, not by
    // searching the text for its value (which may appear earlier, or be written with escapes).
    type Cells = toml::Spanned<Vec<toml::Spanned<String>>>;
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct File {
        #[serde(default = "default_heading")]
        heading: toml::Spanned<String>,
        columns: Cells,
        rows: Vec<TomlRow>,
    }
    #[derive(serde::Deserialize)]
    #[serde(deny_unknown_fields)]
    struct TomlRow {
        criterion: toml::Spanned<String>,
        values: Cells,
    }
    fn default_heading() -> toml::Spanned<String> {
        toml::Spanned::new(0..0, "Criterion".into())
    }
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let cell = |s: toml::Spanned<String>| {
        let span = s.span();
        (s.into_inner(), (!span.is_empty()).then_some(span))
    };
    let file: File = toml::from_str(text)?;
    let header_span = file.columns.span();
    let mut rows = vec![FileRow {
        line: line_of(header_span.start),
        span: Some(header_span),
        cells: std::iter::once(cell(file.heading)).chain(file.columns.into_inner().into_iter().map(cell)).collect(),
    }];
    for row in file.rows {
        let values = row.values.span();
        rows.push(FileRow {
            line: line_of(row.criterion.span().start),
            span: Some(values),
            cells: std::iter::once(cell(row.criterion)).chain(row.values.into_inner().into_iter().map(cell)).collect(),
        });
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_rows_know_their_lines() {
        let text =
            "# \"Speed\" matters most\ncolumns = [\"Alpha\"]\n\n[[rows]]\ncriterion = \"Speed\"\nvalues = [\"fast\"]\n";
        let rows = parse_toml(text).unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(rows[1].line, 5);
        let cells: Vec<&str> = rows[1].cells.iter().map(|(c, _)| c.as_str()).collect();
        assert_eq!(cells, ["Speed", "fast"]);
        let fast = rows[1].cells[1].1.clone().unwrap();
        assert_eq!(&text[fast], "\"fast\"");
    }
}
