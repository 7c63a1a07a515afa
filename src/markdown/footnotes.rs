//! Footnotes, as GitHub shows them: each reference `[^label]` a superscript link numbered in
//! order of first reference; every definition, wherever it was written, in one list at the end
//! of the body (`<section data-footnotes>`), in reference order, with a `↩` back to each
//! reference.
//!
//! Ids are planned before rendering, like heading ids: a definition is `fn-<slug>`, its
//! references `fnref-<slug>`, `fnref-<slug>-2`, …, where the slug of the label steps around
//! hand-written heading ids and the other notes' ids. Heading ids then step around these.
//! A slug holds only letters, digits and `-`, so no label can add markup.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use super::{ContainerBody, Renderer};
use crate::error::Diagnostic;
use crate::slug::slugify;

/// The footnotes of a page: their ids and numbers, then their rendered definitions.
#[derive(Debug, Default)]
pub(super) struct Footnotes {
    /// By label, lowercased: labels match without regard to case, as in pulldown-cmark.
    notes: HashMap<String, Note>,
    /// Labels in order of first reference.
    order: Vec<String>,
}

#[derive(Debug, Default)]
struct Note {
    /// The slug in this note's ids (`fn-<slug>`).
    slug: String,
    /// 1 for the first note referenced, and so on.
    number: usize,
    /// References the plan counted, and references rendered so far.
    planned: usize,
    rendered: usize,
    /// The definition's HTML once rendered.
    html: Option<String>,
}

impl Footnotes {
    /// Number the notes and choose their ids. `taken` holds the page's hand-written ids.
    pub(super) fn plan(events: &[(Event<'_>, Range<usize>)], taken: &HashSet<&str>) -> Self {
        let mut plan = Self::default();
        let mut counts: HashMap<String, usize> = HashMap::new();
        let mut written: HashMap<String, String> = HashMap::new();
        for (event, _) in events {
            let label = match event {
                Event::FootnoteReference(label) => label,
                Event::Start(Tag::FootnoteDefinition(label)) => {
                    written.entry(label.to_lowercase()).or_insert_with(|| label.to_string());
                    continue;
                }
                _ => continue,
            };
            let key = label.to_lowercase();
            let count = counts.entry(key.clone()).or_insert(0);
            if *count == 0 {
                plan.order.push(key.clone());
            }
            *count += 1;
        }
        let mut used: HashSet<String> = taken.iter().map(|id| (*id).to_string()).collect();
        for (number, key) in plan.order.iter().enumerate() {
            let planned = counts[key];
            let base = match slugify(written.get(key).map_or(key, |w| w)) {
                slug if slug.is_empty() => "note".to_string(),
                slug => slug,
            };
            let mut slug = base.clone();
            let mut n = 1;
            while note_ids(&slug, planned).iter().any(|id| used.contains(id)) {
                n += 1;
                slug = format!("{base}-{n}");
            }
            used.extend(note_ids(&slug, planned));
            plan.notes.insert(key.clone(), Note { slug, number: number + 1, planned, ..Note::default() });
        }
        plan
    }

    /// Every id the notes will have, for heading ids to step around.
    pub(super) fn ids(&self) -> impl Iterator<Item = String> + '_ {
        self.notes.values().flat_map(|note| note_ids(&note.slug, note.planned))
    }
}

/// The ids of a note with `references` references.
fn note_ids(slug: &str, references: usize) -> Vec<String> {
    let mut ids = vec![format!("fn-{slug}"), format!("fnref-{slug}")];
    ids.extend((2..=references).map(|k| format!("fnref-{slug}-{k}")));
    ids
}

/// The id of the `k`th reference (from 1) to the note with `slug`.
fn reference_id(slug: &str, k: usize) -> String {
    if k == 1 {
        format!("fnref-{slug}")
    } else {
        format!("fnref-{slug}-{k}")
    }
}

impl<'a> Renderer<'a, '_> {
    /// `[^label]` in the text: a superscript link to its note, numbered.
    pub(super) fn footnote_reference(&mut self, label: &str, offset: usize) {
        let Some(note) = self.footnotes.notes.get_mut(&label.to_lowercase()) else { return };
        note.rendered += 1;
        let (number, slug) = (note.number, note.slug.clone());
        let id = reference_id(&slug, note.rendered);
        let html = format!(
            "<sup><a href=\"#fn-{slug}\" id=\"{id}\" data-footnote-ref aria-label=\"Footnote {number}\">{number}</a></sup>"
        );
        self.place_id(id, offset, "a footnote reference");
        self.push(Event::InlineHtml(html.into()));
    }

    /// A footnote's definition starts: what follows, up to its end, is the note.
    pub(super) fn open_footnote(&mut self, label: &str, offset: usize) {
        self.open_body().flush();
        self.bodies.push(ContainerBody { footnote: Some((label.to_string(), offset)), ..ContainerBody::new(None) });
    }

    /// A footnote's definition ends: keep its HTML for the list at the end of the page.
    pub(super) fn close_footnote(&mut self) {
        if self.bodies.len() < 2 || self.bodies.last().and_then(|b| b.footnote.as_ref()).is_none() {
            return;
        }
        let mut body = self.bodies.pop().expect("a footnote body");
        body.flush();
        let Some((label, offset)) = body.footnote.take() else { return };
        let (line, col) = self.position(offset);
        let width = label.chars().count() + 3;
        let diagnostic = match self.footnotes.notes.get_mut(&label.to_lowercase()) {
            None => Diagnostic::warning(format!(
                "the footnote `[^{label}]` is never referred to; it is left out of the page"
            ))
            .help(format!("refer to it in the text with `[^{label}]`, or remove it")),
            Some(note) if note.html.is_some() => {
                Diagnostic::warning(format!("the footnote `[^{label}]` is defined twice; the page shows the first"))
                    .help("give one of them another label, or remove it")
            }
            Some(note) => {
                note.html = Some(super::blocks::blocks_html(body.items));
                let id = format!("fn-{}", note.slug);
                self.place_id(id, offset, "a footnote");
                return;
            }
        };
        self.report(diagnostic, line, col, width);
    }

    /// Warn about each `[^label]` written in the text at `range` that no definition matches:
    /// pulldown-cmark leaves it as text, as GitHub does.
    pub(super) fn undefined_references(&mut self, range: Range<usize>) {
        let Some(source) = self.body.get(range.clone()) else { return };
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = source[from..].find("[^").map(|p| from + p) {
            from = at + 2;
            let Some(len) = source[from..].find(']') else { break };
            let label = &source[from..from + len];
            let escaped = source[..at].ends_with('\\');
            if !escaped && !label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '[') {
                found.push((range.start + at, label.to_string()));
            }
        }
        for (offset, label) in found {
            let (line, col) = self.position(offset);
            self.report(
                Diagnostic::warning(format!("the footnote `[^{label}]` is not defined; it is shown as text"))
                    .help(format!(
                        "define it on a line of its own: `[^{label}]: The note.`; or write `\\[^{label}]` to show it as text"
                    )),
                line,
                col,
                label.chars().count() + 3,
            );
        }
    }

    /// The notes, in reference order, each with links back to its references.
    pub(super) fn footnotes_html(&self) -> String {
        let mut items = String::new();
        for key in &self.footnotes.order {
            let note = &self.footnotes.notes[key];
            let Some(html) = &note.html else { continue };
            let number = note.number;
            let backrefs: Vec<String> = (1..=note.rendered)
                .map(|k| {
                    let (label, mark) = if k == 1 {
                        (number.to_string(), String::new())
                    } else {
                        (format!("{number}-{k}"), format!("<sup>{k}</sup>"))
                    };
                    format!(
                        "<a href=\"#{}\" data-footnote-backref aria-label=\"Back to reference {label}\">↩{mark}</a>",
                        reference_id(&note.slug, k)
                    )
                })
                .collect();
            let backrefs = backrefs.join(" ");
            // Inside the note's last paragraph, as GitHub puts them, so they don't take a line.
            let body = match html.strip_suffix("</p>\n") {
                Some(before) => format!("{before} {backrefs}</p>\n"),
                None => format!("{html}<p>{backrefs}</p>\n"),
            };
            items.push_str(&format!("<li id=\"fn-{}\">\n{body}</li>\n", note.slug));
        }
        if items.is_empty() {
            return String::new();
        }
        format!("<section data-footnotes aria-label=\"Footnotes\">\n<ol>\n{items}</ol>\n</section>\n")
    }
}
