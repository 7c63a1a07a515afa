//! Templates: the embedded default theme, overridden file by file by the site's `templates/`,
//! rendered by tera with typed contexts ([`context`]). [`safety`] checks them as they load, so
//! no template can crash versa.

pub(crate) mod context;
mod functions;
mod locate;
mod safety;

use std::collections::HashMap;
use std::path::PathBuf;

use serde::Serialize;
use tera::Tera;

use crate::error::{Diagnostic, Error, Result, Source};
use crate::fs::SiteFiles;
use crate::layout::SiteFolder;

/// The loaded templates and their sources, for locating errors.
pub(crate) struct Templates {
    tera: Tera,
    sources: HashMap<String, Source>,
    /// Some template names `site.matrix` (see [`Templates::read_matrix`]).
    reads_matrix: bool,
    /// The templates that name `contenders` as a value, themselves or through a template they
    /// extend, include or import (see [`Templates::reads_contenders`]).
    reads_contenders: std::collections::HashSet<String>,
    /// See [`Templates::draws_sidebar`].
    draws_sidebar: bool,
}

impl Templates {
    /// Load the default theme, then every file of the site's `templates/` over it.
    pub(crate) fn load(files: &SiteFiles) -> Result<Templates> {
        let mut sources: HashMap<String, Source> = HashMap::new();
        for (name, bytes) in crate::embedded::THEME_TEMPLATES {
            let text = String::from_utf8_lossy(bytes).into_owned();
            sources.insert((*name).to_string(), Source::new(format!("(default theme) templates/{name}"), text));
        }
        let dir = SiteFolder::Templates.in_site(files.root());
        if dir.is_dir() {
            for path in files.walk_files(&dir, |name| !crate::content::is_ignored_file_name(name))? {
                let rel = path.strip_prefix(&dir).unwrap_or(&path).to_string_lossy().replace('\\', "/");
                let bytes = files.read(&path)?;
                let shown = SiteFolder::Templates.shown(&rel);
                let text = String::from_utf8(bytes).map_err(|_| {
                    Diagnostic::error("the template is not valid UTF-8")
                        .in_file(&shown)
                        .help("save it with UTF-8 encoding")
                })?;
                sources.insert(rel, Source::new(shown, text));
            }
        }
        let tera = compile(&sources)?;
        let reads_matrix = sources.values().any(|s| names_matrix(&s.text));
        let reads_contenders = reading(&sources, |text| names_in_tags(text, "contenders"));
        // The theme's templates that name the sidebar take `site.sidebar_html` when it is there.
        let theme_text = |name: &str, text: &str| {
            crate::embedded::THEME_TEMPLATES.iter().any(|(n, bytes)| *n == name && *bytes == text.as_bytes())
        };
        let draws_sidebar = sources
            .iter()
            .all(|(name, source)| !names_in_tags(&source.text, "sidebar") || theme_text(name, &source.text));
        Ok(Templates { tera, sources, reads_matrix, reads_contenders, draws_sidebar })
    }

    /// True when the template `name` may read `site.contenders`. Pair pages rendered with one
    /// that cannot get an empty list instead of every contender, which they cannot tell apart:
    /// with N contenders, N(N−1)/2 pages carrying all N would cost O(N³).
    pub(crate) fn reads_contenders(&self, name: &str) -> bool {
        self.reads_contenders.contains(name)
    }

    /// True when versa writes the sidebar's tree itself (`site.sidebar_html`, with `site.sidebar`
    /// left empty): no template names `sidebar` but the theme's own, which take either.
    pub(crate) fn draws_sidebar(&self) -> bool {
        self.draws_sidebar
    }

    /// True when some template may read `site.matrix` (`site.matrix`, `site["matrix"]`): the
    /// matrix is then serialized into every page's context, and any claim may show anywhere.
    pub(crate) fn read_matrix(&self) -> bool {
        self.reads_matrix
    }

    /// True when a template of this name exists.
    pub(crate) fn has(&self, name: &str) -> bool {
        self.sources.contains_key(name)
    }

    /// Render a template with a typed context.
    pub(crate) fn render(&self, name: &str, context: &impl Serialize) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(context)
            .map_err(|e| Diagnostic::error(format!("could not build the context for `{name}`: {e}")))?;
        // tera grows its buffer from 2 KB by doubling; pages of one site are of a size, so
        // start from the size of the last one this thread rendered.
        thread_local!(static LAST_LEN: std::cell::Cell<usize> = const { std::cell::Cell::new(0) });
        let mut buffer = Vec::with_capacity(LAST_LEN.get() + LAST_LEN.get() / 8 + 2048);
        // A tera bug a template can reach (`i64::MIN % -1` panics) must not end versa.
        let rendered = crate::panics::catch(|| {
            self.tera.render_to(name, &context, &mut buffer)?;
            LAST_LEN.set(buffer.len());
            // Every value tera writes is a `String`: the text is UTF-8.
            String::from_utf8(std::mem::take(&mut buffer)).map_err(|e| tera::Error::msg(e.to_string()))
        })
        .map_err(|panic| {
            Diagnostic::error(format!("tera crashed rendering `{name}`: {panic}"))
                .in_file(&self.sources.get(name).map_or_else(|| PathBuf::from(name), |s| s.path.clone()))
                .help("this is a bug in tera; change the expression that triggers it")
        })?;
        rendered.map_err(|e| tera_diagnostic(&e, &self.sources))
    }

    /// The names of the `.html` templates a page may ask for.
    pub(crate) fn names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.sources.keys().map(String::as_str).filter(|n| n.ends_with(".html")).collect();
        names.sort_unstable();
        names
    }

    /// Every template's name and text, for tracing `extends`/`include`/`import` on rebuilds.
    pub(crate) fn sources(&self) -> impl Iterator<Item = (&str, &str)> {
        self.sources.iter().map(|(name, source)| (name.as_str(), source.text.as_str()))
    }
}

/// A template's text names the matrix as a value: `.matrix`, `"matrix"` or `'matrix'` (not
/// `matrix.toml` in a comment). Erring towards yes only costs time.
fn names_matrix(text: &str) -> bool {
    names_value(text, "matrix")
}

/// A template's text names `field` as a value, as [`names_matrix`] reads it.
fn names_value(text: &str, field: &str) -> bool {
    text.match_indices(field).any(|(at, _)| matches!(text[..at].chars().next_back(), Some('.' | '"' | '\'' | '[')))
}

/// A template's tags (not its HTML: `class="contenders"`) name `field` as a value.
fn names_in_tags(text: &str, field: &str) -> bool {
    crate::template_scan::tags(text).iter().any(|tag| names_value(&text[tag.offset..tag.offset + tag.len], field))
}

/// The templates whose text, or that of a template they extend, include or import (at any
/// depth), `names`: the templates that use one that names it.
fn reading(sources: &HashMap<String, Source>, names: impl Fn(&str) -> bool) -> std::collections::HashSet<String> {
    let texts = || sources.iter().map(|(name, source)| (name.as_str(), source.text.as_str()));
    texts()
        .filter(|(_, text)| names(text))
        .flat_map(|(name, _)| crate::changes::template_dependents(texts(), name))
        .collect()
}

/// Parse the templates with tera once [`safety`] has found nothing that could crash it.
fn compile(sources: &HashMap<String, Source>) -> Result<Tera> {
    let scanned = safety::Scanned::new(sources);
    let too_deep = scanned.check_nesting();
    if !too_deep.is_empty() {
        return Err(Error::Site(too_deep)); // before tera's parser recurses into it
    }
    let mut tera = Tera::default();
    tera.autoescape_on(vec![".html", ".htm", ".xml"]);
    // tera's default also escapes `/`, which bloats every URL in the output for no safety gain.
    tera.set_escape_fn(crate::html::escape_html);
    tera.register_function("range", functions::range);
    tera.register_function("get_env", functions::get_env);
    tera.register_filter("date", functions::date);
    let mut names: Vec<&String> = sources.keys().collect();
    names.sort();
    let raw: Vec<(&str, &str)> = names.iter().map(|n| (n.as_str(), sources[*n].text.as_str())).collect();
    let parsed = tera.add_raw_templates(raw);
    // A syntax error comes first: the checks read tags, and a broken template's may mislead them.
    if let Err(e) = &parsed {
        if e.to_string().starts_with("Failed to parse") {
            return Err(Error::from(tera_diagnostic(e, sources)));
        }
    }
    // tera finds missing parents and extends cycles too, but without a position.
    let unsafe_uses = scanned.check_uses();
    if !unsafe_uses.is_empty() {
        return Err(Error::Site(unsafe_uses));
    }
    parsed.map_err(|e| Error::from(tera_diagnostic(&e, sources)))?;
    Ok(tera)
}

/// Turn a tera error into a diagnostic at the template file and, where it can be found, line.
fn tera_diagnostic(error: &tera::Error, sources: &HashMap<String, Source>) -> Diagnostic {
    let mut messages = Vec::new();
    let mut current: Option<&dyn std::error::Error> = Some(error);
    while let Some(e) = current {
        messages.push(e.to_string());
        current = e.source();
    }
    let all = messages.join("\n");
    // tera names the template in quotes: "Failed to parse 'page.html'", "while rendering 'x.html'".
    let template = sources
        .keys()
        .filter(|name| all.contains(&format!("'{name}'")))
        .max_by_key(|name| all.rfind(&format!("'{name}'")));
    let detail = messages.iter().rev().find(|m| !m.trim().is_empty()).cloned().unwrap_or_default();
    let Some(source) = template.and_then(|t| sources.get(t)) else {
        return Diagnostic::error(format!("template error: {}", detail.trim()));
    };
    if let Some((line, col)) = parse_position(&all) {
        // A pest parse error: the position is ours to show; keep its "= expected ..." line as help.
        let expected: Vec<&str> =
            detail.lines().filter_map(|l| l.trim_start().strip_prefix('=')).map(str::trim).collect();
        let d = Diagnostic::error("template syntax error").at(source, line, col, 1);
        return if expected.is_empty() { d } else { d.help(expected.join("; ")) };
    }
    let summary = detail.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("").to_string();
    let diagnostic = Diagnostic::error(format!("template error: {summary}"));
    // Render errors carry no position: find the failing expression in the template it is in.
    match locate::locate(&messages, sources) {
        Some((source, Some(span))) => diagnostic.at_offset(source, span.offset, span.len),
        Some((source, None)) => diagnostic.in_file(&source.path),
        None => diagnostic.in_file(&source.path),
    }
}

/// The `--> line:col` of a tera parse error.
fn parse_position(text: &str) -> Option<(usize, usize)> {
    let after = &text[text.find("--> ")? + 4..];
    let end = after.find(|c: char| !(c.is_ascii_digit() || c == ':')).unwrap_or(after.len());
    let (line, col) = after[..end].split_once(':')?;
    Some((line.parse().ok()?, col.parse().ok()?))
}

#[cfg(test)]
mod tests {
    use super::{names_matrix, HashMap, Source};

    #[test]
    fn the_matrix_is_named_as_a_value_not_as_a_file() {
        assert!(names_matrix("{% for c in site.matrix.criteria %}"));
        assert!(names_matrix("{{ site[\"matrix\"] | json_encode() }}"));
        assert!(!names_matrix("{#- The claims from matrix.toml that the page cites -#}"));
        let theme = crate::embedded::THEME_TEMPLATES.iter().map(|(_, b)| String::from_utf8_lossy(b).into_owned());
        assert!(!theme.into_iter().any(|t| names_matrix(&t)), "the theme does not read site.matrix: pages skip it");
    }

    #[test]
    fn a_template_reads_what_the_templates_it_uses_read() {
        let source = |text: &str| Source::new(std::path::PathBuf::from("t"), text.to_string());
        let sources: HashMap<String, Source> = [
            ("base.html", "{% block content %}{% endblock content %}"),
            ("list.html", "{% for c in site.contenders %}{{ c.name }}{% endfor %}"),
            (
                "page.html",
                "{% extends \"base.html\" %}{% block content %}{% include \"list.html\" %}{% endblock content %}",
            ),
            ("deeper.html", "{% extends \"page.html\" %}"),
            ("loop.html", "{% extends \"loop.html\" %}"),
            ("pair.html", "{% extends \"base.html\" %}{% set contenders = page.compare %}"),
        ]
        .into_iter()
        .map(|(name, text)| (name.to_string(), source(text)))
        .collect();
        assert!(!super::names_in_tags("<ul class=\"contenders\">{{ page.title }}</ul>", "contenders"));
        let mut reading: Vec<String> =
            super::reading(&sources, |t| super::names_in_tags(t, "contenders")).into_iter().collect();
        reading.sort();
        assert_eq!(reading, ["deeper.html", "list.html", "page.html"]);
        let theme: HashMap<String, Source> = crate::embedded::THEME_TEMPLATES
            .iter()
            .map(|(name, bytes)| ((*name).to_string(), source(&String::from_utf8_lossy(bytes))))
            .collect();
        let theme = super::reading(&theme, |t| super::names_in_tags(t, "contenders"));
        assert!(theme.contains("index.html"), "the home page lists every contender");
        assert!(!theme.contains("pair.html"), "pair pages skip site.contenders");
    }
}
