//! The `:::` container pre-pass.
//!
//! A line of three or more colons followed by a name opens a container; a line of the same
//! colons closes the innermost open one. The pass replaces each such line with an HTML comment
//! marker (`<!--versa:N-->` / `<!--/versa:N-->`) on the same line, so pulldown-cmark sees an
//! HTML block where a container starts or ends, and every other line keeps its number.
//! Fenced and indented code is left alone.
//!
//! The pass also records the byte offset of every marker it wrote. The renderer takes an HTML
//! event for a marker only at one of those offsets, so a writer who types `<!--versa:7-->`
//! gets an ordinary HTML comment, never a container.

use std::collections::HashMap;

use super::mkdocs::{admonition, Admonition, TAB};
use crate::error::Diagnostic;

/// The kinds of container a writer can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Compare,
    Criteria,
    Faq,
    Callout(Callout),
    /// A collapsible block: `<details>` with a `<summary>`.
    Details,
    /// A name versa does not know: a warning, and its markdown is kept in a plain element.
    Unknown,
}

/// The callout flavours: the fixed set of `data-callout` values the theme styles.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Callout {
    Note,
    Tip,
    Important,
    Warning,
    Danger,
}

impl Callout {
    /// The value of `data-callout`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Callout::Note => "note",
            Callout::Tip => "tip",
            Callout::Important => "important",
            Callout::Warning => "warning",
            Callout::Danger => "danger",
        }
    }
}

/// Every name a container may have, as suggested in messages.
const NAMES: &[&str] =
    &["compare", "criteria", "faq", "note", "info", "tip", "important", "warning", "caution", "danger", "details"];

/// One container as written: its kind, the rest of its opening line, and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) kind: Kind,
    /// The name as written, lowercased (`info` for a note written `::: info`).
    pub(crate) name: String,
    /// Everything after the name: a callout's title, or attributes like `file="x.csv"`.
    pub(crate) args: String,
    /// 1-based line of the opening line, counted in the body.
    pub(crate) line: usize,
    /// `Some(open)` when the block collapses (`details`, MkDocs `???`/`???+`).
    pub(crate) collapsible: Option<bool>,
}

/// A problem found by the pre-pass, at a body line and column.
#[derive(Debug)]
pub(crate) struct ScanError {
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) width: usize,
    pub(crate) diagnostic: Diagnostic,
}

/// A marker the pre-pass wrote: which container, and whether it opens or closes it. A closing
/// marker closes every container opened inside that one too (MkDocs blocks that end together).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Marker {
    pub(crate) spec: usize,
    pub(crate) opens: bool,
}

impl Marker {
    /// The HTML comment that stands in for the container line.
    fn text(self) -> String {
        let slash = if self.opens { "" } else { "/" };
        format!("<!--{slash}versa:{}-->", self.spec)
    }
}

/// The body with container lines replaced, and what replaced them.
#[derive(Debug, Default)]
pub(crate) struct Scanned {
    /// The marked body; `None` when it has no containers and is used as it is.
    pub(crate) text: Option<String>,
    pub(crate) specs: Vec<Spec>,
    /// Warnings of the pass (unknown container names).
    pub(crate) warnings: Vec<ScanError>,
    /// Markers by their byte offset in the marked body.
    markers: HashMap<usize, Marker>,
}

impl Scanned {
    /// The marker written at `offset`, if the HTML that pulldown-cmark found there is it.
    /// Looking up by offset is what makes markers unforgeable: the same text anywhere else
    /// came from the writer.
    pub(crate) fn marker_at(&self, offset: usize, html: &str) -> Option<Marker> {
        self.markers.get(&offset).copied().filter(|m| html.trim_end() == m.text())
    }

    fn push_marker(&mut self, out: &mut String, marker: Marker, ending: &str) {
        self.markers.insert(out.len(), marker);
        out.push_str(&marker.text());
        out.push_str(ending);
    }
}

/// Replace container lines with markers; report unknown, unclosed and stray containers.
/// On failure the errors come with the warnings.
pub(crate) fn scan(body: &str) -> Result<Scanned, Vec<ScanError>> {
    if !body.contains(":::") && !body.contains("!!!") && !body.contains("???") && !body.contains("===") {
        return Ok(Scanned::default());
    }
    let mut scanner = Scanner { out: String::with_capacity(body.len() + 64), ..Scanner::default() };
    for (index, raw) in body.split_inclusive('\n').enumerate() {
        scanner.line(index + 1, raw);
    }
    scanner.finish()
}

/// One line of the body, taken apart.
struct Line<'a> {
    number: usize,
    ending: &'a str,
    /// Spaces taken off the start for the MkDocs blocks the line is in.
    shift: usize,
    indent: usize,
    trimmed: &'a str,
}

/// An open `:::` container.
struct Open {
    spec: usize,
    colons: usize,
    /// How many MkDocs blocks it is inside.
    depth: usize,
}

/// The pre-pass in progress, line by line.
#[derive(Default)]
struct Scanner {
    scanned: Scanned,
    out: String,
    specs: Vec<Spec>,
    errors: Vec<ScanError>,
    open: Vec<Open>,
    /// The open code fence (its character, length and MkDocs depth): container lines inside
    /// are code.
    fence: Option<(char, usize, usize)>,
    /// Open MkDocs blocks (`!!!`, `???`), outermost first.
    admonitions: Vec<usize>,
    /// Line endings of blank lines held back while a MkDocs block is open: the last one before
    /// a line that ends the block becomes its closing marker.
    blanks: Vec<String>,
    /// Content tabs were warned about on this page (once is enough).
    tabs_warned: bool,
}

impl Scanner {
    fn line(&mut self, number: usize, raw: &str) {
        if self.admonitions.is_empty() {
            return self.process(number, raw, 0);
        }
        let text = raw.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            self.blanks.push(raw[text.len()..].to_string());
            return;
        }
        let indent = text.len() - text.trim_start_matches(' ').len();
        let keep = (indent / 4).min(self.admonitions.len());
        // A line indented less ends the blocks it is outside of, after a blank line; right
        // after text it is a lazy continuation, as in a block quote.
        if keep < self.admonitions.len() && !self.blanks.is_empty() {
            self.close_admonitions(keep);
        }
        self.flush_blanks();
        self.process(number, &raw[4 * keep..], 4 * keep);
    }

    fn flush_blanks(&mut self) {
        for ending in self.blanks.drain(..) {
            self.out.push_str(&ending);
        }
    }

    /// Close the MkDocs blocks deeper than `keep`, with a marker on the last held blank line
    /// (or a line of its own at the end of the body).
    fn close_admonitions(&mut self, keep: usize) {
        let outer = self.admonitions[keep];
        self.admonitions.truncate(keep);
        while self.open.last().is_some_and(|o| o.depth > keep) {
            let open = self.open.pop().expect("an open container");
            self.never_closed(&open);
        }
        if self.fence.is_some_and(|(_, _, depth)| depth > keep) {
            self.fence = None;
        }
        let ending = self.blanks.pop().unwrap_or_else(|| {
            if !self.out.is_empty() && !self.out.ends_with('\n') {
                self.out.push('\n');
            }
            "\n".to_string()
        });
        self.flush_blanks();
        self.scanned.push_marker(&mut self.out, Marker { spec: outer, opens: false }, &ending);
    }

    fn process(&mut self, number: usize, raw: &str, shift: usize) {
        let depth = self.admonitions.len();
        let text = raw.trim_end_matches(['\n', '\r']);
        let line = Line {
            number,
            ending: &raw[text.len()..],
            shift,
            indent: text.len() - text.trim_start_matches(' ').len(),
            trimmed: text.trim(),
        };
        if let Some((ch, len, _)) = self.fence {
            let run = line.trimmed.chars().take_while(|&c| c == ch).count();
            if line.indent < 4 && run >= len && line.trimmed[run * ch.len_utf8()..].trim().is_empty() {
                self.fence = None;
            }
            self.out.push_str(raw);
            return;
        }
        if line.indent < 4 {
            for ch in ['`', '~'] {
                let run = line.trimmed.chars().take_while(|&c| c == ch).count();
                if run >= 3 {
                    self.fence = Some((ch, run, depth));
                }
            }
        }
        let colons = line.trimmed.chars().take_while(|&c| c == ':').count();
        if self.fence.is_none() && line.indent < 4 && colons < 3 {
            if let Some(error) = quoted_container(line.trimmed, number, shift + line.indent) {
                self.errors.push(error);
            }
            if let Some(opening) = admonition(line.trimmed) {
                return self.open_admonition(&line, &opening);
            }
        }
        if self.fence.is_some() || line.indent >= 4 || colons < 3 {
            self.out.push_str(raw);
        } else if line.trimmed[colons..].trim().is_empty() {
            self.close(&line, colons, depth);
        } else {
            self.open_container(&line, colons, depth);
        }
    }

    /// A line of only colons closes the innermost container, if the colons match.
    fn close(&mut self, line: &Line<'_>, colons: usize, depth: usize) {
        let col = line.shift + line.indent + 1;
        let error = |diagnostic| ScanError { line: line.number, col, width: colons, diagnostic };
        match self.open.last().filter(|o| o.depth == depth) {
            Some(open) if open.colons == colons => {
                let spec = open.spec;
                self.open.pop();
                self.scanned.push_marker(&mut self.out, Marker { spec, opens: false }, line.ending);
                return;
            }
            Some(open) => {
                let (name, opened) = (&self.specs[open.spec].name, self.specs[open.spec].line);
                self.errors.push(error(
                    Diagnostic::error(format!("`{}` does not match the open `{name}` container", ":".repeat(colons)))
                        .help(format!(
                            "the `{name}` container opened on line {opened} is closed with `{}`",
                            ":".repeat(open.colons)
                        )),
                ));
            }
            None => self.errors.push(error(
                Diagnostic::error("this line closes a container, but none is open")
                    .help("remove it, or open a container above with a line like `::: note`"),
            )),
        }
        self.out.push_str(line.ending);
    }

    /// `::: name args`, `:::name args` or `:::name[Title]` opens a container.
    fn open_container(&mut self, line: &Line<'_>, colons: usize, depth: usize) {
        let after = &line.trimmed[colons..];
        let rest = after.trim();
        let name_len = rest.find(|c: char| c.is_whitespace() || c == '[').unwrap_or(rest.len());
        let (name, tail) = (&rest[..name_len], &rest[name_len..]);
        // Starlight's `:::tip[Title]`; anything after the `]` (like `{icon=…}`) is dropped.
        let args = match tail.strip_prefix('[').and_then(|t| t.rfind(']').map(|end| &t[..end])) {
            Some(title) => title.trim(),
            None => tail.trim(),
        };
        let col = line.shift + line.indent + 1 + colons + (after.len() - after.trim_start().len());
        let spec = self.new_spec(name, args, line.number, col, None);
        self.open.push(Open { spec, colons, depth });
        self.scanned.push_marker(&mut self.out, Marker { spec, opens: true }, line.ending);
    }

    /// MkDocs' `!!! note "Title"`: the body is the lines after it, indented by 4 spaces.
    fn open_admonition(&mut self, line: &Line<'_>, opening: &Admonition<'_>) {
        let col = line.shift + line.indent + 1 + opening.name_at;
        let spec = self.new_spec(opening.name, opening.title, line.number, col, opening.collapsible);
        self.admonitions.push(spec);
        self.scanned.push_marker(&mut self.out, Marker { spec, opens: true }, line.ending);
    }

    /// Record a container; an unknown name is a warning at the name, and the container is
    /// kept as a plain element around its content.
    fn new_spec(&mut self, name: &str, args: &str, line: usize, col: usize, collapsible: Option<bool>) -> usize {
        let name = name.to_ascii_lowercase();
        if name == TAB && collapsible.is_none() && !self.tabs_warned {
            self.tabs_warned = true;
            self.scanned.warnings.push(ScanError {
                line,
                col,
                width: 3,
                diagnostic: Diagnostic::warning(
                    "versa has no content tabs: each tab is shown under its label, one after another",
                )
                .help("nothing is left out; for code in two frameworks side by side, use `::: compare`"),
            });
        }
        let kind = parse_kind(&name).unwrap_or_else(|| {
            if name == TAB {
                return Kind::Unknown;
            }
            let names = NAMES.join("`, `");
            let help = match crate::diagnostics::closest(&name, NAMES) {
                Some(best) => format!("did you mean `{best}`? containers are `{names}`"),
                None => format!("containers are `{names}`"),
            };
            self.scanned.warnings.push(ScanError {
                line,
                col,
                width: name.chars().count().max(1),
                diagnostic: Diagnostic::warning(format!("unknown container `{name}`; its content is shown as it is"))
                    .help(help),
            });
            Kind::Unknown
        });
        let collapsible = if kind == Kind::Details { Some(collapsible == Some(true)) } else { collapsible };
        self.specs.push(Spec { kind, name, args: args.to_string(), line, collapsible });
        self.specs.len() - 1
    }

    fn never_closed(&mut self, open: &Open) {
        let spec = &self.specs[open.spec];
        self.errors.push(ScanError {
            line: spec.line,
            col: 1,
            width: open.colons,
            diagnostic: Diagnostic::error(format!("the `{}` container is never closed", spec.name))
                .help(format!("add a line with only `{}` after its content", ":".repeat(open.colons))),
        });
    }

    /// Report what is still open; hand back the marked body or every error.
    fn finish(mut self) -> Result<Scanned, Vec<ScanError>> {
        if !self.admonitions.is_empty() {
            self.blanks.clear();
            self.close_admonitions(0);
        }
        for open in std::mem::take(&mut self.open) {
            self.never_closed(&open);
        }
        if !self.errors.is_empty() {
            self.errors.append(&mut self.scanned.warnings);
            return Err(self.errors);
        }
        self.scanned.text = Some(self.out);
        self.scanned.specs = self.specs;
        Ok(self.scanned)
    }
}

/// `> ::: note` would otherwise print as text: containers cannot live in block quotes.
fn quoted_container(trimmed: &str, line: usize, indent: usize) -> Option<ScanError> {
    let quoted = trimmed.strip_prefix('>')?.trim_start_matches(['>', ' ']);
    let colons = quoted.chars().take_while(|&c| c == ':').count();
    let name = quoted[colons..].split_whitespace().next().unwrap_or("");
    (colons >= 3 && parse_kind(name).is_some()).then(|| ScanError {
        line,
        col: indent + 1,
        width: 1,
        diagnostic: Diagnostic::error(format!("a `{name}` container cannot stand inside a block quote"))
            .help("start the `:::` line at the beginning of the line, outside the `>` quote"),
    })
}

/// The kind of a (lowercased) name. `info` is a note; `caution` is a warning, as in
/// Docusaurus, Starlight and MkDocs (GitHub's red `[!CAUTION]` is a danger, see the renderer).
fn parse_kind(name: &str) -> Option<Kind> {
    Some(match name {
        "compare" => Kind::Compare,
        "criteria" => Kind::Criteria,
        "faq" => Kind::Faq,
        "note" | "info" => Kind::Callout(Callout::Note),
        "tip" => Kind::Callout(Callout::Tip),
        "important" => Kind::Callout(Callout::Important),
        "warning" | "caution" => Kind::Callout(Callout::Warning),
        "danger" => Kind::Callout(Callout::Danger),
        "details" => Kind::Details,
        // The other admonition types of MkDocs Material (and reStructuredText's), by colour.
        "abstract" | "summary" | "tldr" | "question" | "help" | "example" | "quote" | "cite" | "seealso" => {
            Kind::Callout(Callout::Note)
        }
        "success" | "check" | "done" | "hint" => Kind::Callout(Callout::Tip),
        "attention" => Kind::Callout(Callout::Warning),
        "failure" | "fail" | "missing" | "bug" | "error" => Kind::Callout(Callout::Danger),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_become_markers_on_the_same_lines() {
        let body = "a\n::: note Careful\ntext\n:::\n```\n:::\n```\n";
        let scanned = scan(body).unwrap();
        let out = scanned.text.as_deref().unwrap();
        assert_eq!(out, "a\n<!--versa:0-->\ntext\n<!--/versa:0-->\n```\n:::\n```\n");
        assert_eq!(scanned.specs[0].args, "Careful");
        assert_eq!(scanned.specs[0].line, 2);
        assert_eq!(scanned.marker_at(2, "<!--versa:0-->\n"), Some(Marker { spec: 0, opens: true }));
        assert_eq!(scanned.marker_at(22, "<!--/versa:0-->\n"), Some(Marker { spec: 0, opens: false }));
    }

    #[test]
    fn markers_are_found_only_where_the_pass_wrote_them() {
        let scanned = scan("<!--versa:0-->\n::: note\nx\n:::\n").unwrap();
        assert_eq!(scanned.marker_at(0, "<!--versa:0-->\n"), None, "a marker the writer typed was taken");
        assert_eq!(scanned.marker_at(15, "<!--versa:0-->\n"), Some(Marker { spec: 0, opens: true }));
        assert_eq!(scanned.marker_at(15, "<!--versa:1-->\n"), None);
    }

    #[test]
    fn nested_containers_use_more_colons_outside() {
        let body = ":::: faq\n::: tip\nx\n:::\n::::\n";
        assert_eq!(scan(body).unwrap().specs.len(), 2);
    }

    #[test]
    fn containers_in_block_quotes_are_errors() {
        let errors = scan("> ::: tip\n> text\n> :::\n").unwrap_err();
        assert_eq!(errors[0].diagnostic.message, "a `tip` container cannot stand inside a block quote");
        assert!(scan("> a quote about ::: colons\n").is_ok());
    }

    #[test]
    fn unknown_containers_are_warnings_and_unclosed_ones_errors() {
        let scanned = scan("::: notte\n:::\n").unwrap();
        let warning = &scanned.warnings[0];
        assert_eq!(warning.diagnostic.message, "unknown container `notte`; its content is shown as it is");
        assert_eq!((warning.line, warning.col), (1, 5));
        assert_eq!(scanned.specs[0].kind, Kind::Unknown);
        let errors = scan("x\n::: note\ntext\n").unwrap_err();
        assert_eq!(errors[0].diagnostic.message, "the `note` container is never closed");
        assert_eq!(errors[0].line, 2);
        let errors = scan(":::\n").unwrap_err();
        assert!(errors[0].diagnostic.message.contains("none is open"));
    }

    #[test]
    fn starlight_and_docusaurus_openings() {
        let scanned = scan(":::tip[Use this]\nx\n:::\n:::caution Careful now\ny\n:::\n").unwrap();
        assert_eq!((scanned.specs[0].kind, scanned.specs[0].args.as_str()), (Kind::Callout(Callout::Tip), "Use this"));
        assert_eq!(scanned.specs[1].kind, Kind::Callout(Callout::Warning));
        assert_eq!(scanned.specs[1].args, "Careful now");
    }

    #[test]
    fn mkdocs_blocks_end_on_a_blank_line_before_less_indented_text() {
        let body = "!!! note \"Hi\"\n    body\n\n        code\n\nafter\n";
        let scanned = scan(body).unwrap();
        assert_eq!(scanned.text.as_deref().unwrap(), "<!--versa:0-->\nbody\n\n    code\n<!--/versa:0-->\nafter\n");
        assert_eq!((scanned.specs[0].args.as_str(), scanned.specs[0].collapsible), ("Hi", None));
        let scanned = scan("???+ tip\n    a\n    ```\n    !!! note\n    ```\n").unwrap();
        assert_eq!(scanned.text.as_deref().unwrap(), "<!--versa:0-->\na\n```\n!!! note\n```\n<!--/versa:0-->\n");
        assert_eq!(scanned.specs.len(), 1);
        assert_eq!(scanned.specs[0].collapsible, Some(true));
        assert!(scan("!!! Wow, that works\n").unwrap().specs.is_empty());
    }

    #[test]
    fn nested_mkdocs_blocks_close_together() {
        let scanned = scan("!!! note\n    ??? tip\n        x\n\ny\n").unwrap();
        assert_eq!(scanned.text.as_deref().unwrap(), "<!--versa:0-->\n<!--versa:1-->\nx\n<!--/versa:0-->\ny\n");
    }
}
