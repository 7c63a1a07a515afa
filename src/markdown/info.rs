//! A fence's info string → its language and versa's attributes.
//!
//! CommonMark leaves everything after the language free, and sites moved from other tools use
//! it: versa understands the common forms and ignores the rest with a warning, never an error,
//! so content valid elsewhere still builds.
//!
//! 1. Split into words; `{…}` groups (attached, as in `js{1,3}`, or apart) and quoted values
//!    stay whole.
//! 2. The first word is the language; mdBook's `rust,editable` keeps what is before the comma
//!    and reads the rest as attributes; `{python}` and `{.python …}` give it too.
//! 3. Each attribute maps to versa's (`hl_lines="2 3"` → `hl`, `linenos` → `numbers`, …); words
//!    that mean nothing here become one warning under them.

use super::code::Info;
use crate::error::Diagnostic;

/// The attributes a fence may carry after its language.
pub(super) const ATTRIBUTES: &[&str] =
    &["title", "label", "file", "lines", "region", "hl", "numbers", "wrap", "nowrap"];

/// mdBook attributes that only steer its test runner or playground buttons: the code reads the
/// same without them, so they are dropped without a word.
const MDBOOK_SILENT: &[&str] = &[
    "editable",
    "ignore",
    "no_run",
    "should_panic",
    "compile_fail",
    "noplayground",
    "noplaypen",
    "mdbook-runnable",
    "edition2015",
    "edition2018",
    "edition2021",
    "edition2024",
];

/// A problem in an info string, at a byte range of it.
#[derive(Debug)]
pub(super) struct Problem {
    pub diagnostic: Diagnostic,
    pub offset: usize,
    pub len: usize,
}

/// What a fence's info string says, and what in it versa could not use.
#[derive(Debug, Default)]
pub(super) struct Fence {
    pub info: Info,
    pub problems: Vec<Problem>,
    /// The words versa ignored (also in one of `problems`).
    pub ignored: Vec<String>,
}

/// One word of an info string and where it starts.
#[derive(Debug, Clone, Copy)]
struct Word<'a> {
    text: &'a str,
    offset: usize,
}

/// Parse an info string, understanding the forms of other tools; see the module docs.
pub(super) fn parse_fence(info: &str) -> Fence {
    let mut fence = Fence::default();
    let mut unknown = Vec::new();
    for (i, word) in split_words(info, 0, false).into_iter().enumerate() {
        if let Some(inner) = group(word.text) {
            let inner = Word { text: inner, offset: word.offset + 1 };
            read_group(inner, i == 0, &mut fence, &mut unknown);
        } else if i == 0 && word.text.split('=').next().is_some_and(|key| key == word.text || key.contains(',')) {
            read_language(word, &mut fence, &mut unknown);
        } else {
            read_attribute(word, &mut fence, &mut unknown);
        }
    }
    if !unknown.is_empty() {
        fence.problems.push(ignored_words(info, &unknown));
        fence.ignored = unknown.iter().map(|w| w.text.to_string()).collect();
    }
    fence
}

/// `{…}`'s inside, if `word` is a group.
fn group(word: &str) -> Option<&str> {
    word.strip_prefix('{').map(|inner| inner.strip_suffix('}').unwrap_or(inner))
}

/// The language, with mdBook's `rust,editable` attributes after a comma.
fn read_language<'a>(word: Word<'a>, fence: &mut Fence, unknown: &mut Vec<Word<'a>>) {
    let mut parts = comma_parts(word);
    let mut lang = parts.remove(0);
    // VitePress's `ts:line-numbers`: the language, then an attribute.
    if let Some(colon) = lang.text.find(':').filter(|&c| c > 0) {
        read_attribute(Word { text: &lang.text[colon..], offset: lang.offset + colon }, fence, unknown);
        lang.text = &lang.text[..colon];
    }
    fence.info.lang = lang.text.to_string();
    for part in parts {
        read_attribute(part, fence, unknown);
    }
}

/// A `{…}` group: `{1,3-5}` (lines to highlight), `{python}` (a language) or an attribute list
/// (`{ .python title="x" linenos=true }`, Hugo's `{linenos=table,hl_lines=[2,"4-5"]}`).
fn read_group<'a>(inner: Word<'a>, first: bool, fence: &mut Fence, unknown: &mut Vec<Word<'a>>) {
    let text = inner.text.trim();
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == ',' || c == '-' || c == ' ') {
        fence.info.attrs.insert("hl".into(), normalize_lines(text));
        return;
    }
    let words = split_words(inner.text, inner.offset, true);
    if first && words.len() == 1 && !text.contains('=') && !text.starts_with(['.', '#']) {
        fence.info.lang = text.to_string();
        return;
    }
    for word in words {
        match word.text.strip_prefix('.') {
            Some(class) if fence.info.lang.is_empty() => fence.info.lang = class.to_string(),
            Some(class) if class == fence.info.lang => {}
            Some("numberLines" | "number-lines") => mark_numbers(fence, ""),
            _ => read_attribute(word, fence, unknown),
        }
    }
}

/// One `key=value` or bare word after the language.
fn read_attribute<'a>(word: Word<'a>, fence: &mut Fence, unknown: &mut Vec<Word<'a>>) {
    let (key, value) = match word.text.split_once('=') {
        Some((key, raw)) => match unquote(raw) {
            Some(value) => (key, Some(value)),
            None if ATTRIBUTES.contains(&key) => {
                fence.problems.push(unclosed_quote(key, word));
                return;
            }
            None => {
                unknown.push(word);
                return;
            }
        },
        None => (word.text, None),
    };
    match key {
        "wrap" | "nowrap" => read_wrap(key, value, word, fence),
        _ if ATTRIBUTES.contains(&key) => {
            fence.info.attrs.insert(key.to_string(), value.unwrap_or_default().to_string());
        }
        "hl_lines" | "highlight" | "emphasize-lines" | "mark" => {
            fence.info.attrs.insert("hl".into(), normalize_lines(value.unwrap_or_default()));
        }
        "linenos" | "linenums" | "showLineNumbers" | "numberLines" | "line-numbers" | ":line-numbers" => {
            mark_numbers(fence, value.unwrap_or_default());
        }
        ":no-line-numbers" => {}
        // VitePress names a block `[npm]` (a tab of a code group, a file): shown as its title.
        _ if value.is_none() && key.len() > 2 && key.starts_with('[') && key.ends_with(']') => {
            let name = key[1..key.len() - 1].to_string();
            fence.info.attrs.entry("label".into()).or_insert_with(|| name.clone());
            fence.info.attrs.entry("title".into()).or_insert(name);
        }
        _ if MDBOOK_SILENT.contains(&key) => {}
        _ => unknown.push(word),
    }
}

/// `wrap`, `wrap=true|false` (as in Expressive Code) and `nowrap`, kept as `wrap="true|false"`.
/// Any other value is an error: the writer asked for something, and guessing could be wrong.
fn read_wrap(key: &str, value: Option<&str>, word: Word<'_>, fence: &mut Fence) {
    let wrap = match (key, value) {
        ("wrap", None | Some("true")) => Some(true),
        ("wrap", Some("false")) | ("nowrap", None) => Some(false),
        _ => None,
    };
    match wrap {
        Some(wrap) => {
            if fence.info.attrs.insert("wrap".into(), wrap.to_string()).is_some_and(|old| old != wrap.to_string()) {
                fence.problems.push(Problem {
                    diagnostic: Diagnostic::error("this code block says both `wrap` and `nowrap`")
                        .help("keep one: `wrap` soft-wraps long lines, `nowrap` scrolls them sideways"),
                    offset: word.offset,
                    len: word.text.len(),
                });
            }
        }
        None => fence.problems.push(Problem {
            diagnostic: Diagnostic::error(format!("`{}` is not a value of `{key}`", word.text)).help(
                "write `wrap` (or `wrap=true`) to soft-wrap long lines, `nowrap` (or `wrap=false`) to scroll them",
            ),
            offset: word.offset,
            len: word.text.len(),
        }),
    }
}

/// Number the lines unless the value turns them off (`linenos=false`).
fn mark_numbers(fence: &mut Fence, value: &str) {
    if !matches!(value, "false" | "no" | "0") {
        fence.info.attrs.insert("numbers".into(), String::new());
    }
}

/// `"2 3"`, `[2,"4-5"]`, `1, 3-5` → versa's `2,3` / `2,4-5` / `1,3-5`.
fn normalize_lines(value: &str) -> String {
    let cleaned: String = value.chars().filter(|c| !matches!(c, '[' | ']' | '"' | '\'')).collect();
    cleaned.split([',', ' ']).filter(|part| !part.is_empty()).collect::<Vec<_>>().join(",")
}

/// A value without its quotes, or `None` when a quote is never closed.
fn unquote(raw: &str) -> Option<&str> {
    match raw.chars().next() {
        Some(quote @ ('"' | '\'')) if raw.len() >= 2 && raw.ends_with(quote) => Some(&raw[1..raw.len() - 1]),
        Some('"' | '\'') => None,
        _ => Some(raw),
    }
}

fn unclosed_quote(key: &str, word: Word<'_>) -> Problem {
    Problem {
        diagnostic: Diagnostic::error(format!("the value of `{key}` has no closing quote"))
            .help(format!("write `{key}=\"...\"`")),
        offset: word.offset,
        len: word.text.len(),
    }
}

/// One warning for every word versa does not use, with the caret from the first to the last.
fn ignored_words(info: &str, words: &[Word<'_>]) -> Problem {
    let names: Vec<&str> = words.iter().map(|w| w.text).collect();
    let diagnostic = match names.as_slice() {
        [one] => Diagnostic::warning(format!("versa ignores `{one}` in this code block's info string"))
            .help(attribute_help(one)),
        _ => Diagnostic::warning(format!("versa ignores `{}` in this code block's info string", names.join("`, `")))
            .help(format!("code blocks take `{}`", ATTRIBUTES.join("`, `"))),
    };
    let start = words[0].offset;
    let last = words[words.len() - 1];
    let end = (last.offset + last.text.len()).min(info.len());
    Problem { diagnostic, offset: start, len: end - start }
}

/// What versa's attributes are, and the closest to `word`'s key.
pub(super) fn attribute_help(word: &str) -> String {
    let key = word.split('=').next().unwrap_or(word);
    match crate::diagnostics::closest(key, ATTRIBUTES) {
        Some(best) => format!("did you mean `{best}`? code blocks take `{}`", ATTRIBUTES.join("`, `")),
        None => format!("code blocks take `{}`", ATTRIBUTES.join("`, `")),
    }
}

/// mdBook's `rust,editable,hidelines=!!!` → `rust`, `editable`, `hidelines=!!!`.
fn comma_parts(word: Word<'_>) -> Vec<Word<'_>> {
    let mut parts = Vec::new();
    let mut offset = word.offset;
    for text in word.text.split(',') {
        if !text.is_empty() || parts.is_empty() {
            parts.push(Word { text, offset });
        }
        offset += text.len() + 1;
    }
    parts
}

/// Split at whitespace (and, inside a group, commas), keeping quoted values and `{…}` groups
/// whole; a group attached to a word (`js{1,3}`) becomes a word of its own.
fn split_words<'a>(text: &'a str, base: usize, in_group: bool) -> Vec<Word<'a>> {
    let whole = text;
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    let mut quote: Option<char> = None;
    // A quote opens a value only right after a word's first `=` (`title="a b"`); elsewhere it
    // is an ordinary character.
    let mut value_at: Option<usize> = None;
    let mut depth = 0usize;
    let push = |words: &mut Vec<Word<'a>>, from: usize, to: usize| {
        if to > from {
            words.push(Word { text: &whole[from..to], offset: base + from });
        }
    };
    for (i, c) in text.char_indices() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
            continue;
        }
        if start.is_none() {
            value_at = None;
        }
        match c {
            '"' | '\'' if value_at == Some(i) => quote = Some(c),
            '=' if value_at.is_none() && start.is_some() => value_at = Some(i + 1),
            '{' | '[' if depth == 0 && c == '{' && !in_group => {
                if let Some(from) = start.take() {
                    push(&mut words, from, i);
                }
                start = Some(i);
                depth = 1;
            }
            '{' | '[' => {
                start.get_or_insert(i);
                depth += 1;
            }
            '}' | ']' if depth > 0 => {
                depth -= 1;
                if depth == 0 && c == '}' && !in_group {
                    if let Some(from) = start.take() {
                        push(&mut words, from, i + 1);
                    }
                }
            }
            c if depth == 0 && (c.is_whitespace() || (in_group && c == ',')) => {
                if let Some(from) = start.take() {
                    push(&mut words, from, i);
                }
            }
            _ => {
                start.get_or_insert(i);
            }
        }
    }
    if let Some(from) = start {
        push(&mut words, from, text.len());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(info: &str) -> Fence {
        parse_fence(info)
    }

    #[test]
    fn vitepress_names_and_line_numbers() {
        let fence = parse("sh [npm]");
        assert_eq!(fence.info.lang, "sh");
        assert_eq!(fence.info.attrs.get("title").map(String::as_str), Some("npm"));
        assert_eq!(fence.info.attrs.get("label").map(String::as_str), Some("npm"));
        assert!(fence.problems.is_empty());
        let fence = parse("ts:line-numbers {1}");
        assert_eq!(fence.info.lang, "ts");
        assert!(fence.info.attrs.contains_key("numbers") && fence.info.attrs.contains_key("hl"));
        assert!(fence.problems.is_empty());
    }

    #[test]
    fn versa_form() {
        let fence = parse(r#"python title="my app.py" hl=2,4 numbers"#);
        assert_eq!(fence.info.lang, "python");
        assert_eq!(fence.info.get("title"), Some("my app.py"));
        assert_eq!(fence.info.get("hl"), Some("2,4"));
        assert_eq!(fence.info.get("numbers"), Some(""));
        assert!(fence.problems.is_empty());
    }

    #[test]
    fn foreign_forms() {
        assert_eq!(parse("js{1,3-5}").info.get("hl"), Some("1,3-5"));
        assert_eq!(parse("js {1,3-5}").info.lang, "js");
        assert_eq!(parse(r#"py hl_lines="2 3""#).info.get("hl"), Some("2,3"));
        assert_eq!(parse("go {linenos=true,hl_lines=[2,\"4-5\"]}").info.get("hl"), Some("2,4-5"));
        assert!(parse("go {linenos=true}").info.get("numbers").is_some());
        assert!(parse("go {linenos=false}").info.get("numbers").is_none());
        assert!(parse("jsx showLineNumbers").info.get("numbers").is_some());
        let fence = parse(r#"python { title="a b.py" }"#);
        assert_eq!((fence.info.lang.as_str(), fence.info.get("title")), ("python", Some("a b.py")));
        let fence = parse(r#"{ .python title="x" }"#);
        assert_eq!((fence.info.lang.as_str(), fence.info.get("title")), ("python", Some("x")));
        assert_eq!(parse("{python}").info.lang, "python");
        let fence = parse("rust,editable,hidelines=!!!");
        assert_eq!(fence.info.lang, "rust");
        assert_eq!(fence.problems.len(), 1, "hidelines changes what is shown");
        assert!(parse("rust,ignore").problems.is_empty());
    }

    #[test]
    fn unknown_words_are_one_located_warning() {
        let info = "ruby startline=3 $%@#$";
        let fence = parse(info);
        assert_eq!(fence.info.lang, "ruby");
        let [problem] = fence.problems.as_slice() else { panic!("{:?}", fence.problems) };
        assert!(!problem.diagnostic.is_error());
        assert_eq!(&info[problem.offset..problem.offset + problem.len], "startline=3 $%@#$");
        let fence = parse(r#"python titel="x""#);
        assert!(fence.problems[0].diagnostic.help.as_deref().unwrap().contains("did you mean `title`?"));
        assert!(parse(r#"python title="x"#).problems[0].diagnostic.is_error());
    }

    #[test]
    fn wrap_and_nowrap() {
        assert_eq!(parse("python wrap").info.get("wrap"), Some("true"));
        assert_eq!(parse("python wrap=true").info.get("wrap"), Some("true"));
        assert_eq!(parse("python {wrap=false}").info.get("wrap"), Some("false"));
        assert_eq!(parse("python nowrap").info.get("wrap"), Some("false"));
        assert_eq!(parse("python").info.get("wrap"), None);
        let info = "python wrap=sometimes";
        let fence = parse(info);
        let [problem] = fence.problems.as_slice() else { panic!("{:?}", fence.problems) };
        assert!(problem.diagnostic.is_error());
        assert_eq!(&info[problem.offset..problem.offset + problem.len], "wrap=sometimes");
        assert!(parse("python nowrap=1").problems[0].diagnostic.is_error());
        assert!(parse("python wrap nowrap").problems[0].diagnostic.is_error());
        assert!(parse("python wrap wrap=true").problems.is_empty());
    }
}
