//! Tables from `matrix.toml`: `::: criteria` with no table (or with `rows="…"` and
//! `contenders="…"`), and the row a page with `criterion = "…"` shows before its body. Unknown
//! keys are errors at the key, in the markdown file.

use super::{Block, Renderer};
use crate::compare::criteria;
use crate::compare::matrix::{self, Selection};
use crate::error::Diagnostic;

impl Renderer<'_, '_> {
    /// A page that discusses a criterion shows its row first, unless `criterion_row = false`.
    /// (An unknown criterion is reported by the site's checks, with the front matter.)
    pub(super) fn criterion_row(&mut self) {
        let front = self.doc.front();
        let Some(key) = front.criterion.as_deref().filter(|_| front.criterion_row != Some(false)) else { return };
        let Some(selection) = Selection::one(self.ctx.matrix, key, &front.compare) else { return };
        let html = self.render_matrix_table(&selection, "criteria criterion-row");
        self.open_body().push(Block::Html(html));
    }

    /// `::: criteria` from the matrix, on the container's `line`.
    pub(super) fn matrix_table(&mut self, rows: Option<&str>, contenders: Option<&str>, line: usize) -> String {
        if self.ctx.matrix.is_empty() {
            let help = "declare criteria and claims in matrix.toml beside site.toml, or put a table in the block";
            self.report(
                Diagnostic::error(
                    "this `criteria` block takes its rows from matrix.toml, which the site does not have",
                )
                .help(help),
                line,
                1,
                3,
            );
            return String::new();
        }
        match Selection::parse(self.ctx.matrix, rows, contenders, &self.doc.front().compare) {
            Ok(selection) => self.render_matrix_table(&selection, "criteria"),
            Err(error) => {
                let text = self.doc.source.line_text(line);
                let (col, width) = matrix::locate_in_attribute(text, error.attribute, error.index).unwrap_or((1, 3));
                self.report(error.diagnostic, line, col, width);
                String::new()
            }
        }
    }

    fn render_matrix_table(&mut self, selection: &Selection, class: &str) -> String {
        let by_slug = &self.headings.by_slug;
        let heading = |slug: &str| by_slug.get(slug).cloned();
        let page = matrix::OnPage { path: &self.doc.rel_path, heading: &heading };
        let table = matrix::table(self.ctx.matrix, selection, self.ctx.config, &page, &mut self.out.citations);
        let html = criteria::render(&table);
        let html = match html.strip_prefix("<div class=\"criteria\">") {
            Some(rest) => format!("<div class=\"{class}\">{rest}"),
            None => html,
        };
        for entry in &self.out.citations.entries {
            self.out.anchors.insert(entry.id.clone());
        }
        self.out.criteria.push(table);
        html
    }
}

/// `name="value"` taken out of a container's arguments: the value, and the arguments without it.
pub(super) fn take_attribute(args: &str, name: &str) -> (Option<String>, String) {
    let open = format!("{name}=\"");
    let found = args.match_indices(&open).find(|(at, _)| *at == 0 || args[..*at].ends_with(char::is_whitespace));
    let Some((start, _)) = found else { return (None, args.to_string()) };
    let value_start = start + open.len();
    let Some(len) = args[value_start..].find('"') else { return (None, args.to_string()) };
    let value = args[value_start..value_start + len].to_string();
    let rest = format!("{}{}", &args[..start], &args[value_start + len + 1..]);
    (Some(value), rest.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_come_out_of_the_arguments() {
        let (rows, rest) = take_attribute("rows=\"a, b\" contenders=\"x\"", "rows");
        assert_eq!((rows.as_deref(), rest.as_str()), (Some("a, b"), "contenders=\"x\""));
        assert_eq!(take_attribute("file=\"c.csv\"", "rows"), (None, "file=\"c.csv\"".to_string()));
        assert_eq!(take_attribute("arrows=\"x\"", "rows").0, None);
    }
}
