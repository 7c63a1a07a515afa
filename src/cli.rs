//! The command line, as clap derive structs. Validation into typed options happens in
//! `commands`.

use std::net::{IpAddr, Ipv4Addr};
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
    /// Build in memory, serve on http://127.0.0.1:1111/, rebuild on changes, reload the browser.
    Serve(ServeArgs),
    /// Work with the built-in theme.
    #[command(subcommand)]
    Theme(ThemeCommand),
}

/// `versa theme …`.
#[derive(Debug, Subcommand)]
pub enum ThemeCommand {
    /// Copy the built-in templates and static files into the site, to edit them; never
    /// overwrites a file the site has.
    Eject(EjectArgs),
}

/// `versa theme eject`.
#[derive(Debug, Args)]
pub struct EjectArgs {
    /// The site's folder: the one holding site.toml.
    #[arg(long, value_name = "DIR", default_value = ".")]
    pub root: PathBuf,
    /// Theme files to copy, e.g. `page.html`, `partials/header.html`, `assets/versa.css`
    /// [default: all of them].
    #[arg(value_name = "NAME")]
    pub names: Vec<String>,
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
    /// Keep highlighted code in this folder between builds
    /// [default: .versa-cache/ in the site's folder].
    #[arg(long, value_name = "DIR", env = "VERSA_CACHE_DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Highlight every code block afresh, without reading or writing the cache.
    #[arg(long)]
    pub no_cache: bool,
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
    /// Publish under another URL than site.toml's `base_url`, e.g. `https://example.org/docs/`;
    /// every link and asset then works under that path.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Fail on any warning, as on an error, and leave the output untouched (for CI); the same
    /// as `strict = true` in site.toml.
    #[arg(long)]
    pub strict: bool,
}

/// `versa check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Fail on any warning, as on an error (for CI); the same as `strict = true` in site.toml.
    #[arg(long)]
    pub strict: bool,
}

/// `versa new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// The folder to create; it must not exist or be empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// `versa serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// The address to listen on; anything but loopback exposes the dev server to the network.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1", value_parser = parse_ip)]
    pub bind: IpAddr,
    /// The port to listen on [default: 1111, or the next free one]; 0 picks any free port.
    #[arg(long, short, value_name = "N")]
    pub port: Option<u16>,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Watch by scanning every half second instead of with the system's file events (for
    /// network file systems, WSL or containers where events do not arrive).
    #[arg(long)]
    pub poll: bool,
}

/// An IP address, or `localhost`.
fn parse_ip(text: &str) -> Result<IpAddr, String> {
    if text.eq_ignore_ascii_case("localhost") {
        return Ok(IpAddr::V4(Ipv4Addr::LOCALHOST));
    }
    text.parse().map_err(|_| format!("`{text}` is not an IP address (e.g. 127.0.0.1, 0.0.0.0 or ::1)"))
}
