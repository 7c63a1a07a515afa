//! Link and image destinations: `.md` file links become page URLs, root-relative URLs get the
//! base path, files beside a page point at their copies; every internal link is recorded so
//! `versa check` can verify it.

use std::path::{Component, Path, PathBuf};

use crate::content::Content;

/// An internal link as rewritten, with what `versa check` needs to verify it.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The URL written into the page.
    pub(crate) href: String,
    /// Set when the link names a markdown file that does not exist.
    pub(crate) missing_file: Option<String>,
    /// Line and column in the markdown file.
    pub(crate) line: usize,
    pub(crate) col: usize,
}

/// True for links that leave the site (`https:`, `mailto:`, `//host`, …).
pub(crate) fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Rewrite an internal destination written in `page_dir` (relative to `content/`). Returns the
/// new destination and, for a `.md` link that resolves to nothing, the file it named.
pub(crate) fn rewrite(dest: &str, page_dir: &Path, content: &Content, base_path: &str) -> (String, Option<String>) {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
        return (dest.to_string(), None);
    }
    let (path, fragment) = match dest.find(['#', '?']) {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    };
    if path.ends_with(".md") {
        let rel = match path.strip_prefix('/') {
            Some(abs) => normalize(Path::new(abs)),
            None => normalize(&page_dir.join(path)),
        };
        let target = rel.as_ref().and_then(|rel| content.by_path.get(rel));
        return match target {
            Some(&target) => (format!("{base_path}{}{fragment}", content.url(target)), None),
            None => (dest.to_string(), Some(path.to_string())),
        };
    }
    if let Some(abs) = path.strip_prefix('/') {
        return (format!("{base_path}{abs}{fragment}"), None);
    }
    // A file beside the page (an image, a sample): point at its copy in the output.
    if let Some(target) = normalize(&page_dir.join(path)).and_then(|rel| content.by_path.get(&rel)) {
        return (format!("{base_path}{}{fragment}", content.url(*target)), None);
    }
    (dest.to_string(), None)
}

/// Resolve `.` and `..`; `None` when the path climbs out of `content/`.
pub(crate) fn normalize(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => out.push(part),
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn external_links() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("/async/"));
        assert!(!is_external("../a.md#x"));
    }

    #[test]
    fn normalizing_paths() {
        assert_eq!(normalize(Path::new("a/../b/./c.md")), Some(PathBuf::from("b/c.md")));
        assert_eq!(normalize(Path::new("../c.md")), None);
    }
}
