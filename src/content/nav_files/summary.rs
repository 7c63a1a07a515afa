//! mdBook's `SUMMARY.md`: every link to a chapter, in reading order, with its text as the
//! chapter's navigation title. Part titles (`# User guide`) and separators order nothing; a
//! draft chapter (`[Later]()`) names no file. A link to a file that isn't there needs no
//! warning here: `SUMMARY.md` is a page too, and its broken links are warned about at their place.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

/// The chapters `body` links to, as paths relative to `content/`, with their links' text.
pub(super) fn entries(body: &str, exists: impl Fn(&Path) -> bool) -> Vec<(PathBuf, Option<String>)> {
    let mut found = Vec::new();
    let mut open: Option<(PathBuf, String)> = None;
    for event in Parser::new(body) {
        match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                open = super::content_path(&dest_url).filter(|p| exists(p)).map(|p| (p, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, label)) = open.as_mut() {
                    label.push_str(&text);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((path, label)) = open.take() {
                    let label = label.trim().to_string();
                    found.push((path, (!label.is_empty()).then_some(label)));
                }
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chapters_in_reading_order_with_their_titles() {
        let summary = "# Summary\n\n[Intro](README.md)\n\n# Part\n\n- [Reading `files`](reading.md)\n    - [Errors](./errors.md)\n- [Draft]()\n- [Gone](gone.md)\n\n---\n\n[Thanks](contributors.md)\n";
        let found = entries(summary, |p| p != Path::new("gone.md"));
        let shown: Vec<(String, String)> =
            found.iter().map(|(p, l)| (p.display().to_string(), l.clone().unwrap_or_default())).collect();
        let expected = [
            ("README.md", "Intro"),
            ("reading.md", "Reading files"),
            ("errors.md", "Errors"),
            ("contributors.md", "Thanks"),
        ];
        assert_eq!(shown, expected.map(|(p, l)| (p.to_string(), l.to_string())));
    }
}
