//! The site being served: its files in memory, the build they come from, and the error of the
//! last rebuild if it failed.
//!
//! 1. [`Store::publish`] applies a rebuild (a whole site, or the files it rewrote and removed),
//!    works out which files really changed by comparing bytes, clears the error and numbers the
//!    build.
//! 2. [`Store::fail`] keeps the files (the last good site) and records the error text.
//! 3. Readers ([`Store::get`], [`Store::paths`], [`Store::status`]) take a read lock only long enough to clone an
//!    `Arc`, so a slow client never holds up a rebuild.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, PoisonError, RwLock};
use std::time::{SystemTime, UNIX_EPOCH};

/// A rebuild's files for [`Store::publish`].
#[derive(Debug, Default)]
pub struct Update {
    /// Files written, by output path (`a/index.html`).
    pub files: BTreeMap<String, Vec<u8>>,
    /// Output paths that no longer exist.
    pub removed: Vec<String>,
    /// `files` is the whole site: every other path is gone.
    pub complete: bool,
}

/// The build a page was served from and the error showing, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Status {
    /// Changes with every good rebuild, and between two runs of the server.
    pub(crate) build: String,
    /// The text of the last rebuild's error, while it is not fixed.
    pub(crate) error: Option<Arc<str>>,
}

/// The site in memory, shared by the rebuild thread and the request workers.
pub struct Store {
    state: RwLock<State>,
    /// Tells two runs of the server apart, so a page from the last run reloads.
    instance: String,
}

#[derive(Default)]
struct State {
    files: HashMap<String, Arc<[u8]>>,
    build: u64,
    error: Option<Arc<str>>,
}

impl Default for Store {
    fn default() -> Self {
        Self::new()
    }
}

impl Store {
    /// An empty store: every path is missing until the first build is published.
    pub fn new() -> Store {
        let started = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or_default();
        Store { state: RwLock::new(State::default()), instance: format!("{started:x}") }
    }

    /// A file of the site.
    pub fn get(&self, path: &str) -> Option<Arc<[u8]>> {
        self.read(|state| state.files.get(path).cloned())
    }

    /// True when the site has a file at `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.read(|state| state.files.contains_key(path))
    }

    /// Every path of the site, sorted: with [`Store::get`], what the server would answer, for
    /// tests that compare a served site with a full build.
    pub fn paths(&self) -> Vec<String> {
        let mut paths: Vec<String> = self.read(|state| state.files.keys().cloned().collect());
        paths.sort();
        paths
    }

    /// The current build and error.
    pub(crate) fn status(&self) -> Status {
        self.read(|state| Status { build: format!("{}-{}", self.instance, state.build), error: state.error.clone() })
    }

    /// Apply a good rebuild. Returns the paths whose bytes changed, appeared or went, and
    /// whether an error was cleared.
    pub fn publish(&self, update: Update) -> (Vec<String>, bool) {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        let mut changed = Vec::new();
        let mut old = if update.complete { std::mem::take(&mut state.files) } else { HashMap::new() };
        for path in update.removed {
            if state.files.remove(&path).is_some() {
                changed.push(path);
            }
        }
        for (path, bytes) in update.files {
            let previous = if update.complete { old.remove(&path) } else { state.files.get(&path).cloned() };
            match previous {
                Some(previous) if *previous == *bytes => {
                    state.files.insert(path, previous);
                }
                Some(previous) if only_versions_differ(&path, &previous, &bytes) => {
                    // A page that changed only because a stylesheet it links did: the stylesheet
                    // is in `changed`, and open pages swap it in without a reload.
                    state.files.insert(path, bytes.into());
                }
                _ => {
                    state.files.insert(path.clone(), bytes.into());
                    changed.push(path);
                }
            }
        }
        // With a complete update, whatever is left of the old site is gone.
        changed.extend(old.into_keys());
        changed.sort();
        let cleared = state.error.take().is_some();
        if !changed.is_empty() || cleared {
            state.build += 1;
        }
        (changed, cleared)
    }

    /// Store files that no page embeds (the search index) and drop `removed`, without a new
    /// build number: open pages neither reload for them nor see a new build when they reconnect.
    pub(crate) fn publish_unseen(&self, files: BTreeMap<String, Vec<u8>>, removed: &[String]) {
        let mut state = self.state.write().unwrap_or_else(PoisonError::into_inner);
        for path in removed {
            state.files.remove(path);
        }
        for (path, bytes) in files {
            state.files.insert(path, bytes.into());
        }
    }

    /// Record a failed rebuild; the files stay those of the last good one.
    pub(crate) fn fail(&self, error: &str) {
        self.state.write().unwrap_or_else(PoisonError::into_inner).error = Some(error.into());
    }

    fn read<T>(&self, f: impl FnOnce(&State) -> T) -> T {
        f(&self.state.read().unwrap_or_else(PoisonError::into_inner))
    }
}

/// True for two versions of an HTML page that differ only in the `?v=` hashes of the stylesheets
/// it links (`/assets/versa.css?v=1a2b3c4d`). Only stylesheets: those are what open pages swap
/// in place; any other difference, a writer's own `?v=` text included, reloads the page.
fn only_versions_differ(path: &str, old: &[u8], new: &[u8]) -> bool {
    const MARK: &[u8] = b".css?v=";
    if !path.ends_with(".html") {
        return false;
    }
    // Both pages are walked mark by mark, without copies: this runs for every changed page of
    // a rebuild, on the thread the reload waits for.
    let finder = memchr::memmem::Finder::new(MARK);
    let after_hash = |rest: &[u8]| rest.iter().take_while(|b| b.is_ascii_hexdigit()).count();
    let (mut old, mut new) = (old, new);
    loop {
        match (finder.find(old), finder.find(new)) {
            (Some(at), Some(new_at)) => {
                let end = at + MARK.len();
                if at != new_at || old[..end] != new[..end] {
                    return false;
                }
                old = &old[end..];
                new = &new[end..];
                old = &old[after_hash(old)..];
                new = &new[after_hash(new)..];
            }
            (None, None) => return old == new,
            _ => return false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn update(files: &[(&str, &str)], removed: &[&str], complete: bool) -> Update {
        Update {
            files: files.iter().map(|(p, b)| ((*p).to_string(), b.as_bytes().to_vec())).collect(),
            removed: removed.iter().map(|p| (*p).to_string()).collect(),
            complete,
        }
    }

    #[test]
    fn only_real_changes_count() {
        let store = Store::new();
        let (changed, _) = store.publish(update(&[("a.html", "A"), ("b.css", "B")], &[], true));
        assert_eq!(changed, ["a.html", "b.css"]);
        let first = store.status().build;
        let (changed, _) = store.publish(update(&[("a.html", "A")], &[], false));
        assert!(changed.is_empty());
        assert_eq!(store.status().build, first, "nothing changed, same build");
        let (changed, _) = store.publish(update(&[("a.html", "A2"), ("c.js", "C")], &["b.css"], false));
        assert_eq!(changed, ["a.html", "b.css", "c.js"]);
        assert_ne!(store.status().build, first);
        assert!(store.get("b.css").is_none());
        assert_eq!(&*store.get("a.html").unwrap(), b"A2");
        // A complete update drops what it does not list.
        let (changed, _) = store.publish(update(&[("a.html", "A2")], &[], true));
        assert_eq!(changed, ["c.js"]);
        assert!(!store.contains("c.js"));
        assert_eq!(store.paths(), ["a.html"]);
    }

    #[test]
    fn pages_that_only_link_a_new_stylesheet_version_are_not_reloaded() {
        let store = Store::new();
        let page = |v: &str, body: &str| format!("<link href=\"/assets/versa.css?v={v}\"><p>{body}</p>");
        store.publish(update(&[("a.html", &page("1a2b3c4d", "A")), ("assets/versa.css", "a{}")], &[], true));
        let (changed, _) =
            store.publish(update(&[("a.html", &page("99ff0011", "A")), ("assets/versa.css", "b{}")], &[], true));
        assert_eq!(changed, ["assets/versa.css"], "open pages swap the stylesheet instead");
        assert_eq!(&*store.get("a.html").unwrap(), page("99ff0011", "A").as_bytes(), "the new page is served");
        let (changed, _) = store.publish(update(&[("a.html", &page("99ff0011", "B"))], &[], false));
        assert_eq!(changed, ["a.html"]);
        assert!(!only_versions_differ("a.css", b"x.css?v=1", b"x.css?v=2"), "only pages");
        assert!(!only_versions_differ("a.html", b"curl x?v=1", b"curl x?v=2"), "a writer's text is content");
        let two = |a: &str, b: &str| format!("<link href=\"a.css?v={a}\"><link href=\"b.css?v={b}\"><p>text</p>");
        assert!(only_versions_differ("a.html", two("1", "ff").as_bytes(), two("abc", "0").as_bytes()), "any lengths");
        assert!(!only_versions_differ("a.html", two("1", "2").as_bytes(), b"<link href=\"a.css?v=1\">"), "one fewer");
        assert!(!only_versions_differ("a.html", two("1", "2").as_bytes(), two("1", "2x").as_bytes()), "text after");
        assert!(!only_versions_differ("a.html", b"a.css?v=1 A", b"a.css?v=1 B"), "text after the last");
    }

    #[test]
    fn unseen_files_change_no_build() {
        let store = Store::new();
        store.publish(update(&[("a.html", "A"), ("pagefind/old.pf_index", "O")], &[], true));
        let build = store.status().build;
        let files = [("pagefind/new.pf_index".to_string(), b"N".to_vec())].into_iter().collect();
        store.publish_unseen(files, &["pagefind/old.pf_index".to_string()]);
        assert_eq!(store.status().build, build);
        assert_eq!(store.paths(), ["a.html", "pagefind/new.pf_index"]);
    }

    #[test]
    fn an_error_keeps_the_last_good_files_until_the_next_good_build() {
        let store = Store::new();
        store.publish(update(&[("a.html", "A")], &[], true));
        let build = store.status().build;
        store.fail("error: broken\n  --> content/a.md:2:1\n");
        assert_eq!(store.status().error.as_deref(), Some("error: broken\n  --> content/a.md:2:1\n"));
        assert_eq!(&*store.get("a.html").unwrap(), b"A");
        let (changed, cleared) = store.publish(update(&[("a.html", "A")], &[], false));
        assert!(changed.is_empty() && cleared);
        assert_eq!(store.status().error, None);
        assert_ne!(store.status().build, build, "clearing the error is news for the pages");
    }
}
