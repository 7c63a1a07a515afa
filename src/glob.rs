//! Path globs for `[search] exclude`: `*` and `?` stay within one path segment, `**` spans any
//! number of segments, and a pattern without a wildcard also names everything below it (`drafts`
//! is `drafts` and `drafts/**`), as in `.gitignore`. Small on purpose: the one place versa
//! matches globs, so no glob crate.

/// Why `pattern` cannot name pages, if it cannot.
pub(crate) fn problem(pattern: &str) -> Option<&'static str> {
    if pattern.trim().is_empty() {
        return Some("is empty");
    }
    if pattern.starts_with('/') && pattern.trim_matches('/').is_empty() {
        return Some("names the whole site; turn search off with `enabled = false` instead");
    }
    if pattern.contains('\\') {
        return Some("has a `\\`; write paths with `/`");
    }
    if pattern.split('/').any(|part| part == "." || part == "..") {
        return Some("has a `.` or `..` part");
    }
    None
}

/// True when `pattern` names `path` (both with `/` separators; leading and trailing `/` do not
/// count, so `/changelog/` and `changelog` are the same pattern).
pub(crate) fn matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    let path: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
    segments(&pattern, &path) || (!pattern.iter().any(|p| p.contains(['*', '?'])) && path.starts_with(&pattern))
}

fn segments(pattern: &[&str], path: &[&str]) -> bool {
    match pattern.split_first() {
        None => path.is_empty(),
        Some((&"**", rest)) => (0..=path.len()).any(|skip| segments(rest, &path[skip..])),
        Some((first, rest)) => {
            path.split_first().is_some_and(|(name, tail)| segment(first, name) && segments(rest, tail))
        }
    }
}

/// One segment against one name: `*` any run of characters, `?` one character.
fn segment(pattern: &str, name: &str) -> bool {
    let (pattern, name): (Vec<char>, Vec<char>) = (pattern.chars().collect(), name.chars().collect());
    // Classic two-pointer wildcard match with backtracking to the last `*`.
    let (mut p, mut n, mut star, mut mark) = (0, 0, None, 0);
    while n < name.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == name[n]) {
            p += 1;
            n += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = n;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            n = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wildcards_stay_in_their_segment_unless_doubled() {
        assert!(matches("legal.md", "legal.md"));
        assert!(matches("*.md", "legal.md"));
        assert!(!matches("*.md", "guides/legal.md"));
        assert!(matches("**/*.md", "guides/a/legal.md"));
        assert!(matches("guides/**", "guides/a/b.md"));
        assert!(matches("guides/**/b.md", "guides/b.md"));
        assert!(matches("g?ides/*", "guides/x.md"));
        assert!(!matches("guides/*", "other/x.md"));
        assert!(matches("a*c*e", "abcde"));
        assert!(!matches("a*c*e", "abcdf"));
    }

    #[test]
    fn a_plain_path_names_what_is_below_it() {
        assert!(matches("drafts", "drafts/one.md"));
        assert!(matches("/changelog/", "changelog"));
        assert!(matches("changelog/", "changelog/v2"));
        assert!(!matches("change", "changelog/v2"));
        assert!(!matches("draft*", "drafts/one.md"), "a wildcard pattern names only what it matches");
    }

    #[test]
    fn patterns_that_cannot_name_pages() {
        for bad in ["", " ", "/", "a\\b", "../x", "a/./b"] {
            assert!(problem(bad).is_some(), "{bad:?}");
        }
        assert_eq!(problem("drafts/**"), None);
    }
}
