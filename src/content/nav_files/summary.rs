//! mdBook's `SUMMARY.md`: the book's table of contents, read for the sidebar and not published
//! as a page (mdBook shows it only as its sidebar).
//!
//! 1. Every link to a chapter, in reading order, names the chapter by its text. The title that
//!    opens the file (`# Summary`), separators and draft chapters (`[Later]()`) order nothing.
//! 2. A folder of chapters takes the place of its first chapter, so a section there (its
//!    `_index.md`) sits where mdBook shows its chapters.
//! 3. A part (`# User guide`) whose numbered chapters all live in one folder, which no other
//!    chapter shares, names that folder's group: see [`Summary::parts`].
//! 4. A link to a file that isn't in `content/` is a located warning; the sidebar leaves it out.

use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

use crate::error::{Diagnostic, Source};

/// What `SUMMARY.md` says.
#[derive(Debug, Default)]
pub(super) struct Summary {
    /// Chapters and their folders, in reading order, as paths relative to `content/`, with the
    /// chapter's link text or the part's title.
    pub(super) entries: Vec<(PathBuf, Option<String>)>,
    /// Each folder that holds exactly one part's chapters, with the part's title.
    pub(super) parts: Vec<(PathBuf, String)>,
}

struct Chapter {
    path: PathBuf,
    label: Option<String>,
    /// The part it is a numbered chapter of (prefix and suffix chapters are in none).
    part: Option<usize>,
}

/// Read the table of contents in `source`, whose markdown starts at `body_offset`.
pub(super) fn read(
    source: &Source,
    body_offset: usize,
    exists: impl Fn(&Path) -> bool,
    warnings: &mut Vec<Diagnostic>,
) -> Summary {
    let (chapters, part_titles) = chapters(source, body_offset, exists, warnings);
    let parts: Vec<(PathBuf, String)> = part_titles
        .into_iter()
        .enumerate()
        .filter_map(|(i, title)| {
            let folder = part_folder(&chapters, i)?;
            Some((folder, title))
        })
        .collect();
    let mut entries: Vec<(PathBuf, Option<String>)> = Vec::new();
    for chapter in chapters {
        let folders: Vec<&Path> = chapter.path.ancestors().skip(1).filter(|f| !f.as_os_str().is_empty()).collect();
        for folder in folders.into_iter().rev() {
            if !entries.iter().any(|(p, _)| p == folder) {
                let title = parts.iter().find(|(f, _)| f == folder).map(|(_, t)| t.clone());
                entries.push((folder.to_path_buf(), title));
            }
        }
        entries.push((chapter.path, chapter.label));
    }
    Summary { entries, parts }
}

/// The chapters, and the parts' titles. A chapter link to a missing file is warned about here.
fn chapters(
    source: &Source,
    body_offset: usize,
    exists: impl Fn(&Path) -> bool,
    warnings: &mut Vec<Diagnostic>,
) -> (Vec<Chapter>, Vec<String>) {
    let body = &source.text[body_offset..];
    let mut found = Vec::new();
    let mut parts: Vec<String> = Vec::new();
    let mut open: Option<(PathBuf, String)> = None;
    let mut heading: Option<String> = None;
    let mut lists = 0usize;
    for (i, (event, range)) in Parser::new(body).into_offset_iter().enumerate() {
        match event {
            // mdBook reads a level-1 heading that opens the file as the book's title.
            Event::Start(Tag::Heading { level: HeadingLevel::H1, .. }) if i > 0 => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H1)) => parts.extend(heading.take().map(|t| t.trim().to_string())),
            Event::Start(Tag::List(_)) => lists += 1,
            Event::End(TagEnd::List(_)) => lists = lists.saturating_sub(1),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let path = super::content_path(&dest_url);
                if path.as_ref().is_some_and(|p| !exists(p)) {
                    let written = &body[range.clone()];
                    let at = written.rfind(&*dest_url).map_or(range.start, |at| range.start + at);
                    let message =
                        format!("`{dest_url}` in SUMMARY.md is not a page in content/; the sidebar leaves it out");
                    let help = "chapter paths are relative to content/, as to mdBook's src/";
                    warnings.push(Diagnostic::warning(message).help(help).at_offset(
                        source,
                        body_offset + at,
                        dest_url.len(),
                    ));
                }
                open = path.filter(|p| exists(p)).map(|p| (p, String::new()));
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some(label) = heading.as_mut().or(open.as_mut().map(|(_, label)| label)) {
                    label.push_str(&text);
                }
            }
            Event::End(TagEnd::Link) => {
                if let Some((path, label)) = open.take() {
                    let label = label.trim().to_string();
                    let part = (lists > 0).then(|| parts.len().checked_sub(1)).flatten();
                    found.push(Chapter { path, label: (!label.is_empty()).then_some(label), part });
                }
            }
            _ => {}
        }
    }
    (found, parts)
}

/// The folder that holds every numbered chapter of part `part` and no other chapter.
fn part_folder(chapters: &[Chapter], part: usize) -> Option<PathBuf> {
    let mut folders =
        chapters.iter().filter(|c| c.part == Some(part)).map(|c| c.path.parent().unwrap_or(Path::new("")));
    let first = folders.next()?.to_path_buf();
    let common = folders.fold(first, |common, folder| {
        common.ancestors().find(|a| folder.starts_with(a)).unwrap_or(Path::new("")).to_path_buf()
    });
    let shared = chapters.iter().any(|c| c.part != Some(part) && c.path.starts_with(&common));
    (!common.as_os_str().is_empty() && !shared).then_some(common)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read_text(text: &str, exists: impl Fn(&Path) -> bool) -> (Summary, Vec<Diagnostic>) {
        let mut warnings = Vec::new();
        let source = Source::new("content/SUMMARY.md", text.to_string());
        (read(&source, 0, exists, &mut warnings), warnings)
    }

    fn shown(summary: &Summary) -> Vec<(String, String)> {
        summary.entries.iter().map(|(p, l)| (p.display().to_string(), l.clone().unwrap_or_default())).collect()
    }

    #[test]
    fn chapters_in_reading_order_with_their_titles() {
        let text = "# Summary\n\n[Intro](README.md)\n\n# Part\n\n- [Reading `files`](reading.md)\n    - [Errors](./errors.md)\n- [Draft]()\n- [Gone](gone.md)\n\n---\n\n[Thanks](contributors.md)\n";
        let (summary, warnings) = read_text(text, |p| p != Path::new("gone.md"));
        let expected = [
            ("README.md", "Intro"),
            ("reading.md", "Reading files"),
            ("errors.md", "Errors"),
            ("contributors.md", "Thanks"),
        ];
        assert_eq!(shown(&summary), expected.map(|(p, l)| (p.to_string(), l.to_string())));
        assert!(summary.parts.is_empty(), "the part's chapters are in no folder of their own");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].to_string().contains("content/SUMMARY.md:10:10"), "{}", warnings[0]);
    }

    #[test]
    fn a_part_in_one_folder_names_it_and_folders_come_before_their_chapters() {
        let text = "# Summary\n\n[Intro](intro.md)\n\n# User guide\n\n- [Install](guide/install.md)\n    - [Linux](guide/os/linux.md)\n\n# Reference\n\n- [CLI](ref/cli.md)\n- [API](api.md)\n\n[Notes](ref/notes.md)\n";
        let (summary, warnings) = read_text(text, |_| true);
        assert!(warnings.is_empty());
        let expected = [
            ("intro.md", "Intro"),
            ("guide", "User guide"),
            ("guide/install.md", "Install"),
            ("guide/os", ""),
            ("guide/os/linux.md", "Linux"),
            ("ref", ""),
            ("ref/cli.md", "CLI"),
            ("api.md", "API"),
            ("ref/notes.md", "Notes"),
        ];
        assert_eq!(shown(&summary), expected.map(|(p, l)| (p.to_string(), l.to_string())));
        assert_eq!(summary.parts, [(PathBuf::from("guide"), "User guide".to_string())], "ref/ is shared");
    }

    #[test]
    fn a_first_heading_is_the_books_title_not_a_part() {
        let (summary, _) = read_text("# Guide\n\n- [Install](guide/install.md)\n", |_| true);
        assert!(summary.parts.is_empty());
    }
}
