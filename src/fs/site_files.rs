//! The gate for reading the site's own files: every path is resolved through its symlinks and
//! must land inside the site folder, so a link to `/etc/passwd` is never read, copied, served or
//! quoted in a code frame.
//!
//! 1. The site folder is resolved once ([`SiteFiles::new`]); `--root` may itself be a link.
//! 2. [`SiteFiles::resolve`] resolves a path and compares it with that folder. A path that
//!    leaves it names the link that leaves (the file, or a folder above it) and where it goes.
//! 3. [`SiteFiles::walk_files`] lists a folder in sorted order, following links inside the site,
//!    refusing links that leave it, and refusing a link back to a folder it is in (a loop).
//!
//! 4. [`SiteFiles::create`] is the one way versa writes into the site (`versa theme eject`): a new
//!    file only, in folders that are inside the site.
//!
//! Every problem is a [`Diagnostic`] at the path relative to the site folder.

use std::path::{Component, Path, PathBuf};

use crate::error::{Diagnostic, Error, Result};

/// Links followed in a chain before it counts as a loop (Linux's own limit).
const MAX_LINKS: usize = 40;

/// The site folder, as given and with its links resolved; the only way to read its files.
#[derive(Debug, Clone)]
pub(crate) struct SiteFiles {
    root: PathBuf,
    real_root: PathBuf,
}

/// What [`SiteFiles::create`] did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Created {
    Written,
    /// Something (a file, a folder, a link) is already there, and was left as it is.
    AlreadyThere,
}

/// What a walk found so far.
struct Walk {
    files: Vec<PathBuf>,
    problems: Vec<Diagnostic>,
    /// The resolved folders being listed, outermost first: a link to one of them is a loop.
    open: Vec<PathBuf>,
}

impl SiteFiles {
    /// The files of the site in `root`. A root that does not exist stays as given, so the first
    /// read says what is missing.
    pub(crate) fn new(root: &Path) -> SiteFiles {
        let real_root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        SiteFiles { root: root.to_path_buf(), real_root }
    }

    /// The site folder as given.
    pub(crate) fn root(&self) -> &Path {
        &self.root
    }

    /// `path` as messages show it: relative to the site folder.
    pub(crate) fn shown(&self, path: &Path) -> PathBuf {
        let rel = path.strip_prefix(&self.root).or_else(|_| path.strip_prefix(&self.real_root));
        rel.unwrap_or(path).to_path_buf()
    }

    /// Where `path` really is, when that is inside the site.
    pub(crate) fn resolve(&self, path: &Path) -> Result<PathBuf, Diagnostic> {
        match std::fs::canonicalize(path) {
            Ok(real) if real.starts_with(&self.real_root) => Ok(real),
            Ok(real) => Err(self.outside(path, &real)),
            Err(e) => Err(self.unresolved(path, &e)),
        }
    }

    /// Read a file of the site as bytes.
    pub(crate) fn read(&self, path: &Path) -> Result<Vec<u8>, Diagnostic> {
        // Reading the resolved path, not `path`, reads exactly the file that was checked.
        let real = self.resolve(path)?;
        std::fs::read(real).map_err(|e| self.failed("read", path, &e))
    }

    /// Read a file of the site that must be UTF-8.
    pub(crate) fn read_to_string(&self, path: &Path) -> Result<String, Diagnostic> {
        String::from_utf8(self.read(path)?).map_err(|_| {
            let shown = self.shown(path);
            Diagnostic::error(format!("`{}` is not valid UTF-8", shown.display()))
                .in_file(&shown)
                .help("save the file with UTF-8 encoding")
        })
    }

    /// Write a new file of the site. Whatever is already at `path` is kept, even a dangling
    /// link, and nothing is written through a folder that is a link out of the site.
    pub(crate) fn create(&self, path: &Path, bytes: &[u8]) -> Result<Created, Diagnostic> {
        if std::fs::symlink_metadata(path).is_ok() {
            return Ok(Created::AlreadyThere);
        }
        if !path.starts_with(&self.root) {
            return Err(Diagnostic::error(format!("`{}` is not inside the site folder", path.display())));
        }
        // The folders still to be made are made here, so only the deepest existing one can lead out.
        let mut existing = path.parent().unwrap_or(&self.root);
        while std::fs::symlink_metadata(existing).is_err() && existing != self.root {
            existing = existing.parent().unwrap_or(&self.root);
        }
        if !self.resolve(existing)?.is_dir() {
            let shown = self.shown(existing);
            return Err(Diagnostic::error(format!("`{}` is a file, not a folder", shown.display())).in_file(&shown));
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| self.failed("create folder", parent, &e))?;
        }
        // `create_new` never follows a link at `path` and never replaces a file that appeared
        // since the check above.
        let file = std::fs::OpenOptions::new().write(true).create_new(true).open(path);
        let mut file = match file {
            Ok(file) => file,
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(Created::AlreadyThere),
            Err(e) => return Err(self.failed("create", path, &e)),
        };
        std::io::Write::write_all(&mut file, bytes).map_err(|e| self.failed("write", path, &e))?;
        Ok(Created::Written)
    }

    /// Every file below `dir` in sorted order (by name, folder by folder), as paths below `dir`.
    /// `keep` decides by name which entries count, before any link is followed, so a hidden or
    /// editor's file is never looked at. Every problem found is reported together.
    pub(crate) fn walk_files(&self, dir: &Path, keep: impl Fn(&str) -> bool) -> Result<Vec<PathBuf>> {
        let (files, problems) = self.walk(dir, keep);
        if problems.is_empty() {
            Ok(files)
        } else {
            Err(Error::Site(problems))
        }
    }

    /// [`SiteFiles::walk_files`] that keeps the files it could reach next to the problems, so a
    /// build can report them with the problems of those files.
    pub(crate) fn walk(&self, dir: &Path, keep: impl Fn(&str) -> bool) -> (Vec<PathBuf>, Vec<Diagnostic>) {
        let mut walk = Walk { files: Vec::new(), problems: Vec::new(), open: Vec::new() };
        match self.resolve(dir) {
            Ok(real) => self.walk_folder(dir, &real, &keep, &mut walk),
            Err(d) => walk.problems.push(d),
        }
        (walk.files, walk.problems)
    }

    fn walk_folder(&self, dir: &Path, real_dir: &Path, keep: &impl Fn(&str) -> bool, walk: &mut Walk) {
        let entries = match sorted_entries(dir) {
            Ok(entries) => entries,
            Err(e) => return walk.problems.push(self.failed("list", dir, &e)),
        };
        walk.open.push(real_dir.to_path_buf());
        for path in entries {
            let Some(name) = path.file_name() else { continue };
            if !keep(&name.to_string_lossy()) {
                continue;
            }
            let real = match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.file_type().is_symlink() => self.resolve(&path),
                Ok(_) => Ok(real_dir.join(name)),
                Err(e) => Err(self.failed("read", &path, &e)),
            };
            match real {
                Ok(real) if real.is_dir() && walk.open.contains(&real) => {
                    walk.problems.push(self.folder_loop(&path, &real));
                }
                Ok(real) if real.is_dir() => self.walk_folder(&path, &real, keep, walk),
                // Sockets and pipes are not site files.
                Ok(real) if real.is_file() => walk.files.push(path),
                Ok(_) => {}
                Err(d) => walk.problems.push(d),
            }
        }
        walk.open.pop();
    }

    /// The refusal of a path that resolves to `real`, outside the site: it names the first link
    /// on the way that leaves, which may be a folder above the file.
    fn outside(&self, path: &Path, real: &Path) -> Diagnostic {
        let rel = self.shown(path);
        let mut link = self.root.clone();
        let (mut shown, mut target) = (rel.clone(), real.to_path_buf());
        if rel.is_relative() {
            for part in rel.components() {
                link.push(part);
                match std::fs::canonicalize(&link) {
                    Ok(r) if !r.starts_with(&self.real_root) => {
                        (shown, target) = (self.shown(&link), r);
                        break;
                    }
                    _ => {}
                }
            }
        }
        Diagnostic::error(format!("`{}` is a link to `{}`, outside the site folder", shown.display(), target.display()))
            .in_file(&shown)
            .help(if target.is_dir() {
                "copy the folder into the site, or link to a folder inside it"
            } else {
                "copy the file into the site, or link to a file inside it"
            })
    }

    /// Why `path` could not be resolved: a loop or a dangling link on the way, else the OS's
    /// reason.
    fn unresolved(&self, path: &Path, error: &std::io::Error) -> Diagnostic {
        let rel = self.shown(path);
        let mut link = self.root.clone();
        for part in rel.components().filter(|c| matches!(c, Component::Normal(_))) {
            link.push(part);
            let shown = self.shown(&link);
            match follow(&link) {
                Chain::Loop => {
                    return Diagnostic::error(format!("`{}` is a symlink loop", shown.display()))
                        .in_file(&shown)
                        .help("following it leads back to itself; point it at a real file or remove it");
                }
                Chain::Dangling(target) => {
                    return Diagnostic::error(format!(
                        "`{}` is a link to `{}`, which does not exist",
                        shown.display(),
                        target.display()
                    ))
                    .in_file(&shown)
                    .help("point the link at an existing file inside the site, or remove it");
                }
                Chain::Ends => {}
            }
        }
        self.failed("read", path, error)
    }

    fn folder_loop(&self, path: &Path, real: &Path) -> Diagnostic {
        let shown = self.shown(path);
        let target = real.strip_prefix(&self.real_root).map_or_else(|_| real.to_path_buf(), Path::to_path_buf);
        Diagnostic::error(format!(
            "`{}` is a link to `{}`, a folder it is in: a symlink loop",
            shown.display(),
            target.display()
        ))
        .in_file(&shown)
        .help("a walk through it would never end; remove the link, or point it at a folder beside it")
    }

    fn failed(&self, action: &str, path: &Path, error: &std::io::Error) -> Diagnostic {
        let shown = self.shown(path);
        Diagnostic::error(format!("failed to {action} `{}`: {error}", shown.display())).in_file(&shown)
    }
}

/// Where following the links of one path ends.
enum Chain {
    /// At something that is not a link (or that cannot be read for another reason).
    Ends,
    /// At a link whose target does not exist.
    Dangling(PathBuf),
    /// Never.
    Loop,
}

fn follow(path: &Path) -> Chain {
    let mut current = path.to_path_buf();
    for _ in 0..MAX_LINKS {
        let Ok(target) = std::fs::read_link(&current) else { return Chain::Ends };
        let next = current.parent().unwrap_or(Path::new("")).join(&target);
        if std::fs::symlink_metadata(&next).is_err() {
            return Chain::Dangling(target);
        }
        current = next;
    }
    Chain::Loop
}

/// The entries of a folder, sorted by name so every walk is deterministic.
fn sorted_entries(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut entries =
        std::fs::read_dir(dir)?.map(|entry| entry.map(|e| e.path())).collect::<std::io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries)
}

#[cfg(all(test, unix))]
mod tests {
    use std::os::unix::fs::symlink;

    use super::*;

    #[test]
    fn a_read_through_a_linked_folder_names_the_folder() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("x.py"), "secret").unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        symlink(outside.path(), site.path().join("content/lib")).unwrap();
        let files = SiteFiles::new(site.path());
        let refused = files.read(&site.path().join("content/lib/x.py")).unwrap_err();
        assert!(refused.message.starts_with("`content/lib` is a link to `"), "{refused}");
        assert_eq!(refused.loc.unwrap().path, Path::new("content/lib"));
    }

    #[test]
    fn create_writes_new_files_only_and_never_through_a_link_out() {
        let site = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let files = SiteFiles::new(site.path());
        let new = site.path().join("templates/partials/a.html");
        assert_eq!(files.create(&new, b"one").unwrap(), Created::Written);
        assert_eq!(files.create(&new, b"two").unwrap(), Created::AlreadyThere);
        assert_eq!(std::fs::read(&new).unwrap(), b"one");
        symlink(outside.path(), site.path().join("static")).unwrap();
        let refused = files.create(&site.path().join("static/assets/x.css"), b"x").unwrap_err();
        assert!(refused.message.starts_with("`static` is a link to `"), "{refused}");
        symlink(outside.path().join("gone.html"), site.path().join("templates/b.html")).unwrap();
        assert_eq!(files.create(&site.path().join("templates/b.html"), b"x").unwrap(), Created::AlreadyThere);
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing was written outside");
    }

    #[test]
    fn walks_are_sorted_and_follow_links_inside_the_site() {
        let site = tempfile::tempdir().unwrap();
        for path in ["content/b.md", "content/a/z.md", "content/a.md", "shared/s.md"] {
            let path = site.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "").unwrap();
        }
        symlink("../shared", site.path().join("content/c")).unwrap();
        let files = SiteFiles::new(site.path());
        let walked = files.walk_files(&site.path().join("content"), |_| true).unwrap();
        let shown: Vec<PathBuf> = walked.iter().map(|p| files.shown(p)).collect();
        let expected = ["content/a/z.md", "content/a.md", "content/b.md", "content/c/s.md"];
        assert_eq!(shown, expected.map(PathBuf::from));
    }
}
