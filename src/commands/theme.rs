//! `versa theme eject [NAME…]`: copy the built-in theme's files into a site, to edit them there.
//!
//! 1. Every NAME must be a file of the theme; an unknown one is a usage error, before anything
//!    is written.
//! 2. Templates go to `templates/NAME`, static files to `static/NAME`, through
//!    [`SiteFiles::create`]: a file the site already has is kept as it is, and nothing is
//!    written through a link out of the site.

use std::path::Path;

use crate::cli::EjectArgs;
use crate::error::{Error, Result};
use crate::fs::{Created, SiteFiles};
use crate::layout::{SiteFolder, CONFIG_FILE};

/// One file of the built-in theme.
struct ThemeFile {
    /// Its name inside its folder: `partials/header.html`, `assets/versa.css`.
    name: &'static str,
    /// `templates` or `static`.
    folder: &'static str,
    bytes: &'static [u8],
}

impl ThemeFile {
    /// Where it goes in a site: `templates/partials/header.html`.
    fn site_path(&self) -> String {
        format!("{}/{}", self.folder, self.name)
    }
}

fn theme_files() -> Vec<ThemeFile> {
    let templates =
        crate::embedded::THEME_TEMPLATES.iter().map(|(name, bytes)| (name, SiteFolder::Templates.name(), bytes));
    let statics = crate::embedded::THEME_STATIC.iter().map(|(name, bytes)| (name, SiteFolder::Static.name(), bytes));
    templates.chain(statics).map(|(name, folder, bytes)| ThemeFile { name, folder, bytes }).collect()
}

pub(super) fn eject(args: &EjectArgs) -> Result<()> {
    let root = &args.root;
    if !root.join(CONFIG_FILE).is_file() {
        return Err(Error::Usage(format!(
            "`{}` is not a versa site: it has no site.toml (create one with `versa new DIR`, or pass --root)",
            root.display()
        )));
    }
    let all = theme_files();
    let chosen = choose(&all, &args.names)?;
    let files = SiteFiles::new(root);
    let mut kept = 0;
    for file in &chosen {
        let path = file.site_path();
        match files.create(&root.join(&path), file.bytes).map_err(|d| Error::Site(vec![d]))? {
            Created::Written => println!("copied {path}"),
            Created::AlreadyThere => {
                kept += 1;
                println!("kept   {path}: the site already has it");
            }
        }
    }
    let copied = chosen.len() - kept;
    let mut summary = format!("ejected {} into {}", super::plural(copied, "file"), root.display());
    if kept > 0 {
        summary.push_str(&format!(", kept {} the site already had", super::plural(kept, "file")));
    }
    println!("{summary}");
    Ok(())
}

/// The theme files the names ask for, in the order asked, or all of them for none. A name may
/// start with its folder (`templates/page.html`), as the site's own path does.
fn choose<'a>(all: &'a [ThemeFile], names: &[String]) -> Result<Vec<&'a ThemeFile>> {
    if names.is_empty() {
        return Ok(all.iter().collect());
    }
    let mut chosen: Vec<&ThemeFile> = Vec::new();
    for asked in names {
        let found = all.iter().find(|f| *asked == f.name || *asked == f.site_path());
        match found {
            Some(file) if !chosen.iter().any(|c| std::ptr::eq(*c, file)) => chosen.push(file),
            Some(_) => {}
            None => return Err(unknown(all, asked)),
        }
    }
    Ok(chosen)
}

fn unknown(all: &[ThemeFile], asked: &str) -> Error {
    let names: Vec<&str> = all.iter().map(|f| f.name).collect();
    let bare = Path::new(asked).file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    // `header.html` for `partials/header.html`: a file name alone is the likeliest slip.
    let suggestion = names
        .iter()
        .find(|n| n.rsplit('/').next() == Some(bare.as_str()))
        .copied()
        .or_else(|| crate::diagnostics::closest(asked, &names));
    let mut message = format!("`{asked}` is not a file of the built-in theme");
    if let Some(best) = suggestion {
        message.push_str(&format!("; did you mean `{best}`?"));
    }
    message.push_str(&format!("\ntheme files: `{}`", names.join("`, `")));
    Error::Usage(message)
}
