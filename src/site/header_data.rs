//! What `base.html` and the header get from `site.toml` beyond plain strings: the contenders'
//! colour rules, the `[[menu]]` links and the default tab icon. Built here, in Rust, so templates
//! only output them.

use std::fmt::Write as _;

use crate::config::{Config, Contender};
use crate::render::context::MenuLink;

/// The theme's tab icon: two overlapping cards, as the header's logo.
pub(super) const DEFAULT_FAVICON: &str = "data:image/svg+xml,%3Csvg%20xmlns=%27http://www.w3.org/2000/svg%27%20viewBox=%270%200%2032%2032%27%3E%3Crect%20x=%272%27%20y=%276%27%20width=%2716%27%20height=%2720%27%20rx=%274%27%20fill=%27%232f6fde%27/%3E%3Crect%20x=%2714%27%20y=%276%27%20width=%2716%27%20height=%2720%27%20rx=%274%27%20fill=%27%2319a594%27%20fill-opacity=%27.85%27/%3E%3C/svg%3E";

/// How many contender colours the theme defines (`--contender-1` … `--contender-4`).
const COLOURS: usize = 4;

/// One rule per contender (the first four): its key and its name, as criteria cells and compare
/// panes carry them, get its colour on every page, whatever order a page lists it in.
pub(super) fn contender_css(contenders: &[&Contender]) -> String {
    let mut css = String::new();
    for (i, c) in contenders.iter().take(COLOURS).enumerate() {
        let _ = writeln!(
            css,
            "[data-contender=\"{}\"], [data-compare-pane=\"{}\"] {{ --c: var(--contender-{}); }}",
            css_string(&c.key),
            css_string(&c.name),
            i + 1
        );
    }
    css
}

/// The text of a double-quoted CSS string inside an HTML `<style>`: quotes, backslashes and line
/// breaks escaped as CSS reads them, and `<` as `\3c ` so no `</style>` can end the element.
fn css_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '<' | '>' | '&' => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c if c.is_control() => {
                let _ = write!(out, "\\{:x} ", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// The `[[menu]]` links with their URLs as pages use them.
pub(super) fn menu(config: &Config, base_path: &str) -> Vec<MenuLink> {
    config
        .menu
        .iter()
        .map(|entry| MenuLink {
            name: entry.name.get_ref().clone(),
            url: entry.href(base_path),
            external: entry.external(),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn selectors_are_escaped_in_rust() {
        assert_eq!(css_string("a\"b\\c</style>"), "a\\\"b\\\\c\\3c /style\\3e ");
        assert_eq!(css_string("line\nbreak"), "line\\a break");
        let mut c: Contender = toml::from_str("name = \"Fast</style>\"").unwrap();
        c.key = "fast\"api".into();
        let css = contender_css(&[&c; 5]);
        assert_eq!(css.lines().count(), 4, "four colours, four rules");
        assert!(css.starts_with("[data-contender=\"fast\\\"api\"], [data-compare-pane=\"Fast\\3c /style\\3e \"] { --c: var(--contender-1); }"), "{css}");
        assert!(!css.contains("</"));
    }
}
