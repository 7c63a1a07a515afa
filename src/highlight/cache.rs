//! The highlight cache: the highlighted lines of each code block, kept on disk by a key of
//! everything that decides them, so a build only highlights code it has not seen.
//!
//! - **Keys** are BLAKE3 hashes of the entry format, versa's version, the highlighter's build
//!   identity (its code, grammars and the crates behind them: see `build.rs`), the scopes the
//!   site's two themes style, the grammar and the code. Line numbers, marked lines and titles
//!   are added around the lines afterwards, so they are not part of the key.
//! - **Entries** are a header, a checksum of the payload, the line count, then the lines,
//!   deflated. A truncated or corrupt entry fails its checksum and is recomputed, never trusted.
//! - **Packs** hold the entries, many to a file, in `<dir>/highlight-1/` (see [`super::pack`]).
//!   What a build highlights goes into one new pack, renamed into place when it is whole, so
//!   two builds sharing a cache each see whole packs.
//! - **Pruning**: after a successful build, entries that build did not use are dropped, oldest
//!   first, while the cache is over its size bound; packs are rewritten once they hold a
//!   quarter of dropped entries, or when there are many small ones.
//! - Under `serve` entries are also kept in memory, so full rebuilds don't re-highlight.
//! - The cache never fails a build: if it can't be written, the build goes on without it and
//!   says so once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use super::pack::{Packs, Writer};

/// Bumped whenever the entry format or the key's parts change.
const FORMAT: &str = "versa-highlight 4";
/// The folder below the cache directory that holds the packs. Files of older formats share
/// it (format 2 kept one file per entry in two-hex-digit folders): no build reads them, and
/// they are pruned as unused.
const FOLDER: &str = "highlight-1";
/// More packs than this and the small ones are merged, so a long `serve` session that adds a
/// pack per save doesn't leave thousands.
const MAX_PACKS: usize = 16;

pub(crate) type Key = [u8; 32];

/// A block's highlighted lines, kept as one string with the lines joined by newlines (no line
/// holds one): a warm build reads hundreds of thousands of entries, and a `String` per line
/// was a tenth of its instructions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Lines {
    joined: Arc<str>,
    count: usize,
}

impl Lines {
    /// The lines, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.joined.split('\n').take(self.count)
    }
}

impl From<Vec<String>> for Lines {
    fn from(lines: Vec<String>) -> Lines {
        debug_assert!(lines.iter().all(|line| !line.contains('\n')));
        Lines { joined: lines.join("\n").into(), count: lines.len() }
    }
}

/// The default bound on the cache's size: `VERSA_CACHE_MAX_MB` changes it.
pub(crate) const DEFAULT_MAX_BYTES: u64 = 256 * 1024 * 1024;

/// What a build did with the cache, for its closing line.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stats {
    /// Code blocks that went to the highlighter (plain text and oversized blocks don't).
    pub(crate) blocks: usize,
    /// Of those, the ones whose lines came from the cache.
    pub(crate) cached: usize,
}

/// The pack being written, once something was highlighted; `Unwritable` after a failed write
/// (the rest of the build goes on without writing).
enum Writing {
    Idle,
    Open(Box<Writer>),
    Unwritable,
}

pub(crate) struct Cache {
    /// `<dir>/highlight-1`, or `None` without a cache on disk.
    dir: Option<PathBuf>,
    packs: RwLock<Packs>,
    writing: Mutex<Writing>,
    memory: Option<Mutex<HashMap<Key, Lines>>>,
    used: Mutex<HashSet<Key>>,
    blocks: AtomicUsize,
    cached: AtomicUsize,
    problem: Mutex<Option<String>>,
}

impl Cache {
    /// No cache: every block is highlighted.
    pub(crate) fn off() -> Cache {
        Cache::new(None, false)
    }

    /// Entries in packs under `dir`; with `keep_in_memory`, also in this process's memory.
    pub(crate) fn on_disk(dir: &Path, keep_in_memory: bool) -> Cache {
        Cache::new(Some(dir.join(FOLDER)), keep_in_memory)
    }

    fn new(dir: Option<PathBuf>, keep_in_memory: bool) -> Cache {
        Cache {
            packs: RwLock::new(dir.as_deref().map(Packs::open).unwrap_or_default()),
            dir,
            writing: Mutex::new(Writing::Idle),
            memory: keep_in_memory.then(Mutex::default),
            used: Mutex::default(),
            blocks: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            problem: Mutex::default(),
        }
    }

    /// The lines for `key`, from memory or disk, or made by `highlight` and stored.
    pub(crate) fn lines(&self, key: Key, highlight: impl FnOnce() -> Lines) -> Lines {
        self.blocks.fetch_add(1, Ordering::Relaxed);
        // A block seen before in this build that was not in the cache is in the pack being
        // written, which can't be read yet: it is highlighted again, not stored twice.
        let first_use = (self.dir.is_some() || self.memory.is_some()) && lock(&self.used).insert(key);
        if let Some(lines) = self.memory.as_ref().and_then(|m| lock(m).get(&key).cloned()) {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return lines;
        }
        let stored = self.dir.as_ref().and_then(|_| read(&self.packs).read(&key, decode));
        let lines = match stored {
            Some(lines) => {
                self.cached.fetch_add(1, Ordering::Relaxed);
                lines
            }
            None => {
                let lines = highlight();
                if first_use {
                    self.store(key, &lines);
                }
                lines
            }
        };
        if let Some(memory) = &self.memory {
            lock(memory).insert(key, lines.clone());
        }
        lines
    }

    fn store(&self, key: Key, lines: &Lines) {
        let Some(dir) = &self.dir else { return };
        let entry = encode(lines);
        let mut writing = lock(&self.writing);
        let result = match &mut *writing {
            Writing::Unwritable => return,
            Writing::Open(writer) => writer.append(key, &entry),
            Writing::Idle => Writer::create(dir).and_then(|mut writer| {
                writer.append(key, &entry)?;
                *writing = Writing::Open(Box::new(writer));
                Ok(())
            }),
        };
        if let Err(e) = result {
            self.unwritable(&mut writing, &e);
        }
    }

    fn unwritable(&self, writing: &mut Writing, e: &std::io::Error) {
        if let Writing::Open(writer) = std::mem::replace(writing, Writing::Unwritable) {
            writer.abandon();
        }
        let folder = self.dir.as_deref().unwrap_or(Path::new("."));
        *lock(&self.problem) =
            Some(format!("the highlight cache in `{}` can't be written ({e}); building without it", folder.display()));
    }

    /// Close the pack this build wrote, so the next build (or the next rebuild under `serve`)
    /// reads it; merge small packs when there are many. Also done when the cache is dropped.
    pub(crate) fn finish(&self) {
        let (Some(dir), mut writing) = (&self.dir, lock(&self.writing)) else { return };
        let Writing::Open(writer) = std::mem::replace(&mut *writing, Writing::Idle) else { return };
        match writer.finish(dir) {
            Ok(Some(pack)) => write(&self.packs).add(pack),
            Ok(None) => {}
            Err(e) => self.unwritable(&mut writing, &e),
        }
        drop(writing);
        let small = super::prune::small_packs(&read(&self.packs), MAX_PACKS);
        self.rewrite(&small, &HashSet::new());
    }

    /// The counts since the last call, which starts the next build's count.
    pub(crate) fn take_stats(&self) -> Stats {
        Stats { blocks: self.blocks.swap(0, Ordering::Relaxed), cached: self.cached.swap(0, Ordering::Relaxed) }
    }

    /// Why the cache could not be written, once.
    pub(crate) fn take_problem(&self) -> Option<String> {
        lock(&self.problem).take()
    }

    /// Under `serve`, before a full rebuild: count what it uses afresh.
    pub(crate) fn start_counting(&self) {
        lock(&self.used).clear();
    }

    /// Under `serve`, after a full rebuild: forget the entries in memory it did not use, and
    /// what it used, so neither grows with every edit of a long session.
    pub(crate) fn keep_only_used(&self) {
        let used = std::mem::take(&mut *lock(&self.used));
        if let Some(memory) = &self.memory {
            lock(memory).retain(|key, _| used.contains(key));
        }
    }

    /// After a successful build: drop entries it did not use, oldest first, until the cache
    /// holds at most `max_bytes`, and forget what was used so the next build counts afresh.
    /// Only packs, entries of older formats and versa's own temporary files are ever deleted.
    pub(crate) fn prune(&self, max_bytes: u64) {
        self.finish();
        let used = std::mem::take(&mut *lock(&self.used));
        let Some(dir) = &self.dir else { return };
        let plan = super::prune::plan(&read(&self.packs), super::prune::old_entries(dir), &used, max_bytes, MAX_PACKS);
        for path in &plan.remove {
            let _ = std::fs::remove_file(path);
        }
        for path in std::mem::take(&mut write(&self.packs).damaged) {
            // Checked again: this build, or another, may have written a good pack of the same
            // name (the name is a hash of the bytes) since the damaged one was found.
            if super::pack::Pack::open(&path).is_none() {
                let _ = std::fs::remove_file(path);
            }
        }
        super::prune::remove_stale_temporaries(dir);
        self.rewrite(&plan.rewrite, &plan.dropped);
    }

    /// Write the entries of the packs `which` that are kept (not `dropped`, and not shadowed by
    /// a newer copy) into one new pack, then delete those packs.
    fn rewrite(&self, which: &[usize], dropped: &HashSet<(usize, u64)>) {
        let Some(dir) = &self.dir else { return };
        if which.is_empty() {
            return;
        }
        let mut packs = write(&self.packs);
        let written = (|| {
            let mut writer = Writer::create(dir)?;
            for &i in which {
                let pack = &packs.packs[i];
                for &(key, offset, len) in &pack.entries {
                    if dropped.contains(&(i, offset)) || !packs.is_newest(&key, i, offset) {
                        continue;
                    }
                    // A copy that can't be read is left out: the block is highlighted again.
                    if let Some(bytes) = pack.read(offset, len) {
                        writer.append(key, &bytes)?;
                    }
                }
            }
            writer.finish(dir)
        })();
        match written {
            Ok(new) => packs.replace(which, new),
            Err(e) => {
                drop(packs);
                self.unwritable(&mut lock(&self.writing), &e);
            }
        }
    }
}

impl Drop for Cache {
    fn drop(&mut self) {
        // A failed build, or `check`: what was highlighted is kept for the next build.
        self.finish();
    }
}

// A panic while holding a lock leaves plain data behind; it is still consistent.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn read<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read().unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The key of a block: every part is length-prefixed, so no two lists of parts hash alike.
pub(crate) fn key(parts: &[&[u8]]) -> Key {
    let mut hasher = blake3::Hasher::new();
    for part in [FORMAT.as_bytes(), env!("CARGO_PKG_VERSION").as_bytes(), env!("VERSA_HIGHLIGHT_ID").as_bytes()]
        .iter()
        .chain(parts)
    {
        hasher.update(&(part.len() as u64).to_le_bytes());
        hasher.update(part);
    }
    *hasher.finalize().as_bytes()
}

/// An entry: the format line, the payload's checksum, the line count, the payload's length,
/// then the lines joined by newlines, deflated. Highlighted HTML is mostly the same few class
/// attributes, so the entries take about a sixth of their lines' size (66 of 379 MB on the
/// 10,000-page benchmark corpus): at 100,000 pages the cache was 3.7 GB of HTML, which a warm
/// build read back from disk (BENCHMARKS.md).
fn encode(lines: &Lines) -> Vec<u8> {
    use std::io::Write as _;
    let payload = lines.joined.as_bytes();
    let sum = blake3::hash(payload);
    let mut entry = format!("{FORMAT}\n{}\n{}\n{}\n", sum.to_hex(), lines.count, payload.len()).into_bytes();
    let mut deflate = flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::fast());
    // Writing into a Vec can't fail.
    let _ = deflate.write_all(payload).and_then(|()| deflate.finish().map(|_| ()));
    entry
}

/// The most an entry may inflate to: far above any block the highlighter takes (see
/// `check_size`), so a damaged entry can't make the build allocate without bound.
const MAX_PAYLOAD: usize = 64 * 1024 * 1024;

thread_local! {
    /// One inflater per thread, reset for each entry: a new one allocates and zeroes its
    /// 32 KB window, which cost a warm build more than the inflating itself.
    static INFLATER: std::cell::RefCell<flate2::Decompress> = std::cell::RefCell::new(flate2::Decompress::new(false));
}

fn decode(bytes: &[u8]) -> Option<Lines> {
    let mut header = bytes.splitn(5, |&b| b == b'\n');
    let (format, sum, count, len) = (header.next()?, header.next()?, header.next()?, header.next()?);
    let deflated = header.next()?;
    if format != FORMAT.as_bytes() {
        return None;
    }
    let number = |digits: &[u8]| -> Option<usize> { std::str::from_utf8(digits).ok()?.parse().ok() };
    let (count, len) = (number(count)?, number(len)?);
    if len > MAX_PAYLOAD {
        return None;
    }
    // One byte of room more than the header says, so a stream that inflates to more is seen.
    let mut payload = Vec::with_capacity(len + 1);
    let status = INFLATER.with(|inflater| {
        let mut inflater = inflater.borrow_mut();
        inflater.reset(false);
        inflater.decompress_vec(deflated, &mut payload, flate2::FlushDecompress::Finish)
    });
    if status.ok()? != flate2::Status::StreamEnd
        || payload.len() != len
        || blake3::hash(&payload).to_hex().as_bytes() != sum
    {
        return None;
    }
    let joined = String::from_utf8(payload).ok()?;
    let lines = if count == 0 { 0 } else { joined.split('\n').count() };
    (lines == count).then(|| Lines { joined: joined.into(), count })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Lines {
        text.iter().map(|s| s.to_string()).collect::<Vec<String>>().into()
    }

    #[test]
    fn entries_round_trip_and_refuse_damage() {
        for sample in [lines(&[]), lines(&[""]), lines(&["a", "", "<b>c</b>"])] {
            let bytes = encode(&sample);
            assert_eq!(decode(&bytes), Some(sample.clone()));
            for cut in 0..bytes.len() {
                assert_eq!(decode(&bytes[..cut]), None, "truncated at {cut}");
            }
            let mut flipped = bytes.clone();
            let last = flipped.len() - 1;
            flipped[last] ^= 1;
            if !sample.iter().all(str::is_empty) {
                assert_eq!(decode(&flipped), None);
            }
        }
    }

    #[test]
    fn keys_differ_by_every_part() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_ne!(key(&[b"python", b"x = 1"]), key(&[b"python", b"x = 2"]));
        assert_eq!(key(&[b"python", b"x = 1"]), key(&[b"python", b"x = 1"]));
    }

    #[test]
    fn a_second_lookup_comes_from_disk_and_pruning_keeps_what_was_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::on_disk(dir.path(), false);
        let (a, b) = (key(&[b"a"]), key(&[b"b"]));
        cache.lines(a, || lines(&["A"]));
        cache.lines(b, || lines(&["B"]));
        assert_eq!(cache.take_stats(), Stats { blocks: 2, cached: 0 });
        cache.prune(0);
        let again = Cache::on_disk(dir.path(), false);
        assert_eq!(again.lines(a, || panic!("cached")), lines(&["A"]));
        assert_eq!(again.take_stats(), Stats { blocks: 1, cached: 1 });
        again.prune(0);
        let kept = Packs::open(&dir.path().join(FOLDER));
        let keys: Vec<Key> = kept.packs.iter().flat_map(|p| p.entries.iter().map(|e| e.0)).collect();
        assert_eq!(keys, [a], "`b` was unused and over the bound");
    }

    #[test]
    fn a_block_twice_in_one_build_is_stored_once() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::on_disk(dir.path(), false);
        let a = key(&[b"a"]);
        cache.lines(a, || lines(&["A"]));
        assert_eq!(cache.lines(a, || lines(&["A"])), lines(&["A"]));
        drop(cache);
        let packs = Packs::open(&dir.path().join(FOLDER));
        assert_eq!(packs.packs.iter().map(|p| p.entries.len()).sum::<usize>(), 1);
    }

    #[test]
    fn many_small_packs_are_merged_and_every_entry_stays() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::on_disk(dir.path(), false);
        let keys: Vec<Key> = (0..40u32).map(|i| key(&[&i.to_le_bytes()])).collect();
        for (i, key) in keys.iter().enumerate() {
            cache.lines(*key, || lines(&[&format!("line {i}")]));
            cache.finish();
            assert!(read(&cache.packs).packs.len() <= MAX_PACKS);
        }
        drop(cache);
        let again = Cache::on_disk(dir.path(), false);
        for (i, key) in keys.iter().enumerate() {
            assert_eq!(again.lines(*key, || panic!("entry {i} lost")), lines(&[&format!("line {i}")]));
        }
        let files = std::fs::read_dir(dir.path().join(FOLDER)).unwrap().count();
        assert_eq!(files, read(&again.packs).packs.len(), "merged packs are deleted");
    }

    #[test]
    fn a_full_rebuild_keeps_in_memory_only_what_it_used() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::on_disk(dir.path(), true);
        let (a, b) = (key(&[b"a"]), key(&[b"b"]));
        cache.lines(a, || lines(&["A"]));
        cache.lines(b, || lines(&["B"]));
        cache.start_counting();
        cache.lines(a, || panic!("in memory"));
        cache.keep_only_used();
        let memory = cache.memory.as_ref().unwrap();
        assert_eq!(lock(memory).keys().copied().collect::<Vec<Key>>(), vec![a]);
        assert!(lock(&cache.used).is_empty());
        // Dropped from memory, `b` still comes from disk once the rebuild's pack is closed.
        cache.finish();
        assert_eq!(cache.lines(b, || panic!("on disk")), lines(&["B"]));
    }
}
