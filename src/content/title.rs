//! A page's title when its front matter gives none: the heading it starts with, else its file
//! name, as GitHub, Docusaurus and mdBook do.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The text of the level-1 heading (`# Title` or `Title` over `===`) that opens `body`, if it
/// opens with one. Only an opening heading counts: one further down belongs to the text around
/// it, and taking it out of the body (see [`super::Document::title_from_heading`]) would move it.
pub(super) fn opening_heading(body: &str) -> Option<String> {
    let mut events = Parser::new_ext(body, Options::ENABLE_HEADING_ATTRIBUTES);
    if !matches!(events.next(), Some(Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }))) {
        return None;
    }
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            // A setext title may run over several lines; each line break is a space.
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Heading(_)) => break,
            _ => {}
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_string())
}

/// `getting-started.md` → "Getting started"; an `_index.md` or `index.md` is named after its
/// folder, and the home page's `_index.md` after the site.
pub(super) fn from_file_name(rel_path: &Path, site_title: &str) -> String {
    let stem = rel_path.file_stem().unwrap_or_default().to_string_lossy();
    let name = if stem == "_index" || stem == "index" {
        match rel_path.parent().and_then(Path::file_name) {
            Some(folder) => folder.to_string_lossy(),
            None => return site_title.to_string(),
        }
    } else {
        stem
    };
    let words: Vec<&str> = name.split(['-', '_', ' ']).filter(|w| !w.is_empty()).collect();
    let mut title = words.join(" ");
    if let Some(first) = title.chars().next() {
        title.replace_range(..first.len_utf8(), &first.to_uppercase().to_string());
    }
    title
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_from_file_names() {
        assert_eq!(from_file_name(Path::new("getting-started.md"), "Site"), "Getting started");
        assert_eq!(from_file_name(Path::new("guide/api_v2.md"), "Site"), "Api v2");
        assert_eq!(from_file_name(Path::new("guide/_index.md"), "Site"), "Guide");
        assert_eq!(from_file_name(Path::new("deep/install-guide/index.md"), "Site"), "Install guide");
        assert_eq!(from_file_name(Path::new("_index.md"), "Site"), "Site");
        assert_eq!(from_file_name(Path::new("FAQ.md"), "Site"), "FAQ");
    }

    #[test]
    fn only_an_opening_level_one_heading_is_a_title() {
        assert_eq!(opening_heading("# The `fast` way {#fast}\ntext\n").as_deref(), Some("The fast way"));
        assert_eq!(opening_heading("\n\nSetext\n===\n").as_deref(), Some("Setext"));
        assert_eq!(opening_heading("Foo *bar\nbaz*\n====\n").as_deref(), Some("Foo bar baz"));
        assert_eq!(opening_heading("Intro.\n\n# Later\n"), None);
        assert_eq!(opening_heading("## Two\n"), None);
    }
}
