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
type Connection = Option<SocketAddr>;

/// The writer threads and what waits for them.
pub(super) struct Writers {
    state: Arc<(Mutex<Waiting>, Condvar)>,
    limit: usize,
    busy: fn() -> Response<Body>,
}

/// Answers by connection, in order: tiny_http writes a connection's pipelined answers one after
/// the other, so a second writer on the same connection would only wait for the first.
#[derive(Default)]
struct Waiting {
    answers: HashMap<Connection, VecDeque<Job>>,
    /// Connections with answers and no writer, oldest first.
    ready: VecDeque<Connection>,
    queued: usize,
    closed: bool,
}

impl Writers {
    /// Start `count` writers with room for `limit` waiting answers; `busy` is the answer to a
    /// new connection when they are all taken.
    pub(super) fn start(count: usize, limit: usize, busy: fn() -> Response<Body>) -> io::Result<Writers> {
        let state = Arc::new((Mutex::new(Waiting::default()), Condvar::new()));
        for i in 0..count {
            let state = Arc::clone(&state);
            // Detached: at exit a writer still waiting for a client is not waited for.
            std::thread::Builder::new().name(format!("versa-write-{i}")).spawn(move || write(&state))?;
        }
        Ok(Writers { state, limit, busy })
    }

    /// Queue `response` as the answer to `request`; never waits for the network.
    pub(super) fn send(&self, request: Request, response: Response<Body>) {
        let connection = request.remote_addr().copied();
        let (lock, wake) = &*self.state;
        let mut waiting = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if waiting.closed {
            return; // stopping: dropping the request is all that is left
        }
        let known = waiting.answers.contains_key(&connection);
        if !known && waiting.queued >= self.limit {
            drop(waiting);
            // A new connection has no earlier answer to wait for: these few bytes go at once.
            let _ = request.respond((self.busy)());
            return;
        }
        waiting.answers.entry(connection).or_default().push_back(Job { request, response });
        waiting.queued += 1;
        if !known {
            waiting.ready.push_back(connection);
            wake.notify_one();
        }
    }

    /// Take no more answers; the writers end once they are idle.
    pub(super) fn close(&self) {
        let (lock, wake) = &*self.state;
        lock.lock().unwrap_or_else(PoisonError::into_inner).closed = true;
        wake.notify_all();
    }
}

fn write(state: &(Mutex<Waiting>, Condvar)) {
    let (lock, wake) = state;
    let mut waiting = lock.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let Some(connection) = waiting.ready.pop_front() else {
            if waiting.closed {
                return;
            }
            waiting = wake.wait(waiting).unwrap_or_else(PoisonError::into_inner);
            continue;
        };
        let job = waiting.answers.get_mut(&connection).and_then(VecDeque::pop_front);
        let Some(Job { request, response }) = job else {
            waiting.answers.remove(&connection);
            continue;
        };
        waiting.queued -= 1;
        drop(waiting);
        // An error means the client has gone or was too slow: nobody is left to tell.
        let _ = request.respond(response);
        waiting = lock.lock().unwrap_or_else(PoisonError::into_inner);
        // The connection's next answer, if any, waits its turn behind the other connections.
        if waiting.answers.get(&connection).is_some_and(|answers| !answers.is_empty()) {
            waiting.ready.push_back(connection);
        } else {
            waiting.answers.remove(&connection);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
