//! Docusaurus's `_category_.json` and `_category_.yml`: a folder's sidebar `label` and
//! `position`, and the description of the index page Docusaurus generates for it. Other keys
//! (`collapsed`, `className`, `customProps`, `link.type`) mean nothing to versa and are ignored.

use std::path::PathBuf;

use serde::Deserialize;
use serde_json::Value;

use super::super::{title, Document};
use crate::diagnostics::strip_yaml_location;
use crate::error::{Diagnostic, Source};

/// What a category file says.
#[derive(Debug, Default, Deserialize)]
pub(super) struct Category {
    pub(super) label: Option<String>,
    #[serde(default, deserialize_with = "position")]
    pub(super) position: Option<i64>,
    #[serde(default)]
    link: Option<Value>,
}

/// Docusaurus allows `position: 2.5`; a weight is whole, so it is rounded.
fn position<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    #[allow(clippy::cast_possible_truncation)]
    Ok(Option::<f64>::deserialize(deserializer)?.map(|p| p.round() as i64))
}

/// Parse a category file; a file that doesn't parse is a located warning and is ignored.
pub(super) fn read(source: &Source, warnings: &mut Vec<Diagnostic>) -> Option<Category> {
    let json = source.path.extension().is_some_and(|e| e == "json");
    let parsed = if source.text.trim().is_empty() {
        Ok(Category::default())
    } else if json {
        serde_json::from_str::<Category>(&source.text).map_err(|e| {
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            (message, e.line(), e.column())
        })
    } else {
        serde_yaml_ng::from_str::<Category>(&source.text).map_err(|e| {
            let (line, col) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
            (strip_yaml_location(&e.to_string()), line, col)
        })
    };
    match parsed {
        Ok(category) => Some(category),
        Err((message, line, col)) => {
            let warning = Diagnostic::warning(format!("this category file can't be read: {message}"))
                .at(source, line, col.max(1), 1)
                .help("versa reads `label` (a string) and `position` (a number); the folder keeps its usual order");
            warnings.push(warning);
            None
        }
    }
}

/// The section of a folder that has a category file and no `_index.md`: titled by the label
/// (else the folder's name), placed by the position, described by `link.description`.
pub(super) fn section(source: Source, rel_path: PathBuf, category: &Category) -> Document {
    let folder_index = rel_path.with_file_name("_index.md");
    let title = category.label.clone().unwrap_or_else(|| title::from_file_name(&folder_index, ""));
    let description = category.link.as_ref().and_then(|l| l.get("description")).and_then(Value::as_str);
    super::generated_section(
        source.into(),
        rel_path,
        title,
        description.unwrap_or_default().to_string(),
        category.position,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(path: &str, text: &str) -> (Option<Category>, Vec<Diagnostic>) {
        let mut warnings = Vec::new();
        let found = read(&Source::new(path, text.to_string()), &mut warnings);
        (found, warnings)
    }

    #[test]
    fn json_and_yaml() {
        let (json, _) = one("a/_category_.json", r#"{"label": "Tutorial", "position": 2.4, "collapsed": false}"#);
        let json = json.expect("parses");
        assert_eq!((json.label.as_deref(), json.position), (Some("Tutorial"), Some(2)));
        let (yaml, _) = one("a/_category_.yml", "label: 'Guides'\nposition: 3\n");
        assert_eq!(yaml.expect("parses").position, Some(3));
    }

    #[test]
    fn bad_files_are_located_warnings() {
        let (found, warnings) =
            one("content/a/_category_.json", "{\n  \"label\": \"A\",\n  \"position\": \"first\"\n}\n");
        assert!(found.is_none());
        let shown = warnings[0].to_string();
        assert!(!warnings[0].is_error(), "a warning");
        assert!(shown.contains("content/a/_category_.json:3:"), "{shown}");
        let (_, warnings) = one("content/a/_category_.yml", "label: [unclosed\n");
        assert!(warnings[0].to_string().contains("content/a/_category_.yml:"), "{}", warnings[0]);
    }
}
