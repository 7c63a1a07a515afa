//! Slugs for URLs and heading anchors: lowercase, letters and digits kept, everything else
//! collapsed into single dashes ("Async & await" → "async-await").

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

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Async & await"), "async-await");
        assert_eq!(slugify("  What's new?  "), "whats-new");
        assert_eq!(slugify("Größe 2"), "größe-2");
        assert_eq!(slugify("--"), "");
    }
}
