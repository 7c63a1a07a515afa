//! Clients that misbehave never stall the dev server for the others: connections that ask for
//! a big file and never read, that send half a request, that hang up mid-answer, and a burst of
//! live-reload streams. Every client here speaks raw TCP so each can misbehave on purpose; the
//! bounds are for "not stalled" (a stalled server never answers), not for speed.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

use super::client::{Reply, Serve, PATIENCE};
use crate::support::{self, page};

/// How long an answer may take while others misbehave before the server counts as stalled.
const BOUND: Duration = Duration::from_secs(5);
/// Bigger than what the kernel buffers for a client that never reads (send and receive
/// buffers on loopback), so that writing it blocks.
const BIG: usize = 8 << 20;
/// More connections than the server has request workers.
const MISBEHAVING: usize = 12;
/// Requests that never finish, arriving with page requests: enough to take many connection threads.
const HALF_SENT: usize = 32;
/// Live-reload tabs opening at once, as after a restart with many tabs open.
const BURST: usize = 50;

fn site() -> support::Site {
    super::site().file("static/big.bin", vec![b'x'; BIG])
}

/// `GET path`, failing when the answer does not arrive within [`BOUND`].
#[track_caller]
fn get_promptly(serve: &Serve, path: &str) -> Reply {
    let started = Instant::now();
    let reply = get_within(serve.address, path, BOUND)
        .unwrap_or_else(|e| panic!("GET {path} stalled: {e} after {:?}\n{}", started.elapsed(), serve.output()));
    assert!(started.elapsed() < BOUND, "GET {path} took {:?}", started.elapsed());
    reply
}

fn get_within(address: SocketAddr, path: &str, bound: Duration) -> std::io::Result<Reply> {
    let deadline = Instant::now() + bound;
    let mut stream = TcpStream::connect_timeout(&address, bound)?;
    stream.set_write_timeout(Some(bound))?;
    stream.write_all(format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n").as_bytes())?;
    let mut bytes = Vec::new();
    let mut chunk = vec![0; 64 << 10];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        stream.set_read_timeout(Some(left))?;
        match stream.read(&mut chunk)? {
            0 => return Ok(Reply::parse(&bytes)),
            n => bytes.extend_from_slice(&chunk[..n]),
        }
    }
}

/// Open a connection and send `raw`; the caller decides what (not) to read.
fn send(address: SocketAddr, raw: &str) -> TcpStream {
    let mut stream = TcpStream::connect(address).expect("connect to versa serve");
    stream.write_all(raw.as_bytes()).expect("send a request");
    stream
}

/// True once the server has started answering on `stream`; reads nothing.
fn answered(stream: &TcpStream) -> bool {
    stream.set_read_timeout(Some(Duration::from_millis(10))).expect("a read timeout");
    matches!(stream.peek(&mut [0; 1]), Ok(1))
}

/// Wait until `done`, or until `bound` passes (the caller then checks what matters).
fn wait_until(bound: Duration, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + bound;
    while !done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// A rebuild still reaches a live-reload client that connects now.
#[track_caller]
fn rebuilds_still_reach_new_clients(site: &support::Site, serve: &Serve, text: &str) {
    let events = serve.events();
    events.wait("hello", |_| true);
    site.write("content/guides/first.md", page("First guide", &format!("{text}\n")));
    events.wait("build", |d| d.contains("guides/first/index.html"));
    assert!(get_promptly(serve, "/guides/first/").body.contains(text));
    assert!(!serve.stderr().contains("panicked"), "{}", serve.output());
}

#[test]
fn clients_that_never_read_do_not_stall_pages() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    // Keep-alive requests for the big file, never read: the server's writes to them block.
    let stalled: Vec<TcpStream> =
        (0..MISBEHAVING).map(|_| send(serve.address, "GET /big.bin HTTP/1.1\r\nHost: test\r\n\r\n")).collect();
    // Wait until the server is writing to them, so the page below competes with blocked writes.
    wait_until(BOUND, || stalled.iter().all(answered));
    // One connection asking for the big file many times over without waiting, and never reading.
    let pipelined = send(serve.address, &"GET /big.bin HTTP/1.1\r\nHost: test\r\n\r\n".repeat(4 * MISBEHAVING));
    wait_until(BOUND, || answered(&pipelined));

    let home = get_promptly(&serve, "/");
    assert!(home.status == 200 && home.body.contains("Welcome home."), "{home:?}");
    assert_eq!(get_promptly(&serve, "/guides/first/").status, 200);
    // Every stalled reader is being answered, not only as many as there are workers.
    assert!(stalled.iter().all(answered), "some stalled readers never got an answer");
    assert!(answered(&pipelined), "the pipelined requests never got an answer");
    rebuilds_still_reach_new_clients(&site, &serve, "Edited while clients stall.");
    drop((stalled, pipelined));
}

#[test]
fn half_sent_requests_and_hang_ups_do_not_stall_pages() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    let address = serve.address;
    // Requests that stop in the middle of a header and never finish, arriving together with
    // page requests.
    let start = Arc::new(Barrier::new(HALF_SENT + MISBEHAVING + 1));
    let half_sent: Vec<_> = (0..HALF_SENT)
        .map(|_| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                send(address, "GET /big.bin HTTP/1.1\r\nHost: te")
            })
        })
        .collect();
    let pages: Vec<_> = (0..MISBEHAVING)
        .map(|_| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                get_within(address, "/", BOUND).map(|reply| reply.status)
            })
        })
        .collect();
    start.wait();
    let statuses: Vec<String> = pages.into_iter().map(|p| format!("{:?}", p.join().expect("a page"))).collect();
    assert!(statuses.iter().all(|s| s == "Ok(200)"), "pages among half-sent requests: {statuses:?}");
    let half_sent: Vec<TcpStream> = half_sent.into_iter().map(|h| h.join().expect("a connection")).collect();

    // Clients that hang up after the first bytes of the big file, with the rest unread (a reset).
    for _ in 0..MISBEHAVING {
        let mut stream = send(address, "GET /big.bin HTTP/1.1\r\nHost: test\r\n\r\n");
        stream.set_read_timeout(Some(BOUND)).expect("a read timeout");
        let mut start = vec![0; 64 << 10];
        stream.read_exact(&mut start).unwrap_or_else(|e| panic!("the start of the big file: {e}\n{}", serve.output()));
        drop(stream);
    }
    assert!(get_promptly(&serve, "/").body.contains("Welcome home."));
    // The big file itself, read in full by a client that keeps up.
    let big = get_within(address, "/big.bin", PATIENCE).expect("the big file");
    assert_eq!((big.status, big.body.len()), (200, BIG), "{:?}", big.headers);
    rebuilds_still_reach_new_clients(&site, &serve, "Edited after hang-ups.");
    drop(half_sent);
}

#[test]
fn request_bodies_that_never_come_neither_stall_nor_crash_the_server() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    // Requests declaring a body they never send (tiny_http waits for it when they are dropped):
    // more than the old request workers, fewer than the server's threads for bodies.
    let waiting: Vec<TcpStream> = (0..6)
        .map(|i| {
            let method = if i % 2 == 0 { "GET" } else { "POST" };
            send(serve.address, &format!("{method} / HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n"))
        })
        .collect();
    // A body too big to hold in memory: tiny_http would allocate it all at once.
    let huge = send(serve.address, "POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1000000000000000\r\n\r\n");
    assert!(get_promptly(&serve, "/").body.contains("Welcome home."));
    // A body that does come is refused.
    let mut sent = send(serve.address, "POST /form HTTP/1.1\r\nHost: test\r\nContent-Length: 2000\r\n\r\n");
    sent.write_all(&[b'a'; 2000]).expect("send the body");
    sent.set_read_timeout(Some(BOUND)).expect("a read timeout");
    let mut head = [0; 12];
    sent.read_exact(&mut head).expect("an answer to the posted body");
    assert_eq!(&head, b"HTTP/1.1 413");
    rebuilds_still_reach_new_clients(&site, &serve, "Edited after bodies that never came.");
    drop((waiting, huge, sent));
}

/// Open a live-reload stream and read until its `hello`; the stream, or what went wrong.
fn hello_within(address: SocketAddr, bound: Duration) -> Result<TcpStream, String> {
    let deadline = Instant::now() + bound;
    let mut stream = TcpStream::connect_timeout(&address, bound).map_err(|e| format!("connect: {e}"))?;
    stream
        .write_all(b"GET /__versa/events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n")
        .map_err(|e| format!("send: {e}"))?;
    let mut seen = Vec::new();
    let mut chunk = [0; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: hello\ndata: ") {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(format!("no hello; got {:?}", String::from_utf8_lossy(&seen)));
        }
        stream.set_read_timeout(Some(left)).map_err(|e| e.to_string())?;
        match stream.read(&mut chunk) {
            Ok(0) => return Err(format!("closed; got {:?}", String::from_utf8_lossy(&seen))),
            Ok(n) => seen.extend_from_slice(&chunk[..n]),
            Err(e) => return Err(format!("{e}; got {:?}", String::from_utf8_lossy(&seen))),
        }
    }
    Ok(stream)
}

#[test]
fn a_burst_of_live_reload_clients_all_get_their_streams() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    let start = Arc::new(Barrier::new(BURST + 1));
    let address = serve.address;
    let clients: Vec<_> = (0..BURST)
        .map(|_| {
            let start = Arc::clone(&start);
            std::thread::spawn(move || {
                start.wait();
                hello_within(address, BOUND)
            })
        })
        .collect();
    start.wait();
    let home = get_promptly(&serve, "/");
    assert!(home.body.contains("Welcome home."), "a page during the burst: {home:?}");
    let results: Vec<Result<TcpStream, String>> =
        clients.into_iter().map(|c| c.join().expect("a client thread")).collect();
    let failed: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(failed.is_empty(), "{} of {BURST} streams got no hello within {BOUND:?}: {failed:#?}", failed.len());
    // With the burst still connected, a new client hears of the next rebuild.
    rebuilds_still_reach_new_clients(&site, &serve, "Edited after the burst.");
    drop(results);
}
