//! Build-time code highlighting with syntect, emitting CSS classes (`hl-*`), never inline styles.
//!
//! 1. The grammar set (syntect's plus two-face's maintained extras: TOML, TypeScript, …) is
//!    loaded once per process, lazily, on first use; [`preload`] starts that early on a thread.
//! 2. [`highlight_lines`] highlights a block and splits it into one balanced HTML string per
//!    line, so callers can number, mark and wrap lines.
//! 3. [`css::theme_css`] writes the stylesheet for the light and the dark theme.

use std::sync::OnceLock;

use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

mod css;

pub use css::{theme_css, StyledScopes};

const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

/// The grammar set, loaded on first use.
pub fn syntaxes() -> &'static SyntaxSet {
    static SYNTAXES: OnceLock<SyntaxSet> = OnceLock::new();
    SYNTAXES.get_or_init(two_face::syntax::extra_newlines)
}

/// Start loading the grammars on a background thread while content is read.
pub fn preload() {
    std::thread::spawn(|| {
        syntaxes();
    });
}

/// Languages that mean "no highlighting" and never warrant a warning.
pub fn is_plain(lang: &str) -> bool {
    matches!(lang, "" | "text" | "txt" | "plain" | "plaintext" | "none")
}

/// A grammar and the set it belongs to (syntect resolves includes within the set).
#[derive(Clone, Copy)]
pub struct Grammar {
    set: &'static SyntaxSet,
    syntax: &'static SyntaxReference,
}

/// versa's own grammars, for languages whose bundled grammar is too old (Rust: no async/await).
fn own_syntaxes() -> &'static SyntaxSet {
    static OWN: OnceLock<SyntaxSet> = OnceLock::new();
    OWN.get_or_init(|| {
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
pub fn find_syntax(lang: &str) -> Option<Grammar> {
    if matches!(lang.to_ascii_lowercase().as_str(), "rust" | "rs") {
        let set = own_syntaxes();
        return set.find_syntax_by_name("Rust").map(|syntax| Grammar { set, syntax });
    }
    find_bundled(lang).map(|syntax| Grammar { set: syntaxes(), syntax })
}

fn find_bundled(lang: &str) -> Option<&'static SyntaxReference> {
    let lang = lang.to_ascii_lowercase();
    let token = match lang.as_str() {
        "shell" | "console" | "zsh" | "shellsession" => "bash",
        "py3" | "python3" => "py",
        "golang" => "go",
        "jsonc" | "json5" => "json",
        "dockerfile" => "Dockerfile",
        other => other,
    };
    syntaxes().find_syntax_by_token(token)
}

/// Highlight `code` and return one balanced HTML string per line (without newlines).
pub fn highlight_lines(code: &str, grammar: Grammar, styled: &StyledScopes) -> Vec<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(grammar.syntax, grammar.set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            // A grammar that fails mid-block should not cost the writer their build.
            return plain_lines(code);
        }
    }
    split_balanced(&generator.finalize(), &|classes| styled.is_styled(classes))
}

/// Escape `code` and return one HTML string per line.
pub fn plain_lines(code: &str) -> Vec<String> {
    code.lines().map(escape_html).collect()
}

/// Escape text for HTML content and attribute values.
pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Split highlighted HTML at newlines; spans open across a newline are closed at the end of
/// the line and reopened at the start of the next, so each line stands alone. Spans whose
/// classes `keep` rejects are left out (their text stays).
fn split_balanced(html: &str, keep: &dyn Fn(&str) -> bool) -> Vec<String> {
    let mut lines = Vec::new();
    // Every open span, and whether it was kept.
    let mut open: Vec<Option<&str>> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '\n']) {
        line.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('\n') {
            for _ in open.iter().flatten() {
                line.push_str("</span>");
            }
            lines.push(std::mem::take(&mut line));
            for tag in open.iter().flatten() {
                line.push_str(tag);
            }
            rest = &rest[1..];
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                if open.pop().flatten().is_some() {
                    line.push_str(tag);
                }
            } else {
                let classes = tag.split_once("class=\"").and_then(|(_, c)| c.split_once('"')).map_or("", |(c, _)| c);
                let kept = keep(classes).then_some(tag);
                if let Some(tag) = kept {
                    line.push_str(tag);
                }
                open.push(kept);
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
pub fn find_theme(name: &str) -> Option<EmbeddedThemeName> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names()
        .iter()
        .copied()
        .find(|t| t.as_name().eq_ignore_ascii_case(name))
}

/// The names of every theme, for the "available themes" hint.
pub fn theme_names() -> Vec<&'static str> {
    two_face::theme::EmbeddedLazyThemeSet::theme_names().iter().map(|t| t.as_name()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_balanced_per_line() {
        let lines = split_balanced("<span class=\"a\">x\ny</span>\n", &|_| true);
        assert_eq!(lines, vec!["<span class=\"a\">x</span>", "<span class=\"a\">y</span>"]);
        let lines = split_balanced("<span class=\"a\"><span class=\"b\">x\ny</span>z</span>\n", &|c| c == "b");
        assert_eq!(lines, vec!["<span class=\"b\">x</span>", "<span class=\"b\">y</span>z"]);
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
