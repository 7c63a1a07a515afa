//! `versa check`: every internal link must reach a page or file of the build, and every
//! `#anchor` a heading on that page. The links written in the notes of the pair pages
//! (`content/vs/`) are checked as pages' are, and links may reach the pair pages' ids.

use std::collections::HashSet;

use rustc_hash::FxHashMap;

use super::Report;
use super::Site;
use crate::content::Content;
use crate::content::Document;
use crate::error::Diagnostic;
use crate::markdown::links::Problem;
use crate::markdown::Link;

/// The same problems as [`check_links`], as warnings: `build` and `serve` publish the site anyway.
pub(crate) fn link_warnings(report: &Report, site: &Site) -> Vec<Diagnostic> {
    let mut warnings = check_links(report, site);
    for warning in &mut warnings {
        warning.severity = crate::error::Severity::Warning;
    }
    warnings
}

/// A published page's links, with the markdown file they are written in and the ids on it.
struct Linked<'r> {
    output: &'r str,
    document: Option<&'r Document>,
    links: &'r [Link],
    anchors: &'r HashSet<String>,
}

/// Every page whose links are checked: sections and pages, then the pair pages and the hub,
/// whose links are those of their notes in `content/vs/`.
fn linked<'r>(report: &'r Report, content: &'r Content) -> impl Iterator<Item = Linked<'r>> {
    let documents = report.documents.iter().map(|d| Linked {
        output: &d.output,
        document: content.document(d.target),
        links: &d.links,
        anchors: &d.anchors,
    });
    let pairs = report.pair_pages.iter().map(|p| Linked {
        output: &p.output,
        document: p.note.and_then(|i| content.pair_notes.get(i)),
        links: &p.links,
        anchors: &p.anchors,
    });
    documents.chain(pairs)
}

/// How many internal links [`check_links`] checks.
pub(crate) fn link_count(report: &Report, content: &Content) -> usize {
    linked(report, content).map(|l| l.links.len()).sum()
}

/// Broken links and anchors, located in the markdown files that contain them.
pub(crate) fn check_links(report: &Report, site: &Site) -> Vec<Diagnostic> {
    let (content, base_path) = (&site.content, site.base_path());
    let base_path = base_path.as_str();
    let content_dir = crate::layout::SiteFolder::Content.in_site(&site.root);
    let anchors: FxHashMap<&str, &HashSet<String>> = linked(report, content).map(|l| (l.output, l.anchors)).collect();
    let mut diagnostics = Vec::new();
    for page in linked(report, content) {
        let Some(document) = page.document else { continue };
        // Read again only for a page with a problem: a build let the bodies go.
        let mut whole = None;
        for link in page.links {
            let problem = match &link.problem {
                Some(problem @ Problem::Missing(_)) => Some((
                    problem.message(),
                    Some("link to another page by its markdown file, relative to this one: `[text](other.md)`".into()),
                )),
                Some(problem @ Problem::Draft(_)) => {
                    Some((format!("{}; build with --drafts to include it", problem.message()), None))
                }
                Some(problem @ Problem::NavigationFile(..)) => {
                    Some((problem.message(), Some("link to one of its pages, or to the home page (`/`)".into())))
                }
                None => check_one(&link.href, page.output, base_path, report, &anchors)
                    .map(|(message, help)| (message, Some(help))),
            };
            if let Some((message, help)) = problem {
                let whole = whole.get_or_insert_with(|| document.with_body(&site.files, &content_dir));
                let diagnostic = Diagnostic::error(message);
                let mut diagnostic = match whole {
                    Ok(doc) => diagnostic.at(&doc.source, link.line, link.col, link.width),
                    // The file changed or went since it was loaded: the position, without
                    // a frame of a text that is no longer there.
                    Err(_) => diagnostic.at_line(&document.source.path, link.line, link.col),
                };
                diagnostic.help = help;
                diagnostics.push(diagnostic);
            }
        }
    }
    diagnostics
}

fn check_one(
    href: &str,
    page_output: &str,
    base_path: &str,
    report: &Report,
    anchors: &FxHashMap<&str, &HashSet<String>>,
) -> Option<(String, String)> {
    let (path, fragment) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap_or("");
    let page_dir = page_output.rsplit_once('/').map_or("", |(dir, _)| dir);
    let target = if path.is_empty() {
        Some(page_output.to_string())
    } else if let Some(abs) = path.strip_prefix(base_path) {
        resolve("", abs)
    } else if path.starts_with('/') {
        return Some((
            format!("broken link: `{href}` is outside the site's base path `{base_path}`"),
            "write site links as `/page/` from the content root; versa adds the base path".into(),
        ));
    } else {
        resolve(page_dir, path)
    };
    let Some(target) = target else {
        return Some((format!("broken link: `{href}` leads above the site's root"), "remove a `../`".into()));
    };
    let output = if target.is_empty() || target.ends_with('/') {
        format!("{target}index.html")
    } else if report.files.contains(&target) {
        target
    } else {
        format!("{target}/index.html")
    };
    if !report.files.contains(&output) {
        return Some((
            format!("broken link: nothing is published at `{href}`"),
            "check the path, or link to the page's markdown file".into(),
        ));
    }
    if let (Some(id), Some(page)) = (fragment.filter(|id| !id.is_empty()), report.redirects.get(&output)) {
        // A refresh drops the fragment: the reader would land at the top of the page.
        return Some((
            format!("broken anchor: `{path}` redirects to `{base_path}{page}`, which loses `#{id}`"),
            format!("link to `{base_path}{page}#{id}`"),
        ));
    }
    match (fragment, anchors.get(output.as_str())) {
        (Some(id), Some(ids)) if !id.is_empty() && !ids.contains(id) => {
            let mut known: Vec<&str> = ids.iter().map(String::as_str).collect();
            known.sort_unstable();
            let help = match crate::diagnostics::closest(id, &known) {
                Some(best) => format!("did you mean `#{best}`?"),
                None => format!("anchors on that page: `#{}`", known.join("`, `#")),
            };
            Some((format!("broken anchor: `#{id}` is not a heading on `{output}`"), help))
        }
        _ => None,
    }
}

/// Resolve a relative URL path against a folder of the output; `None` if it climbs above it.
fn resolve(dir: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut out = parts.join("/");
    if path.ends_with('/') && !out.is_empty() {
        out.push('/');
    }
    Some(out)
}
