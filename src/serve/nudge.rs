//! Keeping tiny_http's connection pool from forgetting connections.
//!
//! tiny_http reads every connection on a thread of a pool (its `util/task_pool.rs`). A new
//! connection is queued when the pool counts an idle thread, and a thread is started for it
//! otherwise; but a woken thread stops counting as idle only once it runs, so in a burst many
//! connections are queued for the same few threads. When those threads then stay with
//! long-lived connections (live-reload streams, keep-alive connections, requests that never
//! finish), the queued connections are never read: 45 of a burst of 50 live-reload clients got
//! nothing within 5 s, and a page request could wait behind clients that never finished theirs.
//!
//! A queued connection is taken as soon as a pool thread comes back to the queue, and a thread
//! started for a connection that closes at once comes back at once. So a thread here opens and
//! closes such a connection (a nudge) every few milliseconds while requests come in, and every
//! quarter of a second when they don't: each nudge lets the pool take one forgotten connection,
//! and a nudge that finds none costs one accept. Connections queued behind many that never
//! send a request wait for as many nudges.

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{channel, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
use std::time::Duration;

/// Between nudges while requests come in: a burst of forgotten connections is taken at this pace.
const BUSY: Duration = Duration::from_millis(5);
/// Between nudges when nothing happens (the wait doubles from [`BUSY`] up to this).
const QUIET: Duration = Duration::from_millis(250);

/// The nudging thread and the count of requests it watches.
pub(super) struct Nudger {
    requests: Arc<AtomicU64>,
    stop: Mutex<Option<(Sender<()>, JoinHandle<()>)>>,
}

impl Nudger {
    /// Start nudging the server listening on `listening`.
    pub(super) fn start(listening: SocketAddr) -> io::Result<Nudger> {
        let address = reachable(listening);
        let requests = Arc::new(AtomicU64::new(0));
        let (stop, stopped) = channel();
        let seen = Arc::clone(&requests);
        let thread = std::thread::Builder::new().name("versa-nudge".into()).spawn(move || {
            let (mut wait, mut last) = (QUIET, 0);
            loop {
                match stopped.recv_timeout(wait) {
                    Err(RecvTimeoutError::Timeout) => {}
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                }
                let now = seen.load(Ordering::Relaxed);
                // Requests coming in mean pool threads are being taken: nudge often, and slow
                // down gently (about a second to reach QUIET), as forgotten connections can be
                // queued behind ones that bring no request at all.
                wait = if now == last { (wait * 5 / 4).min(QUIET) } else { BUSY };
                last = now;
                // Refused or timed out: the server is stopping, or busier than a nudge can help.
                let _ = TcpStream::connect_timeout(&address, QUIET);
            }
        })?;
        Ok(Nudger { requests, stop: Mutex::new(Some((stop, thread))) })
    }

    /// A worker took a request.
    pub(super) fn saw_request(&self) {
        self.requests.fetch_add(1, Ordering::Relaxed);
    }

    /// Stop nudging.
    pub(super) fn stop(&self) {
        if let Some((stop, thread)) = self.stop.lock().unwrap_or_else(PoisonError::into_inner).take() {
            let _ = stop.send(());
            let _ = thread.join();
        }
    }
}

/// Where to connect to a listener: loopback when it listens on every address.
fn reachable(listening: SocketAddr) -> SocketAddr {
    let ip = match listening.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    SocketAddr::new(ip, listening.port())
}

#[cfg(test)]
mod tests {
    use std::net::TcpListener;
    use std::time::Instant;

    use super::*;

    #[test]
    fn nudges_come_often_while_requests_do_and_stop_on_stop() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let nudger = Nudger::start(listener.local_addr().unwrap()).unwrap();
        let started = Instant::now();
        let mut nudges = 0;
        while started.elapsed() < Duration::from_millis(500) {
            nudger.saw_request();
            listener.set_nonblocking(true).unwrap();
            while listener.accept().is_ok() {
                nudges += 1;
            }
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(nudges > 10, "only {nudges} nudges in half a second of requests");
        nudger.stop();
        assert_eq!(reachable("0.0.0.0:7".parse().unwrap()), "127.0.0.1:7".parse().unwrap());
        assert_eq!(reachable("[::]:7".parse().unwrap()), "[::1]:7".parse().unwrap());
    }
}
