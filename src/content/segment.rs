//! Which names a page or section can take in its URL: one path segment that stays inside the
//! output on every system, means the same in a link as on disk, and is not a name versa uses.

/// Names versa writes or serves itself at the top of the site, with what uses them.
pub(super) const RESERVED_AT_TOP: [(&str, &str); 6] = [
    ("404.html", "the page for missing URLs"),
    ("sitemap.xml", "the sitemap"),
    ("robots.txt", "the file for search engines"),
    ("assets", "the theme's styles and scripts"),
    ("__versa", "the dev server's live reload"),
    ("pagefind", "the search index"),
];

/// The longest file name most file systems allow (ext4, APFS, NTFS), in bytes.
const MAX_NAME_BYTES: usize = 255;

/// Why `name` cannot be the last URL segment of a page or section; `top` when it sits at the
/// site's top level, where versa's own files live.
pub(super) fn problem(name: &str, top: bool) -> Option<String> {
    let found = |what: &str| Some(format!("has {what}"));
    if name.is_empty() {
        return Some("is empty".into());
    }
    if name == "." || name == ".." {
        return Some("names the folder itself or its parent, not a folder of its own".into());
    }
    if name.contains(['/', '\\']) {
        return found("a slash; a slug is one URL segment (nest pages with folders instead)");
    }
    if name.chars().any(char::is_control) {
        return found("a NUL byte or another control character");
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '?' | '#' | '%')) {
        // A link to `/a?b/` would ask for `/a` with a query; `%` starts an escape.
        return found(&format!("`{c}`, which means something else in a URL"));
    }
    if name.chars().any(char::is_whitespace) {
        return found("a space, which every link would have to escape");
    }
    if let Some(c) = name.chars().find(|c| matches!(c, '<' | '>' | ':' | '"' | '|' | '*')) {
        return found(&format!("`{c}`, which Windows does not allow in file names"));
    }
    if name.ends_with('.') {
        return Some("ends with `.`, which Windows drops from file names".into());
    }
    if is_windows_device(name) {
        return Some("is a device name on Windows (`con`, `nul`, `aux`, `prn`, `com1`, `lpt1`, …)".into());
    }
    if name.len() > MAX_NAME_BYTES {
        return Some(format!("is {} bytes long; file names can have at most {MAX_NAME_BYTES}", name.len()));
    }
    if name.eq_ignore_ascii_case("index.html") {
        return Some("is the name of the file versa writes for every page".into());
    }
    if top {
        if let Some((_, what)) = RESERVED_AT_TOP.iter().find(|(reserved, _)| name.eq_ignore_ascii_case(reserved)) {
            return Some(format!("is a name versa uses at the top of the site, for {what}"));
        }
    }
    None
}

/// `con`, `nul.txt`, `COM1`: names Windows opens as devices, whatever their extension.
fn is_windows_device(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name).to_ascii_lowercase();
    matches!(stem.as_str(), "con" | "prn" | "aux" | "nul")
        || (stem.len() == 4
            && (stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.as_bytes()[3].is_ascii_digit()
            && stem.as_bytes()[3] != b'0')
}

#[cfg(test)]
mod tests {
    use super::problem;

    #[test]
    fn safe_names_pass() {
        for name in ["async", "v1.2", "größe-2", "a_b", ".well-known", "console", "com0", "assets-2"] {
            assert_eq!(problem(name, true), None, "{name}");
        }
        assert_eq!(problem("assets", false), None, "only the top level is versa's");
        assert_eq!(problem("sitemap.xml", false), None);
    }

    #[test]
    fn unsafe_or_reserved_names_fail() {
        let long = "a".repeat(256);
        for name in [
            "",
            ".",
            "..",
            "a/b",
            "a\\b",
            "a\0b",
            "a?b",
            "a#b",
            "50%",
            "a b",
            "a:b",
            "a.",
            "con",
            "NUL.txt",
            "com1",
            "lpt9",
            &long,
            "index.html",
            "Index.HTML",
            "404.html",
            "sitemap.xml",
            "robots.txt",
            "assets",
            "__versa",
        ] {
            assert!(problem(name, true).is_some(), "{name:?} passed");
        }
        assert!(problem("index.html", false).is_some());
    }
}
