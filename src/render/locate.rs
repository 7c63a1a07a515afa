//! Where a tera render error happened. tera's render errors carry no position, only names in
//! their messages, so we read the templates ourselves ([`scan`]) and look for what failed:
//!
//! 1. The templates to search, most specific first: the one named in "while rendering 'x'"
//!    when it is not the one being rendered (an include, or a macro's file), the one in
//!    "(error happened in 'y')" (a parent's block or body), the rendered one, then every
//!    template it reaches through `extends`, `include` and `import`.
//! 2. What failed: a variable's path, a filter, a function, a test or a macro call, as the
//!    message names it.
//! 3. In each template's `{{ }}` and `{% %}` tags (never in text, comments or string literals):
//!    a tag that is exactly the failing expression, else a tag that uses it as a whole name.
//!
//! Still approximate: when one template uses the same failing name twice, the first use is
//! shown (tera does not say which one failed).

use std::collections::{HashMap, HashSet};

use crate::error::Source;
use crate::template_scan::{self as scan, Span, Uses};

/// What a render error says failed.
#[derive(Debug, PartialEq, Eq)]
enum Wanted {
    Variable(String),
    Filter(String),
    Function(String),
    Test(String),
    Macro(String, String),
    Name(String),
}

/// The template a render error happened in and, when found, the expression that failed.
pub(super) fn locate<'a>(
    messages: &[String],
    sources: &'a HashMap<String, Source>,
) -> Option<(&'a Source, Option<Span>)> {
    let all = messages.join("\n");
    let rendered = between(&all, "Failed to render '", '\'')?;
    let active = all.rmatch_indices("while rendering '").next().and_then(|(i, _)| between(&all[i..], "'", '\''));
    let happened_in = between(&all, "(error happened in '", '\'');
    let mut order: Vec<&str> = Vec::new();
    order.extend(active.filter(|a| *a != rendered));
    order.extend(happened_in);
    order.push(rendered);
    order.extend(reachable(rendered, sources));
    let mut seen = HashSet::new();
    order.retain(|name| sources.contains_key(*name) && seen.insert(*name));
    let wanted = wanted(messages);
    let found = order.iter().find_map(|name| {
        let source = &sources[*name];
        wanted.as_ref().and_then(|w| find(&source.text, w)).map(|span| (source, Some(span)))
    });
    found.or_else(|| order.first().map(|name| (&sources[*name], None)))
}

/// The text after `prefix` up to `end`.
fn between<'t>(text: &'t str, prefix: &str, end: char) -> Option<&'t str> {
    let rest = &text[text.find(prefix)? + prefix.len()..];
    Some(&rest[..rest.find(end)?])
}

/// What failed, read from the innermost message that names it.
fn wanted(messages: &[String]) -> Option<Wanted> {
    messages.iter().rev().find_map(|m| {
        let quoted = |prefix: &str| between(m, prefix, '\'').or_else(|| between(m, &prefix.replace('\'', "`"), '`'));
        if let Some(path) = between(m, "Variable `", '`') {
            return Some(Wanted::Variable(path.to_string()));
        }
        if let Some(name) = quoted("Filter '").or_else(|| quoted("Filter call '")) {
            return Some(Wanted::Filter(name.to_string()));
        }
        if let Some(name) = quoted("Function '").or_else(|| quoted("Function call '")) {
            return Some(Wanted::Function(name.to_string()));
        }
        if let Some(name) = quoted("Test '").or_else(|| quoted("Test call '")) {
            return Some(Wanted::Test(name.to_string()));
        }
        if let Some((namespace, name)) = between(m, "Macro `", '`').and_then(|c| c.split_once("::")) {
            return Some(Wanted::Macro(namespace.to_string(), name.to_string()));
        }
        m.split('`').nth(1).filter(|n| !n.is_empty()).map(|n| Wanted::Name(n.to_string()))
    })
}

/// Every template `name` reaches through `extends`, `include` and `import`, nearest first.
fn reachable<'a>(name: &str, sources: &'a HashMap<String, Source>) -> Vec<&'a str> {
    let mut found: Vec<&'a str> = Vec::new();
    let mut pending: Vec<String> = vec![name.to_string()];
    while !pending.is_empty() {
        let mut next = Vec::new();
        for template in pending {
            let Some(source) = sources.get(&template) else { continue };
            let scan = scan::scan(&source.text);
            let includes = scan.contexts.iter().flat_map(|c| &c.uses).filter_map(|u| match &u.uses {
                Uses::Include { names, .. } => Some(names.clone()),
                Uses::Call { .. } => None,
            });
            let used =
                scan.extends.iter().map(|(n, _)| n.clone()).chain(scan.imports.iter().map(|(f, _, _)| f.clone()));
            for other in used.chain(includes.flatten()) {
                if let Some((key, _)) = sources.get_key_value(&other) {
                    if key != name && !found.contains(&key.as_str()) {
                        found.push(key.as_str());
                        next.push(other);
                    }
                }
            }
        }
        pending = next;
    }
    found
}

/// Where `text` uses what failed: an exact expression first, then a use among others.
fn find(text: &str, wanted: &Wanted) -> Option<Span> {
    if let Wanted::Macro(namespace, name) = wanted {
        let scan = scan::scan(text);
        let mut calls = scan.contexts.iter().flat_map(|c| &c.uses);
        let call = calls.find(|u| u.uses == Uses::Call { namespace: namespace.clone(), name: name.clone() })?;
        return Some(call.span);
    }
    let tags = scan::tags(text);
    if let Wanted::Variable(path) = wanted {
        let exact = tags.iter().find(|tag| {
            let inner = &text[tag.offset..tag.offset + tag.len];
            inner == path || inner.split_once(char::is_whitespace).is_some_and(|(_, rest)| rest.trim() == path)
        });
        if let Some(tag) = exact {
            let inner = &text[tag.offset..tag.offset + tag.len];
            return Some(Span { offset: tag.offset + inner.len() - path.len(), len: path.len() });
        }
    }
    tags.iter().find_map(|tag| {
        let inner = &text[tag.offset..tag.offset + tag.len];
        let at = words(inner).into_iter().find(|(at, word)| is_use(inner, *at, word, wanted))?.0;
        Some(Span { offset: tag.offset + at, len: wanted_len(wanted) })
    })
}

fn wanted_len(wanted: &Wanted) -> usize {
    match wanted {
        Wanted::Variable(n) | Wanted::Filter(n) | Wanted::Function(n) | Wanted::Test(n) | Wanted::Name(n) => n.len(),
        Wanted::Macro(namespace, name) => namespace.len() + 2 + name.len(),
    }
}

/// Whether the word at `at` of an expression is a use of what failed.
fn is_use(expr: &str, at: usize, word: &str, wanted: &Wanted) -> bool {
    let before = expr[..at].trim_end();
    let after = expr[at + word.len()..].trim_start();
    match wanted {
        Wanted::Variable(path) | Wanted::Name(path) => word == path,
        Wanted::Filter(name) => word == name && (before.ends_with('|') || before == "filter"),
        Wanted::Function(name) => {
            word == name && after.starts_with('(') && !before.ends_with('|') && !before.ends_with("::")
        }
        Wanted::Test(name) => word == name && (before.ends_with(" is") || before.ends_with(" is not")),
        Wanted::Macro(..) => false,
    }
}

/// The names and dotted paths of an expression outside its string literals, with their offsets.
fn words(expr: &str) -> Vec<(usize, &str)> {
    let mut words = Vec::new();
    let mut chars = expr.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            chars.by_ref().find(|(_, d)| *d == c);
        } else if c.is_alphanumeric() || c == '_' {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if !(d.is_alphanumeric() || d == '_' || d == '.') {
                    break;
                }
                end = j + d.len_utf8();
                chars.next();
            }
            words.push((i, &expr[i..end]));
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(templates: &[(&str, &str)]) -> HashMap<String, Source> {
        let source = |(name, text): &(&str, &str)| (name.to_string(), Source::new(*name, text.to_string()));
        templates.iter().map(source).collect()
    }

    fn at(messages: &[&str], templates: &[(&str, &str)]) -> Option<(String, String)> {
        let sources = sources(templates);
        let messages: Vec<String> = messages.iter().map(|m| m.to_string()).collect();
        let (source, span) = locate(&messages, &sources)?;
        let shown = span.map_or(String::new(), |s| source.text[s.offset..s.offset + s.len].to_string());
        Some((source.path.display().to_string(), format!("{}@{shown}", span.map_or(0, |s| s.offset))))
    }

    #[test]
    fn a_variable_is_found_in_a_tag_not_in_text_or_strings() {
        let page = "<p>page.titel</p>{{ \"page.titel\" }}{{ page.titel | upper }}{{ page.titel }}";
        let got = at(
            &["Failed to render 'p'", "Variable `page.titel` not found in context while rendering 'p'"],
            &[("p", page)],
        );
        assert_eq!(got, Some(("p".into(), "62@page.titel".into())), "the exact tag wins");
        let page = "<p>page.titel</p>\n{{ page.titel | upper }}";
        let got = at(
            &["Failed to render 'p'", "Variable `page.titel` not found in context while rendering 'p'"],
            &[("p", page)],
        );
        assert_eq!(got, Some(("p".into(), "21@page.titel".into())));
    }

    #[test]
    fn a_filter_is_found_in_the_template_that_uses_it() {
        let templates = [
            ("page.html", "<p>shout</p>{% include \"card.html\" %}"),
            ("card.html", "{{ shout }}{{ x | shout }}"),
            ("other.html", "{{ x | shout }}"),
        ];
        let got = at(&["Failed to render 'page.html'", "Filter 'shout' not found"], &templates);
        assert_eq!(got, Some(("card.html".into(), "18@shout".into())));
    }

    #[test]
    fn a_parents_body_is_searched_before_the_child() {
        let templates = [("page.html", "{% extends \"base.html\" %}{{ oops }}"), ("base.html", "\n{{ oops }}")];
        let messages = [
            "Failed to render 'page.html' (error happened in 'base.html').",
            "Variable `oops` not found in context while rendering 'page.html'",
        ];
        assert_eq!(at(&messages, &templates), Some(("base.html".into(), "4@oops".into())));
    }

    #[test]
    fn functions_tests_and_macros_are_told_apart_from_variables() {
        let templates = [("p", "{{ range }}{% if x is odd %}{% endif %}{{ m::range(n=1) }}{{ range(end=2) }}")];
        let got = at(&["Failed to render 'p'", "Function call 'range' failed"], &templates);
        assert_eq!(got, Some(("p".into(), "61@range".into())));
        let got = at(&["Failed to render 'p'", "Test 'odd' not found"], &templates);
        assert_eq!(got, Some(("p".into(), "22@odd".into())));
        let got = at(&["Failed to render 'p'", "Macro `m::range` not found in template `p`"], &templates);
        assert_eq!(got, Some(("p".into(), "42@m::range".into())));
    }
}
