//! The page as Pagefind needs to read it: a published page is mostly navigation and the
//! `<span>`s of highlighted code, which Pagefind would parse only to throw away. What it is given
//! instead reads the same to it, for a fraction of the parsing:
//!
//! 1. the page's own `<html …>` start tag (its `lang` picks the index's language) and `<title>`;
//! 2. each `data-pagefind-body` element, its start tag as published (with every attribute, e.g. a
//!    `data-pagefind-weight`), its content without the start and end tags of plain `<span>`s
//!    (spans with no `id` and no `data-pagefind-*` attribute: Pagefind reads their text as part
//!    of their parent's, adds no space around them and records nothing of them);
//! 3. the entry's facts (title, section, contenders) as Pagefind meta and filters.
//!
//! A page that has no `data-pagefind-body` element, or Pagefind attributes outside one (a site's
//! own templates), is given whole, with its facts: Pagefind reads those anywhere on a page.

use std::ops::Range;

use super::Entry;
use crate::html::escape_html;

/// What Pagefind is given for one published page.
pub(crate) fn document(html: &str, entry: &Entry) -> String {
    let facts = facts(entry);
    let Some(bodies) = bodies(html) else { return with_facts_at_the_end(html, &facts) };
    let mut doc = String::with_capacity(bodies.iter().map(|b| b.element.len()).sum::<usize>() / 3 + 256);
    doc.push_str(first_start_tag(html, "html").unwrap_or("<html>"));
    doc.push_str("<head>");
    if let Some(title) = title(html) {
        doc.push_str(title);
    }
    doc.push_str("</head><body>");
    for body in &bodies {
        let element = &html[body.element.clone()];
        let (start, end) = (body.content.start - body.element.start, body.content.end - body.element.start);
        doc.push_str(&element[..start]);
        push_without_plain_spans(&mut doc, &element[start..end]);
        doc.push_str(&element[end..]);
    }
    doc.push_str(&facts);
    doc.push_str("</body></html>");
    doc
}

/// The page with its facts at the end of `<body>`.
pub(super) fn with_facts_at_the_end(html: &str, facts: &str) -> String {
    match html.rfind("</body>") {
        Some(at) => format!("{}{facts}{}", &html[..at], &html[at..]),
        None => format!("{html}{facts}"),
    }
}

/// Empty elements that Pagefind reads as meta (what a result shows) and filters (what a reader
/// narrows results by), computed from typed data rather than spelled in every template.
pub(super) fn facts(entry: &Entry) -> String {
    let mut facts = String::new();
    let mut add = |kind: &str, name: &str, value: &str| {
        facts.push_str(&format!("<span data-pagefind-{kind}=\"{name}:{}\"></span>", escape_html(value)));
    };
    add("meta", "title", &entry.title);
    if let Some(section) = &entry.section {
        add("meta", "section", section);
        add("filter", "section", section);
    }
    for contender in &entry.contenders {
        add("filter", "contender", contender);
    }
    facts
}

/// One `data-pagefind-body` element: where it is, and where its content is.
struct Body {
    element: Range<usize>,
    content: Range<usize>,
}

/// The page's `data-pagefind-body` elements (outermost), if every Pagefind attribute of the
/// page is inside them.
fn bodies(html: &str) -> Option<Vec<Body>> {
    let mut found = Vec::new();
    let mut tags = Tags::new(html);
    while let Some(tag) = tags.next() {
        if tag.closing || !attributes(tag.attributes).any(|(name, _)| name.eq_ignore_ascii_case("data-pagefind-body")) {
            continue;
        }
        let mut depth = 1;
        let end = tags.by_ref().find(|t| {
            if t.name.eq_ignore_ascii_case(tag.name) {
                depth += if t.closing { -1 } else { 1 };
            }
            depth == 0
        })?;
        found.push(Body { element: tag.at.start..end.at.end, content: tag.at.end..end.at.start });
    }
    let marks = |text: &str| text.matches("data-pagefind").count();
    let inside: usize = found.iter().map(|b| marks(&html[b.element.clone()])).sum();
    (!found.is_empty() && inside == marks(html)).then_some(found)
}

/// The first start tag named `name`, as written.
fn first_start_tag<'h>(html: &'h str, name: &str) -> Option<&'h str> {
    Tags::new(html).find(|t| !t.closing && t.name.eq_ignore_ascii_case(name)).map(|t| &html[t.at])
}

/// The first `<title>` element, as written.
fn title(html: &str) -> Option<&str> {
    let mut tags = Tags::new(html);
    let start = tags.find(|t| !t.closing && t.name.eq_ignore_ascii_case("title"))?;
    let end = tags.find(|t| t.closing && t.name.eq_ignore_ascii_case("title"))?;
    Some(&html[start.at.start..end.at.end])
}

/// `html` into `out` without the tags of plain spans (see the module's doc).
fn push_without_plain_spans(out: &mut String, html: &str) {
    // For each open span: whether its tags are left out.
    let mut open: Vec<bool> = Vec::new();
    let mut copied = 0;
    for tag in Tags::new(html) {
        if !tag.name.eq_ignore_ascii_case("span") {
            continue;
        }
        let left_out = if tag.closing {
            open.pop().unwrap_or(false)
        } else {
            let plain = attributes(tag.attributes).all(|(name, _)| {
                !name.eq_ignore_ascii_case("id")
                    && !name.get(..13).is_some_and(|p| p.eq_ignore_ascii_case("data-pagefind"))
            });
            // `<span/>` is an open tag in HTML, as any other.
            open.push(plain);
            plain
        };
        if left_out {
            out.push_str(&html[copied..tag.at.start]);
            copied = tag.at.end;
        }
    }
    out.push_str(&html[copied..]);
}

/// A start or end tag.
struct Tag<'h> {
    at: Range<usize>,
    name: &'h str,
    closing: bool,
    /// What follows the name up to the `>` (or `/>`).
    attributes: &'h str,
}

/// The tags of an HTML text, in order, without those inside comments, `<!…>` and `<?…>`
/// declarations, and the text of elements whose content is not markup (`script`, `style`,
/// `textarea`, `title`).
struct Tags<'h> {
    html: &'h str,
    at: usize,
    /// The raw-text element whose end tag comes next.
    raw: Option<&'h str>,
}

impl<'h> Tags<'h> {
    fn new(html: &'h str) -> Self {
        Tags { html, at: 0, raw: None }
    }
}

impl<'h> Iterator for Tags<'h> {
    type Item = Tag<'h>;

    fn next(&mut self) -> Option<Tag<'h>> {
        let html = self.html;
        let bytes = html.as_bytes();
        loop {
            let start = self.at + html[self.at..].find('<')?;
            let rest = &bytes[start + 1..];
            let closing = rest.first() == Some(&b'/');
            let name_at = start + 1 + usize::from(closing);
            let name_len = bytes[name_at..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'-').count();
            let is_tag = name_len > 0 && bytes[name_at].is_ascii_alphabetic();
            if let Some(raw) = self.raw {
                self.at = start + 1;
                if !(closing && is_tag && html[name_at..name_at + name_len].eq_ignore_ascii_case(raw)) {
                    continue;
                }
            } else if !is_tag {
                self.at = match rest {
                    [b'!', b'-', b'-', ..] => html[start + 4..].find("-->").map_or(html.len(), |e| start + 4 + e + 3),
                    [b'!' | b'?', ..] => html[start..].find('>').map_or(html.len(), |e| start + e + 1),
                    _ => start + 1,
                };
                continue;
            }
            let name = &html[name_at..name_at + name_len];
            let end = tag_end(bytes, name_at + name_len);
            self.at = end;
            let attributes = html[name_at + name_len..end].trim_end_matches('>').trim_end_matches('/');
            self.raw = match self.raw {
                Some(_) => None,
                None if !closing => {
                    ["script", "style", "textarea", "title"].into_iter().find(|raw| name.eq_ignore_ascii_case(raw))
                }
                None => None,
            };
            return Some(Tag { at: start..end, name, closing, attributes });
        }
    }
}

/// Just after the `>` that ends a tag whose attributes start at `at` (a `>` in a quoted value
/// does not end it).
fn tag_end(bytes: &[u8], at: usize) -> usize {
    let mut quote = None;
    for (i, &b) in bytes.iter().enumerate().skip(at) {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None if b == b'"' || b == b'\'' => quote = Some(b),
            None if b == b'>' => return i + 1,
            None => {}
        }
    }
    bytes.len()
}

/// The attributes of a tag, as (name, value) pairs; a value-less attribute has an empty value.
fn attributes(text: &str) -> impl Iterator<Item = (&str, &str)> {
    let mut rest = text;
    std::iter::from_fn(move || {
        rest = rest.trim_start_matches(|c: char| c.is_ascii_whitespace() || c == '/');
        if rest.is_empty() {
            return None;
        }
        let name_len = rest.find(|c: char| c.is_ascii_whitespace() || c == '=' || c == '/').unwrap_or(rest.len());
        let name = &rest[..name_len];
        rest = rest[name_len..].trim_start();
        let Some(after) = rest.strip_prefix('=') else { return Some((name, "")) };
        let after = after.trim_start();
        let (value, next) = match after.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => {
                let end = after[1..].find(char::from(q)).map_or(after.len(), |e| e + 1);
                (&after[1..end], after.get(end + 1..).unwrap_or(""))
            }
            _ => {
                let end = after.find(|c: char| c.is_ascii_whitespace()).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        rest = next;
        Some((name, value))
    })
}

#[cfg(test)]
#[path = "reduced_tests.rs"]
mod tests;
