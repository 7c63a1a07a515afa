//! Build-time code highlighting with syntect, emitting CSS classes (`hl-*`), never inline styles.
//!
//! 1. The grammar set (syntect's plus two-face's maintained extras: TOML, TypeScript, …) is
//!    loaded once per process, lazily, on first use; [`preload`] starts that early on a thread.
//! 2. [`highlight_lines`] highlights a block and splits it into one balanced HTML string per
//!    line, so callers can number, mark and wrap lines.
//! 3. [`theme_css`] writes the stylesheet for the light and the dark theme.

use std::fmt::Write as _;
use std::sync::OnceLock;

use syntect::highlighting::{Color, FontStyle, Theme};
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::{Scope, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;
use two_face::theme::EmbeddedThemeName;

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

/// The grammar for a fence's language name or alias, if there is one.
pub fn find_syntax(lang: &str) -> Option<&'static SyntaxReference> {
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
pub fn highlight_lines(code: &str, syntax: &SyntaxReference) -> Vec<String> {
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes(), CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        if generator.parse_html_for_line_which_includes_newline(line).is_err() {
            // A grammar that fails mid-block should not cost the writer their build.
            return plain_lines(code);
        }
    }
    split_balanced(&generator.finalize())
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
/// the line and reopened at the start of the next, so each line stands alone.
fn split_balanced(html: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut open: Vec<&str> = Vec::new();
    let mut line = String::new();
    let mut rest = html;
    while let Some(i) = rest.find(['<', '\n']) {
        line.push_str(&rest[..i]);
        rest = &rest[i..];
        if rest.starts_with('\n') {
            for _ in &open {
                line.push_str("</span>");
            }
            lines.push(std::mem::take(&mut line));
            for tag in &open {
                line.push_str(tag);
            }
            rest = &rest[1..];
        } else {
            let end = rest.find('>').map_or(rest.len(), |e| e + 1);
            let tag = &rest[..end];
            if tag.starts_with("</") {
                open.pop();
            } else {
                open.push(tag);
            }
            line.push_str(tag);
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

/// The highlighting stylesheet: `light` by default, `dark` under `prefers-color-scheme: dark`
/// unless the reader chose light, and under `data-theme="dark"` when they chose dark.
pub fn theme_css(light: &str, dark: &str) -> String {
    let themes = two_face::theme::extra();
    let light = find_theme(light).map(|t| themes.get(t));
    let dark = find_theme(dark).map(|t| themes.get(t));
    let mut css = String::from("/* generated by versa from the [highlight] themes */\n");
    if let Some(light) = light {
        theme_rules(&mut css, light, ":root");
    }
    if let Some(dark) = dark {
        css.push_str("@media (prefers-color-scheme: dark) {\n");
        theme_rules(&mut css, dark, ":root:not([data-theme=\"light\"])");
        css.push_str("}\n");
        theme_rules(&mut css, dark, ":root[data-theme=\"dark\"]");
    }
    css
}

fn theme_rules(css: &mut String, theme: &Theme, scope: &str) {
    let settings = &theme.settings;
    let _ = write!(css, "{scope} pre.code-block {{");
    if let Some(fg) = settings.foreground {
        let _ = write!(css, " color: {};", hex(fg));
    }
    if let Some(bg) = settings.background {
        let _ = write!(css, " background-color: {};", hex(bg));
    }
    css.push_str(" }\n");
    if let Some(line) = settings.line_highlight {
        let _ = writeln!(css, "{scope} pre.code-block .line.hl {{ background-color: {}; }}", hex(line));
    }
    for item in &theme.scopes {
        let selectors: Vec<String> = item
            .scope
            .selectors
            .iter()
            .map(|selector| {
                let classes: Vec<String> = selector.extract_scopes().iter().map(|s| scope_selector(*s)).collect();
                format!("{scope} {}", classes.join(" "))
            })
            .collect();
        if selectors.is_empty() {
            continue;
        }
        let _ = write!(css, "{} {{", selectors.join(", "));
        if let Some(fg) = item.style.foreground {
            let _ = write!(css, " color: {};", hex(fg));
        }
        if let Some(font) = item.style.font_style {
            if font.contains(FontStyle::BOLD) {
                css.push_str(" font-weight: bold;");
            }
            if font.contains(FontStyle::ITALIC) {
                css.push_str(" font-style: italic;");
            }
            if font.contains(FontStyle::UNDERLINE) {
                css.push_str(" text-decoration: underline;");
            }
        }
        css.push_str(" }\n");
    }
}

/// `.hl-keyword.hl-control`-style selector for a scope like `keyword.control`.
fn scope_selector(scope: Scope) -> String {
    let mut out = String::new();
    for atom in scope.build_string().split('.') {
        out.push_str(".hl-");
        for c in atom.chars() {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                out.push(c);
            } else {
                let _ = write!(out, "\\{c}");
            }
        }
    }
    out
}

fn hex(c: Color) -> String {
    if c.a == 0xFF {
        format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
    } else {
        format!("#{:02x}{:02x}{:02x}{:02x}", c.r, c.g, c.b, c.a)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_balanced_per_line() {
        let lines = split_balanced("<span class=\"a\">x\ny</span>\n");
        assert_eq!(lines, vec!["<span class=\"a\">x</span>", "<span class=\"a\">y</span>"]);
    }

    #[test]
    fn python_highlights_with_classes() {
        let syntax = find_syntax("python").unwrap();
        let lines = highlight_lines("def f():\n    return \"<x>\"\n", syntax);
        assert_eq!(lines.len(), 2);
        assert!(lines[0].contains("hl-storage"), "{}", lines[0]);
        assert!(lines[1].contains("&lt;x&gt;"), "{}", lines[1]);
    }

    #[test]
    fn css_has_both_themes() {
        let css = theme_css("InspiredGitHub", "OneHalfDark");
        assert!(css.contains(":root pre.code-block"));
        assert!(css.contains(":root[data-theme=\"dark\"] .hl-"));
    }
}
