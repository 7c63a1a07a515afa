//! versa: a static-site generator for technical comparison and documentation sites.
//!
//! The pipeline runs one way: `config` and `content` are read, `markdown` renders bodies
//! (with `highlight` and the `compare` components), `render` applies templates, and `output`
//! receives the files; `site` orchestrates, `commands` glue it to the command line. For
//! `versa serve`, `watch` turns file events into `changes`, `site` rebuilds what they touch, and
//! `serve` sends the result to the browser.

pub mod changes;
pub mod cli;
mod commands;
mod compare;
mod config;
mod content;
mod diagnostics;
mod embedded;
mod error;
mod fs;
mod highlight;
mod html;
mod layout;
mod markdown;
mod output;
mod panics;
mod render;
pub mod serve;
pub mod site;
mod slug;
mod template_scan;
mod watch;

pub use error::{Diagnostic, Error, Result};

/// Run versa with a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    commands::run(cli)
}
