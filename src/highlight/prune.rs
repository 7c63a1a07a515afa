//! Pruning the highlight cache: which unused entries go once the cache is over its bound, and
//! which packs are rewritten without them. Rewriting a pack copies what it keeps, so a pack is
//! rewritten only when a quarter of the packs' bytes would go, or when it is one of many small
//! ones; until then dropped entries stay in their pack, still valid, and the cache may run up
//! to a third over its bound.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use super::cache::Key;
use super::pack::{Packs, TEMP_PREFIX};

/// What pruning does.
#[derive(Debug, Default)]
pub(super) struct Plan {
    /// The entries that go, by pack and offset.
    pub(super) dropped: HashSet<(usize, u64)>,
    /// The packs to write again without the dropped entries (or to delete, when they keep none).
    pub(super) rewrite: Vec<usize>,
    /// Entry files of the older format to delete.
    pub(super) remove: Vec<PathBuf>,
}

/// An entry file of format 2, one file per entry: its path, modification time and size.
pub(super) type OldEntry = (PathBuf, SystemTime, u64);

enum Unused {
    InPack(usize, u64),
    Old(PathBuf),
}

/// Drop unused entries (and copies a newer pack shadows), oldest first, while the cache holds
/// more than `max_bytes`.
pub(super) fn plan(packs: &Packs, old: Vec<OldEntry>, used: &HashSet<Key>, max_bytes: u64, max_packs: usize) -> Plan {
    let pack_bytes: u64 = packs.packs.iter().map(|p| p.len).sum();
    let mut total = pack_bytes + old.iter().map(|e| e.2).sum::<u64>();
    let mut unused: Vec<(SystemTime, u64, Unused)> = Vec::new();
    for (i, pack) in packs.packs.iter().enumerate() {
        for &(key, offset, len) in &pack.entries {
            if !used.contains(&key) || !packs.is_newest(&key, i, offset) {
                unused.push((pack.modified, u64::from(len), Unused::InPack(i, offset)));
            }
        }
    }
    unused.extend(old.into_iter().map(|(path, modified, len)| (modified, len, Unused::Old(path))));
    unused.sort_by_key(|(modified, ..)| *modified);

    let mut plan = Plan::default();
    let mut dropped_bytes = vec![0; packs.packs.len()];
    // Entries that failed their checksum go whatever the bound, with their packs rewritten.
    let bad = packs.bad();
    for (i, pack) in packs.packs.iter().enumerate() {
        for &(_, offset, len) in pack.entries.iter().filter(|(_, offset, _)| bad.contains(&(i, *offset))) {
            plan.dropped.insert((i, offset));
            total -= u64::from(len);
        }
    }
    unused.retain(|(_, _, entry)| !matches!(entry, Unused::InPack(i, offset) if bad.contains(&(*i, *offset))));
    for (_, len, entry) in unused {
        if total <= max_bytes {
            break;
        }
        total -= len;
        match entry {
            Unused::InPack(pack, offset) => {
                dropped_bytes[pack] += len;
                plan.dropped.insert((pack, offset));
            }
            Unused::Old(path) => plan.remove.push(path),
        }
    }
    let waste: u64 = dropped_bytes.iter().sum();
    for (i, pack) in packs.packs.iter().enumerate() {
        let all_dropped = pack.entries.iter().all(|(_, offset, _)| plan.dropped.contains(&(i, *offset)));
        let has_bad = bad.iter().any(|(pack, _)| *pack == i);
        if has_bad || (dropped_bytes[i] > 0 && (all_dropped || waste * 4 >= pack_bytes)) {
            plan.rewrite.push(i);
        }
    }
    let left: Vec<usize> = (0..packs.packs.len()).filter(|i| !plan.rewrite.contains(i)).collect();
    plan.rewrite.extend(smallest(packs, &left, max_packs));
    plan
}

/// Packs to merge when there are more than `max_packs`: the smallest, so that half as many
/// are left. A long `serve` session adds a small pack per save; the big pack of the first
/// build is merged only once the others add up to it.
pub(super) fn small_packs(packs: &Packs, max_packs: usize) -> Vec<usize> {
    smallest(packs, &(0..packs.packs.len()).collect::<Vec<_>>(), max_packs)
}

fn smallest(packs: &Packs, among: &[usize], max_packs: usize) -> Vec<usize> {
    if among.len() <= max_packs {
        return Vec::new();
    }
    let mut by_size = among.to_vec();
    by_size.sort_by_key(|&i| packs.packs[i].len);
    by_size.truncate(among.len() - max_packs / 2 + 1);
    by_size
}

/// The entry files of format 2 below `dir`: `<2 hex>/<62 hex>`. Nothing else is versa's.
pub(super) fn old_entries(dir: &Path) -> Vec<OldEntry> {
    let mut found = Vec::new();
    for (shard, name, path) in shard_files(dir) {
        let is_entry = shard.len() == 2
            && name.len() == 62
            && format!("{shard}{name}").bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !is_entry {
            continue;
        }
        if let Ok(meta) = std::fs::metadata(&path) {
            found.push((path, meta.modified().unwrap_or(SystemTime::UNIX_EPOCH), meta.len()));
        }
    }
    found
}

/// Temporary files a stopped build left behind, after an hour (a build still running writes
/// to its own; none takes an hour between two writes), and the emptied folders of format 2.
pub(super) fn remove_stale_temporaries(dir: &Path) {
    let stale = |path: &Path| {
        let age = std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| t.elapsed().ok());
        age.is_some_and(|age| age > Duration::from_secs(3600))
    };
    let top = std::fs::read_dir(dir).into_iter().flatten().flatten().map(|f| (f.file_name(), f.path()));
    let below = shard_files(dir).into_iter().map(|(_, name, path)| (name.into(), path));
    for (name, path) in top.chain(below) {
        if name.to_string_lossy().starts_with(TEMP_PREFIX) && path.is_file() && stale(&path) {
            let _ = std::fs::remove_file(&path);
        }
    }
    for shard in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if shard.file_name().len() == 2 && shard.path().is_dir() {
            // Fails, as it should, while the folder holds anything.
            let _ = std::fs::remove_dir(shard.path());
        }
    }
}

/// The files in the two-character folders of format 2: (folder name, file name, path).
fn shard_files(dir: &Path) -> Vec<(String, String, PathBuf)> {
    let mut found = Vec::new();
    for shard in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let shard_name = shard.file_name().to_string_lossy().into_owned();
        if shard_name.len() != 2 || !shard.file_type().is_ok_and(|t| t.is_dir()) {
            continue;
        }
        for file in std::fs::read_dir(shard.path()).into_iter().flatten().flatten() {
            if file.file_type().is_ok_and(|t| t.is_file()) {
                found.push((shard_name.clone(), file.file_name().to_string_lossy().into_owned(), file.path()));
            }
        }
    }
    found
}
