//! Ids used twice on a page. A link to `#id` goes to the first element with it, so a second
//! one (two headings with the same `{#id}`, raw HTML with a heading's id, …) is a warning,
//! at the second place, naming the first.
//!
//! The rendered body is read for its ids after rendering, so ids from every source count;
//! where each came from in the markdown is recorded as it is written.

use std::collections::HashMap;

use super::{links, Renderer};
use crate::error::Diagnostic;

/// An id the renderer wrote or found in raw HTML, and where it is in the markdown file.
#[derive(Debug)]
pub(super) struct PlacedId {
    id: String,
    line: usize,
    col: usize,
    /// What carries it, in the writer's words: "a heading", "raw HTML", …
    what: &'static str,
}

impl Renderer<'_, '_> {
    /// Remember that `id` comes from the source at `offset`.
    pub(super) fn place_id(&mut self, id: String, offset: usize, what: &'static str) {
        let (line, col) = self.position(offset);
        self.placed_ids.push(PlacedId { id, line, col, what });
    }

    /// Remember the `id`s of the tags in raw HTML found at `offset`.
    pub(super) fn place_html_ids(&mut self, html: &str, offset: usize) {
        for attribute in links::html_attributes(html, |_| Some("id")) {
            self.place_id(attribute.value, offset + attribute.start, "raw HTML");
        }
    }

    /// Take the ids of `html`, the rendered body, as the page's anchors (footnotes' and raw
    /// HTML's too, so `versa check` accepts links to them), and warn about each one it has
    /// more than once.
    pub(super) fn collect_ids(&mut self, html: &str) {
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut repeated = Vec::new();
        // Code blocks are most of a page's tags and never carry an id (see `CodeFigures`).
        let mut figures = std::mem::take(&mut self.code_figures);
        for attribute in links::html_attributes_skipping(html, |_| Some("id"), |at| figures.end_of(html, at)) {
            let count = counts.entry(attribute.value.clone()).or_insert(0);
            *count += 1;
            if *count == 2 {
                repeated.push(attribute.value.clone());
            }
            self.out.anchors.insert(attribute.value);
        }
        for id in repeated {
            let places: Vec<&PlacedId> = self.placed_ids.iter().filter(|p| p.id == id).collect();
            let times = match counts[&id] {
                2 => "twice".to_string(),
                n => format!("{n} times"),
            };
            let message = format!("the id `{id}` is used {times} on this page");
            let diagnostic = match places.as_slice() {
                [first, _, ..] => Diagnostic::warning(message).help(format!(
                    "the first is {} at line {}; links to `#{id}` go to it; give one of them another id",
                    first.what, first.line
                )),
                _ => Diagnostic::warning(message)
                    .help(format!("links to `#{id}` go to the first; give this one another id")),
            };
            match places.as_slice() {
                [_, second, ..] => {
                    let (line, col) = (second.line, second.col);
                    self.report(diagnostic, line, col, 1);
                }
                [only] => {
                    let (line, col) = (only.line, only.col);
                    self.report(diagnostic, line, col, 1);
                }
                [] => self.out.diagnostics.push(diagnostic.in_file(&self.doc.source.path)),
            }
        }
    }
}

/// The HTML of the code blocks rendered on a page, in the order they were rendered. The
/// body's ids are read from its tags, and highlighted code is most of them; a figure found
/// exactly as rendered is skipped whole, so raw HTML that only looks like one is still read.
#[derive(Default)]
pub(super) struct CodeFigures {
    figures: Vec<String>,
    /// The one expected next: figures mostly come out in the order they were rendered.
    next: usize,
}

impl CodeFigures {
    pub(super) fn push(&mut self, html: &str) {
        self.figures.push(html.to_string());
    }

    /// Where the figure at `at` ends, when one of these starts there.
    fn end_of(&mut self, html: &str, at: usize) -> Option<usize> {
        let rest = html.get(at..)?;
        if !rest.starts_with(super::code::FIGURE_START) {
            return None;
        }
        let next = self.next.min(self.figures.len());
        let found = (next..self.figures.len()).chain(0..next).find(|&k| rest.starts_with(self.figures[k].as_str()))?;
        self.next = found + 1;
        Some(at + self.figures[found].len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_figures_found_exactly_as_rendered_are_skipped() {
        // An id inside a rendered figure can't happen; it shows here which parts were read.
        let mut figures = CodeFigures::default();
        figures.push("<figure class=\"code\"><i id=\"in-figure\"></i></figure>");
        let lookalike = "<figure class=\"code\"><i id=\"lookalike\"></i></figure>";
        let html = format!("{lookalike}<figure class=\"code\"><i id=\"in-figure\"></i></figure><b id=\"after\">");
        let ids: Vec<String> = links::html_attributes_skipping(&html, |_| Some("id"), |at| figures.end_of(&html, at))
            .into_iter()
            .map(|a| a.value)
            .collect();
        assert_eq!(ids, ["lookalike", "after"]);
    }
}
