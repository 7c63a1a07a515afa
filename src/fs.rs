//! The one place that touches the file system: every error carries the path it was about.
//! The site's own files are read only through [`SiteFiles`], which refuses links that leave the
//! site folder; the functions here are for what versa writes (and reads back) itself.

mod site_files;

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
pub(crate) use site_files::{Created, SiteFiles};

pub(crate) fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> Error + 'a {
    move |source| Error::Io { action, path: path.to_path_buf(), source }
}

/// Read a whole file as bytes: for versa's own output; site files go through [`SiteFiles`].
pub(crate) fn read(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(io("read", path))
}

/// Write a file, creating its parent folders.
pub(crate) fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    if let Some(parent) = path.parent() {
        create_dir_all(parent)?;
    }
    std::fs::write(path, bytes).map_err(io("write", path))
}

/// Create a folder and its parents.
pub(crate) fn create_dir_all(path: &Path) -> Result<()> {
    std::fs::create_dir_all(path).map_err(io("create folder", path))
}

/// Remove a folder and everything in it; a missing folder is fine.
pub(crate) fn remove_dir_all(path: &Path) -> Result<()> {
    match std::fs::remove_dir_all(path) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io("remove", path)(e)),
        _ => Ok(()),
    }
}

/// Rename a file or folder.
pub(crate) fn rename(from: &Path, to: &Path) -> Result<()> {
    std::fs::rename(from, to).map_err(io("rename", from))
}

/// The entries of a folder, sorted by name so every walk is deterministic.
pub(crate) fn read_dir_sorted(path: &Path) -> Result<Vec<PathBuf>> {
    let mut entries = std::fs::read_dir(path)
        .map_err(io("list", path))?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<std::io::Result<Vec<_>>>()
        .map_err(io("list", path))?;
    entries.sort();
    Ok(entries)
}
