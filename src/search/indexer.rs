//! Pagefind on a thread of its own: pages go to it as they are rendered, so the index grows
//! while the site renders, and no copy of every page is kept until the end.
//!
//! Pagefind numbers pages in the order it gets them, so the callers send them in a fixed order
//! (the site's order, see `Site::render_then`): the same site gives the same index, byte for byte.
//!
//! Pagefind holds all it has read in memory until it writes the index (about a quarter of a
//! MiB per page of the benchmark corpus), so a large site is indexed in parts of
//! `[search] pages_per_index` pages: each part is a whole Pagefind index of its own, written as
//! soon as its last page is in and then dropped, and the browser's search merges them
//! (`mergeIndex`, listed in [`PARTS_FILE`]). Memory stays that of one part, whatever the size
//! of the site.

use std::sync::mpsc::{channel, sync_channel, Receiver, Sender, SyncSender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

use super::FOLDER;
use crate::error::Diagnostic;

/// How many pages may wait for the indexer before the sender waits too: enough for one batch
/// of rendered pages (`Site::render_then`), few enough to bound memory.
const BACKLOG: usize = 512;

/// The file in the index's folder that lists its other parts, for `assets/search.js`.
pub(crate) const PARTS_FILE: &str = "parts.json";

/// Files of the index by output path (`pagefind/index/en_1a2b.pf_index`).
pub(crate) type Files = Vec<(String, Vec<u8>)>;

/// The indexing thread, its inbox of (URL, document) pairs, and the parts it has finished.
pub(crate) struct Indexer {
    pages: Option<SyncSender<(String, String)>>,
    finished: Mutex<Receiver<Files>>,
    thread: Option<JoinHandle<Result<usize, String>>>,
}

impl Indexer {
    /// Start the thread, which starts a new part every `pages_per_index` pages. If it can't
    /// start, [`Indexer::finish`] says so. Pagefind spreads its work over rayon's threads:
    /// those of `pool`, or without one the global pool the build renders on.
    pub(crate) fn start(pages_per_index: usize, pool: Option<Arc<rayon::ThreadPool>>) -> Indexer {
        let (pages, inbox) = sync_channel(BACKLOG);
        let (parts, finished) = channel();
        let per_part = pages_per_index.max(1);
        let work = move || crate::panics::catch(|| run(&inbox, &parts, per_part)).unwrap_or_else(Err);
        let thread = std::thread::Builder::new()
            .name("versa-index".into())
            .spawn(move || match pool {
                Some(pool) => pool.install(work),
                None => work(),
            })
            .ok();
        Indexer { pages: thread.is_some().then_some(pages), finished: Mutex::new(finished), thread }
    }

    /// Index this page next (`url` below the base path, `/guides/intro/`); waits while the
    /// backlog is full.
    pub(crate) fn add(&self, url: String, document: String) {
        if let Some(pages) = &self.pages {
            // A thread that stopped early has its error waiting in `finish`.
            let _ = pages.send((url, document));
        }
    }

    /// The files of the parts finished since the last call, to write now rather than hold.
    pub(crate) fn finished_parts(&self) -> Files {
        let finished = self.finished.lock().unwrap_or_else(PoisonError::into_inner);
        finished.try_iter().flatten().collect()
    }

    /// Every page is in: the files of the parts not taken yet, and the list of parts.
    pub(crate) fn finish(mut self) -> Result<Files, Diagnostic> {
        drop(self.pages.take());
        let outcome = match self.thread.take() {
            Some(thread) => thread.join().unwrap_or_else(|_| Err("the indexing thread stopped".to_string())),
            None => Err("its thread could not be started".to_string()),
        };
        let parts = outcome.map_err(|e| {
            Diagnostic::error(format!("the search index could not be built: {e}")).help(
                "this is likely a bug in versa or Pagefind; `[search] enabled = false` in site.toml builds without search",
            )
        })?;
        let mut files = self.finished_parts();
        files.push((format!("{FOLDER}/{PARTS_FILE}"), parts_list(parts).into_bytes()));
        Ok(files)
    }
}

impl Drop for Indexer {
    /// A build that fails half-way stops the thread without waiting for an index.
    fn drop(&mut self) {
        drop(self.pages.take());
    }
}

/// The folder of part `n` (from 0) below the index's folder: the first part is the index's
/// folder itself, with Pagefind's script, worker and wasm; the others are `2/`, `3/`, ….
fn part_folder(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!("{}/", n + 1),
    }
}

/// `parts.json`: the folders of the parts after the first, relative to the index's folder.
fn parts_list(parts: usize) -> String {
    let folders: Vec<String> = (1..parts).map(part_folder).collect();
    serde_json::to_string(&folders).unwrap_or_else(|_| "[]".into())
}

/// Index the pages as they come, a part every `per_part` pages; returns how many parts.
fn run(inbox: &Receiver<(String, String)>, finished: &Sender<Files>, per_part: usize) -> Result<usize, String> {
    use pagefind::api::PagefindIndex;
    // Pagefind is async, but one thread is all it gets: the build's own threads are busy.
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let new_index = || PagefindIndex::new(None).map_err(|e| e.to_string());
        let (mut index, mut in_part, mut parts) = (new_index()?, 0, 0);
        let mut failed = None;
        // Every page is taken, even after a failure, so that no sender waits forever.
        for (url, html) in inbox {
            if failed.is_some() {
                continue;
            }
            if let Err(e) = index.add_html_file(None, Some(url.clone()), html).await {
                failed = Some(format!("{url}: {e}"));
                continue;
            }
            in_part += 1;
            if in_part == per_part {
                let files = index.get_files().await.map_err(|e| e.to_string())?;
                let _ = finished.send(super::kept(files, &part_folder(parts)));
                (index, in_part, parts) = (new_index()?, 0, parts + 1);
            }
        }
        if let Some(e) = failed {
            return Err(e);
        }
        // The last part, or the only one: a site with no page to index still gets an (empty)
        // index, so that the search script finds one.
        if in_part > 0 || parts == 0 {
            let files = index.get_files().await.map_err(|e| e.to_string())?;
            let _ = finished.send(super::kept(files, &part_folder(parts)));
            parts += 1;
        }
        Ok(parts)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_after_the_first_are_listed_by_folder() {
        assert_eq!(parts_list(1), "[]");
        assert_eq!(parts_list(3), r#"["2/","3/"]"#);
        assert_eq!(part_folder(0), "");
        assert_eq!(part_folder(1), "2/");
    }
}
