//! versa: a static-site generator for technical comparison and documentation sites.
//!
//! The pipeline runs one way: `config` and `content` are read, `markdown` renders bodies
//! (with `highlight` and the `compare` components), `render` applies templates, and `output`
//! receives the files; `site` orchestrates, `commands` glue it to the command line. For
//! `versa serve`, `watch` turns file events into `changes`, `site` rebuilds what they touch, and
//! `serve` sends the result to the browser.
//!
//! Each module imports only modules on an earlier line (or its own line's leaves):
//!
//! 1. leaves: `cli`, `error`, `glob` (`[search] exclude` patterns), `html`, `layout` (the site's
//!    folder names), `embedded` (the built-in theme and starter site), `slug`, `panics`,
//!    `template_scan` (tera tags read without tera)
//! 2. `diagnostics` (did-you-mean, serde messages), `fs`, `highlight`, `output`
//! 3. `config`, then `content`
//! 4. `changes` (pure: path → kind; uses content's ignore rule and template_scan)
//! 5. `compare`, then `markdown`, then `render`, then `search` (the Pagefind index)
//! 6. `site`
//! 7. `watch`, `serve`
//! 8. `commands`
//!
//! Only what the binary, the integration tests and the examples use is public: [`run`],
//! [`cli`], [`Error`], [`Result`], [`Diagnostic`], and the serve loop's pieces in [`site`],
//! [`changes`] and [`serve`].

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
mod glob;
mod highlight;
mod html;
mod layout;
mod markdown;
mod output;
mod panics;
mod render;
mod search;
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
