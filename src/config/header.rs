//! What the header shows besides the sections: `[[menu]]` links, the `logo` and the `favicon`.
//!
//! Both images are files of the site's `static/`, named by their path in the output, checked the
//! way `[theme] extra_css` is: pages load nothing from other hosts.

use serde::Deserialize;

use crate::error::{Diagnostic, Source};

/// One `[[menu]]` entry: an extra link in the header (and in the phone menu).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MenuEntry {
    pub(crate) name: toml::Spanned<String>,
    /// An `http(s)://` or `mailto:` URL, or a path in the site (`/criteria/`), which gets the
    /// base path in front so sites under a sub-path keep working.
    pub(crate) url: toml::Spanned<String>,
    /// Marked as leading off the site; by default true for `http(s)://` and `mailto:` URLs.
    #[serde(default)]
    pub(crate) external: Option<bool>,
}

impl MenuEntry {
    /// True for a URL with a scheme: it leaves the site.
    pub(crate) fn is_absolute(&self) -> bool {
        self.url.get_ref().contains(':')
    }

    /// The link's URL as pages use it: absolute URLs as written, site paths under `base_path`.
    pub(crate) fn href(&self, base_path: &str) -> String {
        let url = self.url.get_ref();
        if self.is_absolute() {
            url.clone()
        } else {
            format!("{base_path}{}", url.trim_start_matches('/'))
        }
    }

    pub(crate) fn external(&self) -> bool {
        self.external.unwrap_or_else(|| self.is_absolute())
    }
}

/// Problems in the `[[menu]]` entries, each at its place in `site.toml`.
pub(crate) fn menu_problems(menu: &[MenuEntry], source: &Source) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for entry in menu {
        let name = &entry.name;
        if name.get_ref().trim().is_empty() {
            problems.push(
                Diagnostic::error("a `[[menu]]` entry has an empty `name`")
                    .at_offset(source, name.span().start, name.span().len())
                    .help("the name is the link's text: `name = \"Repository\"`"),
            );
        }
        let url = &entry.url;
        if let Some(problem) = menu_url_problem(url.get_ref()) {
            problems.push(
                Diagnostic::error(format!("`[[menu]]` url `{}` {problem}", url.get_ref()))
                    .at_offset(source, url.span().start, url.span().len())
                    .help("write an `https://` URL, a `mailto:` address or a path in the site such as `\"/faq/\"`"),
            );
        }
    }
    problems
}

/// Why a menu URL cannot be a link in the header, if it cannot.
fn menu_url_problem(url: &str) -> Option<&'static str> {
    if url.trim().is_empty() {
        return Some("is empty");
    }
    if url.starts_with("//") {
        return Some("has no scheme; write `https://` in front");
    }
    if let Some((scheme, _)) = url.split_once(':') {
        let scheme = scheme.to_ascii_lowercase();
        if !matches!(scheme.as_str(), "http" | "https" | "mailto") {
            return Some("has a scheme other than `http`, `https` or `mailto`");
        }
    }
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("has a space or control character");
    }
    None
}

/// The image keys (`logo`, `favicon`) that name a file of `static/`.
pub(crate) fn image_keys<'a>(
    logo: Option<&'a toml::Spanned<String>>,
    favicon: Option<&'a toml::Spanned<String>>,
) -> impl Iterator<Item = (&'static str, &'a toml::Spanned<String>)> {
    [("logo", logo), ("favicon", favicon)].into_iter().filter_map(|(key, value)| value.map(|v| (key, v)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn menu_urls_are_links_or_site_paths() {
        for good in ["https://github.com/o/r", "mailto:a@b.org", "/faq/", "faq/", "/"] {
            assert_eq!(menu_url_problem(good), None, "{good}");
        }
        for bad in ["", "javascript:alert(1)", "//cdn.example/x", "a b", "data:text/html,x"] {
            assert!(menu_url_problem(bad).is_some(), "{bad}");
        }
    }
}
