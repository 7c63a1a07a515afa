//! Slugs for URLs ([`slugify`]: lowercase, letters and digits kept, everything else collapsed
//! into single dashes, "Async & await" → "async-await") and heading ids ([`heading_slug`]:
//! GitHub's rule, so anchors written against GitHub's rendering keep working).

/// The slug of `text`; empty when `text` has no letters or digits.
pub(crate) fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut dash = false;
    for c in text.chars() {
        if c.is_alphanumeric() {
            if dash && !slug.is_empty() {
                slug.push('-');
            }
            dash = false;
            slug.extend(c.to_lowercase());
        } else if c != '\'' && c != '’' {
            // Apostrophes vanish ("what's" → "whats") instead of splitting a word.
            dash = true;
        }
    }
    slug
}

/// The id GitHub gives a heading with this text (github-slugger): lowercase; every character
/// removed but letters, marks, decimal and letter numbers, connector punctuation (`_`), spaces
/// and hyphens; each space becomes `-`. Hyphens are neither collapsed nor trimmed
/// ("C++ vs Rust" → "c-vs-rust", "A  B" → "a--b", "Node.js" → "nodejs").
pub(crate) fn heading_slug(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    for c in text.chars() {
        if c == ' ' {
            slug.push('-');
        } else if c == '-' || is_kept(c) {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

/// Whether GitHub keeps `c` in a heading id: a letter, mark, decimal or letter number (`\p{L}`,
/// `\p{M}`, `\p{Nd}`, `\p{Nl}`) or connector punctuation (`\p{Pc}`). The standard library has
/// no general categories, so marks outside the alphabetic ones are the combining blocks, and the
/// other numbers (`\p{No}`: `²`, `½`, `①`) are the common blocks of them.
fn is_kept(c: char) -> bool {
    const CONNECTORS: &[char] = &[
        '_', '\u{203F}', '\u{2040}', '\u{2054}', '\u{FE33}', '\u{FE34}', '\u{FE4D}', '\u{FE4E}', '\u{FE4F}', '\u{FF3F}',
    ];
    let combining = matches!(
        c,
        '\u{0300}'..='\u{036F}'
            | '\u{0483}'..='\u{0489}'
            | '\u{0591}'..='\u{05BD}'
            | '\u{064B}'..='\u{065F}'
            | '\u{1AB0}'..='\u{1AFF}'
            | '\u{1DC0}'..='\u{1DFF}'
            | '\u{20D0}'..='\u{20FF}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FE20}'..='\u{FE2F}'
    );
    let other_number = matches!(
        c,
        '\u{00B2}' | '\u{00B3}' | '\u{00B9}'
            | '\u{00BC}'..='\u{00BE}'
            | '\u{2070}'..='\u{2079}'
            | '\u{2080}'..='\u{2089}'
            | '\u{2150}'..='\u{215F}'
            | '\u{2189}'
            | '\u{2460}'..='\u{249B}'
            | '\u{24EA}'..='\u{24FF}'
            | '\u{2776}'..='\u{2793}'
            | '\u{3251}'..='\u{325F}'
            | '\u{32B1}'..='\u{32BF}'
    );
    ((c.is_alphanumeric() || combining) && !other_number) || CONNECTORS.contains(&c)
}

#[cfg(test)]
mod tests {
    use super::{heading_slug, slugify};

    #[test]
    fn heading_slugs_follow_github() {
        assert_eq!(heading_slug("Node.js"), "nodejs");
        assert_eq!(heading_slug("C++ vs Rust"), "c-vs-rust");
        assert_eq!(heading_slug("What's new?"), "whats-new");
        assert_eq!(heading_slug("What’s new?"), "whats-new");
        assert_eq!(heading_slug("A  B"), "a--b");
        assert_eq!(heading_slug("Über"), "über");
        assert_eq!(heading_slug("snake_case - and more"), "snake_case---and-more");
        assert_eq!(heading_slug("日本語の見出し"), "日本語の見出し");
        assert_eq!(heading_slug("e\u{301}te\u{301} x²"), "e\u{301}te\u{301}-x");
        assert_eq!(heading_slug("-- 1.2 --"), "---12---");
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Async & await"), "async-await");
        assert_eq!(slugify("  What's new?  "), "whats-new");
        assert_eq!(slugify("Größe 2"), "größe-2");
        assert_eq!(slugify("--"), "");
    }
}
