//! A disk build: a staging folder beside the output, swapped in when the whole build succeeded.
//!
//! 1. [`Staging::new`] refuses an output that is not missing, empty or versa's ([`super::owned`])
//!    before creating anything, then takes `.public.versa-spare` (the folder the last build
//!    replaced) as its staging folder `.public.versa-tmp-PID`, or creates an empty one.
//! 2. Files arrive through [`Sink`]; each is remembered for the manifest. A file identical to the
//!    output's is a hard link to it; any other is written anew, never through a spare's file.
//! 3. [`Staging::commit`] removes the spare's files this build did not write, checks the output
//!    again, writes the manifest, renames `public/` to `.public.versa-old-PID` and the staging
//!    folder to `public/`, putting the old one back if that fails. Only then does the old folder
//!    become the next spare: exit 1 always means nothing changed.
//!
//! Why a spare: a build into a new folder makes a folder per page and removes as many with the
//! old output, and ext4 makes each new folder cost more the more were just removed. Rebuilding
//! 10,000 unchanged pages spent more time in the kernel than in versa. In the spare, the
//! folders are there and most files are already links to the output's.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::owned::{list, manifest_path, manifest_text, output_name, previous_build};
use super::{OutputPath, Sink};
use crate::error::Result;

/// A build into a temporary folder beside the output, swapped in by [`Staging::commit`].
pub(crate) struct Staging {
    staging: PathBuf,
    output: PathBuf,
    /// The files of the previous build: only these can be reused, so a new file costs no lookup.
    previous: BTreeSet<String>,
    /// The files of the spare this build started from: each is checked or replaced when stored,
    /// and removed at the commit when it is not.
    spare: BTreeSet<String>,
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
        let spare = claim_spare(&spare_path(output), &staging);
        if spare.is_none() {
            crate::fs::create_dir_all(&staging)?;
        }
        let output = output.to_path_buf();
        let spare = spare.unwrap_or_default();
        Ok(Staging { staging, output, previous, spare, written: Mutex::default(), committed: false })
    }

    /// Swap the finished build in for the previous output.
    pub(crate) fn commit(mut self) -> Result<()> {
        self.sweep()?;
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
        // Another build may have left a spare meanwhile: then this one is not needed.
        if had_output && std::fs::rename(&old, spare_path(&self.output)).is_err() {
            let _ = std::fs::remove_dir_all(&old);
        }
        Ok(())
    }

    /// Remove the spare's files that this build did not write, and the folders that leaves
    /// empty: the staging folder must hold this build and nothing else.
    fn sweep(&self) -> Result<()> {
        let written = self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for stale in self.spare.difference(&written) {
            let path = self.staging.join(stale);
            match std::fs::remove_file(&path) {
                Ok(()) => {}
                // Gone already, or this build's in its place: a file of this build took its
                // folder's place, or a folder of this build the file's.
                Err(e) if e.kind() == std::io::ErrorKind::NotFound || e.kind() == std::io::ErrorKind::NotADirectory => {
                    continue
                }
                Err(_) if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir()) => continue,
                Err(source) => return Err(crate::error::Error::Io { action: "remove", path, source }),
            }
            // `remove_dir` fails on a folder that still holds something, which ends the climb.
            for folder in path.ancestors().skip(1).take_while(|f| *f != self.staging) {
                if std::fs::remove_dir(folder).is_err() {
                    break;
                }
            }
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
        if self.spare.contains(path.as_str()) {
            if is_same_file(&old, &target) {
                return true;
            }
            unlink(&target);
        }
        self.making(&target, || std::fs::hard_link(&old, &target)).is_ok()
    }

    /// Make the file `target` with `make`. When that fails, clear the way once and try again:
    /// create its folders (a new staging folder has none), and remove what a spare has in their
    /// place (a file where a folder goes, or a folder where this file goes).
    fn making(&self, target: &Path, make: impl Fn() -> std::io::Result<()>) -> std::io::Result<()> {
        if make().is_ok() {
            return Ok(());
        }
        if std::fs::symlink_metadata(target).is_ok_and(|m| m.is_dir()) {
            let _ = std::fs::remove_dir_all(target);
        }
        for folder in target.ancestors().skip(1).take_while(|f| *f != self.staging) {
            if std::fs::symlink_metadata(folder).is_ok_and(|m| !m.is_dir()) {
                let _ = std::fs::remove_file(folder);
            }
        }
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent)?;
        }
        make()
    }

    /// Make way for writing `path` anew: a file already at `target` may be a link to the
    /// previous output, and writing through it would change the last good site.
    fn unlink_before_writing(&self, path: &OutputPath, first: bool, target: &Path) {
        if !first || self.spare.contains(path.as_str()) {
            unlink(target);
        }
    }

    /// Note `path` for the manifest; false when it was stored before in this build.
    fn remember(&self, path: &OutputPath) -> bool {
        self.written.lock().unwrap_or_else(std::sync::PoisonError::into_inner).insert(path.to_string())
    }
}

impl Drop for Staging {
    /// A build that did not commit leaves its folder as the next build's spare (whatever it
    /// holds is checked or removed then), unless there is no output to keep a spare beside.
    fn drop(&mut self) {
        if self.committed {
            return;
        }
        let kept = self.output.is_dir() && std::fs::rename(&self.staging, spare_path(&self.output)).is_ok();
        if !kept {
            let _ = std::fs::remove_dir_all(&self.staging);
        }
    }
}

/// The folder beside the output that the next build starts from (see the module comment).
fn spare_path(output: &Path) -> PathBuf {
    output.with_file_name(format!(".{}.versa-spare", output_name(output)))
}

/// Take the spare as the staging folder, with the files it holds. None when there is none (or
/// another build took it first: the rename is atomic), or when it is not a real folder holding
/// only folders and files, which is then removed: a link in its place would send the build
/// outside the output.
fn claim_spare(spare: &Path, staging: &Path) -> Option<BTreeSet<String>> {
    std::fs::rename(spare, staging).ok()?;
    let is_folder = std::fs::symlink_metadata(staging).is_ok_and(|m| m.is_dir());
    match list(staging) {
        Ok(listing) if is_folder && listing.foreign.is_empty() => Some(listing.files),
        _ if is_folder => {
            let _ = std::fs::remove_dir_all(staging);
            None
        }
        _ => {
            let _ = std::fs::remove_file(staging);
            None
        }
    }
}

/// True when `a` and `b` are one file (a hard link of the other).
#[cfg(unix)]
fn is_same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt as _;
    match (std::fs::symlink_metadata(a), std::fs::symlink_metadata(b)) {
        (Ok(a), Ok(b)) => a.is_file() && a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn is_same_file(_: &Path, _: &Path) -> bool {
    false
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
        self.unlink_before_writing(path, first, &target);
        self.making(&target, || std::fs::write(&target, bytes)).map_err(crate::fs::io("write", &target))
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
        self.unlink_before_writing(path, first, &target);
        self.making(&target, || std::fs::copy(from, &target).map(drop)).map_err(crate::fs::io("copy", from))
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
        // The failed build's folder is left as the next one's spare, and nothing else.
        assert_eq!(names(dir.path()), [".public.versa-manifest", ".public.versa-spare", "public"]);
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

    /// Write `files` as one build into `out` and commit it.
    fn build(out: &Path, files: &[(&str, &str)]) {
        let staging = Staging::new(out).unwrap();
        for (path, text) in files {
            staging.write(path, text.as_bytes()).unwrap();
        }
        staging.commit().unwrap();
    }

    fn tree(dir: &Path) -> Vec<(String, String)> {
        let listing = list(dir).unwrap();
        assert!(listing.foreign.is_empty());
        listing
            .files
            .into_iter()
            .map(|f| (std::fs::read_to_string(dir.join(&f)).unwrap(), f))
            .map(|(t, f)| (f, t))
            .collect()
    }

    /// Builds in the spare: files changed, kept, removed, and a file and a folder trading
    /// places, each build exactly its own files, and the spare never changes the output.
    #[test]
    fn a_build_in_the_spare_holds_exactly_its_own_files() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Build N starts from the output of build N - 2: `c` is a file there in builds 2 and 4
        // and a folder in their spares.
        let builds: [&[(&str, &str)]; 5] = [
            &[("index.html", "1"), ("a/index.html", "a1"), ("b/index.html", "b1"), ("c", "file c")],
            &[("index.html", "2"), ("a/index.html", "a1"), ("c", "file c"), ("d/e/f.txt", "f")],
            &[("index.html", "2"), ("b/index.html", "b3"), ("c/index.html", "folder c"), ("d/e/f.txt", "f")],
            &[("index.html", "4"), ("a/index.html", "a1"), ("c", "file c")],
            &[("index.html", "4"), ("c/x/index.html", "folder c"), ("a/index.html", "a5")],
        ];
        for (i, files) in builds.into_iter().enumerate() {
            build(&out, files);
            let mut expected: Vec<(String, String)> =
                files.iter().map(|(p, t)| (p.to_string(), t.to_string())).collect();
            expected.sort();
            assert_eq!(tree(&out), expected);
            assert_eq!(spare_path(&out).is_dir(), i > 0, "the replaced output is the next spare");
        }
        // The folders a removed page left empty are gone with it.
        assert!(!out.join("d").exists() && !out.join("b").exists());
    }

    /// A spare's file may be a link to the output's: a build that changes it and then fails
    /// leaves the output as it was.
    #[test]
    fn writing_in_the_spare_never_changes_the_output() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // Three builds of one file: the spare's copy is then a link to the output's.
        for _ in 0..3 {
            build(&out, &[("same.html", "same"), ("page.html", "v1")]);
        }
        let staging = Staging::new(&out).unwrap();
        staging.write("same.html", b"changed").unwrap();
        staging.copy("page.html", &out.join("same.html")).unwrap();
        drop(staging);
        assert_eq!(tree(&out), [("page.html".into(), "v1".into()), ("same.html".into(), "same".into())]);
        build(&out, &[("same.html", "same")]);
        assert_eq!(tree(&out), [("same.html".into(), "same".into())]);
    }

    /// A spare holding what a build never writes (here a symbolic link) is not built in.
    #[cfg(unix)]
    #[test]
    fn a_spare_with_a_link_is_removed_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "1")]);
        build(&out, &[("index.html", "2")]);
        let outside = dir.path().join("outside.txt");
        std::fs::write(&outside, "mine").unwrap();
        std::os::unix::fs::symlink(&outside, spare_path(&out).join("link.html")).unwrap();
        std::os::unix::fs::symlink(&outside, spare_path(&out).join("index.html.tmp")).unwrap();
        build(&out, &[("index.html", "3"), ("link.html", "page")]);
        assert_eq!(tree(&out), [("index.html".into(), "3".into()), ("link.html".into(), "page".into())]);
        assert_eq!(std::fs::read_to_string(&outside).unwrap(), "mine", "nothing was written through the link");
    }

    /// A link in the spare's place is removed, not built through: the build stays in its folder.
    #[cfg(unix)]
    #[test]
    fn a_spare_that_is_a_link_is_removed_not_used() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        build(&out, &[("index.html", "1")]);
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::os::unix::fs::symlink(&elsewhere, spare_path(&out)).unwrap();
        build(&out, &[("index.html", "2"), ("new.html", "new")]);
        assert_eq!(tree(&out), [("index.html".into(), "2".into()), ("new.html".into(), "new".into())]);
        assert_eq!(std::fs::read_dir(&elsewhere).unwrap().count(), 0, "nothing was written through the link");
        assert!(std::fs::symlink_metadata(spare_path(&out)).unwrap().is_dir(), "the replaced output is the spare");
    }
}
