//! Writing answers to the network, off the request workers.
//!
//! 1. A worker puts each answer in a bounded queue; a fixed set of writer threads take them
//!    and write them out, so a client that reads slowly, or not at all, holds one writer, never
//!    a worker and never the others' answers.
//! 2. A write is bounded twice: each blocked write by the socket's write timeout
//!    ([`super::socket`]), and the whole body by [`Body`]'s deadline, so a client that takes a
//!    trickle keeps a writer only for so long.
//! 3. When every writer is taken and the queue is full, the worker answers 503 itself: a few
//!    bytes, which the socket takes without waiting.

use std::io::{self, Read};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;
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

/// The writer threads and their queue.
pub(super) struct Writers {
    queue: Mutex<Option<SyncSender<Job>>>,
    threads: Mutex<Vec<JoinHandle<()>>>,
    busy: fn() -> Response<Body>,
}

impl Writers {
    /// Start `count` writers sharing a queue of `waiting` answers; `busy` is the answer when
    /// the queue is full.
    pub(super) fn start(count: usize, waiting: usize, busy: fn() -> Response<Body>) -> io::Result<Writers> {
        let (sender, receiver) = sync_channel::<Job>(waiting);
        let receiver = Arc::new(Mutex::new(receiver));
        let mut threads = Vec::with_capacity(count);
        for i in 0..count {
            let receiver = Arc::clone(&receiver);
            threads.push(std::thread::Builder::new().name(format!("versa-write-{i}")).spawn(move || write(&receiver))?);
        }
        Ok(Writers { queue: Mutex::new(Some(sender)), threads: Mutex::new(threads), busy })
    }

    /// Queue `response` as the answer to `request`; never waits for the network.
    pub(super) fn send(&self, request: Request, response: Response<Body>) {
        let queue = self.queue.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let Some(queue) = queue else { return }; // stopping: dropping the request closes it
        if let Err(TrySendError::Full(job) | TrySendError::Disconnected(job)) =
            queue.try_send(Job { request, response })
        {
            let _ = job.request.respond((self.busy)());
        }
    }

    /// Let the writers finish what is queued, then end them.
    pub(super) fn stop(&self) {
        self.queue.lock().unwrap_or_else(PoisonError::into_inner).take();
        let threads = std::mem::take(&mut *self.threads.lock().unwrap_or_else(PoisonError::into_inner));
        for thread in threads {
            let _ = thread.join();
        }
    }
}

fn write(jobs: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job, not while writing it.
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(Job { request, response }) = job else { return };
        // An error means the client has gone or was too slow: nobody is left to tell.
        let _ = request.respond(response);
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
