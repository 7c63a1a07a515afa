//! Watching a site: notify's file events, debounced into [`ChangeSet`]s.
//!
//! 1. Watch the site's folder without recursion (for `site.toml`, and `content/`, `templates/`
//!    or `static/` appearing and going) and those three folders recursively. Never the whole
//!    folder: `public/`, `target/` and `.git/` would flood the watcher, and the repository of
//!    versa is itself a site. A site folder created later is watched from then on.
//! 2. Keep the events that change files: creations, removals, both ends of a rename, writes;
//!    drop reads (the build's own) and metadata changes of folders.
//! 3. Debounce: gather paths until the burst is over: [`Timing::quiet`] without events, or only
//!    [`Timing::settled`] once every changed file was closed after writing, renamed into place
//!    (the end of a save, even for editors that write a temporary file and rename it over the
//!    original) or deleted, and at most [`Timing::longest`] after the first event.
//! 4. Classify each path ([`crate::changes`]): editors' swap and backup files and everything
//!    outside the site's inputs fall out, and a burst of only those yields nothing.
//!
//! `--poll` uses notify's `PollWatcher` for file systems whose native events cannot be relied
//! on (network mounts, some WSL and container setups). It reads every watched file at each scan
//! (see [`Watcher::new`]), which costs more the larger the site.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind, RenameMode};
use notify::{Event, EventKind, RecursiveMode};

use crate::changes::{ChangeKind, ChangeSet};
use crate::error::{Error, Result};
use crate::layout::SiteFolder;

/// How file events are received.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The operating system's notifications (inotify, FSEvents, ReadDirectoryChangesW).
    Native,
    /// Scan the folders every `interval` and compare modification times.
    Poll { interval: Duration },
}

/// How long to wait for a burst of events to end.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Timing {
    /// Silence that ends a burst while some file may still be being written.
    pub(crate) quiet: Duration,
    /// Silence that ends a burst once every changed file was closed or renamed into place.
    pub(crate) settled: Duration,
    /// The longest a burst may last, so a stream of events cannot starve rebuilds.
    pub(crate) longest: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Timing {
            quiet: Duration::from_millis(50),
            settled: Duration::from_millis(5),
            longest: Duration::from_millis(500),
        }
    }
}

/// A running watcher of one site.
pub(crate) struct Watcher {
    root: PathBuf,
    watcher: Box<dyn notify::Watcher + Send>,
    events: Receiver<notify::Result<Event>>,
    /// Site folders being watched recursively.
    watched: HashSet<PathBuf>,
    timing: Timing,
}

impl Watcher {
    /// Start watching the site in `root` (an absolute path, as events will carry it).
    pub(crate) fn new(root: &Path, mode: Mode, timing: Timing) -> Result<Watcher> {
        let (sender, events) = channel();
        let watcher: Box<dyn notify::Watcher + Send> = match mode {
            Mode::Native => Box::new(notify::recommended_watcher(sender).map_err(|e| watch_error(root, &e))?),
            Mode::Poll { interval } => {
                // notify's poller compares modification times in whole seconds: without
                // comparing contents it misses a second save within the same second.
                let config = notify::Config::default().with_poll_interval(interval).with_compare_contents(true);
                Box::new(notify::PollWatcher::new(sender, config).map_err(|e| watch_error(root, &e))?)
            }
        };
        let mut watcher = Watcher { root: root.to_path_buf(), watcher, events, watched: HashSet::new(), timing };
        watcher.watcher.watch(root, RecursiveMode::NonRecursive).map_err(|e| watch_error(root, &e))?;
        watcher.watch_site_folders()?;
        Ok(watcher)
    }

    /// Watch each site folder that exists. A folder removed and created again (a `git
    /// checkout`) lost its watch even though its path is the same, so every watch is renewed.
    fn watch_site_folders(&mut self) -> Result<()> {
        for folder in SiteFolder::ALL {
            let dir = folder.in_site(&self.root);
            if self.watched.remove(&dir) {
                // The watch may have gone with the folder; failing to remove it says nothing.
                let _ = self.watcher.unwatch(&dir);
            }
            if dir.is_dir() {
                self.watcher.watch(&dir, RecursiveMode::Recursive).map_err(|e| watch_error(&dir, &e))?;
                self.watched.insert(dir);
            }
        }
        Ok(())
    }
}

/// Each item is one burst of changes to the site; the iterator ends when the watcher stops.
impl Iterator for Watcher {
    type Item = ChangeSet;

    /// Block until the next burst of changes to the site; `None` once the watcher has stopped.
    fn next(&mut self) -> Option<ChangeSet> {
        let changes = collect(&self.events, &self.root, self.timing)?;
        if changes.rescan || changes.has(ChangeKind::SiteFolder) {
            if let Err(e) = self.watch_site_folders() {
                eprintln!("warning: {e}");
            }
        }
        Some(changes)
    }
}

fn watch_error(path: &Path, error: &notify::Error) -> Error {
    let message = match error.kind {
        notify::ErrorKind::MaxFilesWatch => "the system's limit on watched folders is reached \
            (raise fs.inotify.max_user_watches, or use `versa serve --poll`)"
            .to_string(),
        _ => error.to_string(),
    };
    Error::Io { action: "watch", path: path.to_path_buf(), source: std::io::Error::other(message) }
}

/// One burst of events being gathered.
struct Burst {
    changes: ChangeSet,
    first: Instant,
    last: Instant,
    /// Changed paths whose last event does not mark the end of a write.
    unsettled: HashSet<PathBuf>,
}

impl Burst {
    fn deadline(&self, timing: Timing) -> Instant {
        let wait = if self.unsettled.is_empty() { timing.settled } else { timing.quiet };
        (self.last + wait).min(self.first + timing.longest)
    }
}

/// Gather events from `events` until a burst that changes the site is over. Returns `None` when
/// the sender is gone and nothing was gathered.
fn collect(events: &Receiver<notify::Result<Event>>, root: &Path, timing: Timing) -> Option<ChangeSet> {
    let mut burst: Option<Burst> = None;
    loop {
        let received = match &burst {
            None => events.recv().map_err(|_| RecvTimeoutError::Disconnected),
            Some(b) => {
                let now = Instant::now();
                match b.deadline(timing).checked_duration_since(now) {
                    Some(wait) if !wait.is_zero() => events.recv_timeout(wait),
                    _ => Err(RecvTimeoutError::Timeout),
                }
            }
        };
        match received {
            Ok(Ok(event)) => record(&event, root, &mut burst),
            Ok(Err(error)) => {
                // Events may have been lost: rebuild everything rather than miss a change.
                eprintln!("warning: watching the site: {error}; rebuilding everything");
                start(&mut burst).changes.rescan = true;
            }
            Err(RecvTimeoutError::Timeout) => return burst.map(|b| b.changes),
            Err(RecvTimeoutError::Disconnected) => return burst.map(|b| b.changes),
        }
    }
}

fn start(burst: &mut Option<Burst>) -> &mut Burst {
    burst.get_or_insert_with(|| {
        let now = Instant::now();
        Burst { changes: ChangeSet::new(), first: now, last: now, unsettled: HashSet::new() }
    })
}

/// Add one event's paths to the burst, starting one if the event changes the site.
fn record(event: &Event, root: &Path, burst: &mut Option<Burst>) {
    if event.need_rescan() {
        let b = start(burst);
        b.changes.rescan = true;
        b.last = Instant::now();
        return;
    }
    // For each path of the event: does this event end a write of it?
    let settled: Vec<bool> = match event.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => vec![true; event.paths.len()],
        // Reads, including the build's own.
        EventKind::Access(_) => return,
        EventKind::Modify(ModifyKind::Name(RenameMode::Both)) => {
            // [from, to]: the new name is complete. The old one is settled too when the file
            // moved to another name of the site (a writer's rename); renamed to a name versa
            // ignores, it is an editor's backup, and the new file comes next.
            let to_site =
                event.paths.last().is_some_and(|to| crate::changes::classify(root, to) != ChangeKind::Ignored);
            (0..event.paths.len()).map(|i| i + 1 == event.paths.len() || to_site).collect()
        }
        EventKind::Modify(ModifyKind::Name(RenameMode::To)) => vec![true; event.paths.len()],
        // A file deleted is gone for good: nothing more is written to it. What a tool writes in
        // its place comes at once (within the short wait) or is a change of its own.
        EventKind::Remove(_) => vec![true; event.paths.len()],
        EventKind::Modify(ModifyKind::Data(_) | ModifyKind::Metadata(_) | ModifyKind::Any | ModifyKind::Other)
            if event.paths.iter().all(|p| p.is_dir()) =>
        {
            // A folder's own timestamps change with its files, which have events of their own.
            return;
        }
        _ => vec![false; event.paths.len()],
    };
    for (path, settled) in event.paths.iter().zip(settled) {
        if crate::changes::classify(root, path) == ChangeKind::Ignored {
            continue;
        }
        let b = start(burst);
        b.changes.insert(root, path);
        b.last = Instant::now();
        if settled {
            b.unsettled.remove(path);
        } else {
            b.unsettled.insert(path.clone());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{CreateKind, DataChange, RemoveKind};
    use std::sync::mpsc::Sender;

    fn send(sender: &Sender<notify::Result<Event>>, kind: EventKind, paths: &[&str]) {
        let event = paths.iter().fold(Event::new(kind), |e, p| e.add_path(PathBuf::from(p)));
        sender.send(Ok(event)).unwrap();
    }

    /// A long quiet wait against a 1 ms settle time, so a test can tell which one ended a burst.
    fn with_quiet(quiet: Duration) -> Timing {
        Timing { quiet, settled: Duration::from_millis(1), longest: Duration::from_secs(5) }
    }

    fn paths(changes: &ChangeSet) -> Vec<String> {
        changes.iter().map(|(p, _)| p.display().to_string()).collect()
    }

    #[test]
    fn a_vim_save_is_one_change_of_the_page() {
        let (sender, events) = channel();
        let root = "/site";
        // vim: probe file, backup by rename, write the new file, drop the backup.
        send(&sender, EventKind::Create(CreateKind::File), &["/site/content/4913"]);
        send(&sender, EventKind::Remove(RemoveKind::File), &["/site/content/4913"]);
        send(
            &sender,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["/site/content/a.md", "/site/content/a.md~"],
        );
        send(&sender, EventKind::Create(CreateKind::File), &["/site/content/a.md"]);
        send(&sender, EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/site/content/a.md"]);
        send(&sender, EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/site/content/a.md"]);
        send(&sender, EventKind::Remove(RemoveKind::File), &["/site/content/a.md~"]);
        let changes = collect(&events, Path::new(root), Timing::default()).unwrap();
        assert_eq!(paths(&changes), ["content/a.md"]);
        assert!(!changes.rescan);
    }

    #[test]
    fn a_rename_over_the_original_counts_both_names() {
        let (sender, events) = channel();
        send(&sender, EventKind::Create(CreateKind::File), &["/site/templates/.page.html.tmp"]);
        send(
            &sender,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["/site/templates/new.html", "/site/templates/page.html"],
        );
        let changes = collect(&events, Path::new("/site"), Timing::default()).unwrap();
        assert_eq!(paths(&changes), ["templates/new.html", "templates/page.html"]);
    }

    #[test]
    fn a_writer_renaming_a_page_needs_no_quiet_wait() {
        let timing = with_quiet(Duration::from_millis(400));
        let (sender, events) = channel();
        send(
            &sender,
            EventKind::Modify(ModifyKind::Name(RenameMode::Both)),
            &["/site/content/a.md", "/site/content/b.md"],
        );
        let started = Instant::now();
        assert_eq!(paths(&collect(&events, Path::new("/site"), timing).unwrap()), ["content/a.md", "content/b.md"]);
        assert!(started.elapsed() < Duration::from_millis(300), "{:?}", started.elapsed());
        drop(sender);
    }

    #[test]
    fn reads_and_ignored_files_start_no_burst() {
        let (sender, events) = channel();
        send(&sender, EventKind::Access(AccessKind::Open(AccessMode::Any)), &["/site/content/a.md"]);
        send(&sender, EventKind::Access(AccessKind::Close(AccessMode::Read)), &["/site/content/a.md"]);
        send(&sender, EventKind::Create(CreateKind::File), &["/site/public/index.html"]);
        send(&sender, EventKind::Create(CreateKind::File), &["/site/content/.a.md.swp"]);
        drop(sender);
        assert_eq!(collect(&events, Path::new("/site"), Timing::default()), None);
    }

    #[test]
    fn a_burst_waits_for_quiet_unless_every_file_is_settled() {
        let timing = with_quiet(Duration::from_millis(200));
        // A write that was closed: over after the short wait.
        let (sender, events) = channel();
        send(&sender, EventKind::Modify(ModifyKind::Data(DataChange::Any)), &["/site/content/a.md"]);
        send(&sender, EventKind::Access(AccessKind::Close(AccessMode::Write)), &["/site/content/a.md"]);
        let started = Instant::now();
        assert_eq!(paths(&collect(&events, Path::new("/site"), timing).unwrap()), ["content/a.md"]);
        assert!(started.elapsed() < Duration::from_millis(150), "{:?}", started.elapsed());
        // A file deleted: over after the short wait too, with what came within it.
        let (sender, events) = channel();
        send(&sender, EventKind::Remove(RemoveKind::File), &["/site/content/a.md"]);
        send(&sender, EventKind::Remove(RemoveKind::Folder), &["/site/content/old"]);
        let started = Instant::now();
        assert_eq!(paths(&collect(&events, Path::new("/site"), timing).unwrap()), ["content/a.md", "content/old"]);
        assert!(started.elapsed() < Duration::from_millis(150), "{:?}", started.elapsed());
        // A new file may still be being written: wait for quiet, and take what comes meanwhile.
        let (sender, events) = channel();
        send(&sender, EventKind::Create(CreateKind::File), &["/site/content/a.md"]);
        let later = sender.clone();
        std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(50));
            send(&later, EventKind::Remove(RemoveKind::File), &["/site/content/b.md"]);
        });
        let started = Instant::now();
        assert_eq!(paths(&collect(&events, Path::new("/site"), timing).unwrap()), ["content/a.md", "content/b.md"]);
        assert!(started.elapsed() >= Duration::from_millis(200), "{:?}", started.elapsed());
        drop(sender);
    }

    #[test]
    fn lost_events_ask_for_a_full_rebuild() {
        let (sender, events) = channel();
        sender.send(Ok(Event::new(EventKind::Other).set_flag(notify::event::Flag::Rescan))).unwrap();
        sender.send(Err(notify::Error::generic("queue overflow"))).unwrap();
        drop(sender);
        assert!(collect(&events, Path::new("/site"), Timing::default()).unwrap().rescan);
    }
}
