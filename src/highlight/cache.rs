//! The highlight cache: the highlighted lines of each code block, kept in files by a key of
//! everything that decides them, so a build only highlights code it has not seen.
//!
//! - **Keys** are BLAKE3 hashes of the entry format, versa's version, the highlighter's build
//!   identity (its code, grammars and the crates behind them: see `build.rs`), the scopes the
//!   site's two themes style, the grammar and the code. Line numbers, marked lines and titles
//!   are added around the lines afterwards, so they are not part of the key.
//! - **Entries** are files `<dir>/highlight-1/<2 hex>/<62 hex>`: a header, a checksum of the
//!   payload, the line count, then the lines, deflated. A truncated or corrupt entry fails its
//!   checksum and is recomputed and rewritten, never trusted. Entries are written to a temporary file and
//!   renamed into place, so two builds sharing a cache each see a whole entry or none.
//! - **Pruning**: after a successful build, entries that build did not use are deleted, oldest
//!   first, while the cache is over its size bound.
//! - Under `serve` entries are also kept in memory, so full rebuilds don't re-highlight.
//! - The cache never fails a build: if it can't be written, the build goes on without it and
//!   says so once.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

/// Bumped whenever the entry format or the key's parts change.
const FORMAT: &str = "versa-highlight 2";
/// The folder below the cache directory that holds the entries. Entries of an older format
/// share it: their keys differ (the key includes [`FORMAT`]), so no build uses them, and they
/// are pruned as unused.
const FOLDER: &str = "highlight-1";

pub(crate) type Key = [u8; 32];
pub(crate) type Lines = Arc<[String]>;

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

pub(crate) struct Cache {
    /// `<dir>/highlight-1`, or `None` without a cache on disk.
    dir: Option<PathBuf>,
    memory: Option<Mutex<HashMap<Key, Lines>>>,
    used: Mutex<HashSet<Key>>,
    blocks: AtomicUsize,
    cached: AtomicUsize,
    /// Set after the first failed write: the rest of the build goes on without writing.
    unwritable: AtomicBool,
    problem: Mutex<Option<String>>,
}

impl Cache {
    /// No cache: every block is highlighted.
    pub(crate) fn off() -> Cache {
        Cache::new(None, false)
    }

    /// Entries in files under `dir`; with `keep_in_memory`, also in this process's memory.
    pub(crate) fn on_disk(dir: &Path, keep_in_memory: bool) -> Cache {
        Cache::new(Some(dir.join(FOLDER)), keep_in_memory)
    }

    fn new(dir: Option<PathBuf>, keep_in_memory: bool) -> Cache {
        Cache {
            dir,
            memory: keep_in_memory.then(Mutex::default),
            used: Mutex::default(),
            blocks: AtomicUsize::new(0),
            cached: AtomicUsize::new(0),
            unwritable: AtomicBool::new(false),
            problem: Mutex::default(),
        }
    }

    /// The lines for `key`, from memory or disk, or made by `highlight` and stored.
    pub(crate) fn lines(&self, key: Key, highlight: impl FnOnce() -> Vec<String>) -> Lines {
        self.blocks.fetch_add(1, Ordering::Relaxed);
        if self.dir.is_some() || self.memory.is_some() {
            lock(&self.used).insert(key);
        }
        if let Some(lines) = self.memory.as_ref().and_then(|m| lock(m).get(&key).cloned()) {
            self.cached.fetch_add(1, Ordering::Relaxed);
            return lines;
        }
        let path = self.dir.as_ref().map(|dir| entry_path(dir, &key));
        let lines = match path.as_deref().and_then(read_entry) {
            Some(lines) => {
                self.cached.fetch_add(1, Ordering::Relaxed);
                lines
            }
            None => {
                let lines: Lines = highlight().into();
                if let Some(path) = &path {
                    self.store(path, &lines);
                }
                lines
            }
        };
        if let Some(memory) = &self.memory {
            lock(memory).insert(key, Arc::clone(&lines));
        }
        lines
    }

    fn store(&self, path: &Path, lines: &[String]) {
        if self.unwritable.load(Ordering::Relaxed) {
            return;
        }
        if let Err(e) = write_entry(path, lines) {
            self.unwritable.store(true, Ordering::Relaxed);
            let folder = self.dir.as_deref().unwrap_or(path);
            *lock(&self.problem) = Some(format!(
                "the highlight cache in `{}` can't be written ({e}); building without it",
                folder.display()
            ));
        }
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

    /// After a successful build: delete entries it did not use, oldest first, until the cache
    /// holds at most `max_bytes`, and forget what was used so the next build counts afresh.
    /// Only files that are entries (or versa's own temporary files) are ever deleted.
    pub(crate) fn prune(&self, max_bytes: u64) {
        let used = std::mem::take(&mut *lock(&self.used));
        let Some(dir) = &self.dir else { return };
        let mut unused = Vec::new();
        let mut total = 0;
        for (path, key, meta) in entries(dir) {
            let Some(key) = key else {
                // A temporary file a stopped build left behind, after an hour.
                let age = meta.modified().ok().and_then(|t| SystemTime::now().duration_since(t).ok());
                if age.is_some_and(|age| age.as_secs() > 3600) {
                    let _ = std::fs::remove_file(&path);
                }
                continue;
            };
            total += meta.len();
            if !used.contains(&key) {
                unused.push((meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), meta.len(), path));
            }
        }
        unused.sort();
        for (_, len, path) in unused {
            if total <= max_bytes {
                break;
            }
            if std::fs::remove_file(&path).is_ok() {
                total -= len;
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    // A panic while holding the lock leaves plain data behind; it is still consistent.
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn entry_path(dir: &Path, key: &Key) -> PathBuf {
    let name = hex(key);
    dir.join(&name[..2]).join(&name[2..])
}

/// Every file below `dir`, with its key when it is an entry (`None` for temporary files).
/// Anything else is not versa's and is left out.
fn entries(dir: &Path) -> Vec<(PathBuf, Option<Key>, std::fs::Metadata)> {
    let mut found = Vec::new();
    let Ok(shards) = std::fs::read_dir(dir) else { return found };
    for shard in shards.flatten() {
        let shard_name = shard.file_name().to_string_lossy().into_owned();
        if shard_name.len() != 2 || !shard.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        let Ok(files) = std::fs::read_dir(shard.path()) else { continue };
        for file in files.flatten() {
            let Ok(meta) = file.metadata() else { continue };
            let name = file.file_name().to_string_lossy().into_owned();
            if !meta.is_file() {
                continue;
            }
            if name.starts_with(".tmp-") {
                found.push((file.path(), None, meta));
            } else if let Some(key) = parse_hex(&format!("{shard_name}{name}")) {
                found.push((file.path(), Some(key), meta));
            }
        }
    }
    found
}

fn parse_hex(text: &str) -> Option<Key> {
    if text.len() != 64 {
        return None;
    }
    let mut key = [0; 32];
    for (i, byte) in key.iter_mut().enumerate() {
        *byte = u8::from_str_radix(text.get(2 * i..2 * i + 2)?, 16).ok()?;
    }
    Some(key)
}

/// An entry: the format line, the payload's checksum, the line count, then the lines joined by
/// newlines, deflated. Highlighted HTML is mostly the same few class attributes, so the entries
/// take about a sixth of their lines' size (66 of 379 MB on the 10,000-page benchmark corpus):
/// at 100,000 pages the cache was 3.7 GB of HTML, which a warm build read back from disk
/// (BENCHMARKS.md).
fn encode(lines: &[String]) -> Vec<u8> {
    use std::io::Write as _;
    let payload = lines.join("\n");
    let sum = blake3::hash(payload.as_bytes());
    let mut entry = format!("{FORMAT}\n{}\n{}\n", sum.to_hex(), lines.len()).into_bytes();
    let mut deflate = flate2::write::DeflateEncoder::new(&mut entry, flate2::Compression::fast());
    // Writing into a Vec can't fail.
    let _ = deflate.write_all(payload.as_bytes()).and_then(|()| deflate.finish().map(|_| ()));
    entry
}

/// The most an entry may inflate to: far above any block the highlighter takes (see
/// `check_size`), so a damaged entry can't make the build allocate without bound.
const MAX_PAYLOAD: u64 = 64 * 1024 * 1024;

fn decode(bytes: &[u8]) -> Option<Lines> {
    use std::io::Read as _;
    let mut header = bytes.splitn(4, |&b| b == b'\n');
    let (format, sum, count) = (header.next()?, header.next()?, header.next()?);
    let deflated = header.next()?;
    if format != FORMAT.as_bytes() {
        return None;
    }
    let mut payload = Vec::new();
    flate2::read::DeflateDecoder::new(deflated).take(MAX_PAYLOAD).read_to_end(&mut payload).ok()?;
    if blake3::hash(&payload).to_hex().as_bytes() != sum {
        return None;
    }
    let payload = String::from_utf8(payload).ok()?;
    let count: usize = std::str::from_utf8(count).ok()?.parse().ok()?;
    let lines: Vec<String> = if count == 0 { Vec::new() } else { payload.split('\n').map(str::to_string).collect() };
    (lines.len() == count).then(|| lines.into())
}

fn read_entry(path: &Path) -> Option<Lines> {
    decode(&std::fs::read(path).ok()?)
}

/// Write through a temporary file in the same folder and rename it into place.
fn write_entry(path: &Path, lines: &[String]) -> std::io::Result<()> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = path.parent().unwrap_or(path);
    std::fs::create_dir_all(dir)?;
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let temp = dir.join(format!(".tmp-{}-{n}", std::process::id()));
    std::fs::write(&temp, encode(lines))?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &[&str]) -> Vec<String> {
        text.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn entries_round_trip_and_refuse_damage() {
        for sample in [lines(&[]), lines(&[""]), lines(&["a", "", "<b>c</b>"])] {
            let bytes = encode(&sample);
            assert_eq!(decode(&bytes).as_deref(), Some(&sample[..]));
            for cut in 0..bytes.len() {
                assert_eq!(decode(&bytes[..cut]), None, "truncated at {cut}");
            }
            let mut flipped = bytes.clone();
            let last = flipped.len() - 1;
            flipped[last] ^= 1;
            if !sample.iter().all(String::is_empty) {
                assert_eq!(decode(&flipped), None);
            }
        }
    }

    #[test]
    fn keys_differ_by_every_part() {
        assert_ne!(key(&[b"ab", b"c"]), key(&[b"a", b"bc"]));
        assert_ne!(key(&[b"python", b"x = 1"]), key(&[b"python", b"x = 2"]));
        assert_eq!(key(&[b"python", b"x = 1"]), key(&[b"python", b"x = 1"]));
        assert_eq!(parse_hex(&hex(&key(&[b"k"]))), Some(key(&[b"k"])));
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
        assert_eq!(&*again.lines(a, || panic!("cached")), &lines(&["A"])[..]);
        assert_eq!(again.take_stats(), Stats { blocks: 1, cached: 1 });
        again.prune(0);
        assert!(entry_path(&dir.path().join(FOLDER), &a).exists());
        assert!(!entry_path(&dir.path().join(FOLDER), &b).exists(), "unused and over the bound");
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
        // Dropped from memory, `b` still comes from disk.
        assert_eq!(&*cache.lines(b, || panic!("on disk")), &lines(&["B"])[..]);
    }
}
