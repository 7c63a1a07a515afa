//! The `:::` container pre-pass.
//!
//! A line of three or more colons followed by a name opens a container; a line of the same
//! colons closes the innermost open one. The pass replaces each such line with an HTML comment
//! marker (`<!--versa:N-->` / `<!--/versa:N-->`) on the same line, so pulldown-cmark sees an
//! HTML block where a container starts or ends, and every other line keeps its number.
//! Fenced and indented code is left alone.

use crate::error::Diagnostic;

/// The kinds of container a writer can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Compare,
    Criteria,
    Faq,
    Callout(Callout),
}

/// The callout flavours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Callout {
    Note,
    Tip,
    Warning,
    Danger,
}

impl Callout {
    /// The name used in markdown and in `data-callout`.
    pub fn name(self) -> &'static str {
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
pub struct Spec {
    pub kind: Kind,
    /// Everything after the name: a callout's title, or attributes like `file="x.csv"`.
    pub args: String,
    /// 1-based line of the opening line, counted in the body.
    pub line: usize,
}

/// A problem found by the pre-pass, at a body line and column.
#[derive(Debug)]
pub struct ScanError {
    pub line: usize,
    pub col: usize,
    pub width: usize,
    pub diagnostic: Diagnostic,
}

/// If `html` is a container marker, which container and whether it opens it.
pub fn marker(html: &str) -> Option<(usize, bool)> {
    let html = html.trim();
    let inner = html.strip_prefix("<!--")?.strip_suffix("-->")?;
    let (open, id) = match inner.strip_prefix("/versa:") {
        Some(id) => (false, id),
        None => (true, inner.strip_prefix("versa:")?),
    };
    Some((id.parse().ok()?, open))
}

/// Replace container lines with markers; report unknown, unclosed and stray containers.
pub fn scan(body: &str) -> Result<(Option<String>, Vec<Spec>), Vec<ScanError>> {
    if !body.contains(":::") {
        return Ok((None, Vec::new()));
    }
    let mut out = String::with_capacity(body.len() + 64);
    let mut specs: Vec<Spec> = Vec::new();
    let mut errors = Vec::new();
    // (spec index, colons); an unknown container is still opened (without a spec), so the line
    // that closes it is not reported a second time.
    let mut open: Vec<(Option<usize>, usize)> = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for (index, raw) in body.split_inclusive('\n').enumerate() {
        let line_no = index + 1;
        let line = raw.trim_end_matches(['\n', '\r']);
        let ending = &raw[line.len()..];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let trimmed = line.trim();
        if let Some((ch, len)) = fence {
            let run = trimmed.chars().take_while(|&c| c == ch).count();
            if indent < 4 && run >= len && trimmed[run * ch.len_utf8()..].trim().is_empty() {
                fence = None;
            }
            out.push_str(raw);
            continue;
        }
        if indent < 4 {
            for ch in ['`', '~'] {
                let run = trimmed.chars().take_while(|&c| c == ch).count();
                if run >= 3 {
                    fence = Some((ch, run));
                }
            }
        }
        let colons = trimmed.chars().take_while(|&c| c == ':').count();
        if fence.is_none() && indent < 4 && colons < 3 {
            if let Some(error) = quoted_container(trimmed, line_no, indent) {
                errors.push(error);
            }
        }
        if fence.is_some() || indent >= 4 || colons < 3 {
            out.push_str(raw);
            continue;
        }
        let rest = trimmed[colons..].trim();
        let col = indent + 1;
        if rest.is_empty() {
            match open.last() {
                Some(&(id, n)) if n == colons => {
                    open.pop();
                    match id {
                        Some(id) => out.push_str(&format!("<!--/versa:{id}-->{ending}")),
                        None => out.push_str(ending),
                    }
                }
                Some(&(id, n)) => {
                    let name = id.map_or("unknown", |id| NAMES[kind_index(specs[id].kind)]);
                    let opened = id.map_or(0, |id| specs[id].line);
                    errors.push(ScanError {
                        line: line_no,
                        col,
                        width: colons,
                        diagnostic: Diagnostic::error(format!(
                            "`{}` does not match the open `{name}` container",
                            ":".repeat(colons)
                        ))
                        .help(format!(
                            "the `{name}` container opened on line {opened} is closed with `{}`",
                            ":".repeat(n)
                        )),
                    });
                    out.push_str(ending);
                }
                None => {
                    errors.push(ScanError {
                        line: line_no,
                        col,
                        width: colons,
                        diagnostic: Diagnostic::error("this line closes a container, but none is open")
                            .help("remove it, or open a container above with a line like `::: note`"),
                    });
                    out.push_str(ending);
                }
            }
            continue;
        }
        let name_len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (name, args) = (&rest[..name_len], rest[name_len..].trim());
        let Some(kind) = parse_kind(name) else {
            let help = match crate::config::closest(name, NAMES) {
                Some(best) => format!("did you mean `{best}`? containers are `{}`", NAMES.join("`, `")),
                None => format!("containers are `{}`", NAMES.join("`, `")),
            };
            errors.push(ScanError {
                line: line_no,
                col: col + colons + (trimmed[colons..].len() - trimmed[colons..].trim_start().len()),
                width: name.chars().count().max(1),
                diagnostic: Diagnostic::error(format!("unknown container `{name}`")).help(help),
            });
            open.push((None, colons));
            out.push_str(ending);
            continue;
        };
        open.push((Some(specs.len()), colons));
        out.push_str(&format!("<!--versa:{}-->{ending}", specs.len()));
        specs.push(Spec { kind, args: args.to_string(), line: line_no });
    }
    for (id, colons) in open {
        // An unknown container that is never closed has been reported already.
        let Some(id) = id else { continue };
        let name = NAMES[kind_index(specs[id].kind)];
        errors.push(ScanError {
            line: specs[id].line,
            col: 1,
            width: colons,
            diagnostic: Diagnostic::error(format!("the `{name}` container is never closed"))
                .help(format!("add a line with only `{}` after its content", ":".repeat(colons))),
        });
    }
    if errors.is_empty() {
        Ok((Some(out), specs))
    } else {
        Err(errors)
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
        let (out, specs) = scan(body).unwrap();
        let out = out.unwrap();
        assert_eq!(out, "a\n<!--versa:0-->\ntext\n<!--/versa:0-->\n```\n:::\n```\n");
        assert_eq!(specs[0].args, "Careful");
        assert_eq!(specs[0].line, 2);
        assert_eq!(marker("<!--/versa:0-->\n"), Some((0, false)));
    }

    #[test]
    fn nested_containers_use_more_colons_outside() {
        let body = ":::: faq\n::: tip\nx\n:::\n::::\n";
        let (_, specs) = scan(body).unwrap();
        assert_eq!(specs.len(), 2);
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
