//! What a structural change re-renders, found by comparing the site before and after it.
//!
//! A [`Snapshot`] holds, for the documents that may show the change, their URL and what they
//! show of others ([`shown::from_others`]), and the parts every page shows (the navigation, the
//! sidebar, the tag pages' data). [`affected`] compares two of them; nothing here names a field of
//! a context. When only pages came and went, the documents that may show it are the sections
//! that gained or lost a page and those sections' pages (a page's listing entry and its prev/next
//! links are all that others show of it), so a snapshot costs the same on a site of any size.

use std::collections::BTreeSet;
use std::ffi::{OsStr, OsString};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::content::{Content, Target};
use crate::render::context::SidebarItem;
use crate::site::shown::{self, Shown, Sidebar};
use crate::site::{DocumentReport, Site};

/// One document in a [`Snapshot`].
pub(super) struct Shot {
    pub(super) target: Target,
    pub(super) url: String,
    /// [`shown::from_others`].
    pub(super) shows: Vec<u8>,
}

/// What the other documents show of some, and the parts of the site every page shows.
pub(super) struct Snapshot {
    /// By path below `content/`: the documents compared (every one, or those in `scope`).
    pub(super) documents: FxHashMap<OsString, Shot>,
    /// Only the documents of some sections were taken (see [`Snapshot::of`]).
    pub(super) scoped: bool,
    pub(super) sidebar: Arc<Sidebar>,
    /// The sidebar with nothing marked, as `404.html` and the tag pages show it.
    pub(super) unmarked: Vec<SidebarItem>,
    pub(super) nav: Vec<u8>,
    /// The tags, with what their pages show of each page.
    pub(super) tagged: Vec<u8>,
    /// Output paths of the documents taken and of the tag pages.
    pub(super) outputs: FxHashSet<String>,
    pub(super) base_path: String,
}

/// The path below `content/` a section or page is known by across rebuilds. As a string: maps
/// with every document in them hash it, and a `Path` hashes its components one by one.
pub(super) fn key(content: &Content, target: Target) -> &OsStr {
    content.document(target).map_or(OsStr::new("_index.md"), |d| d.rel_path.as_os_str())
}

impl Snapshot {
    /// The site as it is now: every document, or with `scope` the sections given and their
    /// pages. Its sidebar is the site's own, kept current.
    pub(super) fn of(site: &Site, scope: Option<&BTreeSet<usize>>) -> Snapshot {
        let shown = Shown::new(site);
        let content = &site.content;
        let targets = match scope {
            None => site.all_targets(),
            Some(sections) => sections
                .iter()
                .flat_map(|&s| {
                    let pages = content.sections[s].pages.iter().map(|&p| Target::Page(p));
                    std::iter::once(Target::Section(s)).chain(pages)
                })
                .collect(),
        };
        let mut outputs: FxHashSet<String> = targets.iter().map(|&t| format!("{}index.html", content.url(t))).collect();
        // Every document, twice per structural change that is more than pages: on both cores.
        let documents = targets
            .into_par_iter()
            .map(|target| {
                let shot =
                    Shot { target, url: content.url(target).to_string(), shows: shown::from_others(&shown, target) };
                (key(content, target).to_os_string(), shot)
            })
            .collect();
        let sidebar = Arc::clone(&site.sidebar);
        let tagged: Vec<_> = content
            .tags
            .iter()
            .map(|t| (&t.name, &t.slug, t.pages.iter().map(|&p| shown.summary(p)).collect::<Vec<_>>()))
            .collect();
        if !content.tags.is_empty() {
            outputs.insert(crate::site::tags::output(""));
            outputs.extend(content.tags.iter().map(|t| crate::site::tags::output(&t.slug)));
        }
        Snapshot {
            documents,
            scoped: scope.is_some(),
            unmarked: sidebar.for_page(""),
            sidebar,
            nav: serde_json::to_vec(&shown.nav()).unwrap_or_default(),
            tagged: serde_json::to_vec(&tagged).unwrap_or_default(),
            outputs,
            base_path: site.base_path(),
        }
    }
}

/// What a structural change re-renders.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Affected {
    pub(super) targets: BTreeSet<Target>,
    /// Every section and page: the navigation or every page's sidebar changed.
    pub(super) everything: bool,
    pub(super) tags: bool,
    pub(super) not_found: bool,
}

/// The sections and pages of the `after` site (`content`) whose output differs from the
/// `before` one's: new ones, those read again (`read`, by path below `content/`), those whose
/// URL or [`shown::from_others`] changed, whose sidebar changed, and those whose links (in the
/// last build's `reports`, by their target after the change) name a path that came, went
/// (`gone`) or moved.
pub(super) fn affected(
    before: &Snapshot,
    after: &Snapshot,
    content: &Content,
    read: &FxHashSet<OsString>,
    gone: &BTreeSet<PathBuf>,
    reports: &FxHashMap<Target, &DocumentReport>,
) -> Affected {
    let mut affected = Affected {
        everything: before.nav != after.nav,
        not_found: before.unmarked != after.unmarked,
        tags: before.tagged != after.tagged || before.unmarked != after.unmarked,
        ..Affected::default()
    };
    // Paths whose link target came, went or moved.
    let mut moved: BTreeSet<&Path> = read.iter().map(Path::new).chain(gone.iter().map(PathBuf::as_path)).collect();
    for (path, shot) in &before.documents {
        if after.documents.get(path).is_none_or(|new| new.url != shot.url) {
            moved.insert(Path::new(path));
        }
    }
    for (path, shot) in &after.documents {
        let changed = match before.documents.get(path) {
            None => true,
            Some(old) => {
                old.url != shot.url
                    || old.shows != shot.shows
                    || read.contains(path)
                    || !reports.contains_key(&shot.target)
            }
        };
        if changed {
            affected.targets.insert(shot.target);
        }
    }
    for (&target, report) in reports {
        if report.links.iter().any(|l| moved.iter().any(|m| l.may_name(m))) {
            affected.targets.insert(target);
        }
    }
    match Sidebar::changed_groups(&before.sidebar, &after.sidebar) {
        None => affected.everything = true,
        Some(groups) if groups.is_empty() => {}
        Some(groups) => sidebar_changes(before, after, content, &groups, &mut affected.targets),
    }
    affected
}

/// Add the documents whose sidebar shows a link of the sidebar groups (by ordinal) that changed.
fn sidebar_changes(
    before: &Snapshot,
    after: &Snapshot,
    content: &Content,
    groups: &[usize],
    into: &mut BTreeSet<Target>,
) {
    let base = (&before.base_path, &after.base_path);
    let candidates = match after.sidebar.sections_of_groups(groups, &after.base_path, content) {
        Some(sections) if after.scoped => subtrees(content, &sections),
        // The top level's links show on every page.
        _ => {
            (0..content.sections.len()).map(Target::Section).chain((0..content.pages.len()).map(Target::Page)).collect()
        }
    };
    for target in candidates {
        let url = content.url(target);
        let old_url = before.documents.get(key(content, target)).map_or(url, |shot| shot.url.as_str());
        let (old_url, url) = (format!("{}{old_url}", base.0), format!("{}{url}", base.1));
        if !Sidebar::same_view(&before.sidebar, &old_url, &after.sidebar, &url, groups) {
            into.insert(target);
        }
    }
}

/// The sections given, and every section and page below them.
fn subtrees(content: &Content, sections: &[usize]) -> Vec<Target> {
    let mut targets = Vec::new();
    let mut stack = sections.to_vec();
    while let Some(id) = stack.pop() {
        targets.push(Target::Section(id));
        let section = &content.sections[id];
        targets.extend(section.pages.iter().map(|&p| Target::Page(p)));
        stack.extend(&section.subsections);
    }
    targets
}
