//! Glue between the command line and the library: one module per subcommand.

mod build;
mod check;
mod new;
mod serve;
mod serve_search;
mod theme;

use std::io::Write as _;
use std::path::{Path, PathBuf};

use crate::cli::{Cli, Command, SiteArgs};
use crate::error::{Diagnostic, Error, Result};

/// Run a parsed command line.
pub(crate) fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Build(args) => build::run(&args),
        Command::Check(args) => check::run(&args),
        Command::New(args) => new::run(&args),
        Command::Serve(args) => serve::run(&args),
        Command::Theme(crate::cli::ThemeCommand::Eject(args)) => theme::eject(&args),
    }
}

/// The folder `versa build`, `check` and `serve` keep highlighted code in: `--cache-dir`,
/// `VERSA_CACHE_DIR` or `.versa-cache/` in the site's folder; `None` with `--no-cache`. It may
/// not be in the output (replaced by every build) or a source folder (`static/` is published).
pub(crate) fn cache_dir(site: &SiteArgs, output: Option<&Path>) -> Result<Option<PathBuf>> {
    if site.no_cache {
        return Ok(None);
    }
    let dir = site.cache_dir.clone().unwrap_or_else(|| site.root.join(CACHE_DIR));
    let absolute = build::absolute(&dir);
    let root = build::absolute(&site.root);
    let sources = crate::layout::SiteFolder::ALL.map(|folder| folder.in_site(&root));
    let clash = sources.iter().find(|source| absolute.starts_with(source)).cloned();
    let clash = clash.or_else(|| output.map(build::absolute).filter(|out| absolute.starts_with(out)));
    match clash {
        Some(folder) => Err(Error::Usage(format!(
            "--cache-dir `{}` is inside `{}`, which versa publishes or replaces; choose a separate folder such as `{}`",
            dir.display(),
            folder.display(),
            site.root.join(CACHE_DIR).display()
        ))),
        None => Ok(Some(dir)),
    }
}

/// The highlight cache's default folder, in the site's folder.
pub(crate) const CACHE_DIR: &str = ".versa-cache";

/// The size the cache is pruned to after a build: `VERSA_CACHE_MAX_MB`, or 256 MiB.
fn cache_max_bytes() -> u64 {
    std::env::var("VERSA_CACHE_MAX_MB")
        .ok()
        .and_then(|mb| mb.trim().parse::<u64>().ok())
        .map_or(crate::highlight::DEFAULT_CACHE_MAX_BYTES, |mb| mb.saturating_mul(1024 * 1024))
}

/// The end of a closing line: what the cache did, e.g. `, 9,950 of 10,000 code blocks from the cache`.
pub(crate) fn cache_summary(stats: crate::highlight::CacheStats, cache_on: bool) -> String {
    match (stats.blocks, cache_on) {
        (0, _) => String::new(),
        (blocks, true) => {
            format!(", {} of {} from the cache", thousands(stats.cached), plural_thousands(blocks, "code block"))
        }
        (blocks, false) => format!(", {} highlighted without a cache", plural_thousands(blocks, "code block")),
    }
}

fn plural_thousands(n: usize, what: &str) -> String {
    format!("{} {what}{}", thousands(n), if n == 1 { "" } else { "s" })
}

/// `9950` → `9,950`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn print_cache_problem(site: &crate::site::Site) {
    if let Some(problem) = site.cache.take_problem() {
        print_warnings(&[Diagnostic::warning(problem)]);
    }
}

/// Print warnings to stderr, each with its location and frame.
pub(crate) fn print_warnings(warnings: &[Diagnostic]) {
    let mut stderr = std::io::stderr().lock();
    for warning in warnings {
        let _ = writeln!(stderr, "{warning}");
    }
}

/// Under `--strict` (`flag`) or `strict = true` (`config`), any warning fails the command, with
/// the `errors` found alongside them.
pub(crate) fn fail_if_strict(flag: bool, config: bool, errors: Vec<Diagnostic>, warnings: &[Diagnostic]) -> Result<()> {
    if warnings.is_empty() || !(flag || config) {
        return Ok(());
    }
    let by = if flag { "--strict" } else { "`strict = true` in site.toml" };
    let mut diagnostics = errors;
    diagnostics.extend_from_slice(warnings);
    Err(Error::Strict { diagnostics, by })
}

/// "1 page", "2 pages".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}
