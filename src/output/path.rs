//! The one gate every written path passes: a path below the output root that cannot leave it.

use std::fmt;
use std::path::Path;

use crate::error::{Diagnostic, Error, Result};

/// A path below the output root (`a/index.html`), checked to stay inside it. Only
/// [`OutputPath::new`] makes one, so a [`super::Sink`] never sees an unchecked path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct OutputPath(String);

impl OutputPath {
    /// Check `path`; a refusal is an error naming it.
    pub(crate) fn new(path: &str) -> Result<OutputPath> {
        match refusal(path) {
            None => Ok(OutputPath(path.to_string())),
            Some(reason) => Err(Error::Site(vec![Diagnostic::error(format!(
                "refusing to write `{}`: {reason}",
                path.escape_debug()
            ))
            .help("every file versa writes must stay inside the output folder")])),
        }
    }

    /// The path, with `/` between its segments.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OutputPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why `path` could leave the output folder or mean different things on different systems.
fn refusal(path: &str) -> Option<&'static str> {
    if path.is_empty() {
        return Some("the path is empty");
    }
    if path.starts_with('/') {
        return Some("the path is absolute");
    }
    if path.contains('\\') {
        // A separator on Windows: `a\..\..\x` would climb out there.
        return Some("the path has a backslash");
    }
    if path.chars().any(char::is_control) {
        // NUL ends the path for the OS; a newline would split the output manifest's lines.
        return Some("the path has a NUL byte or another control character");
    }
    let first = path.split('/').next().unwrap_or("");
    if first.len() == 2 && first.as_bytes()[0].is_ascii_alphabetic() && first.ends_with(':') {
        return Some("the path starts with a drive (`C:`)");
    }
    for segment in path.split('/') {
        match segment {
            "" => return Some("the path has an empty segment (`//`)"),
            "." | ".." => return Some("the path has a `.` or `..` segment"),
            _ => {}
        }
    }
    None
}

/// Where a refused or failed write came from, for its message: a diagnostic without a location
/// gets `source`'s; anything else is a located error about `source`.
pub(crate) fn with_source(error: Error, source: &Path) -> Vec<Diagnostic> {
    let located = |d: Diagnostic| if d.loc.is_none() { d.in_file(source) } else { d };
    error.into_diagnostics().into_iter().map(located).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_could_leave_the_output_are_refused() {
        for bad in [
            "",
            "/etc/passwd",
            "../index.html",
            "a/../../x",
            "./index.html",
            "a//b",
            "a/",
            "a\\b",
            "a\0b",
            "C:/x",
            "a\nb",
        ] {
            assert!(OutputPath::new(bad).is_err(), "{bad:?} was accepted");
        }
        for good in ["index.html", "a/b/index.html", "assets/versa.css", ".well-known/x", "a..b/c"] {
            assert_eq!(OutputPath::new(good).unwrap().as_str(), good);
        }
    }

    #[test]
    fn refusal_names_the_path() {
        let Err(Error::Site(d)) = OutputPath::new("../index.html") else { panic!("accepted") };
        assert!(d[0].to_string().starts_with("error: refusing to write `../index.html`: the path has a `.` or `..`"));
    }
}
