//! Build-time code highlighting with syntect, emitting CSS classes (`hl-*`), never inline styles.
//!
//! 1. The grammar set (syntect's plus two-face's maintained extras: TOML, TypeScript, …) is
//!    loaded once per process, lazily, on first use; [`preload`] starts that early on a thread.
//! 2. [`check_size`] keeps blocks that would take too long out of the highlighter (see
//!    [`MAX_LINE_BYTES`]); they are shown plain.
//! 3. [`highlight_lines`] highlights a block and splits it into one balanced HTML string per
//!    line, so callers can number, mark and wrap lines.
//! 4. [`css::theme_css`] writes the stylesheet for the light and the dark theme.

use std::collections::HashMap;
use std::sync::{OnceLock, PoisonError, RwLock};

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

use crate::html::escape_html;

mod cache;
mod css;
mod pack;
mod prune;

pub(crate) use cache::{Cache, Stats as CacheStats, DEFAULT_MAX_BYTES as DEFAULT_CACHE_MAX_BYTES};
pub(crate) use css::{theme_css, StyledScopes};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammar set, loaded on first use.
pub(crate) fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(|| {
        limit_regex_work();
        two_face::syntax::extra_newlines()
    })
}

/// How much backtracking one Oniguruma search may do before it counts as no match.
///
/// Some grammars' regexes backtrack without bound on long runs of one character (a 500-byte
/// line of spaces took SystemVerilog 0.37 s, growing with the cube of the length); with this
/// limit it takes 30 ms. syntect treats a search that hits the limit as not matching. The limit
/// counts steps, not time, so the same text gets the same markup on every machine; real code
/// never comes near it (737 files in 20 languages highlight byte for byte as without a limit at
/// a tenth of it; a few searches need more than 3,000).
const REGEX_RETRY_LIMIT: std::os::raw::c_ulong = 100_000;

/// Set [`REGEX_RETRY_LIMIT`] once, before any grammar can be used.
fn limit_regex_work() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        // SAFETY: this writes Oniguruma's process-wide default, which each search copies when
        // it starts; `Once` orders the write before any search, as every search needs a set
        // that is only returned after this ran.
        let status = unsafe { onig_sys::onig_set_retry_limit_in_search(REGEX_RETRY_LIMIT) };
        debug_assert_eq!(status, 0, "Oniguruma rejected the retry limit");
    });
}

/// Whether `markdown` has a fenced block in a language that is not plain text: a hint to
/// [`preload`] (the grammars load on first use anyway), so a site without such code never
/// loads them.
pub(crate) fn has_code_to_highlight(markdown: &str) -> bool {
    markdown.lines().any(|line| {
        let line = line.trim_start_matches([' ', '>']);
        let Some(rest) = line.strip_prefix("```").or_else(|| line.strip_prefix("~~~")) else { return false };
        let lang = rest.trim_start_matches(['`', '~', ' ', '{', '.']);
        let word = lang.split(|c: char| c.is_whitespace() || c == ',' || c == '{' || c == '}').next().unwrap_or("");
        !is_plain(word)
    })
}

/// Start loading the grammars on a background thread while content is read; once per process.
pub(crate) fn preload() {
    static STARTED: std::sync::Once = std::sync::Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(syntaxes);
    });
}

/// Languages that mean "no highlighting" and never warrant a warning.
pub(crate) fn is_plain(lang: &str) -> bool {
    matches!(
        lang.to_ascii_lowercase().as_str(),
        "" | "text" | "txt" | "plain" | "plaintext" | "plain-text" | "none" | "output" | "nohighlight" | "no-highlight"
    )
}

/// A grammar and the set it belongs to (syntect resolves includes within the set).
#[derive(Clone, Copy)]
pub(crate) struct Grammar {
    set: &'static SyntaxSet,
    syntax: &'static SyntaxReference,
}

/// versa's own grammars, for languages whose bundled grammar is too old (Rust: no async/await).
fn own_syntaxes() -> &'static SyntaxSet {
    static OWN: OnceLock<SyntaxSet> = OnceLock::new();
    OWN.get_or_init(|| {
        limit_regex_work();
        let mut builder = syntect::parsing::SyntaxSetBuilder::new();
        builder.add_plain_text_syntax();
        let rust =
            syntect::parsing::SyntaxDefinition::load_from_str(include_str!("grammars/rust.sublime-syntax"), true, None)
                .expect("the bundled Rust grammar is valid (a unit test loads it)");
        builder.add(rust);
        builder.build()
    })
}

/// The grammar for a fence's language name or alias, if there is one.
pub(crate) fn find_syntax(lang: &str) -> Option<Grammar> {
    // Every fence asks, and syntect's search by extension walks every grammar; a site uses a
    // handful of names, so each is looked up once (up to a bound, against sites that don't).
    static FOUND: OnceLock<RwLock<HashMap<String, Option<Grammar>>>> = OnceLock::new();
    let found = FOUND.get_or_init(RwLock::default);
    if let Some(grammar) = found.read().unwrap_or_else(PoisonError::into_inner).get(lang) {
        return *grammar;
    }
    let grammar = look_up_syntax(lang);
    let mut found = found.write().unwrap_or_else(PoisonError::into_inner);
    if found.len() < 512 {
        found.insert(lang.to_string(), grammar);
    }
    grammar
}

fn look_up_syntax(lang: &str) -> Option<Grammar> {
    if matches!(lang.to_ascii_lowercase().as_str(), "rust" | "rs") {
        let set = own_syntaxes();
        return set.find_syntax_by_name("Rust").map(|syntax| Grammar { set, syntax });
    }
    find_bundled(lang).map(|syntax| Grammar { set: syntaxes(), syntax })
}

fn find_bundled(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.to_ascii_lowercase();
    // Names writers use (GitHub's linguist aliases, other tools' habits) that are neither a
    // grammar's name nor one of its file extensions; the rest resolve by name or extension.
    let name = match lang.as_str() {
        "shell" | "console" | "zsh" | "shellsession" | "shell-session" | "sh-session" | "terminal" => {
            "Bourne Again Shell (bash)"
        }
        "pycon" | "py3" | "python3" => "Python",
        "golang" => "Go",
        "jsonc" | "json5" => "JSON",
        "docker" | "dockerfile" | "containerfile" => "Dockerfile",
        "csharp" => "C#",
        "fsharp" => "F#",
        "objectivec" | "objc" => "Objective-C",
        "objectivec++" | "objc++" | "objective-c++" => "Objective-C++",
        "pwsh" | "posh" => "PowerShell",
        "batch" => "Batch File",
        "hbs" | "handlebars" | "mustache" => "HTML",
        "mdx" => "Markdown",
        "protobuf" => "Protocol Buffer",
        _ => return syntaxes().find_syntax_by_token(&lang),
    };
    syntaxes().find_syntax_by_name(name)
}

/// The longest line versa highlights, in bytes.
///
/// syntect runs its grammars' Oniguruma regexes from each token to the end of the line, so the
/// cost of one line grows with the square of its length, and with the cube for some grammars
/// (SystemVerilog, INI: a 1,000-byte line of spaces takes 2 s, a 500-byte one 0.25 s; Bash's
/// 1,000-byte line takes 20 ms). Bounding the line length makes the cost of a block grow in
/// proportion to its size for every grammar.
pub(crate) const MAX_LINE_BYTES: usize = 500;

/// The largest block versa highlights, in bytes: ordinary Bash highlights at about 4.5 s per
/// MB, so this keeps a block near a second.
pub(crate) const MAX_BLOCK_BYTES: usize = 256 * 1024;

/// A block too large to highlight: its size, and its longest line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TooLarge {
    pub(crate) bytes: usize,
    pub(crate) lines: usize,
    /// 1-based number of the longest line, and its length in bytes.
    pub(crate) longest_line: (usize, usize),
}

/// Whether `code` is small enough to highlight: a size rule, so the same text always gets the
/// same markup on any machine (a time budget would not).
pub(crate) fn check_size(code: &str) -> Result<(), TooLarge> {
    let mut longest_line = (0, 0);
    let mut lines = 0;
    for (i, line) in code.lines().enumerate() {
        lines = i + 1;
        if line.len() > longest_line.1 {
            longest_line = (i + 1, line.len());
        }
    }
    if code.len() > MAX_BLOCK_BYTES || longest_line.1 > MAX_LINE_BYTES {
        return Err(TooLarge { bytes: code.len(), lines, longest_line });
    }
    Ok(())
}

/// What highlighting needs for a site: the scopes its themes style, and the cache.
pub(crate) struct Highlighter {
    pub(crate) styled: std::sync::Arc<StyledScopes>,
    pub(crate) cache: std::sync::Arc<Cache>,
}

impl Highlighter {
    /// [`highlight_lines`], through the cache.
    pub(crate) fn lines(&self, code: &str, grammar: Grammar) -> cache::Lines {
        let set: &[u8] = if std::ptr::eq(grammar.set, own_syntaxes()) { b"versa" } else { b"bundled" };
        let key = cache::key(&[set, grammar.syntax.name.as_bytes(), self.styled.digest(), code.as_bytes()]);
        self.cache.lines(key, || highlight_lines(code, grammar, &self.styled).into())
    }
}

/// Highlight `code` and return one balanced HTML string per line (without newlines). Callers
/// check [`check_size`] first: this takes as long as the grammar needs.
pub(crate) fn highlight_lines(code: &str, grammar: Grammar, styled: &StyledScopes) -> Vec<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(grammar.syntax, grammar.set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            // A grammar that fails mid-block should not cost the writer their build.
            return plain_lines(code);
        }
    }
    split_balanced(&generator.finalize(), &|classes| styled.shown(classes))
}

/// Escape `code` and return one HTML string per line.
pub(crate) fn plain_lines(code: &str) -> Vec<String> {
    code.lines().map(escape_html).collect()
}

/// Split highlighted HTML at newlines; spans open across a newline are closed at the end of
/// the line and reopened at the start of the next, so each line stands alone. `shown` gives
/// each span's class attribute, or `None` to leave the span out (its text stays).
fn split_balanced(html: &str, shown: &dyn Fn(&str) -> Option<std::sync::Arc<str>>) -> Vec<String> {
    let mut lines = Vec::new();
    // Every open span: its start tag if it was kept, and where its content starts in `line`.
    let mut open: Vec<(Option<String>, usize)> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '\n']) {
        line.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('\n') {
            for _ in open.iter().filter(|(tag, _)| tag.is_some()) {
                line.push_str("</span>");
            }
            lines.push(std::mem::take(&mut line));
            for (tag, start) in &mut open {
                if let Some(tag) = tag {
                    line.push_str(tag);
                }
                *start = line.len();
            }
            rest = &rest[1..];
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                match open.pop() {
                    // An empty span (often one reopened on a new line just to close) is left out.
                    Some((Some(start_tag), start)) if start == line.len() => line.truncate(start - start_tag.len()),
                    Some((Some(_), _)) => line.push_str(tag),
                    _ => {}
                }
            } else {
                let classes = tag.split_once("class=\"").and_then(|(_, c)| c.split_once('"')).map_or("", |(c, _)| c);
                let kept = shown(classes).map(|classes| format!("<span class=\"{classes}\">"));
                if let Some(tag) = &kept {
                    line.push_str(tag);
                }
                open.push((kept, line.len()));
            }
            rest = &rest[end..];
        }
    }
    line.push_str(rest);
    // After a final newline only reopened-and-closed empty spans remain: that is no line.
    if lines.is_empty() || has_text(&line) {
        lines.push(line);
    }
    lines
}

fn has_text(html: &str) -> bool {
    let mut in_tag = false;
    html.chars().any(|c| {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => return true,
            _ => {}
        }
        false
    })
}

/// The theme with this name (as written in `site.toml`), if two-face ships it.
pub(crate) fn find_theme(name: &str) -> Option<EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|t| t.as_name().eq_ignore_ascii_case(name))
}

/// The names of every theme, for the "available themes" hint.
pub(crate) fn theme_names() -> Vec<&'static str> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names().iter().map(|t| t.as_name()).collect()
}

#[cfg(test)]
mod tests {

    #[test]
    fn only_fences_in_a_highlighted_language_ask_for_the_grammars() {
        for yes in ["```python\nx\n```", "~~~ rust\n", "  ```{.js}\n", "> ```bash\n", "```rust,editable\n"] {
            assert!(has_code_to_highlight(yes), "{yes:?}");
        }
        for no in ["```\nx\n```", "```text\n", "~~~ txt\n", "plain `code` and ``inline``", ""] {
            assert!(!has_code_to_highlight(no), "{no:?}");
        }
    }

    use super::*;

    #[test]
    fn spans_are_balanced_per_line() {
        let lines = split_balanced("<span class=\"a\">x\ny</span>\n", &|c| Some(c.into()));
        assert_eq!(lines, vec!["<span class=\"a\">x</span>", "<span class=\"a\">y</span>"]);
        let lines = split_balanced("<span class=\"a\"><span class=\"b\">x\ny</span>z</span>\n", &|c| {
            (c == "b").then(|| c.into())
        });
        assert_eq!(lines, vec!["<span class=\"b\">x</span>", "<span class=\"b\">y</span>z"]);
        let lines = split_balanced(
            "<span class=\"a\">x</span>\n<span class=\"a\">y\n</span>z<span class=\"b\"></span>",
            &|c| Some(c.into()),
        );
        assert_eq!(lines, vec!["<span class=\"a\">x</span>", "<span class=\"a\">y</span>", "z"], "no empty spans");
    }

    #[test]
    fn blocks_beyond_the_limits_are_too_large() {
        assert_eq!(check_size("a\nbb\n"), Ok(()));
        let long_line = format!("x\n{}\ny\n", " ".repeat(MAX_LINE_BYTES + 1));
        assert_eq!(
            check_size(&long_line),
            Err(TooLarge { bytes: MAX_LINE_BYTES + 6, lines: 3, longest_line: (2, MAX_LINE_BYTES + 1) })
        );
        assert_eq!(check_size(&" ".repeat(MAX_LINE_BYTES)), Ok(()));
        let many = "x\n".repeat(MAX_BLOCK_BYTES / 2 + 1);
        assert_eq!(check_size(&many).map_err(|e| e.lines), Err(MAX_BLOCK_BYTES / 2 + 1));
    }

    #[test]
    fn regex_backtracking_is_bounded_once_grammars_load() {
        syntaxes();
        // SAFETY: reads the process-wide default that `limit_regex_work` wrote.
        assert_eq!(unsafe { onig_sys::onig_get_retry_limit_in_search() }, REGEX_RETRY_LIMIT);
    }

    #[test]
    fn python_highlights_with_classes() {
        let syntax = find_syntax("python").unwrap();
        let lines = highlight_lines("def f():\n    return \"<x>\"\n", syntax, &StyledScopes::all());
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("hl-storage"), "{}", lines[0]);
        assert!(lines[1].contains("&lt;x&gt;"), "{}", lines[1]);
    }

    #[test]
    fn grammars_found_again_are_the_ones_found_first() {
        let name = |g: Option<Grammar>| g.map(|g| (g.syntax.name.clone(), std::ptr::eq(g.set, own_syntaxes())));
        for lang in ["python", "Python", "py", "RS", "shell", "golang", "no-such-language", ""] {
            let first = name(find_syntax(lang));
            assert_eq!(first, name(look_up_syntax(lang)), "{lang}");
            assert_eq!(name(find_syntax(lang)), first, "{lang}, asked again");
        }
        assert_eq!(name(find_syntax("RS")), Some(("Rust".to_string(), true)));
        assert_eq!(name(find_syntax("golang")).map(|(n, _)| n).as_deref(), Some("Go"));
        assert_eq!(name(find_syntax("no-such-language")), None);
    }

    #[test]
    fn rust_knows_async_and_await() {
        let lines = highlight_lines(
            "async fn get() -> u32 { load().await }\n",
            find_syntax("rust").unwrap(),
            &StyledScopes::all(),
        );
        assert!(lines[0].contains("<span class=\"hl-keyword hl-control hl-rust\">async</span>"), "{}", lines[0]);
        assert!(lines[0].contains("<span class=\"hl-keyword hl-control hl-rust\">await</span>"), "{}", lines[0]);
        assert!(lines[0].contains("hl-entity hl-name hl-function"), "{}", lines[0]);
    }
}
