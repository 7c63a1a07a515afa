//! Reads a template's source the way tera's grammar does, far enough to know what it uses and
//! how deeply it nests, without tera: the checks must run before tera parses (its parser
//! recurses and can overflow the stack) and must point at byte offsets (tera's tree has none).
//! A leaf, so that `render` (its checks) and `changes` (which templates a change reaches) read
//! tags the same way without the pure classifier depending on tera.
//!
//! 1. Skip comments `{# #}` and `{% raw %}` blocks: a tag inside them is only text.
//! 2. Read each `{% %}` and `{{ }}` to its end, skipping string literals (which may hold `%}`).
//! 3. Note `extends`, `import`, `include` and macro calls (`ns::name(`), each with its span and
//!    nesting level, in the context they are written in: the template's body or one macro.
//! 4. Count the nesting level: open `if`/`for`/`block`/`filter`/`macro` tags, plus brackets and
//!    operators inside an expression (tera evaluates both recursively).
//! 5. Mark a macro's call of itself that recurses on the data: inside `{% for h in items %}` over
//!    one of its parameters (or a part of it), passing that parameter the item or a part of it
//!    (`items=h.children`). Data is a finite tree, so such a recursion ends where the data does.

/// A byte range of the source: where a tag or call is written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Span {
    pub(crate) offset: usize,
    pub(crate) len: usize,
}

/// What a template uses from a body or macro: another template, or a macro.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Uses {
    /// `{% include "a.html" %}` or `{% include ["a.html", "b.html"] ignore missing %}`.
    Include { names: Vec<String>, ignore_missing: bool },
    /// `{{ ns::name(...) }}`, anywhere in an expression.
    Call { namespace: String, name: String },
}

/// One use, where it is and how deeply nested it is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Use {
    pub(crate) uses: Uses,
    pub(crate) span: Span,
    pub(crate) level: usize,
    /// A macro calling itself on a part of the data it loops over (step 5 above).
    pub(crate) on_a_part: bool,
}

/// The template's body (`macro_name: None`) or one of its macros.
#[derive(Debug, Clone, Default)]
pub(crate) struct Context {
    pub(crate) macro_name: Option<String>,
    /// The macro's parameters, in order.
    pub(crate) params: Vec<String>,
    pub(crate) uses: Vec<Use>,
    /// The most deeply nested point: its level and where it is.
    pub(crate) deepest: (usize, Span),
}

/// Everything the checks need from one template.
#[derive(Debug, Clone, Default)]
pub(crate) struct Scan {
    pub(crate) extends: Option<(String, Span)>,
    /// `{% import "file" as namespace %}`: (file, namespace, where).
    pub(crate) imports: Vec<(String, String, Span)>,
    /// The body first, then each macro in order.
    pub(crate) contexts: Vec<Context>,
}

impl Scan {
    /// The context of macro `name`.
    pub(crate) fn macro_context(&self, name: &str) -> Option<usize> {
        self.contexts.iter().position(|c| c.macro_name.as_deref() == Some(name))
    }

    /// Every template named by `extends`, `include` or `import`, in the body or a macro.
    pub(crate) fn referenced_templates(&self) -> impl Iterator<Item = &str> {
        let extends = self.extends.iter().map(|(name, _)| name.as_str());
        let imports = self.imports.iter().map(|(file, _, _)| file.as_str());
        let includes = self.contexts.iter().flat_map(|context| &context.uses).flat_map(|used| match &used.uses {
            Uses::Include { names, .. } => names.as_slice(),
            Uses::Call { .. } => &[],
        });
        extends.chain(imports).chain(includes.map(String::as_str))
    }

    /// True when the template defines at least one macro.
    pub(crate) fn has_macros(&self) -> bool {
        self.contexts.len() > 1
    }
}

/// Read `text`'s tags.
pub(crate) fn scan(text: &str) -> Scan {
    let mut scan = Scan { contexts: vec![Context::default()], ..Scan::default() };
    let (mut at, mut nesting, mut current) = (0, 0usize, 0);
    // The open `{% for %}` loops of the current context: (loop variable, what it loops over).
    let mut loops: Vec<(String, String)> = Vec::new();
    while let Some(found) = next_opening(text, at) {
        let open = text.as_bytes()[found + 1];
        let close = match open {
            b'#' => "#}",
            b'%' => "%}",
            _ => "}}",
        };
        let end =
            if open == b'#' { find(text, found + 2, close) } else { find_outside_strings(text, found + 2, close) };
        let span = Span { offset: found, len: (end + 2).min(text.len()) - found };
        at = end + 2;
        if open == b'#' {
            continue;
        }
        let inner = text[found + 2..end.min(text.len())].trim_matches('-').trim();
        if open == b'{' {
            expression(text, inner, span, nesting, &loops, &mut scan.contexts[current]);
            continue;
        }
        let keyword = inner.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        let rest = &inner[keyword.len()..];
        match keyword {
            "raw" => at = end_of_raw(text, at),
            "if" | "for" | "block" | "filter" => {
                nesting += 1;
                if keyword == "for" {
                    loops.push(for_loop(rest));
                }
                expression(text, rest, span, nesting, &loops, &mut scan.contexts[current]);
            }
            "elif" | "set" | "set_global" => {
                if keyword != "elif" {
                    // A loop variable or parameter set anew may no longer be a part of the data.
                    let target = ident_at(rest, skip_spaces(rest, 0));
                    loops.iter_mut().filter(|(var, over)| var == target || over == target).for_each(|l| l.1.clear());
                    scan.contexts[current].params.retain(|p| p != target);
                }
                expression(text, rest, span, nesting, &loops, &mut scan.contexts[current]);
            }
            "endif" | "endfor" | "endblock" | "endfilter" => {
                nesting = nesting.saturating_sub(1);
                if keyword == "endfor" {
                    loops.pop();
                }
            }
            "macro" => {
                nesting += 1;
                let name = ident_at(rest, skip_spaces(rest, 0));
                let macro_name = Some(name.to_string());
                let params = rest.split_once('(').map(|(_, p)| macro_params(p)).unwrap_or_default();
                scan.contexts.push(Context { macro_name, params, deepest: (nesting, span), ..Context::default() });
                current = scan.contexts.len() - 1;
                loops.clear();
            }
            "endmacro" => {
                nesting = nesting.saturating_sub(1);
                current = 0;
                loops.clear();
            }
            "include" => {
                let names = quoted_strings(rest);
                let after = rest.rsplit(['"', '\'', '`', ']']).next().unwrap_or("");
                let ignore_missing = after.split_whitespace().eq(["ignore", "missing"]);
                let context = &mut scan.contexts[current];
                let uses = Uses::Include { names, ignore_missing };
                context.uses.push(Use { uses, span, level: nesting + 1, on_a_part: false });
                deepen(context, nesting + 1, span);
            }
            "extends" => scan.extends = quoted_strings(rest).into_iter().next().map(|name| (name, span)),
            "import" => {
                if let Some(file) = quoted_strings(rest).into_iter().next() {
                    let namespace = rest.rsplit(char::is_whitespace).next().unwrap_or("").to_string();
                    scan.imports.push((file, namespace, span));
                }
            }
            _ => {}
        }
    }
    scan
}

/// What each `{{ }}` and `{% %}` tag holds, between its delimiters and their `-` and spaces;
/// comments and `{% raw %}` blocks hold no tags.
pub(crate) fn tags(text: &str) -> Vec<Span> {
    let mut tags = Vec::new();
    let mut at = 0;
    while let Some(found) = next_opening(text, at) {
        let open = text.as_bytes()[found + 1];
        if open == b'#' {
            at = find(text, found + 2, "#}") + 2;
            continue;
        }
        let end = find_outside_strings(text, found + 2, if open == b'%' { "%}" } else { "}}" });
        at = end + 2;
        let raw = &text[found + 2..end.min(text.len())];
        let inner = raw.trim_start_matches('-').trim_start();
        let offset = found + 2 + raw.len() - inner.len();
        let inner = inner.trim_end_matches('-').trim_end();
        if open == b'%' && inner == "raw" {
            at = end_of_raw(text, at);
            continue;
        }
        tags.push(Span { offset, len: inner.len() });
    }
    tags
}

/// The next `{{`, `{%` or `{#` at or after `from`.
fn next_opening(text: &str, from: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut at = from;
    while let Some(i) = text.get(at..)?.find('{') {
        let i = at + i;
        if matches!(bytes.get(i + 1), Some(b'{' | b'%' | b'#')) {
            return Some(i);
        }
        at = i + 1;
    }
    None
}

/// Where `needle` starts at or after `from`, or the end of the text.
fn find(text: &str, from: usize, needle: &str) -> usize {
    text.get(from..).and_then(|rest| rest.find(needle)).map_or(text.len(), |i| from + i)
}

/// Like [`find`], but a `needle` inside a `"…"`, `'…'` or `` `…` `` literal does not count.
fn find_outside_strings(text: &str, from: usize, needle: &str) -> usize {
    let mut at = from;
    while let Some(rest) = text.get(at..) {
        let Some(c) = rest.chars().next() else { break };
        if rest.starts_with(needle) {
            return at;
        }
        if matches!(c, '"' | '\'' | '`') {
            at = find(text, at + 1, &c.to_string()) + 1;
        } else {
            at += c.len_utf8();
        }
    }
    text.len()
}

/// Just after the `{% endraw %}` that closes a raw block whose opening tag ends before `from`.
fn end_of_raw(text: &str, from: usize) -> usize {
    let mut at = from;
    while let Some(start) = text.get(at..).and_then(|rest| rest.find("{%")).map(|i| at + i) {
        let end = find(text, start + 2, "%}");
        if text[start + 2..end].trim_matches('-').trim() == "endraw" {
            return end + 2;
        }
        at = start + 2;
    }
    text.len()
}

/// Note an expression's nesting and the macro calls in it. `expr` is a slice of `text`.
fn expression(text: &str, expr: &str, span: Span, nesting: usize, loops: &[(String, String)], context: &mut Context) {
    let level = nesting + expression_depth(expr);
    deepen(context, level, span);
    // `expr` is borrowed from `text`, so the distance between their starts is its offset.
    let base = expr.as_ptr() as usize - text.as_ptr() as usize;
    for (namespace, name, offset, args) in macro_calls(expr) {
        let call_span = Span { offset: base + offset, len: namespace.len() + 2 + name.len() };
        let itself = namespace == "self" && context.macro_name.as_deref() == Some(name.as_str());
        let on_a_part = itself && passes_a_part(args, loops, &context.params);
        let uses = Uses::Call { namespace, name };
        context.uses.push(Use { uses, span: call_span, level: level + 1, on_a_part });
    }
}

/// `{% for h in items %}` → ("h", "items"); `for k, v in map.kids` → ("v", "map.kids").
fn for_loop(rest: &str) -> (String, String) {
    let (vars, iterable) = rest.split_once(" in ").unwrap_or((rest, ""));
    let var = vars.rsplit(',').next().unwrap_or("").trim();
    (var.to_string(), iterable.trim().to_string())
}

/// The names in `name, other=1) %}`: what precedes each top-level `=` or `,`.
fn macro_params(list: &str) -> Vec<String> {
    top_level_args(list).iter().map(|p| p.split('=').next().unwrap_or("").trim().to_string()).collect()
}

/// True when a call's arguments give some parameter `p` a part of `p` itself, through an
/// enclosing loop: `{% for x in p %}` or `{% for x in p.kids %}`, passing `p=x` or `p=x.kids`.
/// Each is strictly inside the value `p` had, so the recursion ends. Only names and paths
/// count (`x.a["b"]`): a filter or operator could bring back the whole (`p | concat(…)`).
fn passes_a_part(args: &str, loops: &[(String, String)], params: &[String]) -> bool {
    top_level_args(args).iter().any(|arg| {
        let Some((key, value)) = arg.split_once('=') else { return false };
        let (key, value) = (key.trim(), value.trim());
        let Some(var) = path_root(value) else { return false };
        let inside = |over: &str| path_root(over) == Some(key);
        // The innermost loop of that name: an inner `{% for x in other %}` hides an outer `x`.
        let over = loops.iter().rev().find(|(v, _)| v == var).map(|(_, over)| over.as_str());
        params.iter().any(|p| p == key) && over.is_some_and(inside)
    })
}

/// `a` for `a`, `a.b` or `a["b"][0]`; nothing for anything else (`a | f`, `a + 1`, `f(a)`).
fn path_root(expr: &str) -> Option<&str> {
    let root = ident_at(expr, 0);
    let rest = &expr[root.len()..];
    let plain = rest.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '[' | ']' | '"' | '\''));
    let path = rest.is_empty() || rest.starts_with(['.', '[']);
    (!root.is_empty() && plain && path).then_some(root)
}

/// The comma-separated pieces of the argument list that `list` starts with, up to its closing
/// bracket; commas inside brackets or strings are not counted.
fn top_level_args(list: &str) -> Vec<&str> {
    let (mut pieces, mut depth, mut start, mut quote) = (Vec::new(), 0usize, 0, None);
    for (i, c) in list.char_indices() {
        match (quote, c) {
            (Some(q), _) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(c),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') if depth == 0 => {
                pieces.push(&list[start..i]);
                return pieces.into_iter().filter(|p| !p.trim().is_empty()).collect();
            }
            (None, ')' | ']' | '}') => depth -= 1,
            (None, ',') if depth == 0 => {
                pieces.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    pieces.push(&list[start..]);
    pieces.into_iter().filter(|p| !p.trim().is_empty()).collect()
}

fn deepen(context: &mut Context, level: usize, span: Span) {
    if level > context.deepest.0 {
        context.deepest = (level, span);
    }
}

/// How deeply tera recurses to evaluate an expression: the deepest bracket plus one level per
/// operator (a chain `a + b + c` is a left-leaning tree as deep as it is long).
fn expression_depth(expr: &str) -> usize {
    let (mut depth, mut deepest, mut operators) = (0usize, 0usize, 0usize);
    let mut word = String::new();
    let mut chars = expr.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' {
            word.push(c);
            continue;
        }
        operators += usize::from(matches!(word.as_str(), "and" | "or" | "not"));
        word.clear();
        match c {
            '"' | '\'' | '`' => {
                for d in chars.by_ref() {
                    if d == c {
                        break;
                    }
                }
            }
            '(' | '[' | '{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            ')' | ']' | '}' => depth = depth.saturating_sub(1),
            '+' | '-' | '*' | '/' | '%' | '<' | '>' => operators += 1,
            '=' | '!' if chars.peek() == Some(&'=') => {
                chars.next();
                operators += 1;
            }
            _ => {}
        }
    }
    operators += usize::from(matches!(word.as_str(), "and" | "or" | "not"));
    deepest + operators
}

/// Every `namespace::name(` in an expression, outside string literals, with its byte offset and
/// the text after its `(`.
fn macro_calls(expr: &str) -> Vec<(String, String, usize, &str)> {
    let mut calls = Vec::new();
    let bytes = expr.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if matches!(c, b'"' | b'\'' | b'`') {
            i = expr[i + 1..].find(c as char).map_or(bytes.len(), |j| i + 1 + j + 1);
            continue;
        }
        if !(c.is_ascii_alphabetic() || c == b'_') || (i > 0 && is_ident_byte(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let namespace = ident_at(expr, i);
        let after = skip_spaces(expr, i + namespace.len());
        if expr[after..].starts_with("::") {
            let name_at = skip_spaces(expr, after + 2);
            let name = ident_at(expr, name_at);
            let open = skip_spaces(expr, name_at + name.len());
            if !name.is_empty() && expr[open..].starts_with('(') {
                calls.push((namespace.to_string(), name.to_string(), i, &expr[open + 1..]));
                i = name_at + name.len();
                continue;
            }
        }
        i += namespace.len().max(1);
    }
    calls
}

fn is_ident_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

fn ident_at(text: &str, at: usize) -> &str {
    let len = text[at..].bytes().take_while(|&b| is_ident_byte(b)).count();
    &text[at..at + len]
}

fn skip_spaces(text: &str, at: usize) -> usize {
    at + text[at..].bytes().take_while(u8::is_ascii_whitespace).count()
}

/// The contents of every string literal in a tag.
fn quoted_strings(tag: &str) -> Vec<String> {
    let mut strings = Vec::new();
    let mut chars = tag.char_indices();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '"' | '\'' | '`') {
            if let Some((j, _)) = chars.by_ref().find(|(_, d)| *d == c) {
                strings.push(tag[i + 1..j].to_string());
            }
        }
    }
    strings
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(text: &str) -> Vec<Uses> {
        scan(text).contexts.into_iter().flat_map(|c| c.uses).map(|u| u.uses).collect()
    }

    fn include(names: &[&str], ignore_missing: bool) -> Uses {
        Uses::Include { names: names.iter().map(|n| (*n).to_string()).collect(), ignore_missing }
    }

    #[test]
    fn comments_raw_blocks_and_strings_hide_tags() {
        let text = "{# {% include \"a.html\" %} #}{% raw %}{% include \"b.html\" %}{{ x::m() }}{% endraw %}\
                    {{ \"{% include 'c.html' %} y::m()\" }}{%- raw -%}{% include \"d.html\" %}{%- endraw -%}\
                    {% set s = \"%}\" %}{% include \"e.html\" %}";
        assert_eq!(uses(text), vec![include(&["e.html"], false)]);
    }

    #[test]
    fn includes_imports_and_extends_are_read_with_their_spans() {
        let text = "{% extends \"base.html\" %}\n{% import 'm.html' as m %}\n\
                    {%- include [\"a.html\", `b.html`] ignore  missing -%}";
        let scan = scan(text);
        assert_eq!(scan.extends, Some(("base.html".to_string(), Span { offset: 0, len: 25 })));
        assert_eq!(scan.imports, vec![("m.html".to_string(), "m".to_string(), Span { offset: 26, len: 26 })]);
        let used = &scan.contexts[0].uses[0];
        assert_eq!(used.uses, include(&["a.html", "b.html"], true));
        assert_eq!(&text[used.span.offset..used.span.offset + used.span.len], &text[53..]);
    }

    #[test]
    fn macro_calls_belong_to_the_macro_they_are_written_in() {
        let text = "{% macro a(n) %}{% if n %}{{ self::b(n=n) }}{% endif %}{% endmacro a %}\
                    {% macro b(n) %}{% set x = m :: c () %}{% endmacro %}{{ self::a(n=1) | upper }}";
        let scan = scan(text);
        let names: Vec<Option<&str>> = scan.contexts.iter().map(|c| c.macro_name.as_deref()).collect();
        assert_eq!(names, [None, Some("a"), Some("b")]);
        let call = |ns: &str, name: &str| Uses::Call { namespace: ns.into(), name: name.into() };
        assert_eq!(scan.contexts[0].uses.iter().map(|u| u.uses.clone()).collect::<Vec<_>>(), [call("self", "a")]);
        assert_eq!(scan.contexts[1].uses[0].uses, call("self", "b"));
        assert_eq!(scan.contexts[2].uses[0].uses, call("m", "c"));
        let span = scan.contexts[1].uses[0].span;
        assert_eq!(&text[span.offset..span.offset + span.len], "self::b");
        // Inside the macro (1) and the `if` (2), in brackets (3), and the call itself (4).
        assert_eq!(scan.contexts[1].uses[0].level, 4);
        assert_eq!(scan.macro_context("b"), Some(2));
    }

    #[test]
    fn nesting_counts_tags_brackets_and_operators() {
        let deepest = |text: &str| scan(text).contexts[0].deepest.0;
        assert_eq!(deepest("plain text { not a tag }"), 0);
        assert_eq!(deepest("{% for a in b %}{% if a %}{{ a }}{% endif %}{% endfor %}"), 2);
        assert_eq!(deepest("{{ ((a)) }}"), 2);
        assert_eq!(deepest("{{ a + b * c - d }}"), 3);
        assert_eq!(deepest("{% if a and not b or c == d %}{% endif %}"), 5);
        assert_eq!(deepest("{{ \"(((+ and or\" ~ x | upper }}"), 0, "strings, `~` and filters are flat");
        assert_eq!(deepest("{% block a %}{% endblock a %}{% block b %}{% endblock %}"), 1);
    }
}
