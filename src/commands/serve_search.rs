//! `versa serve`'s search index: rebuilt on a thread of its own after each good build, so a
//! rebuild, and the reload it sends, never waits for indexing.
//!
//! 1. [`Indexer::request`] hands over the pages to index (`Site::search_entries` after a
//!    publish, `None` when search is off). Requests that pile up while one is being indexed
//!    collapse into the newest: only the site as it is now matters.
//! 2. The thread takes those pages' HTML from the store as served now, indexes them, and stores
//!    the index with `Store::publish_unseen`: no page reloads for it; the dialog reads the new
//!    index the next time it loads it.
//! 3. [`Indexer::files`]: the index last stored, for a whole-site rebuild to keep (a whole-site
//!    update replaces every file, and the next index is moments away, not there yet).

use std::collections::BTreeMap;
use std::sync::mpsc::{channel, Receiver, Sender};
use std::sync::{Arc, Mutex, PoisonError};

use crate::search::Entry;
use crate::serve::Served;

type Files = Arc<Mutex<BTreeMap<String, Vec<u8>>>>;

/// The pages to index and `[search] pages_per_index`; `None` when search is off.
pub(super) type Request = Option<(Vec<Entry>, usize)>;

/// The indexing thread's inbox and what it last stored.
pub(super) struct Indexer {
    requests: Sender<Request>,
    files: Files,
}

impl Indexer {
    /// Start the thread; it ends when the indexer is dropped.
    pub(super) fn start(served: Arc<Served>) -> Indexer {
        let (requests, inbox) = channel();
        let files = Files::default();
        let stored = Arc::clone(&files);
        let started =
            std::thread::Builder::new().name("versa-search".into()).spawn(move || run(&inbox, &served, &stored));
        if let Err(e) = started {
            eprintln!("warning: search stays unavailable under `versa serve`: cannot start its thread ({e})");
        }
        Indexer { requests, files }
    }

    /// Index these pages next (the site as just published).
    pub(super) fn request(&self, pages: Request) {
        let _ = self.requests.send(pages);
    }

    /// The index files stored last, by output path.
    pub(super) fn files(&self) -> BTreeMap<String, Vec<u8>> {
        self.files.lock().unwrap_or_else(PoisonError::into_inner).clone()
    }
}

fn run(inbox: &Receiver<Request>, served: &Served, stored: &Files) {
    yield_to_rebuilds();
    // Pagefind's parallel work gets threads of its own, started from this one and so as low
    // in priority. On rayon's global pool it ran at normal priority on the threads a rebuild
    // renders on: at 10,000 pages, in `perf record` during a run of adds and removes, it took
    // more of those threads' samples (21 %) than rendering the rebuilt pages did (12 %).
    let pool = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("versa-search-{i}")).build().map(Arc::new);
    if let Err(e) = &pool {
        eprintln!("note: the search index is rebuilt on the build's threads ({e})");
    }
    let pool = pool.ok();
    while let Ok(mut pages) = inbox.recv() {
        while let Ok(newer) = inbox.try_recv() {
            pages = newer;
        }
        let files = match pages {
            Some((entries, pages_per_index)) => match index(pool.clone(), &entries, pages_per_index, served) {
                Ok(files) => files,
                Err(message) => {
                    eprintln!("{message}");
                    continue;
                }
            },
            None => BTreeMap::new(),
        };
        let mut last = stored.lock().unwrap_or_else(PoisonError::into_inner);
        let removed: Vec<String> = last.keys().filter(|path| !files.contains_key(*path)).cloned().collect();
        served.store.publish_unseen(files.clone(), &removed);
        *last = files;
    }
}

/// Run this thread (and the threads it starts, which inherit its policy) only when nothing else
/// wants a core. Indexing a 10,000-page site takes seconds of CPU; on a small machine the rebuild
/// after the next save would share the cores with it and the reload would wait. At nice 10 the
/// indexer still kept about a tenth of a core's share against a rebuild; `SCHED_IDLE` leaves
/// it none while the rebuild runs.
fn yield_to_rebuilds() {
    #[cfg(target_os = "linux")]
    {
        // On Linux the policy belongs to the thread, and pid 0 is the calling thread.
        let param = libc::sched_param { sched_priority: 0 };
        // SAFETY: `param` lives across the call, which only reads it.
        let lowered = unsafe { libc::sched_setscheduler(0, libc::SCHED_IDLE, &param) };
        if lowered != 0 {
            eprintln!("note: the search index is rebuilt at normal priority ({})", std::io::Error::last_os_error());
        }
    }
}

fn index(
    pool: Option<Arc<rayon::ThreadPool>>,
    entries: &[Entry],
    pages_per_index: usize,
    served: &Served,
) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let pages: Vec<(&Entry, Arc<[u8]>)> =
        entries.iter().filter_map(|entry| served.store.get(&entry.output).map(|html| (entry, html))).collect();
    let files = crate::search::index(pool, pages.iter().map(|(entry, html)| (*entry, &html[..])), pages_per_index)
        .map_err(|d| d.to_string())?;
    Ok(files.into_iter().collect())
}
