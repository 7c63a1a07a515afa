//! Front-matter keys versa doesn't know.
//!
//! Pages moved from Docusaurus, Hugo, MkDocs or Starlight carry keys of those tools
//! (`sidebar_position`, `hide`, `id`): valid there, harmless here. So an unknown key is a
//! warning that names the closest key versa knows (a typo such as `titel` is the likely
//! mistake), never an error, and its value lands in `extra` so a template can still use it.
//! A few foreign keys mean one of ours and take effect too (see [`MAPPED`]); they don't warn.

use serde_json::Value;

use super::front_matter::{key_position, known_keys, Parsed};
use crate::diagnostics::closest;
use crate::error::{Diagnostic, Source};

/// Keys of other tools that versa reads as one of its own, when that one isn't set.
const MAPPED: &[&str] = &[
    // Docusaurus
    "sidebar_position",
    "sidebar_label",
    "hide_table_of_contents",
    // Hugo
    "linkTitle",
    // Starlight: `sidebar: { order, label }`
    "sidebar",
    // MkDocs Material: `hide: [toc]`
    "hide",
    // Starlight: `tableOfContents: false`
    "tableOfContents",
    // "Last updated": Hugo, Jekyll, Starlight and VitePress (a date, or `false`), Docusaurus
    // (`last_update: { date, author }`)
    "lastmod",
    "last_modified_at",
    "lastUpdated",
    "last_update",
];

/// The top-level keys of TOML front matter, in file order, with values as JSON.
pub(super) fn toml_keys(text: &str) -> Vec<(String, Value)> {
    let table: toml::Table = toml::from_str(text).unwrap_or_default();
    table.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()
}

/// The top-level keys of YAML front matter, in file order, with values as JSON.
pub(super) fn yaml_keys(text: &str) -> Vec<(String, Value)> {
    let mapping: serde_yaml_ng::Mapping = serde_yaml_ng::from_str(text).unwrap_or_default();
    mapping
        .into_iter()
        .map(|(k, v)| {
            let key = match k {
                serde_yaml_ng::Value::String(s) => s,
                other => serde_yaml_ng::to_string(&other).unwrap_or_default().trim().to_string(),
            };
            (key, serde_json::to_value(v).unwrap_or(Value::Null))
        })
        .collect()
}

/// TOML dates become their text, as templates print them.
fn toml_to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => s.into(),
        toml::Value::Integer(i) => i.into(),
        toml::Value::Float(f) => serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number),
        toml::Value::Boolean(b) => b.into(),
        toml::Value::Datetime(d) => d.to_string().into(),
        toml::Value::Array(a) => a.into_iter().map(toml_to_json).collect(),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

/// Warn about unknown keys, apply the mapped ones, and keep both in `extra`.
pub(super) fn apply(source: &Source, parsed: &mut Parsed, keys: Vec<(String, Value)>) {
    let known = known_keys();
    let mut kept = foreign_values(source, parsed);
    for (key, value) in keys {
        if known.contains(&key.as_str()) {
            continue;
        }
        if MAPPED.contains(&key.as_str()) {
            map(source, parsed, &key, &value);
        } else {
            let warning = unknown_key(&key);
            parsed.warnings.push(at_key(warning, source, parsed, &key));
        }
        kept.push((key, value));
    }
    merge_into_extra(&mut parsed.front.extra, kept);
}

fn unknown_key(key: &str) -> Diagnostic {
    let known = known_keys();
    let candidates: Vec<&str> = known.iter().chain(MAPPED).copied().collect();
    let kept = format!("its value is kept as `page.extra.{key}` for templates");
    let help = match closest(key, &candidates) {
        Some(best) => format!("did you mean `{best}`? {kept}"),
        None => format!("versa doesn't use it; {kept}; valid keys: `{}`", known.join("`, `")),
    };
    Diagnostic::warning(format!("unknown key `{key}`")).help(help)
}

/// Values of versa's own keys that are valid only in the tool they come from: Docusaurus's
/// path slugs (`slug: /`, `slug: /guide/intro`) and Starlight's and Hugo's layout names
/// (`template: splash`). Warned about and moved to `extra`, so the page keeps its usual URL
/// and template; a slug or template name that is wrong for versa too stays an error later.
fn foreign_values(source: &Source, parsed: &mut Parsed) -> Vec<(String, Value)> {
    let mut moved = Vec::new();
    if let Some(slug) = parsed.front.slug.take_if(|slug| slug.contains('/')) {
        let warning = Diagnostic::warning(format!("the slug `{slug}` is a path, as Docusaurus writes them")).help(
            "a versa slug is one URL segment (`my-page`), so the page keeps the URL of its file; folders make the path",
        );
        parsed.warnings.push(at_key(warning, source, parsed, "slug"));
        moved.push(("slug".to_string(), Value::String(slug)));
    }
    if let Some(name) = parsed.front.template.take_if(|t| !t.contains('.')) {
        let warning = Diagnostic::warning(format!("`{name}` is another tool's layout name, not a versa template"))
            .help("versa templates are files such as `page.html` in templates/; the page uses its usual template");
        parsed.warnings.push(at_key(warning, source, parsed, "template"));
        moved.push(("template".to_string(), Value::String(name)));
    }
    moved
}

/// Read a mapped key as ours unless ours is set; a value of the wrong type is a warning.
fn map(source: &Source, parsed: &mut Parsed, key: &str, value: &Value) {
    let front = &mut parsed.front;
    let understood = match key {
        "sidebar_position" => set_weight(&mut front.weight, value),
        "sidebar_label" | "linkTitle" => set_nav_title(&mut front.nav_title, value),
        "hide_table_of_contents" => value.as_bool().map(|hide| front.toc.get_or_insert(!hide)).is_some(),
        "tableOfContents" => match value {
            Value::Bool(show) => {
                front.toc.get_or_insert(*show);
                true
            }
            // Starlight's `{ minHeadingLevel, maxHeadingLevel }` shows one: versa's default.
            Value::Object(_) => true,
            _ => false,
        },
        "sidebar" => value.as_object().is_some_and(|sidebar| {
            let order = sidebar.get("order").is_none_or(|o| set_weight(&mut front.weight, o));
            let label = sidebar.get("label").is_none_or(|l| set_nav_title(&mut front.nav_title, l));
            order && label
        }),
        "lastmod" | "last_modified_at" => set_updated(&mut front.updated, value),
        "lastUpdated" => match value {
            Value::Bool(shown) => {
                front.hide_updated = !shown;
                true
            }
            date => set_updated(&mut front.updated, date),
        },
        "last_update" => value.get("date").is_none_or(|date| set_updated(&mut front.updated, date)),
        "hide" => {
            if value.as_array().is_some_and(|hidden| hidden.iter().any(|h| h == "toc")) {
                front.toc.get_or_insert(false);
            }
            true
        }
        _ => true,
    };
    if !understood {
        let warning = Diagnostic::warning(format!("`{key}` has a value versa can't use"))
            .help(format!("versa reads `{key}` as {}; its value is still kept as `page.extra.{key}`", meaning(key)));
        parsed.warnings.push(at_key(warning, source, parsed, key));
    }
}

/// What a mapped key stands for, for the warning about a value of the wrong type.
fn meaning(key: &str) -> &'static str {
    match key {
        "sidebar_position" => "`weight` (a whole number)",
        "sidebar_label" | "linkTitle" => "`nav_title` (a string)",
        "hide_table_of_contents" => "`toc = false` (true or false)",
        "tableOfContents" => "`toc` (true or false)",
        "lastmod" | "last_modified_at" | "lastUpdated" | "last_update" => {
            "`updated` (a date like 2026-11-20, optionally with a time; `lastUpdated` may be `false`)"
        }
        _ => "`weight` (`order`, a whole number) and `nav_title` (`label`, a string)",
    }
}

/// Docusaurus allows `sidebar_position: 2.0`; a whole number is a weight, `2.5` is not.
fn set_weight(weight: &mut Option<i64>, value: &Value) -> bool {
    #[allow(clippy::cast_possible_truncation)]
    let whole = value.as_i64().or_else(|| value.as_f64().filter(|f| f.fract() == 0.0).map(|f| f as i64));
    if let Some(w) = whole {
        weight.get_or_insert(w);
    }
    whole.is_some()
}

/// A date in versa's form (`2026-11-20`, optionally with a time) is the page's `updated`.
fn set_updated(updated: &mut Option<String>, value: &Value) -> bool {
    let date = value.as_str().filter(|text| super::front_matter::is_date(text));
    if let Some(date) = date {
        updated.get_or_insert_with(|| date.to_string());
    }
    date.is_some()
}

fn set_nav_title(nav_title: &mut Option<String>, value: &Value) -> bool {
    if let Some(label) = value.as_str() {
        nav_title.get_or_insert_with(|| label.to_string());
    }
    value.is_string()
}

fn at_key(warning: Diagnostic, source: &Source, parsed: &Parsed, key: &str) -> Diagnostic {
    let (line, col, width) = key_position(source, parsed, key);
    warning.at(source, line, col, width)
}

/// Unknown keys join `extra` without replacing what `[extra]` sets itself.
fn merge_into_extra(extra: &mut Value, kept: Vec<(String, Value)>) {
    if kept.is_empty() {
        return;
    }
    if extra.is_null() {
        *extra = Value::Object(serde_json::Map::new());
    }
    if let Value::Object(map) = extra {
        for (key, value) in kept {
            map.entry(key).or_insert(value);
        }
    }
}
