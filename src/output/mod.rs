//! Where a build goes: a staging folder swapped in atomically, memory (for `serve`), or
//! nowhere (for `check`).
//!
//! 1. Every path a build writes passes [`OutputPath::new`] first, whatever the sink: nothing
//!    can land outside the output folder, in `build`, `serve` or `check` alike.
//! 2. A disk build ([`Staging`]) first makes sure the output folder is missing, empty or
//!    versa's own ([`owned`]), then writes into a temporary folder next to it and renames it into
//!    place only when everything succeeded: a failed build leaves the last good output untouched,
//!    and files whose source is gone disappear with the old folder.

mod owned;
mod path;
mod staging;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Mutex;

use crate::error::Result;
pub(crate) use path::{with_source, OutputPath};
pub(crate) use staging::Staging;

/// Receives the files of a build, by their path below the output root (`a/index.html`).
///
/// Callers use [`Sink::write`] and [`Sink::copy`], which check the path; implementations
/// provide [`Sink::store`] and [`Sink::store_copy`], which only ever get checked paths.
pub(crate) trait Sink: Sync {
    /// Store a generated file.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.store(&OutputPath::new(path)?, bytes)
    }

    /// Store a copy of a file on disk.
    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        self.store_copy(&OutputPath::new(path)?, from)
    }

    /// Store a generated file at a checked path.
    fn store(&self, path: &OutputPath, bytes: &[u8]) -> Result<()>;

    /// Store a copy of a file at a checked path.
    fn store_copy(&self, path: &OutputPath, from: &Path) -> Result<()>;
}

/// A build kept in memory, for the dev server.
#[derive(Default)]
pub(crate) struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// Take the files out, by path.
    pub(crate) fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Memory {
    fn store(&self, path: &OutputPath, bytes: &[u8]) -> Result<()> {
        let mut files = self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        files.insert(path.to_string(), bytes.to_vec());
        Ok(())
    }

    fn store_copy(&self, path: &OutputPath, from: &Path) -> Result<()> {
        let bytes = crate::fs::read(from)?;
        self.store(path, &bytes)
    }
}

/// A build that keeps nothing: `versa check` renders everything to validate it.
pub(crate) struct Discard;

impl Sink for Discard {
    fn store(&self, _: &OutputPath, _: &[u8]) -> Result<()> {
        Ok(())
    }

    fn store_copy(&self, _: &OutputPath, _: &Path) -> Result<()> {
        Ok(())
    }
}

/// A short, stable content hash (FNV-1a) for cache-busting asset URLs.
pub(crate) fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}
