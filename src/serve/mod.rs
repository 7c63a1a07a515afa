//! The dev server: the site from memory over HTTP, with live reload and an error overlay.
//!
//! 1. [`bind`] takes the address: the port asked for, or from 1111 up to the first free one.
//! 2. [`Server::start`] runs a request worker on a tiny_http server; each request is answered
//!    from the [`Store`] ([`respond`]) and the answer handed to a fixed set of writer threads
//!    ([`writers`]), so the worker never waits for a client; live-reload streams get threads of
//!    their own, limited in number ([`events`]).
//! 3. Around tiny_http: a write timeout on every connection ([`socket`]), a nudge that keeps
//!    its connection pool from forgetting connections ([`nudge`]), and request bodies kept
//!    away from everything else ([`bodies`]).
//! 4. [`Served::publish`] and [`Served::fail`] are how a rebuild reaches the browsers: the store
//!    changes, then one message goes to every open page.
//! 5. [`Server::stop`] wakes the worker, closes the streams and waits for the worker to end.
//!
//! Served state lives in one [`Served`] value shared by `Arc`, never in statics.

mod bodies;
pub(crate) mod events;
mod nudge;
pub(crate) mod overlay;
pub(crate) mod paths;
mod respond;
mod socket;
mod store;
mod writers;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::sync::Arc;
use std::thread::JoinHandle;

pub(crate) use events::Events;
pub use store::{Store, Update};

use crate::error::{Error, Result};

/// The default port (Zola's too).
pub(crate) const DEFAULT_PORT: u16 = 1111;
/// How many ports above the default to try when it is taken.
const PORTS_TO_TRY: u16 = 20;
/// Request workers. One: answers come from memory and the worker never waits for the network,
/// and one worker hands each connection's answers to the writers in the order they were asked
/// for, which they rely on ([`writers`]).
const WORKERS: usize = 1;
/// Writer threads: as many clients may be too slow to keep up, each for at most
/// [`socket::WRITE_TIMEOUT`] per blocked write, before the others' answers wait.
const WRITERS: usize = 32;
/// Answers waiting for a writer before requests on new connections get 503.
const WAITING: usize = 256;
/// Live-reload streams at once: more than a browser full of tabs reconnecting at once after a
/// restart (each stream has a thread here and one in tiny_http).
const STREAMS: usize = 64;

/// The site being served and the pages listening for changes.
pub(crate) struct Served {
    pub(crate) store: Store,
    pub(crate) events: Events,
}

impl Default for Served {
    fn default() -> Self {
        Self::new()
    }
}

impl Served {
    /// Nothing built yet, nobody listening.
    pub(crate) fn new() -> Served {
        Served { store: Store::new(), events: Events::new(STREAMS) }
    }

    /// Serve a good rebuild and tell the pages what changed. Returns the changed output paths.
    pub(crate) fn publish(&self, update: Update) -> Vec<String> {
        let (changed, cleared) = self.store.publish(update);
        if !changed.is_empty() || cleared {
            self.events.send(&events::build(&self.store.status(), &changed));
        }
        changed
    }

    /// Keep serving the last good site and show `error` on every page.
    pub(crate) fn fail(&self, error: &str) {
        self.store.fail(error);
        self.events.send(&events::failed(error));
    }
}

/// A bound listener, and a note when it is not on the port asked for.
pub(crate) struct Bound {
    pub(crate) listener: TcpListener,
    pub(crate) address: SocketAddr,
    pub(crate) note: Option<String>,
}

/// Bind `ip:port`; without a port, the first free one from [`DEFAULT_PORT`] up.
pub(crate) fn bind(ip: IpAddr, port: Option<u16>) -> Result<Bound> {
    let ports: Vec<u16> = match port {
        Some(port) => vec![port],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORTS_TO_TRY).collect(),
    };
    for &candidate in &ports {
        match TcpListener::bind((ip, candidate)) {
            Ok(listener) => {
                let address = listener.local_addr().map_err(|source| Error::Io {
                    action: "read the address of",
                    path: format!("{ip}:{candidate}").into(),
                    source,
                })?;
                let note = (port.is_none() && candidate != DEFAULT_PORT)
                    .then(|| format!("port {DEFAULT_PORT} is in use, so serving on port {candidate} instead"));
                return Ok(Bound { listener, address, note });
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => {}
            Err(e) => return Err(Error::Usage(format!("cannot listen on {ip}:{candidate}: {e}"))),
        }
    }
    Err(Error::Usage(match port {
        Some(port) => format!(
            "port {port} on {ip} is already in use: stop the other server, or pick another port with --port \
             (without --port, versa finds a free one)"
        ),
        None => format!(
            "ports {DEFAULT_PORT} to {} on {ip} are all in use: pick a free one with --port",
            DEFAULT_PORT + PORTS_TO_TRY - 1
        ),
    }))
}

/// A running server.
pub(crate) struct Server {
    http: Arc<tiny_http::Server>,
    shared: Arc<RequestContext>,
    workers: Vec<JoinHandle<()>>,
}

/// What the request workers share.
struct RequestContext {
    served: Arc<Served>,
    writers: writers::Writers,
    drains: bodies::Drains,
    nudger: nudge::Nudger,
}

impl Server {
    /// Answer requests on `listener` from `served` until [`Server::stop`].
    pub(crate) fn start(listener: TcpListener, served: Arc<Served>) -> Result<Server> {
        let address = listener.local_addr().map_err(|e| serve_error("read the address of", None, e))?;
        socket::inherit_write_timeout(&listener, socket::WRITE_TIMEOUT)
            .map_err(|e| serve_error("set a write timeout on", Some(address), e))?;
        let http = tiny_http::Server::from_listener(listener, None)
            .map_err(|e| serve_error("serve on", Some(address), std::io::Error::other(e.to_string())))?;
        let http = Arc::new(http);
        let writers = writers::Writers::start(WRITERS, WAITING, respond::busy)
            .map_err(|e| serve_error("start the writers of", Some(address), e))?;
        let nudger = nudge::Nudger::start(address).map_err(|e| serve_error("start a thread for", Some(address), e))?;
        let shared = Arc::new(RequestContext { served, writers, drains: bodies::Drains::new(), nudger });
        let mut workers = Vec::with_capacity(WORKERS);
        for i in 0..WORKERS {
            let (http, shared) = (Arc::clone(&http), Arc::clone(&shared));
            let worker = std::thread::Builder::new()
                .name(format!("versa-http-{i}"))
                .spawn(move || work(&http, &shared))
                .map_err(|e| serve_error("start a thread for", Some(address), e))?;
            workers.push(worker);
        }
        Ok(Server { http, shared, workers })
    }

    /// Stop answering: wake every worker, end the live-reload streams, wait for the workers.
    /// Writers still waiting for a slow client are not waited for.
    pub(crate) fn stop(self) {
        self.shared.nudger.stop();
        for _ in &self.workers {
            self.http.unblock();
        }
        self.shared.served.events.close();
        for worker in self.workers {
            let _ = worker.join();
        }
        self.shared.writers.close();
    }
}

fn serve_error(action: &'static str, address: Option<SocketAddr>, source: std::io::Error) -> Error {
    let path = address.map(|a| a.to_string()).unwrap_or_else(|| "the dev server".to_string());
    Error::Io { action, path: path.into(), source }
}

fn work(http: &tiny_http::Server, shared: &RequestContext) {
    // `recv` fails once `unblock` is called (or the listener is gone).
    while let Ok(request) = http.recv() {
        shared.nudger.saw_request();
        // A bug in answering one request must not take a worker away from the others.
        let answered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            respond::respond(request, shared);
        }));
        if answered.is_err() {
            eprintln!("warning: the dev server failed to answer a request (see the message above)");
        }
    }
}
