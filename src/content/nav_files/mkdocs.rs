//! MkDocs's `nav:` in `mkdocs.yml`: pages in order, `Title: page.md` naming a page,
//! `Title: [ … ]` a group whose pages share a folder (that folder's section gets the title),
//! external URLs skipped. Paths are relative to MkDocs's `docs_dir`, which is versa's `content/`.
//! The rest of `mkdocs.yml` (theme, plugins, `!!python/name:` tags) is not read.

use std::path::{Path, PathBuf};

use serde_yaml_ng::Value;

use crate::diagnostics::strip_yaml_location;
use crate::error::{Diagnostic, Source};

/// The entries of `nav:`, depth first, each a page or a group's folder, with its title.
/// An entry naming a file that isn't in `content/` is a warning at its place.
pub(super) fn entries(
    source: &Source,
    exists: impl Fn(&Path) -> bool,
    warnings: &mut Vec<Diagnostic>,
) -> Vec<(PathBuf, Option<String>)> {
    let config: Value = match serde_yaml_ng::from_str(&source.text) {
        Ok(config) => config,
        Err(e) => {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            let warning =
                Diagnostic::warning(format!("this MkDocs file can't be read: {}", strip_yaml_location(&e.to_string())))
                    .at(source, line, col.max(1), 1)
                    .help("versa reads only its `nav:`, for the order of the sidebar; the site keeps its usual order");
            warnings.push(warning);
            return Vec::new();
        }
    };
    let Some(nav) = config.get("nav") else { return Vec::new() };
    let mut walk = Walk { source, exists: &exists, cursor: 0, found: Vec::new(), warnings };
    walk.items(nav);
    walk.found
}

struct Walk<'a, F: Fn(&Path) -> bool> {
    source: &'a Source,
    exists: &'a F,
    /// Where in the text the last entry was found: entries appear in the order they are written.
    cursor: usize,
    found: Vec<(PathBuf, Option<String>)>,
    warnings: &'a mut Vec<Diagnostic>,
}

impl<F: Fn(&Path) -> bool> Walk<'_, F> {
    /// A list of entries. Returns the pages found in it, for a group's folder.
    fn items(&mut self, items: &Value) -> Vec<PathBuf> {
        let mut pages = Vec::new();
        for item in items.as_sequence().into_iter().flatten() {
            match item {
                Value::String(path) => pages.extend(self.page(path, None)),
                Value::Mapping(map) => {
                    for (title, value) in map {
                        let title = title.as_str().map(str::to_string);
                        match value {
                            Value::String(path) => pages.extend(self.page(path, title)),
                            Value::Sequence(_) => pages.extend(self.group(value, title)),
                            _ => {}
                        }
                    }
                }
                _ => {}
            }
        }
        pages
    }

    /// A group: its folder comes first, so the section is placed where the group is.
    fn group(&mut self, children: &Value, title: Option<String>) -> Vec<PathBuf> {
        let at = self.found.len();
        let pages = self.items(children);
        let folder = common_folder(&pages);
        if let Some(folder) = folder.filter(|f| !f.as_os_str().is_empty()) {
            self.found.insert(at, (folder, title));
        }
        pages
    }

    fn page(&mut self, written: &str, title: Option<String>) -> Option<PathBuf> {
        let offset = self.source.text[self.cursor..].find(written).map(|at| self.cursor + at);
        if let Some(offset) = offset {
            self.cursor = offset + written.len();
        }
        let path = super::content_path(written)?;
        if !(self.exists)(&path) {
            let message = format!("`{written}` in `nav` is not a page in content/; the sidebar leaves it out");
            let warning = Diagnostic::warning(message).help("nav paths are relative to content/, as to MkDocs's docs/");
            let warning = match offset {
                Some(offset) => warning.at_offset(self.source, offset, written.len()),
                None => warning.in_file(&self.source.path),
            };
            self.warnings.push(warning);
            return None;
        }
        self.found.push((path.clone(), title));
        Some(path)
    }
}

/// The deepest folder holding every one of `pages`.
fn common_folder(pages: &[PathBuf]) -> Option<PathBuf> {
    let mut folders = pages.iter().map(|p| p.parent().unwrap_or(Path::new("")).to_path_buf());
    let first = folders.next()?;
    Some(folders.fold(first, |common, folder| {
        common.ancestors().find(|a| folder.starts_with(a)).unwrap_or(Path::new("")).to_path_buf()
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const MKDOCS: &str = "site_name: Fernway\nmarkdown_extensions:\n  - pymdownx.emoji:\n      emoji_index: !!python/name:material.extensions.emoji.twemoji\nnav:\n  - Home: index.md\n  - 'User guide':\n      - guide/setup.md\n      - Deploying: guide/deploy.md\n  - Missing: nope.md\n  - Issues: https://example.org/issues\n";

    #[test]
    fn nav_order_titles_and_groups() {
        let mut warnings = Vec::new();
        let source = Source::new("mkdocs.yml", MKDOCS.to_string());
        let found = entries(&source, |p| p != Path::new("nope.md"), &mut warnings);
        let shown: Vec<(String, Option<&str>)> =
            found.iter().map(|(p, t)| (p.display().to_string(), t.as_deref())).collect();
        let expected = [
            ("index.md", Some("Home")),
            ("guide", Some("User guide")),
            ("guide/setup.md", None),
            ("guide/deploy.md", Some("Deploying")),
        ];
        assert_eq!(shown, expected.map(|(p, t)| (p.to_string(), t)));
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().contains("mkdocs.yml:10:14"), "{}", warnings[0]);
    }

    #[test]
    fn bad_yaml_is_a_located_warning() {
        let mut warnings = Vec::new();
        let source = Source::new("mkdocs.yml", "nav:\n  - Home: [index.md\n".to_string());
        assert!(entries(&source, |_| true, &mut warnings).is_empty());
        assert!(!warnings[0].is_error());
        assert!(warnings[0].to_string().contains("mkdocs.yml:"), "{}", warnings[0]);
    }
}
