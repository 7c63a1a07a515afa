//! Glue between the command line and the library: one module per subcommand.

mod build;
mod check;
mod new;
mod serve;
mod serve_search;
mod theme;

use std::io::Write as _;

use crate::cli::{Cli, Command};
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
