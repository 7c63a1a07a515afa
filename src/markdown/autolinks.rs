//! Bare URLs in text become links, as on GitHub (GFM's autolink extension): `https://…`,
//! `http://…` and `www.…` (which gets `http://`).
//!
//! linkify finds where URLs start and checks their hosts (Unicode, punycode, IP addresses);
//! GFM's own rules then decide what GitHub would link, so a page reads the same on both:
//! a link starts a text, or follows whitespace or `*`, `_`, `~`, `(`; its domain has no `_` in
//! its last two labels; it runs to whitespace or `<`, and trailing `?!.,:*_~'"`, an unbalanced
//! `)` and an entity-like `&name;` are left out (the trimming cmark-gfm does).

use std::ops::Range;

use linkify::{LinkFinder, LinkKind};
use pulldown_cmark::{CowStr, Event};

use super::Renderer;
use crate::html::escape_html;

/// A bare URL found in a text.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct Autolink {
    /// Where the URL is in the text.
    pub(super) range: Range<usize>,
    /// The link's destination: the URL, with `http://` before a `www.` one.
    pub(super) href: String,
}

/// The bare URLs in `text`, in order.
pub(super) fn find(text: &str) -> Vec<Autolink> {
    // Most texts hold no URL at all; skip the scan for them.
    if !text.contains("://") && !text.contains("www.") {
        return Vec::new();
    }
    let mut finder = LinkFinder::new();
    finder.kinds(&[LinkKind::Url]).url_must_have_scheme(false);
    let mut found = Vec::new();
    let mut after = 0;
    for candidate in finder.links(text) {
        let start = candidate.start();
        if start < after || !starts_after_delimiter(text, start) {
            continue;
        }
        let rest = &text[start..];
        let scheme_len = ["https://", "http://"]
            .iter()
            .find(|s| rest.get(..s.len()).is_some_and(|p| p.eq_ignore_ascii_case(s)))
            .map(|s| s.len());
        let domain_start = match scheme_len {
            Some(len) => len,
            None if rest.starts_with("www.") => 0,
            None => continue,
        };
        let end = trimmed_end(rest);
        if end <= domain_start.max(4) || valid_domain(&rest[domain_start..end]).is_none() {
            continue;
        }
        let url = &rest[..end];
        let href = if scheme_len.is_some() { url.to_string() } else { format!("http://{url}") };
        found.push(Autolink { range: start..start + end, href });
        after = start + end;
    }
    found
}

/// GFM links a URL only at the start of a text, after whitespace, or after `*`, `_`, `~`, `(`.
fn starts_after_delimiter(text: &str, start: usize) -> bool {
    text[..start].chars().next_back().is_none_or(|c| c.is_whitespace() || "*_~(".contains(c))
}

/// The length of the domain at the start of `text`: labels of letters, digits, `_` and `-`
/// between dots; `None` when there is none or an `_` is in one of its last two labels.
fn valid_domain(text: &str) -> Option<usize> {
    let len = text.find(|c: char| c.is_whitespace() || (c.is_ascii_punctuation() && !"-_.".contains(c)));
    let domain = &text[..len.unwrap_or(text.len())];
    if domain.is_empty() || domain.starts_with('.') {
        return None;
    }
    let labels: Vec<&str> = domain.trim_end_matches('.').rsplit('.').take(2).collect();
    if labels.iter().any(|label| label.contains('_')) {
        return None;
    }
    Some(domain.len())
}

/// Where the URL at the start of `text` ends: at whitespace or `<`, then without trailing
/// punctuation, an unbalanced `)` or an entity-like `&name;`.
fn trimmed_end(text: &str) -> usize {
    let mut end = text.find(|c: char| c.is_whitespace() || c == '<').unwrap_or(text.len());
    loop {
        let url = &text[..end];
        let Some(last) = url.chars().next_back() else { return end };
        if "?!.,:*_~'\"".contains(last) {
            end -= 1;
        } else if last == ';' {
            let before = url[..end - 1].trim_end_matches(|c: char| c.is_ascii_alphabetic());
            end = if before.len() < end - 1 && before.ends_with('&') { before.len() - 1 } else { end - 1 };
        } else if last == ')' && url.matches(')').count() > url.matches('(').count() {
            end -= 1;
        } else {
            return end;
        }
    }
}

impl<'a> Renderer<'a, '_> {
    /// Send a text on, with its bare URLs as links: `<a href="…" data-autolink>`, which lets the
    /// theme break long URLs and tells them from written links; external-link options apply.
    pub(super) fn text_with_autolinks(&mut self, text: CowStr<'a>) {
        let found = find(&text);
        if found.is_empty() {
            self.push(Event::Text(text));
            return;
        }
        let new_tab =
            if self.ctx.config.markdown.external_links_new_tab { " target=\"_blank\" rel=\"noopener\"" } else { "" };
        let mut copied = 0;
        for link in found {
            if link.range.start > copied {
                self.push(Event::Text(text[copied..link.range.start].to_string().into()));
            }
            let tag = format!("<a href=\"{}\" data-autolink{new_tab}>", escape_html(&link.href));
            self.push(Event::InlineHtml(tag.into()));
            self.push(Event::Text(text[link.range.clone()].to_string().into()));
            self.push(Event::InlineHtml("</a>".into()));
            copied = link.range.end;
        }
        if copied < text.len() {
            self.push(Event::Text(text[copied..].to_string().into()));
        }
    }

    /// Follow `<a …>` and `</a>` in inline HTML: text between them is already a link.
    pub(super) fn count_html_links(&mut self, html: &str) {
        let tag = html.trim_start().as_bytes();
        let is_a = |rest: &[u8]| {
            rest.first().is_some_and(|c| c.eq_ignore_ascii_case(&b'a'))
                && rest.get(1).is_none_or(|c| c.is_ascii_whitespace() || *c == b'>' || *c == b'/')
        };
        if tag.starts_with(b"</") && is_a(&tag[2..]) {
            self.html_links_open = self.html_links_open.saturating_sub(1);
        } else if tag.starts_with(b"<") && is_a(&tag[1..]) && !tag.ends_with(b"/>") {
            self.html_links_open += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The links found in `text`, as (linked text, href).
    fn links(text: &str) -> Vec<(&str, String)> {
        find(text).into_iter().map(|l| (&text[l.range], l.href)).collect()
    }

    fn one(text: &str) -> (&str, String) {
        let mut all = links(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.remove(0)
    }

    #[test]
    fn gfm_spec_examples() {
        // The examples of GFM's "Autolinks (extension)" section.
        assert_eq!(one("www.commonmark.org"), ("www.commonmark.org", "http://www.commonmark.org".into()));
        assert_eq!(one("Visit www.commonmark.org/help for more information.").0, "www.commonmark.org/help");
        assert_eq!(one("Visit www.commonmark.org.").0, "www.commonmark.org");
        assert_eq!(one("Visit www.commonmark.org/a.b.").0, "www.commonmark.org/a.b");
        assert_eq!(one("www.google.com/search?q=Markup+(business)").0, "www.google.com/search?q=Markup+(business)");
        assert_eq!(one("www.google.com/search?q=Markup+(business)))").0, "www.google.com/search?q=Markup+(business)");
        assert_eq!(one("(www.google.com/search?q=Markup+(business))").0, "www.google.com/search?q=Markup+(business)");
        assert_eq!(one("(www.google.com/search?q=Markup+(business)").0, "www.google.com/search?q=Markup+(business)");
        assert_eq!(one("www.google.com/search?q=(business))+ok").0, "www.google.com/search?q=(business))+ok");
        assert_eq!(one("www.google.com/search?q=commonmark&hl=en").0, "www.google.com/search?q=commonmark&hl=en");
        assert_eq!(one("www.google.com/search?q=commonmark&hl;").0, "www.google.com/search?q=commonmark");
        assert_eq!(one("www.commonmark.org/he<lp").0, "www.commonmark.org/he");
        assert_eq!(one("http://commonmark.org"), ("http://commonmark.org", "http://commonmark.org".into()));
        assert_eq!(
            one("(Visit https://encrypted.google.com/search?q=Markup+(business))").0,
            "https://encrypted.google.com/search?q=Markup+(business)"
        );
    }

    #[test]
    fn what_is_not_a_link() {
        // An `_` in the last two labels of the domain; not after a delimiter; other schemes.
        assert!(links("www.xxx.yyy._zzz").is_empty());
        assert!(links("https://a.b_c.d").is_empty());
        assert!(links("xhttps://example.com").is_empty());
        assert!(links("a.www.example.com").is_empty());
        assert!(links("ftp://example.com mailto:a@b.c example.com").is_empty());
        assert!(links("https:// nothing").is_empty());
    }

    #[test]
    fn several_links_and_delimiters() {
        let found = links("*https://a.example/x*, (www.b.example) and ~https://c.example");
        let texts: Vec<&str> = found.iter().map(|l| l.0).collect();
        assert_eq!(texts, ["https://a.example/x", "www.b.example", "https://c.example"]);
        assert_eq!(one("see https://example.com/ünï?q=\"x\"").0, "https://example.com/ünï?q=\"x");
        assert_eq!(one("(see https://example.com/a_(b)).").0, "https://example.com/a_(b)");
    }
}
