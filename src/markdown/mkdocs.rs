//! The opening lines of MkDocs blocks: admonitions (`!!! note "Title"`, collapsible `???`) and
//! Material's content tabs (`=== "pip"`). [`super::containers`] turns them into containers whose
//! body is the following lines indented by 4 spaces.

/// The opening line of a MkDocs block, taken apart.
pub(super) struct Admonition<'a> {
    pub(super) collapsible: Option<bool>,
    pub(super) name: &'a str,
    /// Byte offset of the name in the line.
    pub(super) name_at: usize,
    pub(super) title: &'a str,
}

/// `!!! name`, `??? name` or `???+ name`, optionally followed by a `"Title"`. Anything else
/// after the name (`!!! Wow, that works`) makes the line ordinary text.
pub(super) fn admonition(trimmed: &str) -> Option<Admonition<'_>> {
    // MkDocs' content tabs, `=== "pip"` (`===+` selects one): a block of their own, titled.
    if let Some(rest) = trimmed.strip_prefix("===+").or_else(|| trimmed.strip_prefix("===")) {
        let title = rest.strip_prefix([' ', '\t'])?.trim().strip_prefix('"')?.strip_suffix('"')?;
        return Some(Admonition { collapsible: None, name: TAB, name_at: 0, title });
    }
    let (collapsible, rest) = if let Some(rest) = trimmed.strip_prefix("!!!") {
        (None, rest)
    } else if let Some(rest) = trimmed.strip_prefix("???+") {
        (Some(true), rest)
    } else {
        (Some(false), trimmed.strip_prefix("???")?)
    };
    if !rest.starts_with([' ', '\t']) {
        return None;
    }
    let name_at = trimmed.len() - rest.trim_start().len();
    let rest = rest.trim_start();
    let name_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '-' || c == '_')).unwrap_or(rest.len());
    let (name, tail) = (&rest[..name_len], rest[name_len..].trim());
    // Material's `inline` and `inline end` float the block beside the text; versa keeps it in
    // the flow.
    let tail = ["inline end", "inline"].iter().find_map(|m| tail.strip_prefix(m)).map_or(tail, str::trim_start);
    let title = match tail.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
        Some(title) => title,
        None if tail.is_empty() => "",
        None => return None,
    };
    (!name.is_empty()).then_some(Admonition { collapsible, name, name_at, title })
}

/// The name of the block a MkDocs content tab (`=== "Title"`) becomes.
pub(super) const TAB: &str = "tab";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tabs_and_modifiers() {
        let tab = admonition("=== \"pip\"").unwrap();
        assert_eq!((tab.name, tab.title, tab.collapsible), (TAB, "pip", None));
        assert!(admonition("===").is_none(), "a setext underline stays one");
        assert!(admonition("=== pip").is_none(), "a tab's label is quoted");
        let inline = admonition("!!! warning inline end \"Careful\"").unwrap();
        assert_eq!((inline.name, inline.title), ("warning", "Careful"));
        assert_eq!(admonition("!!! tip inline").unwrap().title, "");
        assert!(admonition("!!! Wow, that works").is_none());
    }
}
