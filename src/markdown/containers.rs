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

use crate::error::Diagnostic;

/// The kinds of container a writer can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Compare,
    Criteria,
    Faq,
    Callout(Callout),
}

/// The callout flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Callout {
    Note,
    Tip,
    Warning,
    Danger,
}

impl Callout {
    /// The name used in markdown and in `data-callout`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Callout::Note => "note",
            Callout::Tip => "tip",
            Callout::Warning => "warning",
            Callout::Danger => "danger",
        }
    }
}

const NAMES: &[&str] = &["compare", "criteria", "faq", "note", "tip", "warning", "danger"];

/// One container as written: its kind, the rest of its opening line, and where it is.
#[derive(Debug, Clone)]
pub(crate) struct Spec {
    pub(crate) kind: Kind,
    /// Everything after the name: a callout's title, or attributes like `file="x.csv"`.
    pub(crate) args: String,
    /// 1-based line of the opening line, counted in the body.
    pub(crate) line: usize,
}

/// A problem found by the pre-pass, at a body line and column.
#[derive(Debug)]
pub(crate) struct ScanError {
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) width: usize,
    pub(crate) diagnostic: Diagnostic,
}

/// A marker the pre-pass wrote: which container, and whether it opens or closes it.
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
pub(crate) fn scan(body: &str) -> Result<Scanned, Vec<ScanError>> {
    if !body.contains(":::") {
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
    indent: usize,
    trimmed: &'a str,
}

/// The pre-pass in progress, line by line.
#[derive(Default)]
struct Scanner {
    scanned: Scanned,
    out: String,
    specs: Vec<Spec>,
    errors: Vec<ScanError>,
    /// Open containers: (spec index, colons). An unknown container is still opened (without a
    /// spec), so the line that closes it is not reported a second time.
    open: Vec<(Option<usize>, usize)>,
    /// The open code fence (its character and length): container lines inside are code.
    fence: Option<(char, usize)>,
}

impl Scanner {
    fn line(&mut self, number: usize, raw: &str) {
        let text = raw.trim_end_matches(['\n', '\r']);
        let line = Line {
            number,
            ending: &raw[text.len()..],
            indent: text.len() - text.trim_start_matches(' ').len(),
            trimmed: text.trim(),
        };
        if let Some((ch, len)) = self.fence {
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
                    self.fence = Some((ch, run));
                }
            }
        }
        let colons = line.trimmed.chars().take_while(|&c| c == ':').count();
        if self.fence.is_none() && line.indent < 4 && colons < 3 {
            if let Some(error) = quoted_container(line.trimmed, number, line.indent) {
                self.errors.push(error);
            }
        }
        if self.fence.is_some() || line.indent >= 4 || colons < 3 {
            self.out.push_str(raw);
        } else if line.trimmed[colons..].trim().is_empty() {
            self.close(&line, colons);
        } else {
            self.open_container(&line, colons);
        }
    }

    /// A line of only colons closes the innermost container, if the colons match.
    fn close(&mut self, line: &Line<'_>, colons: usize) {
        let col = line.indent + 1;
        let error = |diagnostic| ScanError { line: line.number, col, width: colons, diagnostic };
        match self.open.last() {
            Some(&(id, n)) if n == colons => {
                self.open.pop();
                match id {
                    Some(spec) => self.scanned.push_marker(&mut self.out, Marker { spec, opens: false }, line.ending),
                    None => self.out.push_str(line.ending),
                }
                return;
            }
            Some(&(id, n)) => {
                let name = id.map_or("unknown", |id| NAMES[kind_index(self.specs[id].kind)]);
                let opened = id.map_or(0, |id| self.specs[id].line);
                self.errors.push(error(
                    Diagnostic::error(format!("`{}` does not match the open `{name}` container", ":".repeat(colons)))
                        .help(format!(
                            "the `{name}` container opened on line {opened} is closed with `{}`",
                            ":".repeat(n)
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

    /// `::: name args` opens a container; an unknown name is an error at the name.
    fn open_container(&mut self, line: &Line<'_>, colons: usize) {
        let after = &line.trimmed[colons..];
        let rest = after.trim();
        let name_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (name, args) = (&rest[..name_len], rest[name_len..].trim());
        let Some(kind) = parse_kind(name) else {
            let help = match crate::diagnostics::closest(name, NAMES) {
                Some(best) => format!("did you mean `{best}`? containers are `{}`", NAMES.join("`, `")),
                None => format!("containers are `{}`", NAMES.join("`, `")),
            };
            self.errors.push(ScanError {
                line: line.number,
                col: line.indent + 1 + colons + (after.len() - after.trim_start().len()),
                width: name.chars().count().max(1),
                diagnostic: Diagnostic::error(format!("unknown container `{name}`")).help(help),
            });
            self.open.push((None, colons));
            self.out.push_str(line.ending);
            return;
        };
        let spec = self.specs.len();
        self.open.push((Some(spec), colons));
        self.scanned.push_marker(&mut self.out, Marker { spec, opens: true }, line.ending);
        self.specs.push(Spec { kind, args: args.to_string(), line: line.number });
    }

    /// Report what is still open; hand back the marked body or every error.
    fn finish(mut self) -> Result<Scanned, Vec<ScanError>> {
        for &(id, colons) in &self.open {
            // An unknown container that is never closed has been reported already.
            let Some(id) = id else { continue };
            let name = NAMES[kind_index(self.specs[id].kind)];
            self.errors.push(ScanError {
                line: self.specs[id].line,
                col: 1,
                width: colons,
                diagnostic: Diagnostic::error(format!("the `{name}` container is never closed"))
                    .help(format!("add a line with only `{}` after its content", ":".repeat(colons))),
            });
        }
        if !self.errors.is_empty() {
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

fn parse_kind(name: &str) -> Option<Kind> {
    Some(match name {
        "compare" => Kind::Compare,
        "criteria" => Kind::Criteria,
        "faq" => Kind::Faq,
        "note" => Kind::Callout(Callout::Note),
        "tip" => Kind::Callout(Callout::Tip),
        "warning" => Kind::Callout(Callout::Warning),
        "danger" => Kind::Callout(Callout::Danger),
        _ => return None,
    })
}

fn kind_index(kind: Kind) -> usize {
    match kind {
        Kind::Compare => 0,
        Kind::Criteria => 1,
        Kind::Faq => 2,
        Kind::Callout(c) => 3 + c as usize,
    }
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
    fn unknown_and_unclosed_containers_are_errors() {
        let errors = scan("::: notte\n").unwrap_err();
        assert_eq!(errors[0].diagnostic.message, "unknown container `notte`");
        assert_eq!((errors[0].line, errors[0].col), (1, 5));
        let errors = scan("x\n::: note\ntext\n").unwrap_err();
        assert_eq!(errors[0].diagnostic.message, "the `note` container is never closed");
        assert_eq!(errors[0].line, 2);
        let errors = scan(":::\n").unwrap_err();
        assert!(errors[0].diagnostic.message.contains("none is open"));
    }
}
