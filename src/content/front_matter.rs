//! Front matter: TOML between `+++` lines or YAML between `---` lines (closed by `---` or
//! YAML's `...`), parsed into a typed [`FrontMatter`] with every error located in the markdown
//! file itself.
//!
//! Front matter is optional, as on GitHub and in every other generator: a file without it is a
//! page whose title [`crate::content`] finds elsewhere. Keys versa doesn't know are warnings,
//! not errors ([`foreign`]): they are often another tool's, and harmless.

use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize};

use super::foreign;
use crate::diagnostics::{describe_serde_message, strip_yaml_location};
use crate::error::{Diagnostic, Source};

/// `search` in front matter: versa's `search = false`, or MkDocs Material's table
/// (`search: { exclude: true }`, `search: { boost: 2 }`; the boost becomes Pagefind's
/// `data-pagefind-weight` on the page's body, see [`search_weight`]).
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(untagged)]
pub(crate) enum SearchFront {
    Indexed(bool),
    MkDocs {
        #[serde(default)]
        exclude: bool,
        #[serde(default)]
        boost: Option<Boost>,
    },
}

/// MkDocs Material's `boost`, any value: one that isn't a number is a warning, not a front
/// matter error, as the page is valid for MkDocs.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize, Serialize)]
#[serde(from = "serde_json::Value")]
pub(crate) enum Boost {
    Number(f64),
    NotANumber,
}

impl From<serde_json::Value> for Boost {
    fn from(value: serde_json::Value) -> Self {
        value.as_f64().map_or(Boost::NotANumber, Boost::Number)
    }
}

/// The range of Pagefind's `data-pagefind-weight`.
const SEARCH_WEIGHTS: std::ops::RangeInclusive<f64> = 0.0..=10.0;

impl SearchFront {
    pub(crate) fn indexed(self) -> bool {
        match self {
            SearchFront::Indexed(indexed) => indexed,
            SearchFront::MkDocs { exclude, .. } => !exclude,
        }
    }
}

/// The keys a page or section may set. Unknown keys are not refused here: [`foreign`] warns
/// about them and keeps them in `extra`. (`Serialize` only lists the keys, see [`known_keys`].)
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub(crate) struct FrontMatter {
    /// Empty when the front matter has none; [`crate::content`] then gives the page one.
    #[serde(default)]
    pub(crate) title: String,
    /// A shorter title for the navigation and breadcrumbs.
    pub(crate) nav_title: Option<String>,
    #[serde(default)]
    pub(crate) description: String,
    #[serde(default, deserialize_with = "date")]
    pub(crate) date: Option<String>,
    #[serde(default, deserialize_with = "date")]
    pub(crate) updated: Option<String>,
    #[serde(default)]
    pub(crate) draft: bool,
    pub(crate) weight: Option<i64>,
    pub(crate) slug: Option<String>,
    pub(crate) template: Option<String>,
    #[serde(default, deserialize_with = "tags")]
    pub(crate) tags: Vec<String>,
    pub(crate) toc: Option<bool>,
    /// Keys of the contenders this page compares, in display order.
    #[serde(default)]
    pub(crate) compare: Vec<String>,
    /// The key of the `matrix.toml` criterion this page discusses: its row is shown first.
    pub(crate) criterion: Option<String>,
    /// `false` leaves the criterion's row out of the body (a theme may show `page.criterion`).
    pub(crate) criterion_row: Option<bool>,
    /// `false` leaves the page out of the search index.
    pub(crate) search: Option<SearchFront>,
    /// Free-form values for custom templates.
    #[serde(default)]
    pub(crate) extra: serde_json::Value,
    /// `lastUpdated: false` (Starlight, VitePress): no "Last updated", not even from git.
    #[serde(skip)]
    pub(crate) hide_updated: bool,
    /// Pagefind's weight for the page's text, from MkDocs's `search: { boost }`, in 0–10.
    #[serde(skip)]
    pub(crate) search_weight: Option<f64>,
}

/// Which syntax the front matter was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Toml,
    Yaml,
}

/// The front matter and where the body starts.
#[derive(Debug, Clone)]
pub(crate) struct Parsed {
    pub(crate) front: FrontMatter,
    /// 1-based line of the closing delimiter (0 without front matter); keys live on lines 2 to
    /// `close_line - 1`, and body line `n` is file line `close_line + n`.
    pub(crate) close_line: usize,
    /// Byte offset of the body in the source text.
    pub(crate) body_offset: usize,
    /// Harmless surprises: unknown keys, an empty file. Shown each time the page is built.
    pub(crate) warnings: Vec<Diagnostic>,
}

impl Parsed {
    /// A file that is all body.
    fn without_front_matter(warnings: Vec<Diagnostic>) -> Self {
        Parsed { front: FrontMatter::default(), close_line: 0, body_offset: 0, warnings }
    }
}

/// Every key of [`FrontMatter`], taken from the struct itself so the list can't fall behind.
pub(crate) fn known_keys() -> &'static [&'static str] {
    static KEYS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        // A YAML mapping keeps the struct's order, and keeps the keys whose value is `None`.
        let value = serde_yaml_ng::to_value(FrontMatter::default()).expect("front matter serializes");
        let keys = value.as_mapping().map(|m| m.keys().filter_map(|k| k.as_str()).map(str::to_string).collect());
        keys.unwrap_or_else(Vec::new).into_iter().map(|k| &*k.leak()).collect()
    });
    &KEYS
}

/// Split and parse the front matter of `source`.
pub(crate) fn parse(source: &Source) -> Result<Parsed, Diagnostic> {
    let text = source.text.as_str();
    if text.trim().is_empty() {
        let warning = Diagnostic::warning("the page is empty").in_file(&source.path).help(
            "it is published as an empty page titled after its file name; write some markdown, or delete the file",
        );
        return Ok(Parsed::without_front_matter(vec![warning]));
    }
    // The lines are walked here rather than through `Source`'s line numbers, which are only
    // worked out (for the whole file) when a message needs one.
    let mut lines = text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    });
    let first = lines.next().map_or("", |(_, line)| line).trim_end();
    let lines = lines.zip(2..);
    let (format, fence, fences): (_, _, &[&str]) = match first {
        "+++" => (Format::Toml, "+++", &["+++"]),
        // `...` ends a YAML document; Jekyll and Pandoc accept it as the closing line.
        "---" => (Format::Yaml, "---", &["---", "..."]),
        _ => return Ok(Parsed::without_front_matter(Vec::new())),
    };
    let mut lines = lines.peekable();
    let ((start, second), _) = lines.peek().copied().unwrap_or(((text.len(), ""), 2));
    let Some(((end, close), close_line)) = lines.find(|((_, line), _)| fences.contains(&line.trim_end())) else {
        // A lone `---` or `+++` is CommonMark (a thematic break, a paragraph); only a key on the
        // next line makes it front matter whose closing line is certainly missing.
        if !looks_like_key(second.trim_end_matches(['\n', '\r']), format) {
            return Ok(Parsed::without_front_matter(Vec::new()));
        }
        return Err(Diagnostic::error(format!("the front matter opened on line 1 with `{fence}` is never closed"))
            .at(source, 1, 1, 3)
            .help(match format {
                Format::Toml => "add a line with only `+++` after the last front-matter key",
                Format::Yaml => "add a line with only `---` (or YAML's `...`) after the last front-matter key",
            }));
    };
    let body_offset = end + close.len();
    let front_text = &text[start..end];
    let front = match format {
        Format::Toml => toml::from_str::<FrontMatter>(front_text).map_err(|e| {
            let (message, help) = describe_serde_message(e.message());
            let d = Diagnostic::error(message);
            let d = match e.span() {
                Some(span) if !front_text.is_empty() => d.at_offset(source, start + span.start, span.len()),
                _ => d.at(source, 1, 1, 3),
            };
            with_help(d, help)
        })?,
        // `---`, `Foo`, `---` is a thematic break and a setext heading to CommonMark, and YAML
        // that is one string (or a list) is no tool's front matter: the file is all markdown.
        Format::Yaml if !is_yaml_mapping(front_text) => return Ok(Parsed::without_front_matter(Vec::new())),
        Format::Yaml => parse_yaml(front_text).map_err(|e| {
            let (message, help) = describe_serde_message(&strip_yaml_location(&e.to_string()));
            let d = match (quoted_value(front_text, &message), e.location()) {
                // Errors from our own value checks carry serde_yaml's position of the whole
                // mapping; the value they quote is the better place to point at.
                (Some(offset), _) => {
                    let len = message.split('`').nth(1).map_or(1, str::len);
                    Diagnostic::error(message).at_offset(source, start + offset, len)
                }
                (None, Some(loc)) => Diagnostic::error(message).at(source, loc.line() + 1, loc.column(), 1),
                (None, None) => Diagnostic::error(message).at(source, 1, 1, 3),
            };
            with_help(d, help)
        })?,
    };
    let mut parsed = Parsed { front, close_line, body_offset, warnings: Vec::new() };
    // The typed parse succeeded, so the same text parses as a plain table too.
    let keys = match format {
        Format::Toml => foreign::toml_keys(front_text),
        Format::Yaml => foreign::yaml_keys(front_text),
    };
    foreign::apply(source, &mut parsed, keys);
    check_tags(source, &mut parsed);
    search_weight(source, &mut parsed);
    Ok(parsed)
}

/// MkDocs Material's `search: { boost: N }` as Pagefind's weight, clamped to its 0–10 range
/// with a warning; a boost that isn't a number is a warning and ignored.
fn search_weight(source: &Source, parsed: &mut Parsed) {
    let Some(SearchFront::MkDocs { boost: Some(boost), .. }) = parsed.front.search else { return };
    let warning = match boost {
        Boost::Number(n) if SEARCH_WEIGHTS.contains(&n) => {
            parsed.front.search_weight = Some(n);
            return;
        }
        Boost::Number(n) => {
            let clamped = n.clamp(*SEARCH_WEIGHTS.start(), *SEARCH_WEIGHTS.end());
            parsed.front.search_weight = Some(clamped);
            Diagnostic::warning(format!("the search boost {n} is outside 0 to 10; versa uses {clamped}"))
        }
        Boost::NotANumber => Diagnostic::warning("the search boost is not a number; it is ignored"),
    };
    let (line, col, width) = key_position(source, parsed, "search");
    let help = "`boost` is Pagefind's weight for the page's text, a number from 0 to 10 (1 is usual)";
    parsed.warnings.push(warning.at(source, line, col, width).help(help));
}

/// A tag whose slug cannot be a URL segment gets no tag page: a warning at `tags`, and the page
/// shows it without a link.
fn check_tags(source: &Source, parsed: &mut Parsed) {
    for tag in &parsed.front.tags {
        if let Some(problem) = super::tags::slug_problem(tag) {
            let (line, col, width) = key_position(source, parsed, "tags");
            let warning = Diagnostic::warning(format!("the tag `{tag}` has no tag page: its URL name {problem}"))
                .at(source, line, col, width)
                .help("tags are named with letters or digits; the page still shows this one, without a link");
            parsed.warnings.push(warning);
        }
    }
}

/// Where the value a message quotes first (`` `2026-02-31` is not a date ``) stands as a value
/// in the front matter.
fn quoted_value(front_text: &str, message: &str) -> Option<usize> {
    let value = message.split('`').nth(1).filter(|v| !v.is_empty())?;
    let mut offset = 0;
    for line in front_text.split_inclusive('\n') {
        if let Some(colon) = line.find(':') {
            if let Some(at) = line[colon..].find(value) {
                return Some(offset + colon + at);
            }
        }
        offset += line.len();
    }
    None
}

/// Whether `line` could be the first line of front matter: a key (`title = `, `title:`), a
/// table header (`[extra]`) or a comment.
fn looks_like_key(line: &str, format: Format) -> bool {
    let line = line.trim();
    let key_end = match format {
        Format::Toml if line.starts_with('[') || line.starts_with('#') => return true,
        Format::Yaml if line.starts_with('#') => return true,
        Format::Toml => line.find('='),
        Format::Yaml => line.find(':').filter(|&i| line[i + 1..].is_empty() || line[i + 1..].starts_with(' ')),
    };
    key_end.is_some_and(|i| {
        let key = line[..i].trim().trim_matches(['"', '\'']);
        !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || "_-.".contains(c))
    })
}

/// Whether YAML text is a mapping (or empty, or invalid: the typed parse then says why), rather
/// than a single value or a list.
fn is_yaml_mapping(text: &str) -> bool {
    match serde_yaml_ng::from_str::<serde_yaml_ng::Value>(text) {
        Ok(value) => value.is_mapping() || value.is_null(),
        Err(_) => true,
    }
}

fn parse_yaml(text: &str) -> Result<FrontMatter, serde_yaml_ng::Error> {
    // An empty YAML document is `null`, not an empty mapping.
    if text.trim().is_empty() {
        return Ok(FrontMatter::default());
    }
    serde_yaml_ng::from_str(text)
}

fn with_help(d: Diagnostic, help: Option<String>) -> Diagnostic {
    match help {
        Some(help) => d.help(help),
        None => d,
    }
}

/// Tags are a list, or one string of comma-separated tags (`tags: a, b`), as other tools allow.
fn tags<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<String>, D::Error> {
    struct Tags;
    impl<'de> serde::de::Visitor<'de> for Tags {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("a list of strings, or one string of tags separated by commas")
        }
        fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Self::Value, E> {
            Ok(text.split(',').map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            let mut tags = Vec::new();
            while let Some(tag) = seq.next_element::<String>()? {
                tags.push(tag);
            }
            Ok(tags)
        }
    }
    deserializer.deserialize_any(Tags)
}

/// Dates are TOML dates (`2026-11-20`, unquoted) or strings in the same form, with an optional
/// time; anything else is an error naming the expected form.
fn date<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    let value = toml::Value::deserialize(deserializer)?;
    let text = match value {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s,
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date like 2026-11-20, found {}",
                other.type_str()
            )))
        }
    };
    if is_date(&text) {
        Ok(Some(text))
    } else {
        Err(serde::de::Error::custom(format!("`{text}` is not a date like 2026-11-20")))
    }
}

/// A calendar date (`2026-02-31` is not one), optionally followed by a time in RFC 3339 form
/// (`T10:00:00Z`, `T10:00:00+02:00`), a local time (`T10:00:00`, `10:00`), with `T` or a space.
pub(super) fn is_date(text: &str) -> bool {
    let (day, time) = match text.get(..10) {
        Some(day) if text.len() == 10 => (day, None),
        Some(day) if matches!(text.as_bytes()[10], b'T' | b't' | b' ') => (day, Some(&text[11..])),
        _ => return false,
    };
    let day_ok = day.as_bytes()[4] == b'-' && chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok();
    let time_ok = time.is_none_or(|time| {
        let (clock, offset) = split_offset(time);
        (offset.is_empty() || chrono::DateTime::parse_from_rfc3339(&format!("{day}T{time}")).is_ok())
            && ["%H:%M:%S%.f", "%H:%M"].iter().any(|form| chrono::NaiveTime::parse_from_str(clock, form).is_ok())
    });
    day_ok && time_ok
}

/// A time of day and its offset (`Z`, `+02:00`), if it has one.
fn split_offset(time: &str) -> (&str, &str) {
    match time.find(['Z', 'z', '+', '-']) {
        Some(i) => time.split_at(i),
        None => (time, ""),
    }
}

/// Line, column and width of `key` inside the front matter, for errors about its value.
pub(crate) fn key_position(source: &Source, parsed: &Parsed, key: &str) -> (usize, usize, usize) {
    crate::diagnostics::key_position(source, 2..parsed.close_line, key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_text(text: &str) -> Result<Parsed, Diagnostic> {
        parse(&Source::new("content/a.md", text.to_string()))
    }

    #[test]
    fn toml_and_yaml_front_matter() {
        let toml = parse_text("+++\ntitle = \"A\"\ndate = 2026-11-20\nweight = 2\n+++\nbody\n").unwrap();
        assert_eq!(toml.front.title, "A");
        assert_eq!(toml.front.date.as_deref(), Some("2026-11-20"));
        assert_eq!(toml.body_offset, "+++\ntitle = \"A\"\ndate = 2026-11-20\nweight = 2\n+++\n".len());
        let yaml = parse_text("---\ntitle: B\ndate: 2026-01-02\ntags: [x, y]\n---\n").unwrap();
        assert_eq!(yaml.front.title, "B");
        assert_eq!(yaml.front.tags, vec!["x", "y"]);
    }

    #[test]
    fn toml_error_is_located_in_the_markdown_file() {
        let err = parse_text("+++\ntitle = \"A\"\n\nweight = = 3\n+++\n").unwrap_err();
        assert_eq!(err.loc.unwrap().line, 4);
    }

    #[test]
    fn yaml_error_is_located_in_the_markdown_file() {
        let err = parse_text("---\ntitle: A\nweight: [1]\n---\n").unwrap_err();
        assert_eq!(err.loc.unwrap().line, 3);
    }

    #[test]
    fn unknown_keys_warn_and_join_extra() {
        let parsed =
            parse_text("---\ntitle: A\ntitel: B\nextra:\n  titel: mine\nhide_title: true\n...\nbody\n").unwrap();
        let warnings: Vec<String> = parsed.warnings.iter().map(|w| w.message.clone()).collect();
        assert_eq!(warnings, ["unknown key `titel`", "unknown key `hide_title`"]);
        assert_eq!(parsed.warnings[0].loc.as_ref().unwrap().line, 3);
        assert_eq!(parsed.front.extra["titel"], "mine", "an explicit extra entry wins");
        assert_eq!(parsed.front.extra["hide_title"], true);
        assert_eq!(parsed.close_line, 7);
    }

    #[test]
    fn commonmark_that_only_looks_like_front_matter_is_markdown() {
        for text in ["+++\n", "---\nFoo\n---\nBar\n", "---\n- a\n- b\n---\n", "---\nSome text.\n"] {
            let parsed = parse_text(text).unwrap();
            assert_eq!((parsed.close_line, parsed.body_offset), (0, 0), "{text:?}");
        }
        assert!(parse_text("+++\ntitle = \"A\"\n").is_err(), "a key makes the missing close certain");
        assert!(parse_text("---\ntitle: A\n").is_err());
        assert!(parse_text("+++\n[extra]\n").is_err());
        assert_eq!(parse_text("---\n---\nbody\n").unwrap().close_line, 2, "Jekyll's empty front matter");
    }

    #[test]
    fn known_keys_come_from_the_struct() {
        assert!(known_keys().contains(&"title") && known_keys().contains(&"extra"));
        assert_eq!(known_keys().len(), 16);
        assert_eq!(known_keys()[..2], ["title", "nav_title"], "in the struct's order");
    }

    #[test]
    fn tags_may_be_one_string() {
        assert_eq!(parse_text("---\ntags: a, b\n---\n").unwrap().front.tags, ["a", "b"]);
        assert_eq!(parse_text("+++\ntags = \"a, b\"\n+++\n").unwrap().front.tags, ["a", "b"]);
        assert!(parse_text("+++\ntags = 3\n+++\n").is_err());
    }

    #[test]
    fn bad_dates_are_rejected() {
        assert!(parse_text("+++\ntitle = \"A\"\ndate = \"next week\"\n+++\n").is_err());
        assert!(is_date("2026-11-20T10:00:00Z"));
        assert!(!is_date("2026-13-01"));
        assert!(!is_date("2026-02-31"), "February has no 31st");
        assert!(!is_date("2025-02-29"), "2025 is not a leap year");
        assert!(is_date("2024-02-29"));
        assert!(is_date("2026-11-20 10:00"));
        assert!(is_date("2026-11-20T10:00:00.5+02:00"));
        assert!(is_date("2026-11-20T10:00:00"));
        assert!(!is_date("2026-11-20T25:00:00Z"));
        assert!(!is_date("2026-11-20Tnoon"));
        assert!(!is_date("2026/11/20"));
    }
}
