//! Writing answers to the network, off the request workers.
//!
//! 1. A worker puts each answer in a bounded queue; a fixed set of writer threads take them
//!    and write them out, so a client that reads slowly, or not at all, holds one writer, never
//!    a worker and never the others' answers. A connection's answers are written by one writer
//!    at a time, so pipelining many requests on one connection still takes one writer.
//! 2. A write is bounded twice: each blocked write by the socket's write timeout
//!    ([`super::socket`]), and the whole body by [`Body`]'s deadline, so a client that takes a
//!    trickle keeps a writer only for so long.
//! 3. When the queue is full, a new connection's request gets 503 from the worker itself: a
//!    few bytes, which the socket takes without waiting.

use std::collections::{HashMap, VecDeque};
use std::io::{self, Read};
use std::net::SocketAddr;
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use tiny_http::{Request, Response};

/// Any answer may take this long, plus the time its size needs at [`SLOWEST_RATE`].
const GRACE: Duration = Duration::from_secs(10);
/// The slowest a client may read a big file on average (bytes per second) and still get it.
const SLOWEST_RATE: u64 = 1 << 20;

/// A response body from memory that refuses to go on once its time is up.
pub(super) struct Body {
    bytes: Arc<[u8]>,
    position: usize,
    /// Set when the writer starts, not when the answer is queued.
    started: Option<Instant>,
}

impl Body {
    pub(super) fn new(bytes: Arc<[u8]>) -> Body {
        Body { bytes, position: 0, started: None }
    }

    pub(super) fn len(&self) -> usize {
        self.bytes.len()
    }

    fn allowed(&self) -> Duration {
        GRACE + Duration::from_secs(self.bytes.len() as u64 / SLOWEST_RATE)
    }
}

impl Read for Body {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let started = *self.started.get_or_insert_with(Instant::now);
        if started.elapsed() > self.allowed() {
            return Err(io::Error::new(io::ErrorKind::TimedOut, "the client reads too slowly"));
        }
        let rest = &self.bytes[self.position..];
        let n = rest.len().min(buf.len());
        buf[..n].copy_from_slice(&rest[..n]);
        self.position += n;
        Ok(n)
    }
}

/// One answer waiting for a writer.
struct Job {
    request: Request,
    response: Response<Body>,
}

/// A connection, told apart by the client's address and port.
pub(super) type Connection = Option<SocketAddr>;

type Shared = Arc<(Mutex<Lines<Job>>, Condvar)>;

/// The writer threads and what waits for them.
pub(super) struct Writers {
    state: Shared,
    limit: usize,
    busy: fn() -> Response<Body>,
}

impl Writers {
    /// Start `count` writers with room for `limit` waiting answers; `busy` is the answer to a
    /// new connection when they are all taken.
    pub(super) fn start(count: usize, limit: usize, busy: fn() -> Response<Body>) -> io::Result<Writers> {
        let state: Shared = Arc::new((Mutex::new(Lines::default()), Condvar::new()));
        for i in 0..count {
            let state = Arc::clone(&state);
            // Detached: at exit a writer still waiting for a client is not waited for.
            std::thread::Builder::new().name(format!("versa-write-{i}")).spawn(move || write(&state))?;
        }
        Ok(Writers { state, limit, busy })
    }

    /// Queue `response` as the answer to `request`, after the connection's earlier answers;
    /// never waits for the network.
    pub(super) fn send(&self, request: Request, response: Response<Body>) {
        let connection = request.remote_addr().copied();
        let (lock, wake) = &*self.state;
        let mut lines = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if lines.closed {
            return; // stopping: dropping the request is all that is left
        }
        if !lines.knows(connection) && lines.queued >= self.limit {
            drop(lines);
            // No earlier answer on this connection to wait for: these few bytes go at once.
            let _ = request.respond((self.busy)());
            return;
        }
        if lines.push(connection, Job { request, response }) {
            wake.notify_one();
        }
    }

    /// Hold `connection`'s later answers back until the returned guard is dropped: tiny_http
    /// writes them only after the stream that owns the connection's writer ends, and a writer
    /// sent ahead would wait for it all that time.
    pub(super) fn hold(&self, connection: Connection) -> Hold {
        self.state.0.lock().unwrap_or_else(PoisonError::into_inner).hold(connection);
        Hold { state: Arc::clone(&self.state), connection }
    }

    /// Take no more answers; the writers end once they are idle.
    pub(super) fn close(&self) {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap_or_else(PoisonError::into_inner).closed = true;
        wake.notify_all();
    }
}

/// A connection held by a live-reload stream, from [`Writers::hold`].
pub(super) struct Hold {
    state: Shared,
    connection: Connection,
}

impl Drop for Hold {
    fn drop(&mut self) {
        let (lock, wake) = &*self.state;
        if lock.lock().unwrap_or_else(PoisonError::into_inner).release(self.connection) {
            wake.notify_one();
        }
    }
}

fn write(state: &(Mutex<Lines<Job>>, Condvar)) {
    let (lock, wake) = state;
    let mut lines = lock.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let Some((connection, Job { request, response })) = lines.next() else {
            if lines.closed {
                return;
            }
            lines = wake.wait(lines).unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        drop(lines);
        // An error means the client has gone or was too slow: nobody is left to tell.
        let _ = request.respond(response);
        lines = lock.lock().unwrap_or_else(PoisonError::into_inner);
        // The connection's next answer, if any, waits its turn behind the other connections.
        lines.done(connection);
    }
}

/// Answers by connection, each connection's in the order its requests came.
///
/// tiny_http writes a connection's answers one after the other, each waiting for the one before
/// to be written, so a connection gets one writer at a time and its answers go in order: a
/// writer given a later answer first would wait for an earlier one that no writer takes.
struct Lines<J> {
    lines: HashMap<Connection, Line<J>>,
    /// Connections with an answer to write and nothing in the way, oldest first.
    ready: VecDeque<Connection>,
    queued: usize,
    closed: bool,
}

struct Line<J> {
    answers: VecDeque<J>,
    writing: bool,
    held: bool,
    ready: bool,
}

impl<J> Default for Lines<J> {
    fn default() -> Self {
        Lines { lines: HashMap::new(), ready: VecDeque::new(), queued: 0, closed: false }
    }
}

impl<J> Lines<J> {
    /// True while the connection has answers waiting or being written, or is held.
    fn knows(&self, connection: Connection) -> bool {
        self.lines.contains_key(&connection)
    }

    /// Queue an answer; true when it can be written now (a writer should wake).
    fn push(&mut self, connection: Connection, answer: J) -> bool {
        self.line(connection).answers.push_back(answer);
        self.queued += 1;
        self.schedule(connection)
    }

    /// The oldest ready connection's next answer, which counts as being written.
    fn next(&mut self) -> Option<(Connection, J)> {
        let connection = self.ready.pop_front()?;
        let line = self.lines.get_mut(&connection)?;
        line.ready = false;
        let answer = line.answers.pop_front()?;
        line.writing = true;
        self.queued -= 1;
        Some((connection, answer))
    }

    /// The answer from [`Lines::next`] is written.
    fn done(&mut self, connection: Connection) {
        if let Some(line) = self.lines.get_mut(&connection) {
            line.writing = false;
        }
        self.schedule(connection);
    }

    fn hold(&mut self, connection: Connection) {
        self.line(connection).held = true;
    }

    /// True when an answer held back can be written now.
    fn release(&mut self, connection: Connection) -> bool {
        if let Some(line) = self.lines.get_mut(&connection) {
            line.held = false;
        }
        self.schedule(connection)
    }

    fn line(&mut self, connection: Connection) -> &mut Line<J> {
        self.lines.entry(connection).or_insert_with(|| Line {
            answers: VecDeque::new(),
            writing: false,
            held: false,
            ready: false,
        })
    }

    /// Mark the connection ready if it has an answer and nothing in the way; forget it once it
    /// has nothing at all. True when it became ready.
    fn schedule(&mut self, connection: Connection) -> bool {
        let Some(line) = self.lines.get_mut(&connection) else { return false };
        if line.answers.is_empty() && !line.writing && !line.held {
            self.lines.remove(&connection);
            return false;
        }
        if line.ready || line.writing || line.held || line.answers.is_empty() {
            return false;
        }
        line.ready = true;
        self.ready.push_back(connection);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(port: u16) -> Connection {
        Some(SocketAddr::from(([127, 0, 0, 1], port)))
    }

    #[test]
    fn a_connection_gets_one_writer_at_a_time_in_order() {
        let mut lines = Lines::default();
        assert!(lines.push(at(1), "1a"));
        assert!(!lines.push(at(1), "1b"), "behind 1a");
        assert!(lines.push(at(2), "2a"));
        assert_eq!(lines.next(), Some((at(1), "1a")));
        // 1b waits for 1a to be written, even with writers free.
        assert_eq!(lines.next(), Some((at(2), "2a")));
        assert_eq!(lines.next(), None);
        lines.done(at(1));
        assert_eq!(lines.next(), Some((at(1), "1b")));
        lines.done(at(1));
        lines.done(at(2));
        assert!(!lines.knows(at(1)) && !lines.knows(at(2)) && lines.queued == 0, "forgotten when done");
    }

    #[test]
    fn answers_behind_a_held_connection_wait_for_its_release() {
        let mut lines = Lines::default();
        lines.hold(at(1));
        assert!(lines.knows(at(1)));
        assert!(!lines.push(at(1), "after the stream"));
        assert_eq!(lines.next(), None);
        assert!(lines.release(at(1)));
        assert_eq!(lines.next(), Some((at(1), "after the stream")));
        lines.done(at(1));
        lines.hold(at(2));
        assert!(!lines.release(at(2)));
        assert!(!lines.knows(at(2)));
    }

    #[test]
    fn a_body_gives_its_bytes_then_ends() {
        let mut body = Body::new(Arc::from(&b"hello"[..]));
        let mut read = Vec::new();
        body.read_to_end(&mut read).unwrap();
        assert_eq!(read, b"hello");
        assert_eq!(body.len(), 5);
    }

    #[test]
    fn a_body_stops_once_its_time_is_up() {
        let mut body = Body::new(Arc::from(vec![0; 100]));
        let mut chunk = [0; 10];
        assert_eq!(body.read(&mut chunk).unwrap(), 10);
        body.started = Some(Instant::now().checked_sub(GRACE + Duration::from_secs(1)).unwrap());
        assert_eq!(body.read(&mut chunk).unwrap_err().kind(), io::ErrorKind::TimedOut);
        // Big files get more time.
        assert_eq!(Body::new(Arc::from(vec![0; 3 << 20])).allowed(), GRACE + Duration::from_secs(3));
    }
}
