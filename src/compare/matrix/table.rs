//! Tables from the matrix: a choice of rows and contenders becomes a [`CriteriaTable`] (rendered
//! like a markdown one, so themes style both alike) whose cells carry `data-claim` and a
//! citation mark per source, numbered per page in [`Citations`].

use std::path::Path;

use serde::Serialize;

use super::{Claim, Criterion, Matrix};
use crate::compare::criteria::{Cell, Column, CriteriaTable, Row};
use crate::config::Config;
use crate::error::Diagnostic;
use crate::html::escape_html;

/// Which rows and columns of the matrix a table shows, by index.
#[derive(Debug, Clone)]
pub(crate) struct Selection {
    rows: Vec<usize>,
    contenders: Vec<usize>,
}

/// A key in `rows="…"` or `contenders="…"` that the matrix does not have: the attribute, the
/// key's place in its list, and the message.
#[derive(Debug)]
pub(crate) struct SelectionError {
    pub(crate) attribute: &'static str,
    pub(crate) index: usize,
    pub(crate) diagnostic: Diagnostic,
}

impl Selection {
    /// `rows` and `contenders` as written (comma-separated keys); every row when `rows` is not
    /// given, and `default_contenders` (the page's `compare`, else all) when `contenders` is not.
    pub(crate) fn parse(
        matrix: &Matrix,
        rows: Option<&str>,
        contenders: Option<&str>,
        default_contenders: &[String],
    ) -> Result<Selection, SelectionError> {
        let rows = match rows {
            None => (0..matrix.criteria.len()).collect(),
            Some(list) => pick(list, "rows", &matrix.criterion_keys(), |key| {
                Diagnostic::error(format!("unknown criterion `{key}` in `rows`"))
                    .help(matrix.unknown_criterion_help(key))
            })?,
        };
        let keys: Vec<&str> = matrix.contenders.iter().map(String::as_str).collect();
        let unknown = |key: &str| {
            let help = match crate::diagnostics::closest(key, &keys) {
                Some(best) => format!("did you mean `{best}`? contenders in site.toml: `{}`", keys.join("`, `")),
                None => format!("contenders in site.toml: `{}`", keys.join("`, `")),
            };
            Diagnostic::error(format!("unknown contender `{key}` in `contenders`")).help(help)
        };
        let contenders = match contenders {
            Some(list) => pick(list, "contenders", &keys, unknown)?,
            None if default_contenders.is_empty() => (0..keys.len()).collect(),
            None => default_contenders.iter().filter_map(|c| keys.iter().position(|k| k == c)).collect(),
        };
        Ok(Selection { rows, contenders })
    }

    /// Just one criterion, for the page that discusses it.
    pub(crate) fn one(matrix: &Matrix, criterion: &str, default_contenders: &[String]) -> Option<Selection> {
        let row = matrix.criteria.iter().position(|c| c.key == criterion)?;
        let all = Selection::parse(matrix, None, None, default_contenders).ok()?;
        Some(Selection { rows: vec![row], contenders: all.contenders })
    }
}

/// The indices of the comma-separated `list`'s keys among `known`.
fn pick(
    list: &str,
    attribute: &'static str,
    known: &[&str],
    unknown: impl Fn(&str) -> Diagnostic,
) -> Result<Vec<usize>, SelectionError> {
    let mut picked = Vec::new();
    for (index, key) in list.split(',').map(str::trim).enumerate() {
        match known.iter().position(|k| *k == key) {
            Some(i) => picked.push(i),
            None => return Err(SelectionError { attribute, index, diagnostic: unknown(key) }),
        }
    }
    Ok(picked)
}

/// Column and width (in characters) of the `index`th key of `attribute="a,b"` on a line, to
/// point at a key the matrix does not have.
pub(crate) fn locate_in_attribute(line: &str, attribute: &str, index: usize) -> Option<(usize, usize)> {
    let open = format!("{attribute}=\"");
    let start = line.find(&open)? + open.len();
    let value = &line[start..start + line[start..].find('"')?];
    let mut offset = start;
    for (i, part) in value.split(',').enumerate() {
        if i == index {
            let lead = part.len() - part.trim_start().len();
            let at = offset + lead;
            return Some((line[..at].chars().count() + 1, part.trim().chars().count().max(1)));
        }
        offset += part.len() + 1;
    }
    None
}

/// One entry of a page's numbered "Sources" list: `page.sources` in templates.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct SourceEntry {
    pub(crate) number: usize,
    /// The entry's `id`, which citation marks link to: `source-3`.
    pub(crate) id: String,
    pub(crate) url: String,
    pub(crate) title: String,
    /// The claim it supports: `<criterion>/<contender>`.
    pub(crate) claim: String,
    pub(crate) criterion: String,
    pub(crate) contender: String,
    pub(crate) contender_name: String,
    /// `YYYY-MM-DD`, when the claim says when it was checked.
    pub(crate) verified: Option<String>,
    pub(crate) version: String,
}

/// The sources cited on one page, numbered in the order they are first cited. A claim shown
/// twice (a summary and a criterion's own row) cites the same numbers.
#[derive(Debug, Default)]
pub(crate) struct Citations {
    pub(crate) entries: Vec<SourceEntry>,
}

impl Citations {
    /// The citation marks of a claim's sources, adding new ones to the list.
    fn marks(&mut self, criterion: &Criterion, claim: &Claim, contender_name: &str) -> String {
        if claim.sources.is_empty() {
            return String::new();
        }
        let mut html = String::from("<sup class=\"claim-cites\">");
        for (i, source) in claim.sources.iter().enumerate() {
            let known = self.entries.iter().find(|e| e.claim == claim.id && e.url == source.url);
            let number = match known {
                Some(entry) => entry.number,
                None => {
                    let number = self.entries.len() + 1;
                    self.entries.push(SourceEntry {
                        number,
                        id: format!("source-{number}"),
                        url: source.url.clone(),
                        title: source.title.clone(),
                        claim: claim.id.clone(),
                        criterion: criterion.title.clone(),
                        contender: claim.contender.clone(),
                        contender_name: contender_name.to_string(),
                        verified: claim.verified.clone(),
                        version: claim.version.clone(),
                    });
                    number
                }
            };
            let comma = if i == 0 { "" } else { "," };
            html.push_str(&format!(
                "{comma}<a href=\"#source-{number}\" data-source aria-label=\"Source {number}\">{number}</a>"
            ));
        }
        html.push_str("</sup>");
        html
    }
}

/// What a table needs from the page it is on.
pub(crate) struct OnPage<'a> {
    /// The page's path relative to `content/`: its own criterion's row doesn't link to it.
    pub(crate) path: &'a Path,
    /// The id of the page's heading with this slug, if any.
    pub(crate) heading: &'a dyn Fn(&str) -> Option<String>,
}

/// The table of the selected rows and contenders; sources are cited into `citations`.
pub(crate) fn table(
    matrix: &Matrix,
    selection: &Selection,
    config: &Config,
    page: &OnPage<'_>,
    citations: &mut Citations,
) -> CriteriaTable {
    let name = |key: &str| config.contenders.get(key).map_or_else(|| key.to_string(), |c| c.name.clone());
    let contenders: Vec<Column> = selection
        .contenders
        .iter()
        .map(|&i| Column { key: matrix.contenders[i].clone(), name: name(&matrix.contenders[i]) })
        .collect();
    let rows = selection
        .rows
        .iter()
        .map(|&r| {
            let criterion = &matrix.criteria[r];
            let own_page = criterion.page.as_deref() == Some(page.path);
            let cells = selection
                .contenders
                .iter()
                .map(|&c| {
                    let claim = &criterion.claims[c];
                    let marks = citations.marks(criterion, claim, &name(&claim.contender));
                    let note = if claim.note_html.is_empty() {
                        String::new()
                    } else {
                        format!("<span class=\"claim-note\">{}</span>", claim.note_html)
                    };
                    Cell {
                        contender: claim.contender.clone(),
                        verdict: claim.verdict,
                        html: format!("{}{marks}{note}", claim.html),
                        text: claim.text.clone(),
                        claim: Some(claim.id.clone()),
                    }
                })
                .collect();
            Row {
                criterion: criterion.title.clone(),
                criterion_html: escape_html(&criterion.title),
                slug: criterion.key.clone(),
                anchor: (page.heading)(&crate::slug::slugify(&criterion.title)),
                link: criterion.url.clone().filter(|_| !own_page),
                cells,
            }
        })
        .collect();
    CriteriaTable { heading: "Criterion".into(), contenders, rows }
}
