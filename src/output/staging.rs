//! A disk build: a staging folder beside the output, swapped in when the whole build succeeded.
//!
//! 1. [`Staging::new`] refuses an output that is not missing, empty or versa's ([`super::owned`])
//!    before creating anything, then creates `.public.versa-tmp-PID` beside `public/`.
//! 2. Files arrive through [`Sink`]; each is remembered for the manifest.
//! 3. [`Staging::commit`] checks the output again, writes the manifest, renames `public/` to
//!    `.public.versa-old-PID` and the staging folder to `public/`, putting the old one back if
//!    that fails. Only then is the old folder removed: exit 1 always means nothing changed.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::owned::{manifest_path, manifest_text, output_name, previous_build};
use super::{OutputPath, Sink};
use crate::error::Result;

/// A build into a temporary folder beside the output, swapped in by [`Staging::commit`].
pub(crate) struct Staging {
    staging: PathBuf,
    output: PathBuf,
    /// The files of the previous build: only these can be reused, so a new file costs no lookup.
    previous: BTreeSet<String>,
    /// Every path stored so far, for the manifest.
    written: Mutex<BTreeSet<String>>,
    committed: bool,
}

/// How the swap renames; tests pass one that fails on purpose.
type Rename<'a> = &'a dyn Fn(&Path, &Path) -> Result<()>;

impl Staging {
    /// Start a build for `output`; the staging folder is a fresh sibling of it. A usage error,
    /// before anything is created, when the output is something versa did not build.
    pub(crate) fn new(output: &Path) -> Result<Staging> {
        let previous = previous_build(output)?;
        let name = output_name(output);
        let parent = output.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        crate::fs::create_dir_all(parent)?;
        remove_leftovers(parent, &name);
        let staging = parent.join(format!(".{name}.versa-tmp-{}", std::process::id()));
        crate::fs::remove_dir_all(&staging)?;
        crate::fs::create_dir_all(&staging)?;
        Ok(Staging { staging, output: output.to_path_buf(), previous, written: Mutex::default(), committed: false })
    }

    /// Swap the finished build in for the previous output.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.swap(&|from, to| crate::fs::rename(from, to))?;
        self.committed = true;
        Ok(())
    }

    fn swap(&self, rename: Rename<'_>) -> Result<()> {
        let name = output_name(&self.output);
        let pid = std::process::id();
        let old = self.output.with_file_name(format!(".{name}.versa-old-{pid}"));
        // The output may have changed during the build: ask again, just before replacing it.
        let previous = previous_build(&self.output)?;
        let written = self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner).clone();
        // Until the swap is over, the manifest covers both builds, so whichever one a crash
        // leaves in place is still known as versa's. Writing it first also proves, before
        // anything is replaced, that the folder around the output is writable.
        self.write_manifest(previous.union(&written), rename)?;
        let had_output = std::fs::symlink_metadata(&self.output).is_ok();
        if had_output {
            crate::fs::remove_dir_all(&old)?;
            rename(&self.output, &old)?;
        }
        if let Err(e) = rename(&self.staging, &self.output) {
            if had_output {
                // Put the previous output back rather than leave nothing; if even that fails,
                // the error says where it is.
                rename(&old, &self.output)?;
            }
            return Err(e);
        }
        // The new build is in place. What is left is tidying that a later build redoes: a stale
        // manifest still covers this build, and a leftover old folder is removed next time.
        let _ = self.write_manifest(written.iter(), rename);
        if had_output {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }

    /// Replace the manifest beside the output, atomically, with one listing `files`.
    fn write_manifest<'a>(&self, files: impl IntoIterator<Item = &'a String>, rename: Rename<'_>) -> Result<()> {
        let manifest = manifest_path(&self.output);
        let name = output_name(&self.output);
        let temporary = manifest.with_file_name(format!(".{name}.versa-manifest-tmp-{}", std::process::id()));
        crate::fs::write(&temporary, manifest_text(files).as_bytes())?;
        rename(&temporary, &manifest).inspect_err(|_| {
            let _ = std::fs::remove_file(&temporary);
        })
    }

    /// Reuse the previous output's file when it already holds exactly `bytes`: a hard link keeps
    /// its timestamp, so deploy tools that compare size and modification time (rsync, `aws s3
    /// sync`) upload only what changed. Anything unusual (no such file, another size, a link
    /// that fails) falls back to writing.
    fn reuse(&self, path: &OutputPath, same: impl FnOnce(&Path) -> bool) -> bool {
        if !self.previous.contains(path.as_str()) {
            return false;
        }
        let old = self.output.join(path.as_str());
        let target = self.staging.join(path.as_str());
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

    /// Note `path` for the manifest; false when it was stored before in this build.
    fn remember(&self, path: &OutputPath) -> bool {
        self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_string())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// Remove the staging and old-output folders and manifest drafts of builds that were killed
/// before they finished (their process is gone), so they do not pile up next to the output.
/// Where there is no `/proc` to ask, leftovers stay.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else { return };
    let prefixes =
        [format!(".{name}.versa-tmp-"), format!(".{name}.versa-old-"), format!(".{name}.versa-manifest-tmp-")];
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let pid = prefixes.iter().find_map(|prefix| file_name.strip_prefix(prefix.as_str()).map(str::to_string));
        let Some(pid) = pid.filter(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit())) else { continue };
        let proc_dir = Path::new("/proc");
        if proc_dir.is_dir() && !proc_dir.join(&pid).exists() {
            let path = entry.path();
            if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) {
                let _ = std::fs::remove_dir_all(path);
            } else {
                let _ = std::fs::remove_file(path);
            }
        }
    }
}

/// Writing through a staged file would truncate it in place; when it is a link to the previous
/// output, that would change the last good site. Unlinking first keeps it untouched. Only a path
/// stored twice in one build can be there: the staging folder starts empty.
fn unlink(target: &Path) {
    let _ = std::fs::remove_file(target);
}

/// True when the file at `path` holds exactly `bytes` (checked by size first).
fn holds(path: &Path, bytes: &[u8]) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
}

impl Sink for Staging {
    fn store(&self, path: &OutputPath, bytes: &[u8]) -> Result<()> {
        let first = self.remember(path);
        if self.reuse(path, |old| holds(old, bytes)) {
            return Ok(());
        }
        let target = self.staging.join(path.as_str());
        if !first {
            unlink(&target);
        }
        crate::fs::write(&target, bytes)
    }

    fn store_copy(&self, path: &OutputPath, from: &Path) -> Result<()> {
        let first = self.remember(path);
        let unchanged = |old: &Path| {
            let (Ok(a), Ok(b)) = (std::fs::metadata(old), std::fs::metadata(from)) else { return false };
            a.is_file() && a.len() == b.len() && crate::fs::read(from).is_ok_and(|bytes| holds(old, &bytes))
        };
        if self.reuse(path, unchanged) {
            return Ok(());
        }
        let target = self.staging.join(path.as_str());
        if !first {
            unlink(&target);
        }
        crate::fs::copy(from, &target)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    #[test]
    fn failed_build_leaves_output_alone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(&out).unwrap();
        staging.write("old.html", b"old").unwrap();
        staging.commit().unwrap();
        {
            let staging = Staging::new(&out).unwrap();
            staging.write("new.html", b"new").unwrap();
            // dropped without commit
        }
        assert!(out.join("old.html").exists());
        let names = |dir: &Path| {
            let mut names: Vec<String> = std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        assert_eq!(names(dir.path()), [".public.versa-manifest", "public"]);
        let staging = Staging::new(&out).unwrap();
        staging.write("new.html", b"new").unwrap();
        staging.commit().unwrap();
        assert!(!out.join("old.html").exists());
        assert!(out.join("new.html").exists());
        assert_eq!(
            std::fs::read_to_string(manifest_path(&out)).unwrap().lines().skip(1).collect::<Vec<_>>(),
            ["new.html"]
        );
    }

    /// Every rename of the swap, failing in turn: the previous output is always intact after.
    #[test]
    fn a_failed_swap_puts_the_previous_output_back() {
        for fail_at in 0..3 {
            let dir = tempfile::tempdir().unwrap();
            let out = dir.path().join("public");
            let staging = Staging::new(&out).unwrap();
            staging.write("index.html", b"v1").unwrap();
            staging.commit().unwrap();
            let staging = Staging::new(&out).unwrap();
            staging.write("index.html", b"v2").unwrap();
            let calls = std::cell::Cell::new(0);
            let rename = |from: &Path, to: &Path| {
                calls.set(calls.get() + 1);
                if calls.get() == fail_at + 1 {
                    return Err(Error::Io { action: "rename", path: from.into(), source: std::io::Error::other("no") });
                }
                crate::fs::rename(from, to)
            };
            assert!(staging.swap(&rename).is_err(), "rename {fail_at} failed");
            drop(staging);
            assert_eq!(std::fs::read(out.join("index.html")).unwrap(), b"v1", "rename {fail_at} failed");
            assert!(previous_build(&out).is_ok(), "the previous output is still known as versa's");
        }
    }

    #[test]
    fn leftovers_of_killed_builds_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // No process has this id (it is above the kernel's maximum).
        let dead = dir.path().join(".public.versa-tmp-4294967294");
        std::fs::create_dir_all(&dead).unwrap();
        let draft = dir.path().join(".public.versa-manifest-tmp-4294967294");
        std::fs::write(&draft, "x").unwrap();
        let unrelated = dir.path().join(".public.versa-tmp-notes");
        std::fs::create_dir_all(&unrelated).unwrap();
        let staging = Staging::new(&out).unwrap();
        staging.commit().unwrap();
        assert!(!dead.exists());
        assert!(!draft.exists());
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
