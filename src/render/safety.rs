//! Checks that no template can crash versa, run whenever templates load (the first build and
//! every reload under `versa serve`), so a bad template is a located error, never a stack
//! overflow while rendering.
//!
//! 1. Before tera parses: no template nests deeper than [`MAX_DEPTH`] on its own (tera's parser
//!    and renderer recurse once per level, and a stack overflow cannot be caught).
//! 2. After: every name in `extends`, `include` (unless `ignore missing`) and `import` exists.
//! 3. Imports do not go in a circle (tera loads imported macros recursively before rendering).
//! 4. Nothing renders itself: follow includes, parents and macro calls (resolved through
//!    `self::` and imported namespaces as tera does) and reject every cycle, but one: a macro
//!    calling itself on a part of the item it loops over (`{% for h in items %}` …
//!    `self::toc(items=h.children)`), which ends where the data does. Tera has no recursion limit
//!    and no hook to add one, so any other cycle, even one with a stopping condition, is refused.
//! 5. No render nests deeper than [`MAX_DEPTH`] through includes, parents and macros together.

use std::collections::{BTreeMap, HashMap};

use crate::error::{Diagnostic, Source};
use crate::template_scan::{scan, Scan, Span, Uses};

/// How many levels a render may nest: each `if`, `for`, `block`, `filter`, include, macro call,
/// parent template, bracket and operator is one. Real templates stay far below; a 2 MiB render
/// thread overflows somewhere past 150 levels of the costliest kind (macro calls, debug build).
pub(super) const MAX_DEPTH: usize = 64;

/// A body (context 0) or a macro (context n) of a template.
type Node<'a> = (&'a str, usize);

/// How one node leads to another.
#[derive(Clone)]
enum Step<'a> {
    Includes(&'a str),
    Imports(&'a str),
    Extends(&'a str),
    Calls(String),
}

#[derive(Clone)]
struct Edge<'a> {
    to: Node<'a>,
    step: Step<'a>,
    span: Span,
    level: usize,
}

/// Every template read by [`scan`], with its source for locating problems.
pub(super) struct Scanned<'a> {
    sources: &'a HashMap<String, Source>,
    scans: BTreeMap<&'a str, Scan>,
}

impl<'a> Scanned<'a> {
    /// Read every template's tags.
    pub(super) fn new(sources: &'a HashMap<String, Source>) -> Self {
        let scans = sources.iter().map(|(name, source)| (name.as_str(), scan(&source.text))).collect();
        Scanned { sources, scans }
    }

    /// Step 1: templates nested too deeply for tera to parse safely.
    pub(super) fn check_nesting(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (name, scan) in &self.scans {
            for context in &scan.contexts {
                let (level, span) = context.deepest;
                if level > MAX_DEPTH {
                    found.push(self.too_deep(name, level, span));
                }
            }
        }
        found
    }

    /// Steps 2 to 5, once tera has parsed every template.
    pub(super) fn check_uses(&self) -> Vec<Diagnostic> {
        let mut found = self.missing_names();
        if !found.is_empty() {
            return found;
        }
        found.extend(self.import_cycles());
        if !found.is_empty() {
            return found;
        }
        let mut walk = Walk { seen: HashMap::new(), path: Vec::new(), found: Vec::new() };
        for (name, scan) in &self.scans {
            for context in 0..scan.contexts.len() {
                self.visit((name, context), &mut walk);
            }
        }
        walk.found
    }

    fn source(&self, name: &str) -> &Source {
        &self.sources[name]
    }

    fn exists(&self, name: &str) -> bool {
        self.scans.contains_key(name)
    }

    /// Step 2.
    fn missing_names(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        for (name, scan) in &self.scans {
            let mut wanted: Vec<(&str, Span)> = Vec::new();
            wanted.extend(scan.extends.iter().map(|(n, span)| (n.as_str(), *span)));
            wanted.extend(scan.imports.iter().map(|(n, _, span)| (n.as_str(), *span)));
            for context in &scan.contexts {
                for used in &context.uses {
                    if let Uses::Include { names, ignore_missing: false } = &used.uses {
                        if !names.iter().any(|n| self.exists(n)) {
                            wanted.extend(names.first().map(|n| (n.as_str(), used.span)));
                        }
                    }
                }
            }
            for (wanted, span) in wanted.into_iter().filter(|(n, _)| !self.exists(n)) {
                found.push(self.missing(name, wanted, span));
            }
        }
        found
    }

    fn missing(&self, name: &str, wanted: &str, span: Span) -> Diagnostic {
        let names: Vec<&str> = self.scans.keys().copied().collect();
        let plain = wanted.trim_start_matches("../").trim_start_matches("./").trim_start_matches('/');
        let mut help = String::new();
        if plain != wanted {
            help += "template names are paths inside `templates/`, without `..`, `./` or a leading `/`; ";
        }
        match crate::diagnostics::closest(plain, &names) {
            Some(best) => help += &format!("did you mean `{best}`?"),
            None => help += &format!("the templates are `{}`", names.join("`, `")),
        }
        Diagnostic::error(format!("there is no template `{wanted}`"))
            .at_offset(self.source(name), span.offset, span.len)
            .help(help)
    }

    /// Step 3: a circle of imports, which tera would follow forever.
    fn import_cycles(&self) -> Vec<Diagnostic> {
        let mut found = Vec::new();
        let mut done: Vec<&str> = Vec::new();
        for start in self.scans.keys() {
            let mut path: Vec<(&str, Span)> = Vec::new();
            self.follow_imports(start, &mut path, &mut done, &mut found);
        }
        found
    }

    fn follow_imports(
        &self,
        name: &'a str,
        path: &mut Vec<(&'a str, Span)>,
        done: &mut Vec<&'a str>,
        found: &mut Vec<Diagnostic>,
    ) {
        if done.contains(&name) {
            return;
        }
        if let Some(start) = path.iter().position(|(n, _)| *n == name) {
            let cycle: Vec<(Node<'a>, Edge<'a>)> = path[start..]
                .iter()
                .enumerate()
                .map(|(i, &(from, span))| {
                    let to = path.get(start + i + 1).map_or(name, |(n, _)| *n);
                    ((from, 0), Edge { to: (to, 0), step: Step::Imports(to), span, level: 0 })
                })
                .collect();
            found.push(self.cycle(&cycle, IMPORT_HELP));
            return;
        }
        let Some((key, scan)) = self.scans.get_key_value(name) else { return };
        for (file, _, span) in &scan.imports {
            let Some((file, _)) = self.scans.get_key_value(file.as_str()) else { continue };
            path.push((key, *span));
            self.follow_imports(file, path, done, found);
            path.pop();
        }
        done.push(key);
    }

    /// The template whose macros `namespace` names in `name`, as tera finds it: its own macros
    /// for `self`, then its imports, then what those import, then its parents'.
    fn resolve(&self, name: &'a str, namespace: &str, visited: &mut Vec<&'a str>) -> Option<&'a str> {
        let (key, scan) = self.scans.get_key_value(name)?;
        if namespace == "self" && scan.has_macros() {
            return Some(key);
        }
        let imported = |file: &str| self.scans.get_key_value(file).map(|(k, _)| *k);
        if let Some(file) = scan.imports.iter().find(|(_, ns, _)| ns == namespace).and_then(|(f, _, _)| imported(f)) {
            return Some(file);
        }
        let parent = scan.extends.as_ref().map(|(p, _)| p.as_str());
        for next in scan.imports.iter().map(|(f, _, _)| f.as_str()).chain(parent) {
            let Some(next) = imported(next) else { continue };
            if !visited.contains(&next) {
                visited.push(next);
                if let Some(found) = self.resolve(next, namespace, visited) {
                    return Some(found);
                }
            }
        }
        None
    }

    /// What a body or macro renders: included templates, its parent, the macros it calls.
    fn edges(&self, (name, context): Node<'a>) -> Vec<Edge<'a>> {
        let scan = &self.scans[name];
        let mut edges = Vec::new();
        for used in &scan.contexts[context].uses {
            let (to, step) = match &used.uses {
                Uses::Include { names, .. } => {
                    let Some((key, _)) = names.iter().find_map(|n| self.scans.get_key_value(n.as_str())) else {
                        continue;
                    };
                    ((*key, 0), Step::Includes(key))
                }
                Uses::Call { namespace, name: called } => {
                    let Some(file) = self.resolve(name, namespace, &mut vec![name]) else { continue };
                    let Some(target) = self.scans[file].macro_context(called) else { continue };
                    ((file, target), Step::Calls(format!("{namespace}::{called}")))
                }
            };
            // Recursion on the data renders as deep as the data is (a heading tree: five levels
            // at most), so it is neither a cycle nor counted again for the depth.
            if used.on_a_part && to == (name, context) {
                continue;
            }
            edges.push(Edge { to, step, span: used.span, level: used.level });
        }
        if context == 0 {
            if let Some((parent, span)) = &scan.extends {
                if let Some((key, _)) = self.scans.get_key_value(parent.as_str()) {
                    edges.push(Edge { to: (key, 0), step: Step::Extends(key), span: *span, level: 1 });
                }
            }
        }
        edges
    }

    /// Steps 4 and 5: depth-first through what `node` renders; returns how deep it nests.
    fn visit(&self, node: Node<'a>, walk: &mut Walk<'a>) -> usize {
        if let Some(&Seen::Done(depth)) = walk.seen.get(&node) {
            return depth;
        }
        walk.seen.insert(node, Seen::Visiting);
        let (mut deepest, mut at) = self.scans[node.0].contexts[node.1].deepest;
        let (mut inherited, mut blamed_elsewhere) = (0, false);
        for edge in self.edges(node) {
            if walk.seen.get(&edge.to) == Some(&Seen::Visiting) {
                let start = walk.path.iter().position(|(from, _)| *from == edge.to).unwrap_or(walk.path.len());
                let mut cycle = walk.path[start..].to_vec();
                cycle.push((node, edge));
                walk.found.push(self.render_cycle(&cycle));
                continue;
            }
            walk.path.push((node, edge.clone()));
            let depth = self.visit(edge.to, walk);
            walk.path.pop();
            if matches!(edge.step, Step::Extends(_)) {
                // The child's blocks render inside the parent: count both, to be safe.
                inherited = 1 + depth;
                blamed_elsewhere |= depth > MAX_DEPTH;
            } else if edge.level + depth > deepest {
                (deepest, at) = (edge.level + depth, edge.span);
                blamed_elsewhere = depth > MAX_DEPTH;
            }
        }
        let depth = deepest + inherited;
        // Report where the nesting adds up, not in every template that uses that place.
        if depth > MAX_DEPTH && !blamed_elsewhere {
            walk.found.push(self.too_deep(node.0, depth, at));
        }
        walk.seen.insert(node, Seen::Done(depth));
        depth
    }

    fn too_deep(&self, name: &str, level: usize, span: Span) -> Diagnostic {
        Diagnostic::error(format!(
            "template `{name}` nests {level} levels deep, more than the {MAX_DEPTH} versa renders"
        ))
        .at_offset(self.source(name), span.offset, span.len)
        .help(
            "tera renders every `if`, `for`, `block`, include, macro call, parent template, bracket and \
                 operator by recursion, so nesting this deep could overflow the stack; split the template or \
                 flatten its conditions",
        )
    }

    /// A cycle of includes, parents and macro calls.
    fn render_cycle(&self, cycle: &[(Node<'a>, Edge<'a>)]) -> Diagnostic {
        let calls = cycle.iter().any(|(_, e)| matches!(e.step, Step::Calls(_)));
        let includes = cycle.iter().any(|(_, e)| matches!(e.step, Step::Includes(_)));
        let help = match (calls, includes) {
            (true, _) => MACRO_HELP,
            (false, true) => INCLUDE_HELP,
            (false, false) => EXTENDS_HELP,
        };
        self.cycle(cycle, help)
    }

    /// "template `t.html` includes `a.html`, which includes `t.html`", at the first tag of the
    /// cycle in a site's own template when there is one (the theme's can't be edited).
    fn cycle(&self, cycle: &[(Node<'a>, Edge<'a>)], help: &str) -> Diagnostic {
        let theirs = |((name, _), _): &&(Node<'a>, Edge<'a>)| {
            !self.source(name).path.to_string_lossy().starts_with("(default theme)")
        };
        let first = cycle.iter().position(|c| theirs(&c)).unwrap_or(0);
        let rotated: Vec<&(Node<'a>, Edge<'a>)> = cycle[first..].iter().chain(&cycle[..first]).collect();
        let ((name, context), edge) = rotated[0];
        let subject = match &self.scans[name].contexts[*context].macro_name {
            Some(m) if *context > 0 => format!("macro `{m}` in `{name}`"),
            _ => format!("template `{name}`"),
        };
        let step = |edge: &Edge<'_>| -> (String, String) {
            match &edge.step {
                Step::Includes(n) => ("includes".into(), (*n).to_string()),
                Step::Imports(n) => ("imports".into(), (*n).to_string()),
                Step::Extends(n) => ("extends".into(), (*n).to_string()),
                Step::Calls(call) => ("calls".into(), call.clone()),
            }
        };
        let message = if rotated.len() == 1 {
            format!("{subject} {} itself", step(edge).0)
        } else {
            let steps: Vec<String> = rotated.iter().map(|(_, e)| step(e)).map(|(v, n)| format!("{v} `{n}`")).collect();
            format!("{subject} {}", steps.join(", which "))
        };
        Diagnostic::error(message).at_offset(self.source(name), edge.span.offset, edge.span.len).help(help)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seen {
    Visiting,
    Done(usize),
}

/// The state of the depth-first walk of [`Scanned::visit`].
struct Walk<'a> {
    seen: HashMap<Node<'a>, Seen>,
    /// The edges from the first node to the one being visited.
    path: Vec<(Node<'a>, Edge<'a>)>,
    found: Vec<Diagnostic>,
}

const INCLUDE_HELP: &str = "an include that reaches its own template never stops (versa rejects it even inside \
                            an `{% if %}`); move the part both need into a partial that includes neither";
const EXTENDS_HELP: &str = "a template can't be its own parent; extend a layout that does not extend this template";
const IMPORT_HELP: &str = "tera loads imported macros before rendering, and a circle of imports never ends; call \
                           macros of the same file with `self::name()`, and keep shared macros in a file that \
                           imports nothing";
const MACRO_HELP: &str = "tera has no recursion limit, so versa accepts only a macro that calls itself on a part of \
                          the item it loops over, `{% for h in items %}{{ self::m(items=h.children) }}{% endfor %}`, \
                          which stops where the data does; other cycles, even ones with a stopping condition, could \
                          crash: loop with `{% for %}` instead";

#[cfg(test)]
mod tests {
    use super::*;

    fn check(templates: &[(&str, &str)]) -> Vec<String> {
        let sources: HashMap<String, Source> = templates
            .iter()
            .map(|(name, text)| ((*name).to_string(), Source::new(format!("templates/{name}"), (*text).to_string())))
            .collect();
        let scanned = Scanned::new(&sources);
        let mut found = scanned.check_nesting();
        if found.is_empty() {
            found = scanned.check_uses();
        }
        found.iter().map(|d| d.message.clone()).collect()
    }

    #[test]
    fn templates_that_use_each_other_without_a_cycle_pass() {
        let macros = "{% macro card(x) %}<b>{{ x }}</b>{% endmacro %}{% macro list(xs) %}{% for x in xs %}\
                      {{ self::card(x=x) }}{% endfor %}{% endmacro %}";
        let found = check(&[
            ("base.html", "{% include \"header.html\" %}{% block content %}{% endblock %}"),
            ("header.html", "{% import \"macros.html\" as m %}{{ m::list(xs=[1]) }}"),
            ("page.html", "{% extends \"base.html\" %}{% block content %}{% include \"header.html\" %}{% endblock %}"),
            ("macros.html", macros),
        ]);
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn every_kind_of_cycle_is_found() {
        assert_eq!(check(&[("t.html", "{% include \"t.html\" %}")]), ["template `t.html` includes itself"]);
        assert_eq!(check(&[("t.html", "{% extends \"t.html\" %}")]), ["template `t.html` extends itself"]);
        assert_eq!(check(&[("t.html", "{% import \"t.html\" as t %}")]), ["template `t.html` imports itself"]);
        assert_eq!(
            check(&[("t.html", "{% macro m() %}{{ self::m() }}{% endmacro %}")]),
            ["macro `m` in `t.html` calls itself"]
        );
        // Recursing without descending into the data, or on data it does not loop over, would not end.
        let refused = [
            "{% macro m(xs) %}{% if xs %}{{ self::m(xs=xs) }}{% endif %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in xs %}{{ self::m(xs=xs) }}{% endfor %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in xs %}{% endfor %}{{ self::m(xs=x.kids) }}{% endmacro %}",
            "{% macro m(xs, ys) %}{% for x in xs %}{{ self::m(xs=ys, ys=x.kids) }}{% endfor %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in other %}{{ self::m(xs=x.kids) }}{% endfor %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in xs %}{% for x in [xs] %}{{ self::m(xs=x) }}{% endfor %}{% endfor %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in xs | concat(with=[xs]) %}{{ self::m(xs=x) }}{% endfor %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in xs %}{{ self::m(xs=x.kids | concat(with=xs)) }}{% endfor %}{% endmacro %}",
            "{% macro m(xs) %}{% for x in xs %}{% set x = {\"k\": xs} %}{{ self::m(xs=x.k) }}{% endfor %}{% endmacro %}",
        ];
        for text in refused {
            assert_eq!(check(&[("t.html", text)]), ["macro `m` in `t.html` calls itself"], "{text}");
        }
        assert_eq!(
            check(&[
                ("a.html", "{% import \"m.html\" as m %}{% macro x() %}{{ m::y() }}{% endmacro %}"),
                ("m.html", "{% macro y() %}{% include \"b.html\" %}{% endmacro %}"),
                ("b.html", "{% import \"a.html\" as a %}{{ a::x() }}"),
            ]),
            ["macro `x` in `a.html` calls `m::y`, which includes `b.html`, which calls `a::x`"]
        );
    }

    #[test]
    fn a_macro_may_recurse_on_a_part_of_what_it_loops_over() {
        let toc = "{% macro toc(items, depth=1) %}<ol>{% for h in items %}<li>{{ h.title }}\
                   {% if h.children %}{{ self::toc(items = h.children, depth=depth + 1) }}{% endif %}</li>\
                   {% endfor %}</ol>{% endmacro %}";
        let by_key = "{% macro m(xs) %}{% for k, x in xs %}{{ self::m(xs=x[\"kids\"]) }}{% endfor %}{% endmacro %}";
        let tree = "{% macro tree(node) %}{% for child in node.children %}{{ self::tree(node=child) }}{% endfor %}\
                    {% endmacro %}";
        assert!(check(&[("tree.html", tree)]).is_empty());
        let page = "{% import \"toc.html\" as t %}{{ t::toc(items=toc) }}";
        assert!(check(&[("toc.html", toc), ("page.html", page)]).is_empty());
        assert!(check(&[("m.html", by_key)]).is_empty());
        // Two macros taking turns are still a cycle: only a macro's call of itself is followed.
        let turns = "{% macro a(xs) %}{% for x in xs %}{{ self::b(xs=x.kids) }}{% endfor %}{% endmacro %}\
                     {% macro b(xs) %}{% for x in xs %}{{ self::a(xs=x.kids) }}{% endfor %}{% endmacro %}";
        assert_eq!(check(&[("t.html", turns)]), ["macro `a` in `t.html` calls `self::b`, which calls `self::a`"]);
    }

    #[test]
    fn namespaces_resolve_as_tera_does() {
        // `self` in a child without macros is its parent's; an imported file's imports count too.
        assert_eq!(
            check(&[
                ("p.html", "{% macro m() %}{% include \"c.html\" %}{% endmacro %}"),
                ("c.html", "{% extends \"p.html\" %}{% block b %}{{ self::m() }}{% endblock %}"),
            ]),
            ["template `c.html` calls `self::m`, which includes `c.html`"]
        );
        assert_eq!(
            check(&[
                ("a.html", "{% import \"b.html\" as b %}{{ inner::m() }}"),
                ("b.html", "{% import \"i.html\" as inner %}"),
                ("i.html", "{% macro m() %}{% include \"a.html\" %}{% endmacro %}"),
            ]),
            ["template `a.html` calls `inner::m`, which includes `a.html`"]
        );
    }

    #[test]
    fn a_cycle_is_reported_in_the_sites_template_not_the_themes() {
        let sources: HashMap<String, Source> = [
            ("base.html", "(default theme) templates/base.html", "{% include \"x.html\" %}"),
            ("x.html", "templates/x.html", "{% include \"base.html\" %}"),
        ]
        .iter()
        .map(|(name, path, text)| ((*name).to_string(), Source::new(*path, (*text).to_string())))
        .collect();
        let found = Scanned::new(&sources).check_uses();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].message, "template `x.html` includes `base.html`, which includes `x.html`");
        assert_eq!(found[0].loc.as_ref().map(ToString::to_string).as_deref(), Some("templates/x.html:1:1"));
    }

    #[test]
    fn missing_names_come_first_and_ignore_missing_is_respected() {
        assert_eq!(
            check(&[("t.html", "{% include \"nope.html\" %}{% include \"t.html\" %}")]),
            ["there is no template `nope.html`"]
        );
        assert!(check(&[("t.html", "{% include [\"nope.html\", \"u.html\"] %}"), ("u.html", "")]).is_empty());
        assert!(check(&[("t.html", "{% include \"nope.html\" ignore missing %}")]).is_empty());
    }

    #[test]
    fn depth_adds_up_across_templates_and_is_reported_once() {
        let level = |n: usize| "{% if x %}".repeat(n) + &"{% endif %}".repeat(n);
        let inner = level(40);
        let outer = "{% if x %}".repeat(30) + "{% include \"inner.html\" %}" + &"{% endif %}".repeat(30);
        assert!(check(&[("inner.html", &inner)]).is_empty());
        let found =
            check(&[("inner.html", &inner), ("outer.html", &outer), ("page.html", "{% include \"outer.html\" %}")]);
        assert_eq!(found, ["template `outer.html` nests 71 levels deep, more than the 64 versa renders"]);
    }
}
