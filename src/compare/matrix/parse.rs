//! `matrix.toml` as written: every key and value with its position in the file.
//!
//! A criterion is a table whose keys are its own fields (`title`, `description`, `page`) and
//! one key per contender; a claim is a string (`"[+] Native async"`) or a table. serde's
//! `flatten` would lose the positions (it buffers values), so the two are read by hand.

use std::fmt;

use indexmap::IndexMap;
use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer};
use toml::Spanned;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FileInput {
    #[serde(default)]
    pub(super) criteria: IndexMap<String, Spanned<CriterionInput>>,
}

/// The keys of a criterion besides its contenders.
pub(super) const CRITERION_FIELDS: &[&str] = &["title", "description", "page"];

/// The keys of a claim written as a table.
const CLAIM_FIELDS: &[&str] = &["value", "verdict", "note", "sources", "verified", "version"];

/// `[criteria.<key>]`.
#[derive(Debug, Default)]
pub(super) struct CriterionInput {
    pub(super) title: Option<Spanned<String>>,
    pub(super) description: Option<Spanned<String>>,
    pub(super) page: Option<Spanned<String>>,
    /// Every other key: a contender's claim, in the order written.
    pub(super) claims: Vec<(Spanned<String>, Spanned<ClaimInput>)>,
}

/// One claim, from its short (string) or long (table) form.
#[derive(Debug, Default)]
pub(super) struct ClaimInput {
    pub(super) value: Option<Spanned<String>>,
    pub(super) verdict: Option<Spanned<String>>,
    pub(super) note: Option<Spanned<String>>,
    pub(super) sources: Vec<Spanned<SourceInput>>,
    pub(super) verified: Option<Spanned<toml::Value>>,
    pub(super) version: Option<Spanned<String>>,
}

/// `{ url = "…", title = "…" }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SourceInput {
    pub(super) url: Spanned<String>,
    pub(super) title: Spanned<String>,
}

impl<'de> Deserialize<'de> for CriterionInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Fields;
        impl<'de> Visitor<'de> for Fields {
            type Value = CriterionInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a table with `title` and one claim per contender")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<CriterionInput, A::Error> {
                let mut criterion = CriterionInput::default();
                while let Some(key) = map.next_key::<Spanned<String>>()? {
                    match key.get_ref().as_str() {
                        "title" => criterion.title = Some(map.next_value()?),
                        "description" => criterion.description = Some(map.next_value()?),
                        "page" => criterion.page = Some(map.next_value()?),
                        _ => criterion.claims.push((key, map.next_value()?)),
                    }
                }
                Ok(criterion)
            }
        }
        deserializer.deserialize_map(Fields)
    }
}

impl<'de> Deserialize<'de> for ClaimInput {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Forms;
        impl<'de> Visitor<'de> for Forms {
            type Value = ClaimInput;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a claim: a string like \"[+] Native async\", or a table with `value`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<ClaimInput, E> {
                // The string's own position is the claim's, filled in by the caller's Spanned.
                Ok(ClaimInput { value: Some(Spanned::new(0..0, text.to_string())), ..ClaimInput::default() })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ClaimInput, A::Error> {
                let mut claim = ClaimInput::default();
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "value" => claim.value = Some(map.next_value()?),
                        "verdict" => claim.verdict = Some(map.next_value()?),
                        "note" => claim.note = Some(map.next_value()?),
                        "sources" => claim.sources = map.next_value()?,
                        "verified" => claim.verified = Some(map.next_value()?),
                        "version" => claim.version = Some(map.next_value()?),
                        other => return Err(de::Error::unknown_field(other, CLAIM_FIELDS)),
                    }
                }
                if claim.value.is_none() {
                    return Err(de::Error::missing_field("value"));
                }
                Ok(claim)
            }
        }
        deserializer.deserialize_any(Forms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_forms_keep_their_positions() {
        let text = "[criteria.async]\ntitle = \"Async\"\na = \"[+] yes\"\nb = { value = \"no\", verified = 2026-10-01, sources = [{ url = \"https://x.org\", title = \"X\" }] }\n";
        let file: FileInput = toml::from_str(text).unwrap();
        let async_ = file.criteria["async"].get_ref();
        assert_eq!(async_.title.as_ref().unwrap().get_ref(), "Async");
        let (key, claim) = &async_.claims[0];
        assert_eq!(&text[key.span()], "a");
        assert_eq!(&text[claim.span()], "\"[+] yes\"");
        let (_, b) = &async_.claims[1];
        let b = b.get_ref();
        assert_eq!(&text[b.verified.as_ref().unwrap().span()], "2026-10-01");
        assert_eq!(&text[b.sources[0].get_ref().url.span()], "\"https://x.org\"");
    }
}
