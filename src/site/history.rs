//! "Last updated" from git history, for `updated_from_git = true`.
//!
//! 1. Run one `git log` over `content/` for the whole site (never one per page: a site of a
//!    thousand pages would start a thousand processes), newest commit first, each commit's
//!    committer date followed by the files it touched, NUL-separated so no file name can break
//!    the parse.
//! 2. Keep each file's latest date. The same history gives the same dates, so the output stays
//!    byte-identical from one build to the next.
//! 3. Without git, or outside a repository, a warning at `updated_from_git` in `site.toml`, and
//!    the build goes on with the front matter's dates.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, FixedOffset};

use crate::config::Config;
use crate::error::Diagnostic;
use crate::layout::SiteFolder;

/// Each committed file's latest committer date, by its path below `content/` (`a/b.md`).
pub(crate) type Dates = HashMap<String, String>;

/// Read the dates if the site asks for them; a problem running git is a warning.
pub(super) fn read(root: &Path, config: &Config) -> (Dates, Option<Diagnostic>) {
    if !config.updated_from_git {
        return (Dates::new(), None);
    }
    let content = SiteFolder::Content.name();
    let output = Command::new("git")
        .current_dir(root)
        // A user's configuration must not change what is printed (signatures, colours, --follow).
        .args(["-c", "log.showSignature=false", "-c", "log.follow=false", "-c", "color.ui=never"])
        .args(["log", "--no-renames", "--relative", "--name-only", "-z", "--format=%cI", "--", content])
        .output();
    let fallback = "pages show the `updated` dates of their front matter only";
    let problem = match output {
        Ok(out) if out.status.success() => return (parse(&String::from_utf8_lossy(&out.stdout), content), None),
        Ok(out) => {
            let said = String::from_utf8_lossy(&out.stderr);
            let said = said.lines().find(|l| !l.trim().is_empty()).unwrap_or("no message").trim().to_string();
            format!("`updated_from_git` is on, but git could not read the site's history ({said}); {fallback}")
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            format!("`updated_from_git` is on, but git is not installed (or not on PATH); {fallback}")
        }
        Err(e) => format!("`updated_from_git` is on, but git could not be run ({e}); {fallback}"),
    };
    let warning = config
        .key_warning("updated_from_git", problem)
        .help("build from a git clone of the site with git installed, or set `updated_from_git = false`");
    (Dates::new(), Some(warning))
}

/// `DATE\0\nfile\0file\0DATE\0\nfile\0…`: a token that starts with `content/` (after the newline
/// git puts before a commit's first file) is a file, any other a commit's date.
fn parse(log: &str, content: &str) -> Dates {
    let prefix = format!("{content}/");
    let mut latest: HashMap<String, (DateTime<FixedOffset>, String)> = HashMap::new();
    let mut current: Option<(DateTime<FixedOffset>, &str)> = None;
    for token in log.split('\0') {
        let token = token.strip_prefix('\n').unwrap_or(token);
        if let Some(file) = token.strip_prefix(&prefix) {
            let Some((date, text)) = current else { continue };
            let newer = latest.get(file).is_none_or(|(seen, _)| date > *seen);
            if newer {
                latest.insert(file.to_string(), (date, text.to_string()));
            }
        } else if !token.is_empty() {
            current = DateTime::parse_from_rfc3339(token.trim()).ok().map(|date| (date, token.trim()));
        }
    }
    latest.into_iter().map(|(file, (_, text))| (file, text)).collect()
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn each_file_keeps_its_latest_commit() {
        let log = "2025-01-02T03:04:05Z\0\ncontent/a/q.md\0content/we ird\n.md\0\
                   2024-01-02T03:04:05+02:00\0\ncontent/a/p.md\0content/a/q.md\0\
                   2026-01-01T00:00:00+00:00\0\ncontent/a/p.md\0";
        let dates = parse(log, "content");
        assert_eq!(dates["a/q.md"], "2025-01-02T03:04:05Z");
        assert_eq!(dates["we ird\n.md"], "2025-01-02T03:04:05Z", "any byte but NUL may be in a name");
        assert_eq!(dates["a/p.md"], "2026-01-01T00:00:00+00:00", "the latest, whatever the log's order");
        assert_eq!(dates.len(), 3);
        assert!(parse("", "content").is_empty());
        assert!(parse("garbage\0\ncontent/x.md\0", "content").is_empty(), "a file before any date is skipped");
    }
}
