//! Where a build goes: a staging folder swapped in atomically, memory (for `serve`), or
//! nowhere (for `check`).
//!
//! A disk build writes into a temporary folder next to the output and renames it into place
//! only when everything succeeded, so a failed build leaves the last good output untouched,
//! and files whose source is gone disappear with the old folder.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use crate::error::Result;

/// Receives the files of a build, by their path below the output root (`a/index.html`).
pub trait Sink: Sync {
    /// Store a generated file.
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()>;
    /// Store a copy of a file on disk.
    fn copy(&self, path: &str, from: &Path) -> Result<()>;
}

/// A build into a temporary folder beside the output, swapped in by [`Staging::commit`].
pub struct Staging {
    staging: PathBuf,
    output: PathBuf,
    committed: bool,
}

impl Staging {
    /// Start a build for `output`; the staging folder is a fresh sibling of it.
    pub fn new(output: &Path) -> Result<Staging> {
        let name = output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        crate::fs::create_dir_all(parent)?;
        remove_leftovers(parent, &name);
        let staging = parent.join(format!(".{name}.versa-tmp-{}", std::process::id()));
        crate::fs::remove_dir_all(&staging)?;
        crate::fs::create_dir_all(&staging)?;
        Ok(Staging { staging, output: output.to_path_buf(), committed: false })
    }

    /// Swap the finished build in for the previous output.
    pub fn commit(mut self) -> Result<()> {
        let old = self.output.with_file_name(format!(
            ".{}.versa-old-{}",
            self.output.file_name().map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned()),
            std::process::id()
        ));
        let had_output = self.output.exists();
        if had_output {
            crate::fs::remove_dir_all(&old)?;
            crate::fs::rename(&self.output, &old)?;
        }
        if let Err(e) = crate::fs::rename(&self.staging, &self.output) {
            if had_output {
                // Put the previous output back rather than leave nothing.
                let _ = std::fs::rename(&old, &self.output);
            }
            return Err(e);
        }
        self.committed = true;
        if had_output {
            crate::fs::remove_dir_all(&old)?;
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

impl Staging {
    /// Reuse the previous output's file when it already holds exactly `bytes`: a hard link keeps
    /// its timestamp, so deploy tools that compare size and modification time (rsync, `aws s3
    /// sync`) upload only what changed. Anything unusual (no such file, another size, a link
    /// that fails) falls back to writing.
    fn reuse(&self, path: &str, same: impl FnOnce(&Path) -> bool) -> bool {
        let old = self.output.join(path);
        let target = self.staging.join(path);
        if !same(&old) {
            return false;
        }
        if let Some(parent) = target.parent() {
            if crate::fs::create_dir_all(parent).is_err() {
                return false;
            }
        }
        std::fs::hard_link(&old, &target).is_ok()
    }
}

/// Remove the staging and old-output folders of builds that were killed before they finished
/// (their process is gone), so they do not pile up next to the output. Where there is no
/// `/proc` to ask, leftovers stay.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = [format!(".{name}.versa-tmp-"), format!(".{name}.versa-old-")]
            .iter()
            .find_map(|prefix| file_name.strip_prefix(prefix.as_str()).map(str::to_string));
        let Some(pid) = pid.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) else { continue };
        let proc_dir = Path::new("/proc");
        if proc_dir.is_dir() && !proc_dir.join(&pid).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// Writing through a staged file would truncate it in place; when it is a link to the previous
/// output, that would change the last good site. Unlinking first keeps it untouched.
fn unlink(target: &Path) {
    let _ = std::fs::remove_file(target);
}

/// True when the file at `path` holds exactly `bytes` (checked by size first).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        if self.reuse(path, |old| holds(old, bytes)) {
            return Ok(());
        }
        let target = self.staging.join(path);
        unlink(&target);
        crate::fs::write(&target, bytes)
    }

    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        let unchanged = |old: &Path| {
            let (Ok(a), Ok(b)) = (std::fs::metadata(old), std::fs::metadata(from)) else { return false };
            a.is_file() && a.len() == b.len() && crate::fs::read(from).is_ok_and(|bytes| holds(old, &bytes))
        };
        if self.reuse(path, unchanged) {
            return Ok(());
        }
        let target = self.staging.join(path);
        unlink(&target);
        crate::fs::copy(from, &target)
    }
}

/// A build kept in memory, for the dev server.
#[derive(Default)]
pub struct Memory {
    files: Mutex<BTreeMap<String, Vec<u8>>>,
}

impl Memory {
    /// Take the files out, by path.
    pub fn into_files(self) -> BTreeMap<String, Vec<u8>> {
        self.files.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Sink for Memory {
    fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        self.files.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_string(), bytes.to_vec());
        Ok(())
    }

    fn copy(&self, path: &str, from: &Path) -> Result<()> {
        let bytes = crate::fs::read(from)?;
        self.write(path, &bytes)
    }
}

/// A build that keeps nothing: `versa check` renders everything to validate it.
pub struct Discard;

impl Sink for Discard {
    fn write(&self, _: &str, _: &[u8]) -> Result<()> {
        Ok(())
    }

    fn copy(&self, _: &str, _: &Path) -> Result<()> {
        Ok(())
    }
}

/// A short, stable content hash (FNV-1a) for cache-busting asset URLs.
pub fn content_hash(bytes: &[u8]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        hash ^= u64::from(*b);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", hash >> 32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failed_build_leaves_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("old.html"), "old").unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write("new.html", b"new").unwrap();
            // dropped without commit
        }
        assert!(out.join("old.html").exists());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        let staging = Staging::new(&out).unwrap();
        staging.write("new.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert!(out.join("new.html").exists());
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // No process has this id (it is above the kernel's maximum).
        let dead = dir.path().join(".public.versa-tmp-4294967294");
        std::fs::create_dir_all(&dead).unwrap();
        let unrelated = dir.path().join(".public.versa-tmp-notes");
        std::fs::create_dir_all(&unrelated).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.commit().unwrap();
        assert!(!dead.exists());
        assert!(unrelated.exists(), "only folders named after a process id are touched");
    }

    #[cfg(unix)]
    #[test]
    fn unchanged_files_keep_their_timestamps() {
        use std::os::unix::fs::MetadataExt as _;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write("same.html", b"same").unwrap();
        staging.write("changed.html", b"v1").unwrap();
        staging.commit().unwrap();
        let inode = |name: &str| std::fs::metadata(out.join(name)).unwrap().ino();
        let (same, changed) = (inode("same.html"), inode("changed.html"));
        let staging = Staging::new(&out).unwrap();
        staging.write("same.html", b"same").unwrap();
        staging.write("changed.html", b"v2").unwrap();
        staging.commit().unwrap();
        assert_eq!(inode("same.html"), same, "an identical file is the previous one");
        assert_ne!(inode("changed.html"), changed);
        assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"v2");
    }
}
