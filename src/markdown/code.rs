//! Fenced code blocks: the info string (`python title="app.py" hl="2-3" numbers`), sample
//! includes (`file=`, `lines=`, `region=`), and the highlighted `<figure>` markup.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::Diagnostic;
use crate::highlight;
use crate::html::escape_html;

/// A fence's language and attributes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Info {
    pub(crate) lang: String,
    pub(crate) attrs: BTreeMap<String, String>,
}

impl Info {
    /// An attribute's value, if set.
    pub(crate) fn get(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }
}

/// Parse an info string strictly, for versa's own containers (`:::criteria file="x.csv"`):
/// anything [`super::info::parse_fence`] would warn about is an error.
pub(crate) fn parse_info(info: &str) -> Result<Info, Diagnostic> {
    let fence = super::info::parse_fence(info);
    if let Some(problem) = fence.problems.into_iter().find(|p| p.diagnostic.is_error()) {
        return Err(problem.diagnostic);
    }
    match fence.ignored.first() {
        Some(word) => {
            Err(Diagnostic::error(format!("unknown attribute `{word}`")).help(super::info::attribute_help(word)))
        }
        None => Ok(fence.info),
    }
}

/// Resolve `file="..."` against the page's folder, or `content/` when it starts with `/`.
/// Paths may not leave `content/`.
pub(crate) fn sample_path(content_dir: &Path, page_dir: &Path, file: &str) -> Option<PathBuf> {
    let joined = match file.strip_prefix('/') {
        Some(abs) => PathBuf::from(abs),
        None => page_dir.join(file),
    };
    super::links::normalize(&joined).map(|normal| content_dir.join(normal))
}

/// Cut a sample down to `lines="a-b"` or `region="name"`, and drop region marker lines.
pub(crate) fn select(sample: &str, info: &Info, file: &str) -> Result<(String, usize), Diagnostic> {
    let all: Vec<&str> = sample.lines().collect();
    let (selected, first_line): (Vec<&str>, usize) = match (info.get("lines"), info.get("region")) {
        (Some(_), Some(_)) => return Err(Diagnostic::error("use either `lines` or `region`, not both")),
        (Some(range), None) => {
            let (start, end) = parse_range(range, all.len()).ok_or_else(|| {
                Diagnostic::error(format!("`lines=\"{range}\"` is not a line range"))
                    .help("write `lines=\"3-20\"`, `lines=\"5\"` or `lines=\"12-\"`")
            })?;
            if start == 0 || end > all.len() || start > end {
                return Err(Diagnostic::error(format!(
                    "`lines=\"{range}\"` is outside `{file}`, which has {} lines",
                    all.len()
                )));
            }
            (all[start - 1..end].to_vec(), start)
        }
        (None, Some(name)) => {
            let start = all.iter().position(|l| marker(l).is_some_and(|m| m == Marker::Start(name)));
            let Some(start) = start else {
                let names: Vec<&str> = all
                    .iter()
                    .filter_map(|l| match marker(l) {
                        Some(Marker::Start(n)) => Some(n),
                        _ => None,
                    })
                    .collect();
                let help = if names.is_empty() {
                    "mark it in the sample with comments `region NAME` and `endregion`".to_string()
                } else {
                    format!("regions in this file: `{}`", names.join("`, `"))
                };
                return Err(Diagnostic::error(format!("`{file}` has no region `{name}`")).help(help));
            };
            let mut depth = 0usize;
            let mut end = None;
            for (i, line) in all.iter().enumerate().skip(start + 1) {
                match marker(line) {
                    Some(Marker::Start(_)) => depth += 1,
                    Some(Marker::End) if depth == 0 => {
                        end = Some(i);
                        break;
                    }
                    Some(Marker::End) => depth -= 1,
                    None => {}
                }
            }
            let end = end.ok_or_else(|| {
                Diagnostic::error(format!("region `{name}` in `{file}` has no `endregion`"))
                    .help("close it with an `endregion` comment")
            })?;
            (all[start + 1..end].to_vec(), start + 2)
        }
        (None, None) => (all, 1),
    };
    let kept: Vec<&str> = selected.into_iter().filter(|l| marker(l).is_none()).collect();
    Ok((dedent(&kept), first_line))
}

#[derive(Debug, PartialEq, Eq)]
enum Marker<'a> {
    Start(&'a str),
    End,
}

/// A `region name` / `endregion` comment in any common comment syntax (`#`, `//`, `--`, `;`,
/// `/* */`, `<!-- -->`, and C#'s `#region`).
fn marker(line: &str) -> Option<Marker<'_>> {
    let mut text = line.trim();
    let mut commented = false;
    for prefix in ["<!--", "/*", "//", "--", "#", ";", "%", "'"] {
        if let Some(rest) = text.strip_prefix(prefix) {
            text = rest.trim_start();
            commented = true;
            break;
        }
    }
    if !commented {
        return None;
    }
    let text = text.trim_end_matches("-->").trim_end_matches("*/").trim();
    if text == "endregion" {
        return Some(Marker::End);
    }
    let name = text.strip_prefix("region")?;
    name.starts_with(char::is_whitespace).then(|| Marker::Start(name.trim()))
}

fn dedent(lines: &[&str]) -> String {
    let indent =
        lines.iter().filter(|l| !l.trim().is_empty()).map(|l| l.len() - l.trim_start().len()).min().unwrap_or(0);
    let mut out = String::new();
    for line in lines {
        out.push_str(line.get(indent..).unwrap_or(""));
        out.push('\n');
    }
    out
}

/// `"3-20"`, `"5"`, `"12-"` → inclusive 1-based bounds.
fn parse_range(text: &str, len: usize) -> Option<(usize, usize)> {
    let text = text.trim();
    match text.split_once('-') {
        Some((a, "")) => Some((a.trim().parse().ok()?, len)),
        Some((a, b)) => Some((a.trim().parse().ok()?, b.trim().parse().ok()?)),
        None => text.parse().ok().map(|n| (n, n)),
    }
}

/// `hl="2,5-7"` → the set of highlighted 1-based line numbers.
pub(crate) fn parse_highlighted(text: &str, line_count: usize) -> Result<Vec<bool>, Diagnostic> {
    let mut marked = vec![false; line_count + 1];
    for part in text.split(',').filter(|p| !p.trim().is_empty()) {
        let (start, end) = parse_range(part, line_count).filter(|(s, e)| *s >= 1 && s <= e).ok_or_else(|| {
            Diagnostic::error(format!("`hl=\"{text}\"` is not a list of lines")).help("write `hl=\"2,5-7\"`")
        })?;
        if end > line_count {
            return Err(Diagnostic::error(format!(
                "`hl=\"{text}\"` marks line {end}, but the block has {line_count} lines"
            )));
        }
        marked[start..=end].iter_mut().for_each(|m| *m = true);
    }
    Ok(marked)
}

/// How a block is to be shown.
pub(crate) struct Block<'a> {
    pub(crate) code: &'a str,
    pub(crate) lang: &'a str,
    pub(crate) title: Option<&'a str>,
    /// Highlighted lines, indexed from 1.
    pub(crate) highlighted: &'a [bool],
    /// The first line number when numbered.
    pub(crate) numbers: Option<usize>,
    /// The site's highlighting: its themes' styled scopes and the cache.
    pub(crate) highlighter: &'a highlight::Highlighter,
    /// Soft-wrap long lines (with a hanging indent) instead of scrolling sideways.
    pub(crate) wrap: bool,
}

/// The columns of `line`'s leading whitespace, tabs counted to the next multiple of 4 (the
/// stylesheet's `tab-size`).
fn indent_columns(line: &str) -> usize {
    let mut columns = 0;
    for c in line.chars() {
        match c {
            ' ' => columns += 1,
            '\t' => columns += 4 - columns % 4,
            _ => break,
        }
    }
    columns
}

/// A highlighted line's HTML split around its leading whitespace `leading` (which may follow
/// the opening tags of the spans the line starts in): `(opening tags, the rest)`.
fn split_indent<'l>(html: &'l str, leading: &str) -> Option<(&'l str, &'l str)> {
    if leading.is_empty() {
        return None;
    }
    let mut tags = 0;
    while html[tags..].starts_with("<span") {
        tags += html[tags..].find('>')? + 1;
    }
    html[tags..].strip_prefix(leading).map(|rest| (&html[..tags], rest))
}

/// The name a screen reader gives the scrollable code: its caption, else its language.
fn accessible_name(block: &Block<'_>) -> String {
    match (block.title, block.lang) {
        (Some(title), _) if !title.trim().is_empty() => format!("Code: {title}"),
        (_, "") => "Code".to_string(),
        (_, lang) => format!("{lang} code"),
    }
}

/// How a block's code was shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shown {
    /// Highlighted, or plain because its language is plain text.
    AsAsked,
    /// Plain: no grammar knows its language.
    UnknownLanguage,
    /// Plain: highlighting it would take too long.
    TooLarge(highlight::TooLarge),
}

/// How every code block's HTML starts.
pub(super) const FIGURE_START: &str = "<figure class=\"code\"";

/// The `<figure>` for a code block; plain code has the same markup, without spans.
pub(crate) fn render(block: &Block<'_>, out: &mut String) -> Shown {
    let plain = highlight::is_plain(block.lang);
    let syntax = if plain { None } else { highlight::find_syntax(block.lang) };
    let (lines, shown) = match syntax {
        Some(syntax) => match highlight::check_size(block.code) {
            Ok(()) => (block.highlighter.lines(block.code, syntax), Shown::AsAsked),
            Err(too_large) => (highlight::plain_lines(block.code).into(), Shown::TooLarge(too_large)),
        },
        None if plain => (highlight::plain_lines(block.code).into(), Shown::AsAsked),
        None => (highlight::plain_lines(block.code).into(), Shown::UnknownLanguage),
    };
    let lang = escape_html(block.lang);
    out.push_str(FIGURE_START);
    if !lang.is_empty() {
        out.push_str(&format!(" data-lang=\"{lang}\""));
    }
    out.push('>');
    if let Some(title) = block.title {
        out.push_str(&format!("<figcaption class=\"code-title\">{}</figcaption>", escape_html(title)));
    }
    out.push_str("<pre class=\"code-block\"");
    if !lang.is_empty() {
        out.push_str(&format!(" data-lang=\"{lang}\""));
    }
    if let Some(start) = block.numbers {
        out.push_str(" data-numbers");
        if start > 1 {
            out.push_str(&format!(" style=\"counter-reset: line {}\"", start - 1));
        }
    }
    if block.wrap {
        out.push_str(" data-wrap");
    } else {
        // A block that may scroll sideways is a tab stop with a name, without JavaScript
        // (axe's `scrollable-region-focusable`); a wrapped one never scrolls, so it is not.
        out.push_str(&format!(
            " tabindex=\"0\" role=\"group\" aria-label=\"{}\"",
            escape_html(&accessible_name(block))
        ));
    }
    out.push_str("><code>");
    let mut raw = block.code.lines();
    for (i, line) in lines.iter().enumerate() {
        // Lines are separated, not terminated, so copying a block gives no trailing newline.
        if i > 0 {
            out.push('\n');
        }
        let marked = block.highlighted.get(i + 1).copied().unwrap_or(false);
        out.push_str(if marked { "<span class=\"line hl\"" } else { "<span class=\"line\"" });
        let raw_line = raw.next().unwrap_or("");
        let leading = &raw_line[..raw_line.len() - raw_line.trim_start_matches([' ', '\t']).len()];
        // A wrapped line's continuation hangs below its own text, not at the margin: the
        // leading whitespace gets an element the stylesheet takes out of the flow (a break
        // after it would leave a row of only spaces) and its width comes back as padding.
        match split_indent(line, leading).filter(|_| block.wrap) {
            Some((tags, rest)) => {
                out.push_str(&format!(
                    " style=\"--indent:{}\">{tags}<span class=\"indent\">{leading}</span>{rest}",
                    indent_columns(raw_line)
                ));
            }
            None => {
                out.push('>');
                out.push_str(line);
            }
        }
        out.push_str("</span>");
    }
    out.push_str("</code></pre></figure>\n");
    shown
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn info_strings() {
        let info = parse_info(r#"python title="my app.py" hl=2,4 numbers"#).unwrap();
        assert_eq!(info.lang, "python");
        assert_eq!(info.get("title"), Some("my app.py"));
        assert_eq!(info.get("hl"), Some("2,4"));
        assert_eq!(info.get("numbers"), Some(""));
        let err = parse_info(r#"python titel="x""#).unwrap_err();
        assert!(err.help.unwrap().contains("did you mean `title`?"));
    }

    #[test]
    fn indents_are_found_inside_opening_spans() {
        let html = "<span class=\"a\"><span class=\"b\">    x</span></span>";
        assert_eq!(split_indent(html, "    "), Some(("<span class=\"a\"><span class=\"b\">", "x</span></span>")));
        assert_eq!(split_indent("  x", "  "), Some(("", "x")));
        assert_eq!(split_indent("<span>  <span>  x", "    "), None);
        assert_eq!(split_indent("x", ""), None);
    }

    #[test]
    fn regions_are_cut_and_markers_hidden() {
        let sample =
            "import x\n# region handler\ndef f():\n    # region inner\n    return 1\n    # endregion\n# endregion\n";
        let info = parse_info(r#"python region="handler""#).unwrap();
        let (code, first) = select(sample, &info, "a.py").unwrap();
        assert_eq!(code, "def f():\n    return 1\n");
        assert_eq!(first, 3);
        let info = parse_info(r#"python region="nope""#).unwrap();
        let err = select(sample, &info, "a.py").unwrap_err();
        assert!(err.help.unwrap().contains("`handler`, `inner`"));
        let js = "// region a\nlet x = 1;\n// endregion\n";
        let (code, _) = select(js, &parse_info("js region=a").unwrap(), "a.js").unwrap();
        assert_eq!(code, "let x = 1;\n");
    }

    #[test]
    fn line_ranges() {
        let sample = "a\nb\nc\nd\n";
        let (code, first) = select(sample, &parse_info("txt lines=2-3").unwrap(), "s").unwrap();
        assert_eq!((code.as_str(), first), ("b\nc\n", 2));
        assert!(select(sample, &parse_info("txt lines=3-9").unwrap(), "s").is_err());
        assert_eq!(parse_highlighted("1,3-4", 4).unwrap(), vec![false, true, false, true, true]);
        assert!(parse_highlighted("5", 4).is_err());
    }

    #[test]
    fn sample_paths_stay_inside_content() {
        let content = Path::new("/site/content");
        assert_eq!(sample_path(content, Path::new("a"), "s/x.py"), Some(PathBuf::from("/site/content/a/s/x.py")));
        assert_eq!(sample_path(content, Path::new("a"), "/s/x.py"), Some(PathBuf::from("/site/content/s/x.py")));
        assert_eq!(sample_path(content, Path::new("a"), "../../x.py"), None);
    }
}
