//! versa: a static-site generator for technical comparison and documentation sites.
//!
//! The pipeline runs one way: `config` and `content` are read, `markdown` renders bodies
//! (with `highlight` and the `compare` components), `render` applies templates, and `output`
//! receives the files; `site` orchestrates, `commands` glue it to the command line. For
//! `versa serve`, `watch` turns file events into `changes`, `site` rebuilds what they touch, and
//! `serve` sends the result to the browser.

pub mod changes;
pub mod cli;
pub mod commands;
pub mod compare;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod embedded;
pub mod error;
pub mod fs;
pub mod highlight;
pub mod html;
mod layout;
pub mod markdown;
pub mod output;
pub mod panics;
pub mod render;
pub mod serve;
pub mod site;
pub mod slug;
pub mod template_scan;
pub mod watch;

pub use error::{Error, Result};

/// Run versa with a parsed command line.
pub fn run(cli: cli::Cli) -> Result<()> {
    commands::run(cli)
}
