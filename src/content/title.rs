//! A page's title when its front matter gives none: the heading it starts with, else its file
//! name, as GitHub, Docusaurus and mdBook do.

use std::path::Path;

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The text of the level-1 heading (`# Title` or `Title` over `===`) that opens `body`, if it
/// opens with one. Only an opening heading counts: one further down belongs to the text around
/// it, and taking it out of the body (see [`super::Document::title_from_heading`]) would move it.
pub(super) fn opening_heading(body: &str) -> Option<String> {
    // The parser reads its whole input before the first event, and a heading ends at the first
    // blank line, so only the first block is read. What that block can't settle alone (a body
    // opening with link definitions, or a title with a link whose definition comes later) is
    // read whole.
    let first_block = first_block(body);
    match heading_of(first_block) {
        Some(Some(title)) if !title.contains('[') => Some(title),
        Some(None) => None,
        _ if first_block.len() < body.len() => heading_of(body).flatten(),
        _ => None,
    }
}

/// The body up to its first blank line after some text.
fn first_block(body: &str) -> &str {
    let start = body.len() - body.trim_start().len();
    match body[start..].find("\n\n").or_else(|| body[start..].find("\n\r\n")) {
        Some(at) => &body[..start + at + 1],
        None => body,
    }
}

/// `None` when `markdown` has no block at all, else its opening heading, if any.
fn heading_of(markdown: &str) -> Option<Option<String>> {
    let mut events = Parser::new_ext(markdown, Options::ENABLE_HEADING_ATTRIBUTES);
    let first = events.next()?;
    if !matches!(first, Event::Start(Tag::Heading { level: HeadingLevel::H1, .. })) {
        return Some(None);
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
    Some((!text.is_empty()).then(|| text.to_string()))
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
        assert_eq!(opening_heading("# One\n\n```\n# not\n```\n").as_deref(), Some("One"));
        assert_eq!(opening_heading("Title\r\n===\r\n\r\nText.\r\n").as_deref(), Some("Title"));
    }

    #[test]
    fn what_the_first_block_cannot_settle_is_read_whole() {
        assert_eq!(opening_heading("[r]: /x\n\n# After definitions\n").as_deref(), Some("After definitions"));
        assert_eq!(opening_heading("# See [it][r]\n\n[r]: /x\n").as_deref(), Some("See it"));
        assert_eq!(opening_heading("# [Unresolved]\n\nText.\n").as_deref(), Some("[Unresolved]"));
        assert_eq!(opening_heading("\n\n"), None);
        assert_eq!(opening_heading(""), None);
    }
}
