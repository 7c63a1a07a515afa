//! Errors that point into the source.
//!
//! Every content, config and template problem becomes a [`Diagnostic`]: a message, the
//! file:line:column it is about, a short code frame with a caret under the problem, and a hint
//! on what to do. A build collects all of them and reports them together.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Where in which file a problem is; lines and columns count from 1.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceLoc {
    pub(crate) path: PathBuf,
    pub(crate) line: usize,
    pub(crate) col: usize,
}

impl fmt::Display for SourceLoc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}:{}", self.path.display(), self.line, self.col)
    }
}

/// How bad a diagnostic is: errors fail the build, warnings are only printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Severity {
    Error,
    Warning,
}

/// One located problem, ready to print.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    pub(crate) message: String,
    pub(crate) loc: Option<SourceLoc>,
    frame: Option<String>,
    pub(crate) help: Option<String>,
}

impl Diagnostic {
    /// An error with no location yet.
    pub(crate) fn error(message: impl Into<String>) -> Self {
        Self { severity: Severity::Error, message: message.into(), loc: None, frame: None, help: None }
    }

    /// A warning with no location yet.
    pub(crate) fn warning(message: impl Into<String>) -> Self {
        Self { severity: Severity::Warning, ..Self::error(message) }
    }

    /// Attach a hint telling the writer what to do.
    #[must_use]
    pub(crate) fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Point at a file without a position (e.g. a file that cannot be decoded at all).
    #[must_use]
    pub(crate) fn in_file(self, path: &Path) -> Self {
        self.at_line(path, 1, 1)
    }

    /// Point at `line`:`col` of the file at `path` without a code frame: for a position found
    /// in a text the file no longer holds (it changed or went while the site was built).
    #[must_use]
    pub(crate) fn at_line(mut self, path: &Path, line: usize, col: usize) -> Self {
        self.loc = Some(SourceLoc { path: path.to_path_buf(), line, col });
        self
    }

    /// Point at `line`:`col` of `source`, with a caret `width` characters wide.
    #[must_use]
    pub(crate) fn at(mut self, source: &Source, line: usize, col: usize, width: usize) -> Self {
        let line = line.clamp(1, source.line_count().max(1));
        self.frame = Some(source.frame(line, col, width));
        self.loc = Some(SourceLoc { path: source.path.clone(), line, col });
        self
    }

    /// Point at a byte offset of `source`, with a caret under `len` bytes.
    #[must_use]
    pub(crate) fn at_offset(self, source: &Source, offset: usize, len: usize) -> Self {
        let (line, col) = source.line_col(offset);
        let end_col = source.line_col(offset + len).1;
        let same_line = source.line_col(offset + len).0 == line;
        let width = if same_line { end_col.saturating_sub(col).max(1) } else { 1 };
        self.at(source, line, col, width)
    }

    /// True for errors, false for warnings.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let label = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        writeln!(f, "{label}: {}", self.message)?;
        if let Some(loc) = &self.loc {
            writeln!(f, "  --> {loc}")?;
        }
        if let Some(frame) = &self.frame {
            f.write_str(frame)?;
        }
        if let Some(help) = &self.help {
            writeln!(f, "  = help: {help}")?;
        }
        Ok(())
    }
}

/// A source file's text with its line starts, to turn byte offsets into lines and columns.
#[derive(Debug, Clone)]
pub(crate) struct Source {
    /// The path shown in messages (relative to the site root).
    pub(crate) path: PathBuf,
    pub(crate) text: String,
    /// Found when first asked for: most files never need a line number, and a site keeps every
    /// page's source, so at 100,000 pages these would be about 190 MB.
    line_starts: OnceLock<Vec<usize>>,
}

impl Source {
    /// Wrap `text` read from `path`.
    pub(crate) fn new(path: impl Into<PathBuf>, text: String) -> Self {
        Self { path: path.into(), text, line_starts: OnceLock::new() }
    }

    fn line_starts(&self) -> &[usize] {
        self.line_starts.get_or_init(|| line_starts(&self.text))
    }

    /// How many lines the text has.
    pub(crate) fn line_count(&self) -> usize {
        self.line_starts().len()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        line_col(&self.text, self.line_starts(), offset)
    }

    /// Byte offset where 1-based `line` starts.
    pub(crate) fn line_start(&self, line: usize) -> usize {
        self.line_starts().get(line.saturating_sub(1)).copied().unwrap_or(self.text.len())
    }

    /// The text of 1-based `line`, without its line ending.
    pub(crate) fn line_text(&self, line: usize) -> &str {
        let start = self.line_start(line);
        let end = self.line_starts().get(line).copied().unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// A code frame: the line before, the line itself and a caret line under `col`.
    fn frame(&self, line: usize, col: usize, width: usize) -> String {
        let gutter = (line + 1).to_string().len();
        let mut out = format!("{:gutter$} |\n", "");
        if line > 1 && !self.line_text(line - 1).trim().is_empty() {
            out += &format!("{:>gutter$} | {}\n", line - 1, self.line_text(line - 1));
        }
        let text = self.line_text(line);
        out += &format!("{line:>gutter$} | {text}\n");
        // Tabs keep their width in the caret line so the caret lines up in a terminal.
        let pad: String =
            text.chars().take(col.saturating_sub(1)).map(|c| if c == '\t' { '\t' } else { ' ' }).collect();
        out += &format!("{:gutter$} | {pad}{}\n", "", "^".repeat(width.max(1)));
        out
    }
}

/// Decode a file's bytes as UTF-8 (without a byte-order mark), or point at the first byte that
/// is not, showing the valid text before it.
pub(crate) fn decode(shown: &Path, bytes: Vec<u8>) -> Result<Source, Diagnostic> {
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
        let source = Source::new(shown, prefix);
        Diagnostic::error("the file is not valid UTF-8")
            .at_offset(&source, valid, 1)
            .help("save the file with UTF-8 encoding")
    })?;
    let text = text.strip_prefix('\u{feff}').map(str::to_string).unwrap_or(text);
    Ok(Source::new(shown, text))
}

/// Byte offsets where each line of `text` starts.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1)).collect()
}

/// 1-based line and column (in characters) of a byte offset, given `text`'s line starts.
pub(crate) fn line_col(text: &str, line_starts: &[usize], offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let line = line_starts.partition_point(|&start| start <= offset);
    let start = line_starts[line - 1];
    let col = text.get(start..offset).map_or(1, |s| s.chars().count() + 1);
    (line, col)
}

/// Everything that can stop a command. Each prints starting with `error:`, naming the file (and
/// line and column where there is one).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file-system operation failed; the path is always known.
    #[error("error: {}", io_message(action, path, source))]
    Io { action: &'static str, path: PathBuf, source: std::io::Error },
    /// Located problems in the site's files.
    #[error("{}", render_all(.0))]
    Site(Vec<Diagnostic>),
    /// A build or check with warnings under `--strict` (or `strict = true`): the warnings are
    /// shown as errors, among any real ones; `by` names what made them fatal.
    #[error("{}", render_strict(diagnostics, by))]
    Strict { diagnostics: Vec<Diagnostic>, by: &'static str },
    /// The command line asked for something impossible (exit code 2).
    #[error("error: {0}")]
    Usage(String),
}

fn io_message(action: &str, path: &Path, source: &std::io::Error) -> String {
    format!("failed to {action} `{}`: {source}", path.display())
}

impl Error {
    /// The process exit code for this error.
    pub fn exit_code(&self) -> i32 {
        match self {
            Error::Usage(_) => 2,
            Error::Io { .. } | Error::Site(_) | Error::Strict { .. } => 1,
        }
    }
}

impl Error {
    /// The error as diagnostics, to report it among others (a page whose output could not be
    /// written is one problem of a build, not the end of it).
    pub(crate) fn into_diagnostics(self) -> Vec<Diagnostic> {
        match self {
            Error::Io { action, path, source } => vec![Diagnostic::error(io_message(action, &path, &source))],
            Error::Site(diagnostics) | Error::Strict { diagnostics, .. } => diagnostics,
            Error::Usage(message) => vec![Diagnostic::error(message)],
        }
    }
}

impl From<Diagnostic> for Error {
    fn from(diagnostic: Diagnostic) -> Self {
        Error::Site(vec![diagnostic])
    }
}

fn render_all(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out += &d.to_string();
        out.push('\n');
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    out += &format!("{errors} error{}", if errors == 1 { "" } else { "s" });
    out
}

/// The result type used across versa.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Like [`render_all`], with every warning shown as an error; the count line says how many
/// were warnings, so a writer knows the build would pass without `by`.
fn render_strict(diagnostics: &[Diagnostic], by: &str) -> String {
    let mut out = String::new();
    let mut warnings = 0;
    for d in diagnostics {
        warnings += usize::from(!d.is_error());
        out += &Diagnostic { severity: Severity::Error, ..d.clone() }.to_string();
        out.push('\n');
    }
    let total = diagnostics.len();
    let made = if warnings == 1 { "1 warning".to_string() } else { format!("{warnings} warnings") };
    out += &format!("{total} error{} ({made} made fatal by {by})", if total == 1 { "" } else { "s" });
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_position_without_its_text_is_shown_without_a_frame() {
        let shown = Diagnostic::error("broken link").at_line(Path::new("content/a.md"), 3, 7).to_string();
        assert_eq!(shown, "error: broken link\n  --> content/a.md:3:7\n");
    }

    #[test]
    fn offsets_map_to_lines_and_columns() {
        let src = Source::new("a.md", "ab\ncdé\n\nx".to_string());
        assert_eq!(src.line_col(0), (1, 1));
        assert_eq!(src.line_col(3), (2, 1));
        assert_eq!(src.line_col(7), (2, 4));
        assert_eq!(src.line_col(9), (4, 1));
        assert_eq!(src.line_text(2), "cdé");
    }

    #[test]
    fn diagnostic_prints_location_frame_and_help() {
        let src = Source::new("content/a.md", "+++\ntitel = \"x\"\n+++\n".to_string());
        let d = Diagnostic::error("unknown key `titel`").at(&src, 2, 1, 5).help("did you mean `title`?");
        assert_eq!(
            d.to_string(),
            "error: unknown key `titel`\n  --> content/a.md:2:1\n  |\n1 | +++\n2 | titel = \"x\"\n  | ^^^^^\n  = help: did you mean `title`?\n"
        );
    }
}
