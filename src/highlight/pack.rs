//! Pack files: the highlight cache's entries, many to a file, so a warm build reads one file
//! front to back instead of opening one small file per code block. At 100,000 pages the cache
//! held 440,000 entries of about 1.5 KB each, and a warm build that read them as files spent
//! most of its time waiting for the disk (BENCHMARKS.md).
//!
//! A pack is `pack-<32 hex>`: the header line, the entries one after another, the index (key,
//! offset and length of each entry) and a fixed footer with the index's place and checksum. A
//! pack is written once, to a temporary file that is renamed into place when it is whole, and
//! never changed after: a build adds a pack for what it highlighted, and pruning writes the
//! entries it keeps into a new pack before it deletes the old ones. So two builds sharing a
//! cache each see whole packs, and a pack another build deletes stays readable through the
//! handle already open (on Unix).
//!
//! The name is a hash of the pack's bytes. A pack whose footer or index is damaged is left out
//! (and pruned); each entry also carries its own checksum (see `cache::decode`).

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufWriter, Write as _};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::SystemTime;

use super::cache::Key;

const HEADER: &[u8] = b"versa-highlight-pack 1\n";
const MAGIC: &[u8; 8] = b"VHPACK1\n";
/// The footer: index offset, entry count, the index's BLAKE3, then [`MAGIC`].
const FOOTER: usize = 8 + 8 + 32 + 8;
/// One index record: the key, the entry's offset and its length.
const RECORD: usize = 32 + 8 + 4;
const PREFIX: &str = "pack-";
/// Temporary files start with this; pruning deletes the ones a stopped build left behind.
pub(super) const TEMP_PREFIX: &str = ".tmp-";

/// Where an entry is: which pack, and the bytes in it.
#[derive(Debug, Clone, Copy)]
struct Place {
    pack: usize,
    offset: u64,
    len: u32,
}

/// One pack, open for reading.
pub(super) struct Pack {
    pub(super) path: PathBuf,
    file: File,
    pub(super) len: u64,
    pub(super) modified: SystemTime,
    /// Its entries, in the order they were written.
    pub(super) entries: Vec<(Key, u64, u32)>,
}

/// The packs of a cache folder, and where each key's newest entry is.
#[derive(Default)]
pub(super) struct Packs {
    pub(super) packs: Vec<Pack>,
    places: HashMap<Key, Place>,
    /// Files named like packs that could not be read as one: pruning deletes them.
    pub(super) damaged: Vec<PathBuf>,
    /// Entries that failed their checksum when read, by pack and offset: pruning drops them.
    bad: Mutex<HashSet<(usize, u64)>>,
}

impl Packs {
    /// Every pack in `dir`, oldest first, so a newer pack's entry for a key wins.
    pub(super) fn open(dir: &Path) -> Packs {
        let mut found = Vec::new();
        if let Ok(files) = std::fs::read_dir(dir) {
            for file in files.flatten() {
                if file.file_name().to_string_lossy().starts_with(PREFIX) {
                    found.push(file.path());
                }
            }
        }
        let mut packs = Packs::default();
        let mut opened: Vec<Pack> = Vec::new();
        for path in found {
            match Pack::open(&path) {
                Some(pack) => opened.push(pack),
                None => packs.damaged.push(path),
            }
        }
        opened.sort_by(|a, b| (a.modified, &a.path).cmp(&(b.modified, &b.path)));
        for pack in opened {
            packs.add(pack);
        }
        packs
    }

    /// Add a pack; its entries win over those of the packs before it.
    pub(super) fn add(&mut self, pack: Pack) {
        let index = self.packs.len();
        for &(key, offset, len) in &pack.entries {
            self.places.insert(key, Place { pack: index, offset, len });
        }
        self.packs.push(pack);
    }

    /// Delete the packs `which` and add `new`, which holds what they kept.
    pub(super) fn replace(&mut self, which: &[usize], new: Option<Pack>) {
        let mut kept = Packs { damaged: std::mem::take(&mut self.damaged), ..Packs::default() };
        // A pack's name is a hash of its bytes, so a pack rewritten unchanged, or written again
        // with the same entries after its own were found damaged, has the name of the old one:
        // that file is the new pack and stays.
        let staying: HashSet<PathBuf> = (self.packs.iter().enumerate())
            .filter(|(i, _)| !which.contains(i))
            .map(|(_, pack)| &pack.path)
            .chain(new.as_ref().map(|new| &new.path))
            .cloned()
            .collect();
        for (i, pack) in std::mem::take(&mut self.packs).into_iter().enumerate() {
            if !which.contains(&i) {
                kept.add(pack);
            } else if !staying.contains(&pack.path) {
                let _ = std::fs::remove_file(&pack.path);
            }
        }
        if let Some(new) = new {
            kept.add(new);
        }
        *self = kept;
    }

    /// The entry for `key`, decoded by `decode`, which checks it. An entry that fails is
    /// remembered as bad, so pruning drops it and the copy highlighted again takes its place.
    pub(super) fn read<T>(&self, key: &Key, decode: impl FnOnce(&[u8]) -> Option<T>) -> Option<T> {
        let place = self.places.get(key)?;
        let decoded = self.packs[place.pack].read(place.offset, place.len).and_then(|bytes| decode(&bytes));
        if decoded.is_none() {
            self.bad.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert((place.pack, place.offset));
        }
        decoded
    }

    /// The entries found bad so far.
    pub(super) fn bad(&self) -> HashSet<(usize, u64)> {
        self.bad.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone()
    }

    /// Whether `key`'s newest entry is in pack `pack` at `offset` (older copies are not kept).
    pub(super) fn is_newest(&self, key: &Key, pack: usize, offset: u64) -> bool {
        self.places.get(key).is_some_and(|place| place.pack == pack && place.offset == offset)
    }
}

impl Pack {
    pub(super) fn open(path: &Path) -> Option<Pack> {
        let file = File::open(path).ok()?;
        let meta = file.metadata().ok()?;
        let len = meta.len();
        let min = (HEADER.len() + FOOTER) as u64;
        if !meta.is_file() || len < min {
            return None;
        }
        let footer = read_at(&file, len - FOOTER as u64, FOOTER)?;
        let (numbers, rest) = footer.split_at(16);
        let (sum, magic) = rest.split_at(32);
        let index_offset = u64::from_le_bytes(numbers[..8].try_into().ok()?);
        let count = u64::from_le_bytes(numbers[8..].try_into().ok()?);
        let index_len = count.checked_mul(RECORD as u64)?;
        if magic != MAGIC
            || index_offset < HEADER.len() as u64
            || index_offset.checked_add(index_len)? != len - FOOTER as u64
        {
            return None;
        }
        let index = read_at(&file, index_offset, usize::try_from(index_len).ok()?)?;
        if blake3::hash(&index).as_bytes() != sum || read_at(&file, 0, HEADER.len())? != HEADER {
            return None;
        }
        let mut entries = Vec::with_capacity(index.len() / RECORD);
        for record in index.chunks_exact(RECORD) {
            let key: Key = record[..32].try_into().ok()?;
            let offset = u64::from_le_bytes(record[32..40].try_into().ok()?);
            let entry_len = u32::from_le_bytes(record[40..].try_into().ok()?);
            if offset < HEADER.len() as u64 || offset.checked_add(u64::from(entry_len))? > index_offset {
                return None;
            }
            entries.push((key, offset, entry_len));
        }
        advise_sequential(&file);
        let modified = meta.modified().unwrap_or(SystemTime::UNIX_EPOCH);
        Some(Pack { path: path.to_path_buf(), file, len, modified, entries })
    }

    pub(super) fn read(&self, offset: u64, len: u32) -> Option<Vec<u8>> {
        read_at(&self.file, offset, usize::try_from(len).ok()?)
    }
}

/// A pack being written: entries go to a temporary file as they come.
pub(super) struct Writer {
    temp: PathBuf,
    out: BufWriter<File>,
    hash: blake3::Hasher,
    offset: u64,
    entries: Vec<(Key, u64, u32)>,
}

impl Writer {
    pub(super) fn create(dir: &Path) -> std::io::Result<Writer> {
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        std::fs::create_dir_all(dir)?;
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp = dir.join(format!("{TEMP_PREFIX}{}-{n}", std::process::id()));
        let out = BufWriter::with_capacity(1 << 18, File::create(&temp)?);
        let mut writer = Writer { temp, out, hash: blake3::Hasher::new(), offset: 0, entries: Vec::new() };
        writer.put(HEADER)?;
        Ok(writer)
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.out.write_all(bytes)?;
        self.hash.update(bytes);
        self.offset += bytes.len() as u64;
        Ok(())
    }

    pub(super) fn append(&mut self, key: Key, entry: &[u8]) -> std::io::Result<()> {
        let len = u32::try_from(entry.len()).map_err(|_| std::io::Error::other("a cache entry over 4 GB"))?;
        self.entries.push((key, self.offset, len));
        self.put(entry)
    }

    /// Write the index and footer and rename the pack into place; `None` when it holds no
    /// entry (the temporary file is deleted).
    pub(super) fn finish(mut self, dir: &Path) -> std::io::Result<Option<Pack>> {
        if self.entries.is_empty() {
            drop(self.out);
            std::fs::remove_file(&self.temp)?;
            return Ok(None);
        }
        let index_offset = self.offset;
        let mut index = Vec::with_capacity(self.entries.len() * RECORD);
        for (key, offset, len) in &self.entries {
            index.extend_from_slice(key);
            index.extend_from_slice(&offset.to_le_bytes());
            index.extend_from_slice(&len.to_le_bytes());
        }
        self.put(&index)?;
        let mut footer = Vec::with_capacity(FOOTER);
        footer.extend_from_slice(&index_offset.to_le_bytes());
        footer.extend_from_slice(&(self.entries.len() as u64).to_le_bytes());
        footer.extend_from_slice(blake3::hash(&index).as_bytes());
        footer.extend_from_slice(MAGIC);
        self.put(&footer)?;
        self.out.flush()?;
        let name = self.hash.finalize().to_hex();
        let path = dir.join(format!("{PREFIX}{}", &name[..32]));
        std::fs::rename(&self.temp, &path).inspect_err(|_| {
            let _ = std::fs::remove_file(&self.temp);
        })?;
        Pack::open(&path).map(Some).ok_or_else(|| std::io::Error::other("the pack just written can't be read back"))
    }

    /// Give up on the pack: its temporary file is deleted.
    pub(super) fn abandon(self) {
        drop(self.out);
        let _ = std::fs::remove_file(&self.temp);
    }
}

#[cfg(unix)]
fn read_at(file: &File, offset: u64, len: usize) -> Option<Vec<u8>> {
    use std::os::unix::fs::FileExt as _;
    let mut bytes = vec![0; len];
    file.read_exact_at(&mut bytes, offset).ok()?;
    Some(bytes)
}

#[cfg(not(unix))]
fn read_at(file: &File, offset: u64, len: usize) -> Option<Vec<u8>> {
    use std::io::{Read as _, Seek as _, SeekFrom};
    // `&File` reads and seeks; the cache reads one pack from several threads, so under a lock.
    static LOCK: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _guard = LOCK.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let mut file = file;
    file.seek(SeekFrom::Start(offset)).ok()?;
    let mut bytes = vec![0; len];
    file.read_exact(&mut bytes).ok()?;
    Some(bytes)
}

/// A warm build reads a pack in about the order the build that wrote it highlighted: ask for
/// a larger read-ahead.
fn advise_sequential(file: &File) {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd as _;
        // SAFETY: the descriptor is open for as long as `file`; the call only sets a hint.
        unsafe {
            libc::posix_fadvise(file.as_raw_fd(), 0, 0, libc::POSIX_FADV_SEQUENTIAL);
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = file;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pack_of(dir: &Path, entries: &[(&[u8], &[u8])]) -> PathBuf {
        let mut writer = Writer::create(dir).unwrap();
        for (key, bytes) in entries {
            writer.append(*blake3::hash(key).as_bytes(), bytes).unwrap();
        }
        writer.finish(dir).unwrap().unwrap().path
    }

    #[test]
    fn a_pack_reads_back_and_a_newer_pack_wins() {
        let dir = tempfile::tempdir().unwrap();
        pack_of(dir.path(), &[(b"a", b"first a"), (b"b", b"b")]);
        // Distinct modification times order the packs.
        std::thread::sleep(std::time::Duration::from_millis(20));
        pack_of(dir.path(), &[(b"a", b"second a")]);
        let packs = Packs::open(dir.path());
        assert_eq!(packs.packs.len(), 2);
        let read = |key: &[u8]| packs.read(blake3::hash(key).as_bytes(), |bytes| Some(bytes.to_vec()));
        assert_eq!(read(b"a").as_deref(), Some(&b"second a"[..]));
        assert_eq!(read(b"b").as_deref(), Some(&b"b"[..]));
        assert_eq!(read(b"c"), None);
        assert!(packs.bad().is_empty());
        assert_eq!(packs.read(blake3::hash(b"b").as_bytes(), |_| None::<()>), None);
        assert_eq!(packs.bad().len(), 1, "a failed entry is remembered");
    }

    #[test]
    fn a_damaged_pack_is_left_out_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = pack_of(dir.path(), &[(b"a", b"aaaa"), (b"b", b"bbbb")]);
        let good = std::fs::read(&path).unwrap();
        // Any cut, or any changed byte outside the entries (which carry their own checksum).
        let entries = HEADER.len()..HEADER.len() + 8;
        let mut damaged: Vec<Vec<u8>> = (0..good.len()).map(|cut| good[..cut].to_vec()).collect();
        for i in (0..good.len()).filter(|i| !entries.contains(i)) {
            let mut bytes = good.clone();
            bytes[i] ^= 0x40;
            damaged.push(bytes);
        }
        for bytes in damaged {
            std::fs::write(&path, &bytes).unwrap();
            let packs = Packs::open(dir.path());
            assert!(packs.packs.is_empty() && packs.damaged == [path.clone()], "{bytes:?}");
        }
    }

    #[test]
    fn a_pack_written_again_under_its_old_name_outlives_the_old_one() {
        // Entries found bad and highlighted again, in the same order, make the same bytes and
        // so the same name: dropping the old pack must not delete the file, now the new one.
        let dir = tempfile::tempdir().unwrap();
        let path = pack_of(dir.path(), &[(b"a", b"aaaa")]);
        let mut packs = Packs::open(dir.path());
        let again = pack_of(dir.path(), &[(b"a", b"aaaa")]);
        assert_eq!(again, path);
        packs.add(Pack::open(&again).unwrap());
        packs.replace(&[0], None);
        assert_eq!(packs.packs.len(), 1);
        let read = packs.read(blake3::hash(b"a").as_bytes(), |bytes| Some(bytes.to_vec()));
        assert_eq!(read.as_deref(), Some(&b"aaaa"[..]));
        assert!(path.is_file());
    }

    #[test]
    fn an_empty_pack_is_not_kept() {
        let dir = tempfile::tempdir().unwrap();
        let writer = Writer::create(dir.path()).unwrap();
        assert!(writer.finish(dir.path()).unwrap().is_none());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
