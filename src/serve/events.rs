//! Live reload over Server-Sent Events (`/__versa/events`).
//!
//! 1. A browser's `EventSource` connects; the worker subscribes it and hands the connection to a
//!    thread of its own, so a tab left open never holds a request worker. That thread writes the
//!    response head itself (tiny_http would buffer a streamed body) and `hello` with the current
//!    build and error.
//! 2. A rebuild sends one message to every client through a small queue each: `build` (which
//!    files changed: the page reloads if it is one of them, stylesheets are swapped in place) or
//!    `failed` (the overlay to show).
//! 3. A client that has gone is noticed when a write fails: a comment shortly after each
//!    message and every few seconds makes sure it is. A client too slow to take its messages
//!    (its queue full, or a write waiting past the socket's write timeout) is dropped; its
//!    `EventSource` reconnects and the `hello` puts it right.
//! 4. At most [`Events::new`]'s limit of clients are served at once; more get 503, so clients
//!    cannot make the server start threads without bound.

use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{sync_channel, Receiver, RecvTimeoutError, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use serde::Serialize;

use super::store::Status;

/// How often an idle stream gets a comment line, to find clients that have gone.
const HEARTBEAT: Duration = Duration::from_secs(5);
/// How soon after a message a probe follows.
const PROBE: Duration = Duration::from_millis(100);
/// Messages waiting for one client before it counts as stuck.
const QUEUE: usize = 16;
/// Above this many changed files, pages reload without looking at the list.
const LONGEST_LIST: usize = 500;

/// The connected live-reload clients.
pub(crate) struct Events {
    clients: Mutex<Vec<SyncSender<Arc<str>>>>,
    /// Client threads still running (a gone client leaves `clients` only at the next send).
    active: Arc<AtomicUsize>,
    limit: usize,
}

/// One subscribed client: its queue, and a guard that counts it as active until dropped.
pub(crate) struct Subscription {
    pub(crate) messages: Receiver<Arc<str>>,
    _active: ActiveGuard,
}

struct ActiveGuard(Arc<AtomicUsize>);

impl Drop for ActiveGuard {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

impl Events {
    /// Serve at most `limit` clients at once.
    pub(crate) fn new(limit: usize) -> Events {
        Events { clients: Mutex::new(Vec::new()), active: Arc::new(AtomicUsize::new(0)), limit }
    }

    /// Register a client, unless the limit is reached.
    pub(crate) fn subscribe(&self) -> Option<Subscription> {
        let claimed = self
            .active
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < self.limit).then_some(n + 1))
            .is_ok();
        if !claimed {
            return None;
        }
        let (sender, messages) = sync_channel(QUEUE);
        self.lock().push(sender);
        Some(Subscription { messages, _active: ActiveGuard(Arc::clone(&self.active)) })
    }

    /// Send a message to every client, forgetting those that are gone or stuck.
    pub(crate) fn send(&self, message: &str) {
        let message: Arc<str> = message.into();
        self.lock().retain(|client| match client.try_send(Arc::clone(&message)) {
            Ok(()) => true,
            Err(TrySendError::Full(_) | TrySendError::Disconnected(_)) => false,
        });
    }

    /// Disconnect every client (their threads end).
    pub(crate) fn close(&self) {
        self.lock().clear();
    }

    /// How many client threads are running.
    #[cfg(test)]
    pub(crate) fn active(&self) -> usize {
        self.active.load(Ordering::Acquire)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<SyncSender<Arc<str>>>> {
        self.clients.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Stream messages to one client until it goes or the server closes its queue.
pub(crate) fn stream(mut writer: Box<dyn Write + Send>, subscription: Subscription, hello: &str) {
    // The guard keeps the client counted until this thread ends.
    let Subscription { messages, _active: _counted } = subscription;
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
                Connection: close\r\nX-Content-Type-Options: nosniff\r\n\r\nretry: 1000\n\n";
    if writer
        .write_all(head.as_bytes())
        .and_then(|()| writer.write_all(hello.as_bytes()))
        .and_then(|()| writer.flush())
        .is_err()
    {
        return;
    }
    let mut wait = HEARTBEAT;
    loop {
        let chunk: Arc<str> = match messages.recv_timeout(wait) {
            Ok(message) => {
                // A write to a closed connection succeeds once (the peer answers with a reset);
                // a probe soon after finds a tab closed since the last message.
                wait = PROBE;
                message
            }
            Err(RecvTimeoutError::Timeout) => {
                wait = HEARTBEAT;
                ": still here\n\n".into()
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        if writer.write_all(chunk.as_bytes()).and_then(|()| writer.flush()).is_err() {
            return;
        }
    }
}

#[derive(Serialize)]
struct Hello<'a> {
    build: &'a str,
    overlay: Option<String>,
}

#[derive(Serialize)]
struct Build<'a> {
    build: &'a str,
    /// Every page reloads.
    all: bool,
    /// Pages (`a/index.html`) that changed, appeared or went: open ones reload.
    reload: Vec<&'a str>,
    /// Stylesheets that changed: swapped without a reload.
    css: Vec<&'a str>,
}

#[derive(Serialize)]
struct Failed {
    overlay: String,
}

/// The first message on a stream: where the site is now.
pub(crate) fn hello(status: &Status) -> String {
    let hello = Hello { build: &status.build, overlay: status.error.as_deref().map(super::overlay::html) };
    event("hello", &hello)
}

/// A good rebuild changed `changed` (output paths).
pub(crate) fn build(status: &Status, changed: &[String]) -> String {
    let is =
        |path: &str, extension: &str| path.rsplit_once('.').is_some_and(|(_, e)| e.eq_ignore_ascii_case(extension));
    let reload: Vec<&str> = changed.iter().map(String::as_str).filter(|p| is(p, "html")).collect();
    let css: Vec<&str> = changed.iter().map(String::as_str).filter(|p| is(p, "css")).collect();
    // Scripts, images, fonts…: no telling which pages use them. The sitemap and robots.txt are
    // never part of a page.
    let embeddable = changed.iter().filter(|p| !is(p, "html") && !is(p, "css") && !is(p, "xml") && !is(p, "txt"));
    let all = embeddable.count() > 0 || changed.len() > LONGEST_LIST;
    let message = if all {
        Build { build: &status.build, all, reload: Vec::new(), css: Vec::new() }
    } else {
        Build { build: &status.build, all, reload, css }
    };
    event("build", &message)
}

/// A rebuild failed with `error`.
pub(crate) fn failed(error: &str) -> String {
    event("failed", &Failed { overlay: super::overlay::html(error) })
}

fn event(name: &str, data: &impl Serialize) -> String {
    // JSON escapes newlines, so the data is one `data:` line.
    let json = serde_json::to_string(data).unwrap_or_else(|_| "{}".to_string());
    format!("event: {name}\ndata: {json}\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status() -> Status {
        Status { build: "x-2".into(), error: None }
    }

    #[test]
    fn build_messages_say_what_to_reload() {
        let changed = vec!["a/index.html".to_string(), "assets/versa.css".to_string()];
        assert_eq!(
            build(&status(), &changed),
            "event: build\ndata: {\"build\":\"x-2\",\"all\":false,\"reload\":[\"a/index.html\"],\"css\":[\"assets/versa.css\"]}\n\n"
        );
        let changed = vec!["a/index.html".to_string(), "assets/versa.js".to_string()];
        assert!(build(&status(), &changed).contains("\"all\":true,\"reload\":[]"));
        let changed = vec!["a/index.html".to_string(), "sitemap.xml".to_string()];
        assert!(build(&status(), &changed).contains("\"all\":false,\"reload\":[\"a/index.html\"]"));
    }

    #[test]
    fn clients_are_limited_and_gone_ones_are_forgotten() {
        let events = Events::new(2);
        let first = events.subscribe().unwrap();
        let second = events.subscribe().unwrap();
        assert!(events.subscribe().is_none(), "over the limit");
        drop(first);
        assert_eq!(events.active(), 1);
        events.send("hi");
        assert_eq!(&*second.messages.try_recv().unwrap(), "hi");
        assert_eq!(events.lock().len(), 1, "the gone client was dropped at the send");
        let third = events.subscribe().unwrap();
        // A client that takes nothing is dropped once its queue is full, never blocking the send.
        for _ in 0..QUEUE + 1 {
            events.send("x");
        }
        assert_eq!(events.lock().len(), 0);
        drop((second, third));
        assert_eq!(events.active(), 0);
    }
}
