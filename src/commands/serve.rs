//! `versa serve`: build in memory, serve, watch, rebuild what changed, reload the browser.
//!
//! 1. Validate the arguments into [`Settings`]: the site's folder made absolute (file events
//!    carry absolute paths), the address, the watch mode.
//! 2. Bind the port first: the build uses the server's URL as its base URL.
//! 3. Build the site in memory and publish it. A first build that fails is served as an error
//!    page with the overlay; the next good rebuild replaces it.
//! 4. Start the server and print the URL (and open a browser with `--open`).
//! 5. A thread takes each burst of changes from the watcher and hands it to
//!    [`Session::rebuild`]; the main thread waits for Ctrl-C, then stops the server. A panic in
//!    a build is caught, printed and shown like any error, and the server goes on.
//! 6. After each good build the search index is rebuilt in the background ([`super::serve_search`]):
//!    pages reload as soon as they are rebuilt, and the index follows.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc::channel;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::changes::ChangeSet;
use crate::cli::ServeArgs;
use crate::error::{Diagnostic, Error, Result};
use crate::highlight::Cache;
use crate::serve::{self, Served, Server, Update};
use crate::site::{Options, Rebuilt, Report, Site};
use crate::watch::{Mode, Timing, Watcher};

use super::serve_search::Indexer;

/// How often `--poll` scans the site.
const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// The command line, checked.
struct Settings {
    root: PathBuf,
    ip: IpAddr,
    port: Option<u16>,
    drafts: bool,
    open: bool,
    mode: Mode,
    cache_dir: Option<PathBuf>,
}

impl Settings {
    fn from_args(args: &ServeArgs) -> Result<Settings> {
        let root = std::fs::canonicalize(&args.site.root).map_err(|e| {
            Error::Usage(format!(
                "cannot serve `{}`: {e} (pass the site's folder with --root)",
                args.site.root.display()
            ))
        })?;
        Ok(Settings {
            root,
            ip: args.bind,
            port: args.port,
            drafts: args.site.drafts,
            open: args.open,
            mode: if args.poll { Mode::Poll { interval: POLL_INTERVAL } } else { Mode::Native },
            cache_dir: super::cache_dir(&args.site, None)?,
        })
    }
}

pub(super) fn run(args: &ServeArgs) -> Result<()> {
    let settings = Settings::from_args(args)?;
    let bound = serve::bind(settings.ip, settings.port)?;
    if let Some(note) = &bound.note {
        println!("{note}");
    }
    let url = browser_url(bound.address);
    if !settings.ip.is_loopback() {
        eprintln!(
            "warning: listening on {}, which other machines can reach: the dev server is for previewing \
             your own work, not for the open network",
            bound.address
        );
    }
    let options = Options {
        root: settings.root.clone(),
        base_url: Some(url.clone()),
        drafts: settings.drafts,
        cache_dir: settings.cache_dir.clone(),
    };
    let served = Arc::new(Served::new());
    let mut session = Session::start(options, Arc::clone(&served))?;
    let watcher = Watcher::new(&settings.root, settings.mode, Timing::default())?;
    let server = Server::start(bound.listener, Arc::clone(&served))?;
    println!("serving {} at {url} (Ctrl-C to stop)", settings.root.display());
    if settings.open {
        open_browser(&url);
    }

    let (stop, stopped) = channel();
    ctrlc::set_handler(move || {
        let _ = stop.send(());
    })
    .map_err(|e| Error::Io {
        action: "handle Ctrl-C for",
        path: "versa serve".into(),
        source: std::io::Error::other(e.to_string()),
    })?;
    std::thread::Builder::new()
        .name("versa-rebuild".into())
        .spawn(move || {
            for changes in watcher {
                session.rebuild(&changes);
            }
        })
        .map_err(|source| Error::Io { action: "start a thread for", path: "rebuilds".into(), source })?;
    let _ = stopped.recv();
    server.stop();
    println!("stopped");
    Ok(())
}

/// The URL to open: loopback when listening on every address.
fn browser_url(address: SocketAddr) -> String {
    let ip = match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, address.port()))
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd").args(["/C", "start", "", url]).spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    if let Err(e) = opener {
        eprintln!("warning: could not open a browser ({e}); open {url} yourself");
    }
}

/// The site as last built, and the changes that have not built yet.
struct Session {
    options: Options,
    /// The last good build; `None` until one succeeds.
    built: Option<(Site, Report)>,
    /// Changes since the last good build, retried with the next burst after a failure.
    pending: ChangeSet,
    served: Arc<Served>,
    /// Highlighted code, kept in memory across rebuilds (and on disk, as `build` keeps it).
    cache: Arc<Cache>,
    /// The broken-link warnings printed so far, so each rebuild prints only the new ones.
    link_warnings: HashSet<String>,
    /// Rebuilds the search index in the background after each good build.
    search: Indexer,
}

impl Session {
    /// Build the site and serve it; content errors are served as the overlay, but a folder that
    /// is not a site at all stops `versa serve`.
    fn start(options: Options, served: Arc<Served>) -> Result<Session> {
        let started = Instant::now();
        let cache = Arc::new(match &options.cache_dir {
            Some(dir) => Cache::on_disk(dir, true),
            None => Cache::off(),
        });
        let search = Indexer::start(Arc::clone(&served));
        let mut session = Session {
            options,
            built: None,
            pending: ChangeSet::new(),
            served,
            cache,
            link_warnings: HashSet::new(),
            search,
        };
        match crate::panics::catch(|| session.build_all()).unwrap_or_else(|p| Err(crashed(&p))) {
            Ok((site, report, rebuilt)) => {
                session.built = Some((site, report));
                session.publish(rebuilt, started, "built");
            }
            Err(error @ Error::Usage(_)) => return Err(error),
            Err(error) => session.fail(&error),
        }
        Ok(session)
    }

    fn build_all(&self) -> Result<(Site, Report, Rebuilt)> {
        Site::build_in_memory_with(Site::load_with(&self.options, Arc::clone(&self.cache))?)
    }

    /// Rebuild what `changes` (and any changes that failed before) touch.
    fn rebuild(&mut self, changes: &ChangeSet) {
        self.pending.extend(changes);
        let started = Instant::now();
        let result = crate::panics::catch(|| match &mut self.built {
            Some((site, report)) => site.rebuild(&self.options, &self.pending, report),
            None => self.build_all().map(|(site, report, rebuilt)| {
                self.built = Some((site, report));
                rebuilt
            }),
        });
        let result = result.unwrap_or_else(|panic| {
            // A rebuild stopped half-way may have left the site inconsistent: start afresh.
            self.built = None;
            Err(crashed(&panic))
        });
        match result {
            Ok(rebuilt) => {
                self.pending.clear();
                self.publish(rebuilt, started, "rebuilt");
            }
            Err(error) => self.fail(&error),
        }
    }

    fn publish(&mut self, mut rebuilt: Rebuilt, started: Instant, verb: &str) {
        super::print_warnings(&rebuilt.warnings);
        if let Some(problem) = self.cache.take_problem() {
            super::print_warnings(&[Diagnostic::warning(problem)]);
        }
        if rebuilt.complete {
            // A whole-site update replaces every file: keep serving the index until the new one.
            for (path, bytes) in self.search.files() {
                rebuilt.files.entry(path).or_insert(bytes);
            }
        }
        let (documents, copied, complete) = (rebuilt.documents, rebuilt.copied, rebuilt.complete);
        let changed =
            self.served.publish(Update { files: rebuilt.files, removed: rebuilt.removed, complete: rebuilt.complete });
        // Pages that did not change leave the index as it is. The pages are listed after the
        // line below, which a writer reads as "the reload went out".
        let reindex = complete || !changed.is_empty();
        if documents == 0 && copied == 0 && changed.is_empty() && !complete {
            return; // e.g. a draft that stays out of the site
        }
        let what = match (documents, copied) {
            (0, 0) => super::plural(changed.len(), "file"),
            (_, 0) => super::plural(documents, "page"),
            (0, _) => super::plural(copied, "file"),
            _ => format!("{} and {}", super::plural(documents, "page"), super::plural(copied, "file")),
        };
        let cached = super::cache_summary(self.cache.take_stats(), self.options.cache_dir.is_some());
        println!("{verb} {what} in {} ms{cached}", started.elapsed().as_millis());
        if let Some((site, _)) = self.built.as_ref().filter(|_| reindex) {
            self.search.request(site.search_entries().map(|e| (e, site.config.search.pages_per_index)));
        }
        self.print_new_link_warnings();
        // After the reload: what this rebuild highlighted goes to disk for the next session.
        self.cache.finish();
    }

    /// Broken links, as `build` warns about them; checked after the reload was sent, so a
    /// large site's check never delays it. A link broken by a rebuild prints once, and again
    /// only if it was fixed and broke anew.
    fn print_new_link_warnings(&mut self) {
        let Some((site, report)) = &self.built else { return };
        let warnings = crate::site::check::link_warnings(report, site);
        let mut now = HashSet::with_capacity(warnings.len());
        for warning in warnings {
            let text = warning.to_string();
            if !self.link_warnings.contains(&text) {
                super::print_warnings(std::slice::from_ref(&warning));
            }
            now.insert(text);
        }
        self.link_warnings = now;
    }

    fn fail(&self, error: &Error) {
        let text = error.to_string();
        eprintln!("{text}");
        self.served.fail(&text);
    }
}

/// A panic during a build, as an error the terminal and the overlay show; serving goes on.
fn crashed(panic: &str) -> Error {
    Error::from(
        Diagnostic::error(format!("versa crashed while building: {panic}"))
            .help("this is a bug in versa, please report it; the last good site is still served, and the next change rebuilds everything"),
    )
}
