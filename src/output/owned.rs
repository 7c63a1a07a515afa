//! Which output folders versa may replace: only its own.
//!
//! A build replaces the output folder as a whole, deleting whatever the previous one held, so
//! before anything changes versa makes sure that folder is missing, empty or its own:
//!
//! 1. A symlink or a file at the output path is refused.
//! 2. A folder is versa's when the manifest beside it (`.public.versa-manifest` for `public/`)
//!    lists every file in it. The manifest lives beside the output, not inside it, because deploy
//!    tools upload everything inside `public/`.
//! 3. A folder without a manifest, built by a versa from before manifests existed, is accepted
//!    when it has the files every build wrote (`index.html`, `404.html`, `sitemap.xml`,
//!    `robots.txt`, `assets/versa.css`) and nothing versa never writes: no hidden entry (`.git`,
//!    `.ssh`: versa skips hidden files) and no symlink.
//!
//! Anything else is a usage error telling the user what to do; nothing has been touched.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The first line of a manifest; the other lines are the files versa wrote, one a line.
const MANIFEST_HEADER: &str = "# versa: the files of the build beside this file, which versa may delete or replace";

/// What every build by every versa version wrote: how a folder without a manifest is known.
const LEGACY_MARKS: [&str; 5] = ["index.html", "404.html", "sitemap.xml", "robots.txt", "assets/versa.css"];

/// The name of `output`'s last component (`public`).
pub(super) fn output_name(output: &Path) -> String {
    output.file_name().map_or_else(|| crate::layout::DEFAULT_OUTPUT.into(), |n| n.to_string_lossy().into_owned())
}

/// The manifest beside `output`.
pub(super) fn manifest_path(output: &Path) -> PathBuf {
    output.with_file_name(format!(".{}.versa-manifest", output_name(output)))
}

/// The files of the previous build at `output`, which versa may delete; empty when there is no
/// output yet. A usage error when something else is in the way.
pub(super) fn previous_build(output: &Path) -> Result<BTreeSet<String>> {
    let shown = output.display();
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) => meta,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(BTreeSet::new()),
        Err(e) if e.kind() == std::io::ErrorKind::NotADirectory => {
            return Err(Error::Usage(format!(
                "the output `{shown}` cannot be made: a file is in the way of its folder; choose another --output"
            )));
        }
        Err(source) => return Err(Error::Io { action: "inspect", path: output.to_path_buf(), source }),
    };
    if meta.file_type().is_symlink() {
        let target = std::fs::read_link(output).map(|t| t.display().to_string()).unwrap_or_default();
        return Err(Error::Usage(format!(
            "the output `{shown}` is a symbolic link (to `{target}`); versa replaces its output folder as a \
             whole and would replace the link: pass the folder itself as --output, or remove the link"
        )));
    }
    if !meta.is_dir() {
        return Err(Error::Usage(format!(
            "the output `{shown}` is a file, not a folder; versa replaces only folders it built: choose a new \
             or empty folder with --output, or remove the file yourself"
        )));
    }
    let listing = list(output)?;
    if listing.files.is_empty() && listing.foreign.is_empty() {
        return Ok(BTreeSet::new());
    }
    let manifest = manifest_path(output);
    let owned: Option<BTreeSet<String>> = match std::fs::read_to_string(&manifest) {
        Ok(text) if text.starts_with(MANIFEST_HEADER) => Some(text.lines().skip(1).map(str::to_string).collect()),
        Ok(_) => None,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(source) => return Err(Error::Io { action: "read", path: manifest, source }),
    };
    let mut foreign = listing.foreign.clone();
    match &owned {
        Some(owned) => foreign.extend(listing.files.iter().filter(|f| !owned.contains(*f)).cloned()),
        None => foreign.extend(listing.files.iter().filter(|f| f.split('/').any(|s| s.starts_with('.'))).cloned()),
    }
    let marked = owned.is_some() || LEGACY_MARKS.iter().all(|mark| listing.files.contains(*mark));
    if !marked {
        return Err(Error::Usage(format!(
            "the output folder `{shown}` is not empty and was not built by versa; a build replaces the output \
             folder as a whole and would delete what it holds: choose a new or empty folder with --output, or remove \
             it yourself"
        )));
    }
    if !foreign.is_empty() {
        foreign.sort();
        let mut named: Vec<String> = foreign.iter().take(3).map(|f| format!("`{f}`")).collect();
        if foreign.len() > 3 {
            named.push(format!("and {} more", foreign.len() - 3));
        }
        return Err(Error::Usage(format!(
            "the output folder `{shown}` holds files versa did not write ({}); a build replaces the output \
             folder as a whole and would delete them: move them out (into `static/` to publish them), choose \
             another --output, or remove the folder yourself",
            named.join(", ")
        )));
    }
    Ok(listing.files)
}

/// The text of a manifest listing `files`.
pub(super) fn manifest_text<'a>(files: impl IntoIterator<Item = &'a String>) -> String {
    let mut text = format!("{MANIFEST_HEADER}\n");
    for file in files {
        text.push_str(file);
        text.push('\n');
    }
    text
}

/// The contents of an output folder, by path below it.
pub(super) struct Listing {
    /// Regular files.
    pub(super) files: BTreeSet<String>,
    /// Entries versa never writes: symlinks, sockets and the like, and names that are not UTF-8.
    pub(super) foreign: Vec<String>,
}

pub(super) fn list(output: &Path) -> Result<Listing> {
    let mut listing = Listing { files: BTreeSet::new(), foreign: Vec::new() };
    for entry in walkdir::WalkDir::new(output).min_depth(1).follow_links(false) {
        let entry = entry.map_err(|e| {
            let path = e.path().unwrap_or(output).to_path_buf();
            let source = e.into_io_error().unwrap_or_else(|| std::io::Error::other("symlink loop"));
            Error::Io { action: "list", path, source }
        })?;
        let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
        let name = rel.to_str().map(|s| s.replace(std::path::MAIN_SEPARATOR, "/"));
        let kind = entry.file_type();
        match name {
            Some(name) if kind.is_file() => {
                listing.files.insert(name);
            }
            Some(name) if kind.is_dir() => {
                // An empty hidden folder is as foreign as a hidden file.
                if name.split('/').any(|s| s.starts_with('.')) && is_empty_dir(entry.path()) {
                    listing.foreign.push(format!("{name}/"));
                }
            }
            _ => listing.foreign.push(rel.display().to_string()),
        }
    }
    Ok(listing)
}

fn is_empty_dir(path: &Path) -> bool {
    std::fs::read_dir(path).is_ok_and(|mut entries| entries.next().is_none())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn folder(files: &[&str]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for file in files {
            let path = dir.path().join("public").join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "x").unwrap();
        }
        std::fs::create_dir_all(dir.path().join("public")).unwrap();
        dir
    }

    #[test]
    fn missing_and_empty_folders_are_fine() {
        let dir = folder(&[]);
        assert!(previous_build(&dir.path().join("public")).unwrap().is_empty());
        assert!(previous_build(&dir.path().join("new")).unwrap().is_empty());
    }

    #[test]
    fn a_manifest_must_list_every_file() {
        let dir = folder(&["index.html", "a/index.html"]);
        let out = dir.path().join("public");
        let listed = ["index.html".to_string(), "a/index.html".to_string()];
        std::fs::write(manifest_path(&out), manifest_text(&listed)).unwrap();
        assert_eq!(previous_build(&out).unwrap().len(), 2);
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        let Err(Error::Usage(message)) = previous_build(&out) else { panic!("accepted") };
        assert!(message.contains("`notes.txt`"), "{message}");
    }

    #[test]
    fn an_old_build_is_known_by_its_files_unless_it_holds_hidden_ones() {
        let dir = folder(&LEGACY_MARKS);
        let out = dir.path().join("public");
        assert_eq!(previous_build(&out).unwrap().len(), LEGACY_MARKS.len());
        std::fs::create_dir_all(out.join(".git")).unwrap();
        let Err(Error::Usage(message)) = previous_build(&out) else { panic!("accepted") };
        assert!(message.contains("`.git/`"), "{message}");
    }

    #[test]
    fn unrelated_folders_and_files_are_refused() {
        let dir = folder(&["notes.txt"]);
        assert!(matches!(previous_build(&dir.path().join("public")), Err(Error::Usage(_))));
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(matches!(previous_build(&dir.path().join("file")), Err(Error::Usage(_))));
    }
}
