//! Link and image destinations: `.md` file links become page URLs, root-relative URLs get the
//! base path, files beside a page point at their copies; every internal link is recorded so
//! `versa check` can verify it.

use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{CowStr, Event, Tag};

use super::Renderer;
use crate::content::Content;
use crate::html::escape_html;

/// An internal link as rewritten, with what `versa check` needs to verify it.
#[derive(Debug, Clone)]
pub(crate) struct Link {
    /// The URL written into the page.
    pub(crate) href: String,
    /// Set when the link names a markdown file that is not part of the build.
    pub(crate) problem: Option<Problem>,
    /// Line and column of the destination in the markdown file, and its width in characters.
    pub(crate) line: usize,
    pub(crate) col: usize,
    pub(crate) width: usize,
    /// The path below `content/` the destination names, if any: a file added or removed there
    /// (or below it, for a folder) can change where the link goes.
    pub(crate) named: Option<PathBuf>,
}

impl Link {
    /// Whether a file or folder at `changed` (below `content/`) coming, going or moving can
    /// change this link: it is the path named, below it, or the `.md` or `.mdx` file of a path
    /// written without its extension.
    pub(crate) fn may_name(&self, changed: &Path) -> bool {
        self.named.as_ref().is_some_and(|named| {
            // Called for every link of the site on each structural change: no allocation.
            let (changed_bytes, named_bytes) =
                (changed.as_os_str().as_encoded_bytes(), named.as_os_str().as_encoded_bytes());
            changed.starts_with(named)
                || changed_bytes.strip_prefix(named_bytes).is_some_and(|ext| ext == b".md" || ext == b".mdx")
        })
    }
}

/// The path below `content/` an internal destination written in `page_dir` names, as
/// [`rewrite`] looks it up.
pub(crate) fn named_path(dest: &str, page_dir: &Path) -> Option<PathBuf> {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
        return None;
    }
    let path = dest.find(['#', '?']).map_or(dest, |i| &dest[..i]);
    match path.strip_prefix('/') {
        Some(abs) => normalize(Path::new(abs)),
        None => normalize(&page_dir.join(path)),
    }
}

/// A markdown file named by a link that is not in the build, as written in the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Problem {
    Missing(String),
    Draft(String),
    /// Another tool's navigation file, which versa reads and does not publish (`SUMMARY.md`):
    /// the file as written, and what it is.
    NavigationFile(String, &'static str),
}

impl Problem {
    /// What is wrong, for `build`'s warning and `check`'s error.
    pub(crate) fn message(&self) -> String {
        match self {
            Problem::Missing(file) => format!("broken link: `{file}` does not exist"),
            Problem::Draft(file) => format!("`{file}` is a draft: it is left out of the site"),
            Problem::NavigationFile(file, what) => format!("`{file}` is {what}; versa publishes no page for it"),
        }
    }
}

/// True for links that leave the site (`https:`, `mailto:`, `//host`, …).
pub(crate) fn is_external(dest: &str) -> bool {
    dest.starts_with("//")
        || dest.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty() && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// Rewrite an internal destination written in `page_dir` (relative to `content/`). Returns the
/// new destination and, for a markdown file link that is not in the build, what is wrong.
pub(crate) fn rewrite(dest: &str, page_dir: &Path, content: &Content, base_path: &str) -> (String, Option<Problem>) {
    if dest.is_empty() || dest.starts_with('#') || dest.starts_with('?') {
        return (dest.to_string(), None);
    }
    let (path, fragment) = match dest.find(['#', '?']) {
        Some(i) => dest.split_at(i),
        None => (dest, ""),
    };
    let resolve = |path: &str| match path.strip_prefix('/') {
        Some(abs) => normalize(Path::new(abs)),
        None => normalize(&page_dir.join(path)),
    };
    if path.ends_with(".md") || path.ends_with(".mdx") {
        let rel = resolve(path);
        if let Some(what) = rel.as_ref().and_then(|rel| content.nav.unpublished(rel)) {
            return (dest.to_string(), Some(Problem::NavigationFile(path.to_string(), what)));
        }
        if let Some(url) = rel.as_ref().and_then(|rel| content.pair_note_url(rel)) {
            return (format!("{base_path}{url}{fragment}"), None);
        }
        return match rel.as_ref().and_then(|rel| content.by_path.get(rel)) {
            Some(&target) => (format!("{base_path}{}{fragment}", content.url(target)), None),
            None if rel.is_some_and(|rel| content.drafts.contains(&rel)) => {
                (dest.to_string(), Some(Problem::Draft(path.to_string())))
            }
            None => (dest.to_string(), Some(Problem::Missing(path.to_string()))),
        };
    }
    if let Some(abs) = path.strip_prefix('/') {
        return (format!("{base_path}{abs}{fragment}"), None);
    }
    let Some(rel) = normalize(&page_dir.join(path)) else { return (dest.to_string(), None) };
    if let Some(what) = content.nav.unpublished(&rel) {
        return (dest.to_string(), Some(Problem::NavigationFile(path.to_string(), what)));
    }
    // A file beside the page (an image, a sample): point at its copy in the output.
    if let Some(target) = content.by_path.get(&rel) {
        return (format!("{base_path}{}{fragment}", content.url(*target)), None);
    }
    // `[x](other)` for `other.md` (or `other.mdx`), as on GitHub, unless a folder of that name
    // holds files.
    if !path.is_empty() && !path.ends_with('/') && !content.by_path.keys().any(|k| k.starts_with(&rel)) {
        for extension in [".md", ".mdx"] {
            let mut file = rel.clone().into_os_string();
            file.push(extension);
            let file = PathBuf::from(file);
            if let Some(target) = content.by_path.get(&file) {
                return (format!("{base_path}{}{fragment}", content.url(*target)), None);
            }
            if content.drafts.contains(&file) {
                return (dest.to_string(), Some(Problem::Draft(format!("{path}{extension}"))));
            }
        }
    }
    (dest.to_string(), None)
}

/// An attribute of a tag in raw HTML, such as a URL (`href` of `<a>`, `src` of `<img>`).
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HtmlAttribute {
    /// Byte range of the value in the HTML, quotes included.
    pub(crate) span: std::ops::Range<usize>,
    /// Byte offset of the value itself, after any opening quote.
    pub(crate) start: usize,
    /// The value with character references decoded.
    pub(crate) value: String,
}

/// The `href`s of `<a>` tags and `src`s of `<img>` tags in a piece of raw HTML.
pub(crate) fn html_urls(html: &str) -> Vec<HtmlAttribute> {
    html_attributes(html, |tag| {
        if tag.eq_ignore_ascii_case("a") {
            Some("href")
        } else if tag.eq_ignore_ascii_case("img") {
            Some("src")
        } else {
            None
        }
    })
}

/// The values of the attribute that `wanted` names for each tag name, in a piece of HTML.
/// Comments are skipped; values may be double-quoted, single-quoted or unquoted.
///
/// This reads every tag of every page body (highlighted code is most of them), so it scans
/// bytes: the delimiters it looks for are ASCII, which in UTF-8 never occur inside another
/// character. The next `<` and closing quote are found with memchr; the rest are a few bytes
/// away, where a short loop costs less than a search's setup.
pub(crate) fn html_attributes(html: &str, wanted: impl Fn(&str) -> Option<&'static str>) -> Vec<HtmlAttribute> {
    html_attributes_skipping(html, wanted, |_| None)
}

/// [`html_attributes`], jumping from a tag's `<` at `at` to where `skip(at)` says: for markup
/// known to hold no wanted attribute, such as versa's own code blocks.
pub(crate) fn html_attributes_skipping(
    html: &str,
    wanted: impl Fn(&str) -> Option<&'static str>,
    mut skip: impl FnMut(usize) -> Option<usize>,
) -> Vec<HtmlAttribute> {
    let bytes = html.as_bytes();
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(lt) = find(bytes, i, b'<') {
        if let Some(end) = skip(lt).filter(|&end| end > lt) {
            i = end;
            continue;
        }
        i = lt + 1;
        if bytes[i..].starts_with(b"!--") {
            i = html[i..].find("-->").map_or(html.len(), |p| i + p + 3);
            continue;
        }
        let name_end = find_byte(bytes, i, |b| !b.is_ascii_alphanumeric()).unwrap_or(html.len());
        let Some(wanted) = wanted(&html[i..name_end]).filter(|_| name_end > i) else { continue };
        i = name_end;
        // Attributes, up to the end of the tag.
        loop {
            while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] == b'>' {
                break;
            }
            let attr_start = i;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !b"=>/".contains(&bytes[i]) {
                i += 1;
            }
            let attr = &html[attr_start..i];
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            if j >= bytes.len() || bytes[j] != b'=' {
                if i == attr_start {
                    i += 1; // a stray `=` or `/`
                }
                continue;
            }
            j += 1;
            while j < bytes.len() && bytes[j].is_ascii_whitespace() {
                j += 1;
            }
            let (start, end, next) = match bytes.get(j) {
                Some(&q @ (b'"' | b'\'')) => match find(bytes, j + 1, q) {
                    Some(close) => (j + 1, close, close + 1),
                    None => return found, // an unclosed quote: not a tag we can read
                },
                _ => {
                    let end = find_byte(bytes, j, |b| b.is_ascii_whitespace() || b == b'>').unwrap_or(html.len());
                    (j, end, end)
                }
            };
            if attr.eq_ignore_ascii_case(wanted) {
                found.push(HtmlAttribute { span: j..next, start, value: decode_references(&html[start..end]) });
            }
            i = next;
        }
    }
    found
}

/// The index of the first `byte` at or after `from`: in highlighted code, the next `<` or
/// closing quote is often tens of bytes away, where memchr's wide reads pay.
fn find(bytes: &[u8], from: usize, byte: u8) -> Option<usize> {
    memchr::memchr(byte, bytes.get(from..)?).map(|p| from + p)
}

/// The index of the first byte at or after `from` that `is` accepts.
fn find_byte(bytes: &[u8], from: usize, is: impl Fn(u8) -> bool) -> Option<usize> {
    bytes.get(from..)?.iter().position(|&b| is(b)).map(|p| from + p)
}

/// Decode the character references that appear in URLs (`&amp;`, `&quot;`, `&#39;`, …).
fn decode_references(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&semi| semi <= 10).and_then(|semi| {
            let name = &rest[1..semi];
            let c = match name {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => match name.strip_prefix('#') {
                    Some(hex) if hex.starts_with(['x', 'X']) => {
                        u32::from_str_radix(&hex[1..], 16).ok().and_then(char::from_u32)
                    }
                    Some(dec) => dec.parse().ok().and_then(char::from_u32),
                    None => None,
                },
            };
            c.map(|c| (c, semi + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
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

impl<'a> Renderer<'a, '_> {
    /// A link: its destination rewritten and recorded; external ones open in a new tab when
    /// the site asks for it.
    pub(super) fn link_start(
        &mut self,
        link_type: pulldown_cmark::LinkType,
        dest_url: &str,
        title: pulldown_cmark::CowStr<'a>,
        id: pulldown_cmark::CowStr<'a>,
        offset: usize,
    ) {
        let dest_url = self.link(dest_url, offset);
        if self.ctx.config.markdown.external_links_new_tab && is_external(&dest_url) {
            let title = if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape_html(&title)) };
            let tag = format!("<a href=\"{}\"{title} target=\"_blank\" rel=\"noopener\">", escape_html(&dest_url));
            self.push(Event::InlineHtml(tag.into()));
        } else {
            self.push(Event::Start(Tag::Link { link_type, dest_url: dest_url.into(), title, id }));
        }
    }

    /// Rewrite a link destination and remember internal ones for `versa check`. The link's
    /// source starts at `offset`; the caret goes under the destination when it is written there.
    pub(super) fn link(&mut self, dest: &str, offset: usize) -> String {
        let source = self.body.get(offset..self.event_end).unwrap_or("");
        let at = source
            .rfind(&format!("({dest}"))
            .map(|p| p + 1)
            .or_else(|| source.rfind(&format!("(<{dest}")).map(|p| p + 2));
        let (line, col) = self.position(offset + at.unwrap_or(0));
        let width = if at.is_some() { dest.chars().count() } else { 1 };
        self.link_at(dest, line, col, width)
    }

    /// Rewrite the `href`s and `src`s of `<a>` and `<img>` tags in raw HTML found at `offset`,
    /// as markdown links are.
    pub(super) fn html_links(&mut self, html: CowStr<'a>, offset: usize) -> CowStr<'a> {
        let urls = html_urls(&html);
        if urls.is_empty() {
            return html;
        }
        let mut out = String::with_capacity(html.len());
        let mut copied = 0;
        for url in urls {
            let (line, col) = self.position(offset + url.start);
            let width = url.value.chars().count();
            let href = self.link_at(&url.value, line, col, width);
            if href != url.value {
                out.push_str(&html[copied..url.span.start]);
                out.push('"');
                out.push_str(&escape_html(&href));
                out.push('"');
                copied = url.span.end;
            }
        }
        out.push_str(&html[copied..]);
        out.into()
    }

    /// Rewrite a link destination found at `line`:`col` of the markdown file.
    pub(super) fn link_at(&mut self, dest: &str, line: usize, col: usize, width: usize) -> String {
        if is_external(dest) {
            return dest.to_string();
        }
        let page_dir = self.doc.rel_path.parent().unwrap_or(Path::new(""));
        let (href, problem) = rewrite(dest, page_dir, self.ctx.content, self.ctx.base_path);
        let named = named_path(dest, page_dir);
        self.out.links.push(Link { href: href.clone(), problem, line, col, width: width.max(1), named });
        href
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_link_may_name_its_path_what_is_below_it_and_its_markdown_file() {
        let link = |named: Option<&str>| Link {
            href: String::new(),
            problem: None,
            line: 1,
            col: 1,
            width: 1,
            named: named.map(PathBuf::from),
        };
        let guide = link(Some("guides/npm"));
        for changed in ["guides/npm", "guides/npm/a.md", "guides/npm.md", "guides/npm.mdx"] {
            assert!(guide.may_name(Path::new(changed)), "{changed}");
        }
        for changed in ["guides/npmx.md", "guides/np.md", "guides/npm.txt", "guides", "npm.md"] {
            assert!(!guide.may_name(Path::new(changed)), "{changed}");
        }
        assert!(!link(None).may_name(Path::new("guides/npm.md")));
    }

    #[test]
    fn external_links() {
        assert!(is_external("https://x.org"));
        assert!(is_external("mailto:a@b.c"));
        assert!(is_external("//cdn.example"));
        assert!(!is_external("/async/"));
        assert!(!is_external("../a.md#x"));
    }

    #[test]
    fn urls_in_raw_html() {
        let html = r#"<a class=x href="/faq/">, <IMG alt='a' SRC='b&amp;c.png'>, <a href=x.md>, <!-- <a href="no"> --> <abbr href="no">"#;
        let values: Vec<String> = html_urls(html).into_iter().map(|u| u.value).collect();
        assert_eq!(values, ["/faq/", "b&c.png", "x.md"]);
        let first = &html_urls(html)[0];
        assert_eq!(&html[first.span.clone()], "\"/faq/\"");
        assert_eq!(first.start, first.span.start + 1);
    }

    #[test]
    fn ids_in_tags_of_every_shape() {
        let ids = |html: &str| -> Vec<(String, std::ops::Range<usize>)> {
            html_attributes(html, |_| Some("id")).into_iter().map(|a| (a.value, a.span)).collect()
        };
        let html = "<h2 ID=\"é-1\">x</h2><span class=\"hl-k\">fn</span><p id='b' data-id=c>\
                    <div/id=d><i id = e>é<b id=f\n><!-- <a id=g> --><a id=\"h>i\" id=j>";
        let found = ids(html);
        let values: Vec<&str> = found.iter().map(|(v, _)| v.as_str()).collect();
        assert_eq!(values, ["é-1", "b", "d", "e", "f", "h>i", "j"]);
        for (value, span) in &found {
            assert!(html[span.clone()].contains(value.as_str()), "{value} at {span:?}");
        }
        // Tags cut short by the end of the text, or by a quote left open.
        assert_eq!(ids("<a id=x"), [("x".to_string(), 6..7)]);
        assert_eq!(ids("<a id=x><b id=\"y>"), [("x".to_string(), 6..7)]);
        assert!(ids("<").is_empty() && ids("<a").is_empty() && ids("<a id=\"q").is_empty());
        assert_eq!(ids("<a id="), [(String::new(), 6..6)]);
        // A comment opens only where a tag would; a tag name is ASCII letters and digits.
        assert_eq!(ids("<a <!-- <b id=y>"), [("y".to_string(), 14..15)]);
        assert_eq!(ids("<a\tid=é>x<!--"), [("é".to_string(), 6..8)]);
        assert_eq!(ids("<é id=1><a-b id=2>"), [("2".to_string(), 17..18)]);
    }

    #[test]
    fn normalizing_paths() {
        assert_eq!(normalize(Path::new("a/../b/./c.md")), Some(PathBuf::from("b/c.md")));
        assert_eq!(normalize(Path::new("../c.md")), None);
    }
}
