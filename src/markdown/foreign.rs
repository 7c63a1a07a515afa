//! The syntax of other tools that versa does not run: Hugo shortcodes, mdBook's `{{#include}}`,
//! MDX `import`/`export` lines and components, VitePress's `[[toc]]` and `<script setup>`,
//! MkDocs' `--8<--` snippets, template expressions.
//!
//! Valid where the page comes from, so never an error: each is a located warning, and what a
//! reader would have seen stays on the page as written. Only lines that are code for the other
//! tool and never shown there (imports, exports, `[[toc]]`, `<script setup>`) are left out, and
//! they become empty lines, so every other line keeps its number.

use std::borrow::Cow;
use std::collections::HashSet;

use super::containers::ScanError;
use crate::error::Diagnostic;

/// The body with the other tools' code lines emptied, and the warnings about what remains.
pub(super) struct Foreign<'a> {
    pub(super) text: Cow<'a, str>,
    pub(super) warnings: Vec<ScanError>,
}

/// Scan `body` line by line; fenced code is left alone but for mdBook's includes, which live
/// inside fences.
pub(super) fn scan(body: &str) -> Foreign<'_> {
    let mut scanner = Scanner::default();
    // Copied only once a line is left out; most pages are used as they are.
    let mut out: Option<String> = None;
    let mut offset = 0;
    for (index, raw) in body.split_inclusive('\n').enumerate() {
        let text = raw.trim_end_matches(['\n', '\r']);
        let kept = scanner.line(index + 1, text);
        let changed = !matches!(kept, Some(Cow::Borrowed(_)));
        if changed && out.is_none() {
            let mut copy = String::with_capacity(body.len());
            copy.push_str(&body[..offset]);
            out = Some(copy);
        }
        if let Some(out) = &mut out {
            out.push_str(kept.as_deref().unwrap_or(""));
            out.push_str(&raw[text.len()..]);
        }
        offset += raw.len();
    }
    let text = out.map_or(Cow::Borrowed(body), Cow::Owned);
    Foreign { text, warnings: scanner.warnings }
}

#[derive(Default)]
struct Scanner {
    warnings: Vec<ScanError>,
    /// The open code fence: its character and length.
    fence: Option<(char, usize)>,
    /// Inside a `<script setup>` block, which is left out up to its `</script>`.
    script: bool,
    /// Components and expressions are warned about once a page, at the first.
    components: HashSet<String>,
    expression_warned: bool,
}

impl Scanner {
    /// Look at one line: what stays of it (`None` when it is left out of the page).
    fn line<'t>(&mut self, number: usize, text: &'t str) -> Option<Cow<'t, str>> {
        let trimmed = text.trim();
        if self.script {
            self.script = !trimmed.starts_with("</script>");
            return None;
        }
        if self.fence_line(trimmed) {
            self.mdbook(number, text);
            return Some(Cow::Borrowed(text));
        }
        if self.fence.is_some() {
            self.mdbook(number, text);
            return Some(Cow::Borrowed(text));
        }
        let col = text.len() - text.trim_start().len() + 1;
        if let Some(word) = esm_line(text) {
            self.warn(number, 1, trimmed.len(), format!("versa does not run MDX: this `{word}` line is left out of the page"),
                "it is module code for the other tool, not text; components it brings in are warned about where they are used");
            return None;
        }
        if trimmed.eq_ignore_ascii_case("[[toc]]") || trimmed == "[TOC]" {
            self.warn(
                number,
                col,
                trimmed.len(),
                format!("`{trimmed}` is left out: versa shows the table of contents itself"),
                "the page's `##` and `###` headings make it; `toc = false` in the front matter hides it",
            );
            return None;
        }
        if trimmed.starts_with("<script setup") {
            self.script = !trimmed.contains("</script>");
            self.warn(
                number,
                col,
                "<script setup>".len(),
                "versa does not run Vue: this `<script setup>` block is left out of the page".to_string(),
                "what it computes is not on the page; write the text itself instead",
            );
            return None;
        }
        if trimmed.starts_with("--8<--") {
            self.warn(
                number,
                col,
                6,
                "versa does not include MkDocs snippets: the line is shown as written".to_string(),
                "copy the snippet's text into the page, or show a code file with ```lang file=\"path\"```",
            );
        }
        self.mdbook(number, text);
        let text = hugo_refs(text);
        self.shortcodes(number, &text);
        self.components(number, &text);
        Some(text)
    }

    /// Open or close a code fence; true for a fence line.
    fn fence_line(&mut self, trimmed: &str) -> bool {
        let ch = match trimmed.chars().next() {
            Some(c @ ('`' | '~')) => c,
            _ => return false,
        };
        let run = trimmed.chars().take_while(|&c| c == ch).count();
        if run < 3 {
            return false;
        }
        match self.fence {
            Some((open, len)) if open == ch && run >= len && trimmed[run..].trim().is_empty() => self.fence = None,
            Some(_) => return false,
            None => self.fence = Some((ch, run)),
        }
        true
    }

    /// mdBook's `{{#include file}}`, `{{#rustdoc_include}}`, `{{#playground}}`, `{{#title}}`.
    fn mdbook(&mut self, number: usize, text: &str) {
        for (at, inner) in braces(text, "{{#") {
            let name = inner.trim_start_matches('#').split_whitespace().next().unwrap_or("");
            let help = match name {
                "title" => "set `title` in the front matter instead",
                _ => "to show a file's code, write ```rust file=\"path\"``` (with `lines=\"3-20\"` or `region=\"name\"` for a part)",
            };
            let width = inner.len() + 4;
            self.warn(
                number,
                col_of(text, at),
                width,
                format!("versa does not expand mdBook's `{{{{#{name}}}}}`: it is shown as written"),
                help,
            );
        }
    }

    /// Hugo's `{{< name … >}}` and `{{% name … %}}`; a closing `{{< /name >}}` is not warned about.
    fn shortcodes(&mut self, number: usize, text: &str) {
        for open in ["{{<", "{{%"] {
            for (at, inner) in braces(text, open) {
                let name = inner.trim_start_matches(['<', '%', ' ']).split_whitespace().next().unwrap_or("");
                if name.starts_with('/') || name.starts_with("/*") {
                    continue;
                }
                let width = inner.len() + 4;
                self.warn(
                    number,
                    col_of(text, at),
                    width,
                    format!("versa does not run Hugo shortcodes: `{name}` is shown as written"),
                    "write its content as markdown (an image, a `::: note`, a fenced code block) to drop the shortcode",
                );
            }
        }
        if !self.expression_warned {
            if let Some((at, _)) = braces(text, "{{ ").into_iter().next() {
                self.expression_warned = true;
                self.warn(
                    number,
                    col_of(text, at),
                    3,
                    "`{{ … }}` is a template expression (Vue, Hugo, Jinja); versa shows it as written".to_string(),
                    "write the value itself; a page's own values are available to templates, not to markdown",
                );
            }
        }
    }

    /// `<Tabs>`, `<TabItem>`, `<Badge … />`: MDX and Vue components, warned about once each.
    fn components(&mut self, number: usize, text: &str) {
        let bytes = text.as_bytes();
        for (at, _) in text.match_indices('<') {
            // ASCII only, so its length in bytes is its length in characters.
            let len = bytes[at + 1..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'.').count();
            let name = &text[at + 1..at + 1 + len];
            let after = bytes.get(at + 1 + len);
            let component =
                name.starts_with(|c: char| c.is_ascii_uppercase()) && matches!(after, None | Some(b' ' | b'>' | b'/'));
            // Counting backticks is the costly part: only for what would be a component.
            if !component || bytes[..at].iter().filter(|&&b| b == b'`').count() % 2 == 1 {
                continue;
            }
            if !self.components.insert(name.to_string()) {
                continue;
            }
            self.warn(
                number,
                col_of(text, at),
                name.len() + 1,
                format!("`<{name}>` is a component of another tool, which versa does not run"),
                "what is inside it is shown as it is; for callouts use `::: note`, for code side by side `::: compare`",
            );
        }
    }

    fn warn(&mut self, line: usize, col: usize, width: usize, message: String, help: &str) {
        let diagnostic = Diagnostic::warning(message).help(help);
        self.warnings.push(ScanError { line, col, width: width.max(1), diagnostic });
    }
}

/// Hugo's `[text]({{< ref "about.md" >}})` (or `relref`) is a link to that page: the
/// destination becomes the path, from the content root unless it starts with `.`.
fn hugo_refs(text: &str) -> Cow<'_, str> {
    if !text.as_bytes().contains(&b'{') || !text.contains("ref ") {
        return Cow::Borrowed(text);
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("]({{") {
        let (before, from) = rest.split_at(at + 2);
        let Some(end) = from.find("}})") else { break };
        let inner = from[2..end].trim_matches(['<', '>', '%', ' ']);
        let path =
            inner.strip_prefix("relref ").or_else(|| inner.strip_prefix("ref ")).map(|p| p.trim().trim_matches('"'));
        out.push_str(before);
        match path.filter(|p| !p.is_empty() && !p.contains(char::is_whitespace)) {
            Some(path) if path.starts_with(['.', '/']) => out.push_str(path),
            Some(path) => {
                out.push('/');
                out.push_str(path);
            }
            None => out.push_str(&from[..end + 2]),
        }
        rest = &from[end + 2..];
    }
    if out.is_empty() {
        return Cow::Borrowed(text);
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// `import … from '…'`, `import '…'` or `export const|function|default …` at the start of a
/// line: an ES module line of MDX. Returns `import` or `export`.
fn esm_line(text: &str) -> Option<&'static str> {
    if let Some(rest) = text.strip_prefix("import ") {
        let quoted = rest.contains(" from '") || rest.contains(" from \"") || rest.starts_with(['\'', '"']);
        return quoted.then_some("import");
    }
    let rest = text.strip_prefix("export ")?;
    ["const ", "let ", "function ", "default ", "{"].iter().any(|w| rest.starts_with(w)).then_some("export")
}

/// Every `open … }}` in `text`: its byte offset and what is between `{{` and `}}`.
fn braces<'t>(text: &'t str, open: &str) -> Vec<(usize, &'t str)> {
    let mut found = Vec::new();
    // Asked four times of every line, and most have no brace: one byte search answers them.
    if !text.as_bytes().contains(&b'{') {
        return found;
    }
    let mut from = 0;
    while let Some(at) = text[from..].find(open).map(|i| i + from) {
        let Some(end) = text[at..].find("}}").map(|i| i + at) else { break };
        found.push((at, &text[at + 2..end.max(at + 2)]));
        from = end + 2;
    }
    found
}

/// The 1-based column, in characters, of a byte offset.
fn col_of(text: &str, at: usize) -> usize {
    text[..at].chars().count() + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(body: &str) -> Vec<(usize, usize, String)> {
        scan(body).warnings.into_iter().map(|w| (w.line, w.col, w.diagnostic.message)).collect()
    }

    #[test]
    fn module_lines_and_toc_markers_become_empty_lines() {
        let body = "import Tabs from '@theme/Tabs';\n\n[[toc]]\nText.\nexport const x = 1;\n";
        let foreign = scan(body);
        assert_eq!(foreign.text, "\n\n\nText.\n\n");
        assert_eq!(foreign.warnings.iter().map(|w| w.line).collect::<Vec<_>>(), [1, 3, 5]);
        assert!(matches!(scan("Plain text.\n").text, Cow::Borrowed(_)));
    }

    #[test]
    fn shortcodes_includes_and_components_are_located() {
        let got = messages(
            "a {{< figure src=\"x\" >}} b\n{{< /figure >}}\n```rust\n{{#include a.rs}}\n```\n  <Tabs>\n<Tabs>\n",
        );
        assert_eq!(got[0].0..got[0].1, 1..3);
        assert!(got[0].2.contains("`figure`"));
        assert_eq!((got[1].0, got[1].1), (4, 1));
        assert!(got[1].2.contains("{{#include}}"), "{}", got[1].2);
        assert_eq!((got[2].0, got[2].1), (6, 3));
        assert_eq!(got.len(), 3, "a component is warned about once, a closing shortcode not at all");
    }

    #[test]
    fn code_and_prose_are_left_alone() {
        assert!(messages("```mdx\nimport X from 'y';\n<Tabs>\n{{< x >}}\n```\n`<Tabs>` and a < b.\n").is_empty());
        assert!(messages("import this module, and export it.\n").is_empty());
    }

    #[test]
    fn hugo_refs_are_links() {
        assert_eq!(
            hugo_refs(r#"See [it]({{< ref "about/index.md" >}}) or [x]({{< relref "./y.md" >}})."#),
            "See [it](/about/index.md) or [x](./y.md)."
        );
        assert_eq!(hugo_refs("A [plain](a.md) link."), "A [plain](a.md) link.");
        assert!(messages("[it]({{< ref \"a.md\" >}})\n").is_empty(), "understood, so no warning");
    }

    #[test]
    fn script_setup_is_left_out_to_its_end() {
        let foreign = scan("<script setup>\nconst a = 1\n</script>\nText.\n");
        assert_eq!(foreign.text, "\n\n\nText.\n");
    }
}
