//! The command line, as clap derive structs. Validation into typed options happens in
//! `commands`.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

/// versa: a static-site generator for technical comparison and documentation sites.
#[derive(Debug, Parser)]
#[command(name = "versa", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (public/ by default).
    Build(BuildArgs),
    /// Validate everything `build` does, plus internal links and anchors; writes nothing.
    Check(CheckArgs),
    /// Create a small working site that uses every feature.
    New(NewArgs),
}

/// Options shared by every command that reads a site.
#[derive(Debug, Args)]
pub struct SiteArgs {
    /// The site's folder: the one holding site.toml, content/, templates/ and static/.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Include pages marked `draft = true`.
    #[arg(long)]
    pub drafts: bool,
}

/// `versa build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Where to write the site; replaced as a whole, only when the build succeeds
    /// [default: public/ inside the site's folder].
    #[arg(long, short, value_name = "DIR")]
    pub output: Option<PathBuf>,
    /// Publish under another URL than site.toml's `base_url`, e.g. https://example.org/docs/;
    /// every link and asset then works under that path.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
}

/// `versa check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

/// `versa new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}
