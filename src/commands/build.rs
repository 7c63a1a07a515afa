//! `versa build`: load, render into a staging folder, swap it in.

use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::cli::BuildArgs;
use crate::error::{Error, Result};
use crate::layout::{SiteFolder, DEFAULT_OUTPUT};
use crate::output::Staging;
use crate::site::{Options, Site};

pub(super) fn run(args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let output = args.output.clone().unwrap_or_else(|| args.site.root.join(DEFAULT_OUTPUT));
    check_output(&args.site.root, &output)?;
    let options = Options {
        root: args.site.root.clone(),
        base_url: args.base_url.clone(),
        drafts: args.site.drafts,
        cache_dir: super::cache_dir(&args.site, Some(&output))?,
    };
    let site = Site::load_once(&options)?;
    let staging = Staging::new(&output)?;
    let mut report = site.render_with_search(&staging)?;
    // Broken internal links are only warnings here; `versa check` fails on them.
    report.warnings.extend(crate::site::check::link_warnings(&report, &site));
    // Before the swap, so a strict build with warnings leaves the previous output as it was.
    super::fail_if_strict(args.strict, site.config.strict, Vec::new(), &report.warnings)?;
    staging.commit()?;
    site.cache.prune(super::cache_max_bytes());
    super::print_warnings(&report.warnings);
    super::print_cache_problem(&site);
    let pairs = site.pairs.pages.len();
    let pairs = if pairs == 0 { String::new() } else { format!(", {}", super::plural(pairs, "pair page")) };
    println!(
        "built {}, {}{pairs}, {} in {} ms{}",
        super::plural(report.pages, "page"),
        super::plural(report.sections, "section"),
        super::plural(report.static_files, "static file"),
        started.elapsed().as_millis(),
        super::cache_summary(site.cache.take_stats(), options.cache_dir.is_some()),
    );
    Ok(())
}

/// The output folder is replaced as a whole, so it must never be (or hold) the site's sources.
fn check_output(root: &Path, output: &Path) -> Result<()> {
    let root = absolute(root);
    let output = absolute(output);
    let sources = SiteFolder::ALL.map(|folder| folder.in_site(&root));
    if root.starts_with(&output) || sources.iter().any(|dir| output.starts_with(dir)) {
        return Err(Error::Usage(format!(
            "--output `{}` would replace the site's own files; choose a separate folder such as `{}`",
            output.display(),
            root.join(DEFAULT_OUTPUT).display()
        )));
    }
    Ok(())
}

/// `path` made absolute and free of `.`/`..` and symlinks as far as it exists.
pub(super) fn absolute(path: &Path) -> PathBuf {
    let mut existing = path.to_path_buf();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let base = if existing.as_os_str().is_empty() { PathBuf::from(".") } else { existing };
    let mut resolved = std::fs::canonicalize(&base).unwrap_or(base);
    for part in rest.into_iter().rev() {
        resolved.push(part);
    }
    resolved
}
