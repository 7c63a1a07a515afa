//! The names of a site's files and folders, said once: `site.toml`, `content/`, `templates/` and
//! `static/` at the root, and `public/` for the output when no `--output` is given. Reading,
//! watching, classifying changes and messages all go through these, so they can't disagree.

use std::path::{Path, PathBuf};

/// The site's configuration file, at the root.
pub(crate) const CONFIG_FILE: &str = "site.toml";

/// The site's comparison matrix (criteria and claims), at the root beside `site.toml`.
pub(crate) const MATRIX_FILE: &str = "matrix.toml";

/// Where `versa build` writes when no `--output` is given, at the root.
pub(crate) const DEFAULT_OUTPUT: &str = "public";

/// One of the folders at the root that hold a site's sources.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SiteFolder {
    /// `content/`: pages, sections, criteria files and assets.
    Content,
    /// `templates/`: overrides of the default theme's templates.
    Templates,
    /// `static/`: files copied to the output as they are.
    Static,
}

impl SiteFolder {
    /// Every source folder.
    pub(crate) const ALL: [SiteFolder; 3] = [SiteFolder::Content, SiteFolder::Templates, SiteFolder::Static];

    /// The folder's name: `content`.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            SiteFolder::Content => "content",
            SiteFolder::Templates => "templates",
            SiteFolder::Static => "static",
        }
    }

    /// The source folder called `name`, if it is one.
    pub(crate) fn named(name: &str) -> Option<SiteFolder> {
        SiteFolder::ALL.into_iter().find(|folder| folder.name() == name)
    }

    /// The folder in the site at `root`.
    pub(crate) fn in_site(self, root: &Path) -> PathBuf {
        root.join(self.name())
    }

    /// `rel` (a path inside the folder) as messages show it, from the site root: `content/a.md`.
    pub(crate) fn shown(self, rel: impl AsRef<Path>) -> PathBuf {
        Path::new(self.name()).join(rel)
    }
}
