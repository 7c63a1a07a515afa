//! Heading ids, anchors and the table of contents.
//!
//! Every heading's id is decided in one pass over the parsed events, before anything is
//! rendered: a criteria table can then link to a heading further down the page as soon as the
//! table is built, instead of leaving a placeholder in the HTML to be replaced by text search
//! later (a placeholder a writer could type).

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::{Block, Heading, HeadingState, Renderer, TocEntry};
use crate::html::escape_html;
use crate::slug::{heading_slug, slugify};

/// The id of each heading of a page, in order, and what links to them need.
#[derive(Debug, Default)]
pub(super) struct HeadingIds {
    /// Ids in document order; the renderer takes them one heading at a time.
    ids: std::collections::VecDeque<String>,
    /// The first heading's id for each slug of heading text, for linking criteria to headings.
    pub(super) by_slug: HashMap<String, String>,
}

/// The ids written by hand on headings (`## Title {#id}`).
pub(super) fn explicit_ids<'e>(events: &'e [(Event<'_>, Range<usize>)]) -> HashSet<&'e str> {
    events
        .iter()
        .filter_map(|(event, _)| match event {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.as_ref()),
            _ => None,
        })
        .collect()
}

impl HeadingIds {
    /// Decide the ids: ids written by hand (`## Title {#id}`) are kept as written; generated
    /// ids (GitHub's slug of the text, then `-1`, `-2`, …) step around every other id on the
    /// page: explicit heading ids (`explicit`), footnotes' (`fn-1`, `fnref-1`, …) and the
    /// theme's own ([`THEME_IDS`]).
    pub(super) fn plan(
        events: &[(Event<'_>, Range<usize>)],
        explicit: &HashSet<&str>,
        footnotes: impl Iterator<Item = String>,
    ) -> Self {
        let footnotes: HashSet<String> = footnotes.collect();
        let reserved: HashSet<&str> = explicit
            .iter()
            .copied()
            .chain(footnotes.iter().map(String::as_str))
            .chain(THEME_IDS.iter().copied())
            .collect();
        let mut plan = Self::default();
        let mut used: HashSet<String> = HashSet::new();
        let mut open: Option<(Option<&str>, String)> = None;
        for (event, _) in events {
            match event {
                Event::Start(Tag::Heading { id, .. }) => open = Some((id.as_deref(), String::new())),
                // The same text the renderer collects for the heading (see `Renderer::push`).
                Event::Text(t) | Event::Code(t) => {
                    if let Some((_, text)) = &mut open {
                        text.push_str(t);
                    }
                }
                Event::End(TagEnd::Heading(_)) => {
                    let Some((explicit, text)) = open.take() else { continue };
                    let text = text.trim();
                    let id = match explicit {
                        // One used twice is reported with the page's other repeated ids.
                        Some(id) => id.to_string(),
                        None => unique_id(text, &used, &reserved),
                    };
                    used.insert(id.clone());
                    plan.by_slug.entry(slugify(text)).or_insert_with(|| id.clone());
                    plan.ids.push_back(id);
                }
                _ => {}
            }
        }
        plan
    }
}

/// Ids the bundled theme puts on every page (`<main id="main">`, the skip link's target).
const THEME_IDS: &[&str] = &["main"];

/// GitHub's slug of `text` (or `section`), with a number added when another id has it.
fn unique_id(text: &str, used: &HashSet<String>, reserved: &HashSet<&str>) -> String {
    let base = match heading_slug(text) {
        slug if slug.is_empty() => "section".to_string(),
        slug => slug,
    };
    let mut id = base.clone();
    let mut n = 1;
    while used.contains(&id) || reserved.contains(id.as_str()) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

impl<'a> Renderer<'a, '_> {
    pub(super) fn finish_heading(&mut self, heading: HeadingState<'a>) {
        let level = heading.level as u8;
        let text = heading.text.trim().to_string();
        // The plan saw the same headings in the same order, so there is always a next id.
        let id = self.headings.ids.pop_front().unwrap_or_else(|| heading_slug(&text));
        self.out.anchors.insert(id.clone());
        self.place_id(id.clone(), heading.offset, "a heading");
        if std::mem::take(&mut self.title_heading) && level == 1 && self.bodies.len() == 1 {
            // The theme shows the title as the page's `<h1>`. The id stays, at the top of the
            // body, so links written to the heading (`page.md#intro`) still land on the page.
            let target = format!("<span id=\"{}\"></span>\n", escape_html(&id));
            self.open_body().push(Block::Html(target));
            return;
        }
        let mut inner = String::new();
        pulldown_cmark::html::push_html(&mut inner, heading.events.into_iter());
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_html(&heading.classes.join(" ")))
        };
        // An id may hold any character but whitespace (`{#a"b}`); escaped, it stays one value.
        let escaped = escape_html(&id);
        let anchor = if self.ctx.config.markdown.heading_anchors {
            format!(" <a class=\"heading-anchor\" href=\"#{escaped}\" aria-label=\"Link to this section\">#</a>")
        } else {
            String::new()
        };
        let html = format!("<h{level} id=\"{escaped}\"{class}>{inner}{anchor}</h{level}>\n");
        let in_toc = self.bodies.len() == 1 && (2..=self.ctx.config.markdown.toc_depth).contains(&level);
        if in_toc {
            add_to_toc(
                &mut self.out.toc,
                TocEntry { level, id: id.clone(), title: text.clone(), children: Vec::new() },
            );
        }
        self.open_body().push(Block::Heading(Heading { level, id, text, html }));
    }
}

/// Nest `entry` under the last entry of a lower level.
fn add_to_toc(toc: &mut Vec<TocEntry>, entry: TocEntry) {
    match toc.last_mut() {
        Some(last) if last.level < entry.level => add_to_toc(&mut last.children, entry),
        _ => toc.push(entry),
    }
}
