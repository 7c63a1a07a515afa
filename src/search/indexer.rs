//! Pagefind on a thread of its own: pages go to it as they are rendered, so the index grows
//! while the site renders, and no copy of every page is kept until the end.
//!
//! Pagefind numbers pages in the order it gets them, so the callers send them in a fixed order
//! (the site's order, see `Site::render_then`): the same site gives the same index, byte for byte.

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::thread::JoinHandle;

use crate::error::Diagnostic;

/// How many pages may wait for the indexer before the sender waits too: enough for one batch
/// of rendered pages (`Site::render_then`), few enough to bound memory.
const BACKLOG: usize = 512;

type Files = Vec<pagefind::api::SyntheticFile>;

/// The indexing thread and its inbox of (URL, document) pairs.
pub(crate) struct Indexer {
    pages: Option<SyncSender<(String, String)>>,
    thread: Option<JoinHandle<Result<Files, String>>>,
}

impl Indexer {
    /// Start the thread. If it can't start, [`Indexer::finish`] says so.
    pub(crate) fn start() -> Indexer {
        let (pages, inbox) = sync_channel(BACKLOG);
        let thread = std::thread::Builder::new()
            .name("versa-index".into())
            .spawn(move || crate::panics::catch(|| run(&inbox)).unwrap_or_else(Err))
            .ok();
        Indexer { pages: thread.is_some().then_some(pages), thread }
    }

    /// Index this page next (`url` below the base path, `/guides/intro/`); waits while the
    /// backlog is full.
    pub(crate) fn add(&self, url: String, document: String) {
        if let Some(pages) = &self.pages {
            // A thread that stopped early has its error waiting in `finish`.
            let _ = pages.send((url, document));
        }
    }

    /// Every page is in: Pagefind's files (index, script, worker, wasm), by their name in its
    /// folder.
    pub(crate) fn finish(mut self) -> Result<Files, Diagnostic> {
        drop(self.pages.take());
        let outcome = match self.thread.take() {
            Some(thread) => thread.join().unwrap_or_else(|_| Err("the indexing thread stopped".to_string())),
            None => Err("its thread could not be started".to_string()),
        };
        outcome.map_err(|e| {
            Diagnostic::error(format!("the search index could not be built: {e}")).help(
                "this is likely a bug in versa or Pagefind; `[search] enabled = false` in site.toml builds without search",
            )
        })
    }
}

impl Drop for Indexer {
    /// A build that fails half-way stops the thread without waiting for an index.
    fn drop(&mut self) {
        drop(self.pages.take());
    }
}

fn run(inbox: &Receiver<(String, String)>) -> Result<Files, String> {
    use pagefind::api::PagefindIndex;
    // Pagefind is async, but one thread is all it gets: the build's own threads are busy.
    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let mut index = PagefindIndex::new(None).map_err(|e| e.to_string())?;
        let mut failed = None;
        // Every page is taken, even after a failure, so that no sender waits forever.
        for (url, html) in inbox {
            if failed.is_none() {
                if let Err(e) = index.add_html_file(None, Some(url.clone()), html).await {
                    failed = Some(format!("{url}: {e}"));
                }
            }
        }
        match failed {
            Some(e) => Err(e),
            None => index.get_files().await.map_err(|e| e.to_string()),
        }
    })
}
