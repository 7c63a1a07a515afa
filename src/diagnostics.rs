//! What versa tells a writer about their mistakes, beyond where they are: serde's messages in
//! the writer's words and a "did you mean" for names that are one typo away. Used by config,
//! content, markdown, render, site and commands, so it sits beside `error`, below all of them.

use crate::error::{Diagnostic, Source};

/// Line, column and width of `key = ` (or `key:`) in a TOML or YAML text, for messages about a
/// key's value; `lines` limits the search (e.g. to a front-matter block).
pub(crate) fn key_position(source: &Source, lines: std::ops::Range<usize>, key: &str) -> (usize, usize, usize) {
    for line in lines {
        let text = source.line_text(line);
        let trimmed = text.trim_start();
        if let Some(rest) = trimmed.strip_prefix(key) {
            if rest.trim_start().starts_with(['=', ':']) {
                return (line, text.len() - trimmed.len() + 1, key.len());
            }
        }
    }
    (1, 1, 1)
}

/// Turn a TOML error into a located diagnostic, with a "did you mean" for unknown keys.
pub(crate) fn toml_diagnostic(source: &Source, error: &toml::de::Error) -> Diagnostic {
    let (message, help) = describe_serde_message(error.message().trim());
    let diagnostic = Diagnostic::error(message);
    let diagnostic = match error.span() {
        Some(span) => diagnostic.at_offset(source, span.start, span.len()),
        None => diagnostic.in_file(&source.path),
    };
    match help {
        Some(help) => diagnostic.help(help),
        None => diagnostic,
    }
}

/// Rewrite serde's messages in the writer's words: "unknown field `titel`, expected one of
/// `title`, …" becomes "unknown key `titel`" with help naming the closest key.
pub(crate) fn describe_serde_message(message: &str) -> (String, Option<String>) {
    let message = message.lines().next().unwrap_or(message).to_string();
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
        let help = match closest(unknown, &valid) {
            Some(best) => format!("did you mean `{best}`? valid keys here: `{}`", valid.join("`, `")),
            None => format!("valid keys here: `{}`", valid.join("`, `")),
        };
        return (format!("unknown key `{unknown}`"), Some(help));
    }
    if let Some(rest) = message.strip_prefix("missing field `") {
        let key = rest.split('`').next().unwrap_or(rest);
        return (format!("missing required key `{key}`"), Some(format!("add `{key} = ...`")));
    }
    (message, None)
}

/// The candidate closest to `word` by edit distance, if any is close enough to be a typo.
/// Optimal string alignment counts swapping two neighbouring letters ("titel") as one edit.
pub(crate) fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::osa_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.len().max(word.len()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

/// serde_yaml appends " at line L column C" to messages; the location is shown separately.
pub(crate) fn strip_yaml_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_ignores_unrelated_words() {
        assert_eq!(closest("titel", &["title", "weight"]), Some("title"));
        assert_eq!(closest("zzzzzz", &["title", "weight"]), None);
    }
}
