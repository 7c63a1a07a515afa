//! The pieces the `versa serve` tests drive it with: the real binary as a child process (killed
//! when dropped), a minimal HTTP/1.1 client over `std::net`, and a Server-Sent Events reader.
//! Every wait is a poll with a deadline, never a blind sleep.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, ChildStderr, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// How long any one thing may take before a test fails.
pub(crate) const PATIENCE: Duration = Duration::from_secs(20);

/// What the child printed on one stream, collected as it comes.
type Printed = Arc<Mutex<String>>;

/// `versa serve` running on a free port; killed when dropped.
pub(crate) struct Serve {
    child: Child,
    pub(crate) address: SocketAddr,
    stdout: Printed,
    stderr: Printed,
}

impl Serve {
    /// Start `versa serve --root ROOT --port 0 EXTRA…` and wait for its URL.
    pub(crate) fn start(root: &Path, extra: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_versa"))
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start versa serve");
        let stdout = Arc::new(Mutex::new(String::new()));
        let stderr = Arc::new(Mutex::new(String::new()));
        let (lines, first) = channel();
        let out = child.stdout.take().expect("piped stdout");
        collect(out, Arc::clone(&stdout), Some(lines));
        collect::<ChildStderr>(child.stderr.take().expect("piped stderr"), Arc::clone(&stderr), None);
        let mut serve = Serve { child, address: "127.0.0.1:1".parse().expect("an address"), stdout, stderr };
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match first.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.split(" at http://").nth(1) {
                        let address = url.split('/').next().expect("host:port");
                        serve.address = address.parse().expect("a socket address");
                        return serve;
                    }
                }
                Err(_) => panic!("versa serve printed no URL\n{}", serve.output()),
            }
        }
    }

    /// Everything printed so far.
    pub(crate) fn output(&self) -> String {
        format!("--- stdout ---\n{}\n--- stderr ---\n{}", self.stdout(), self.stderr())
    }

    pub(crate) fn stdout(&self) -> String {
        self.stdout.lock().expect("stdout lock").clone()
    }

    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().expect("stderr lock").clone()
    }

    /// `GET path`.
    pub(crate) fn get(&self, path: &str) -> Reply {
        self.request(&format!("GET {path} HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"))
    }

    /// Send raw bytes as a request and read the whole answer.
    pub(crate) fn request(&self, raw: &str) -> Reply {
        let mut stream = TcpStream::connect(self.address).expect("connect to versa serve");
        stream.set_read_timeout(Some(PATIENCE)).expect("a read timeout");
        stream.write_all(raw.as_bytes()).expect("send a request");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("read the answer");
        Reply::parse(&bytes)
    }

    /// Poll `GET path` until `check` accepts the reply.
    #[track_caller]
    pub(crate) fn get_until(&self, path: &str, what: &str, check: impl Fn(&Reply) -> bool) -> Reply {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let reply = self.get(path);
            if check(&reply) {
                return reply;
            }
            assert!(
                Instant::now() < deadline,
                "GET {path}: {what} never happened; last reply:\n{reply:?}\n{}",
                self.output()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Open a live-reload stream.
    #[track_caller]
    pub(crate) fn events(&self) -> EventStream {
        self.try_events().unwrap_or_else(|status| panic!("the event stream was refused with {status}"))
    }

    /// Open a live-reload stream, or the status it was refused with.
    pub(crate) fn try_events(&self) -> Result<EventStream, u16> {
        let mut stream = EventStream::open(self.address)?;
        stream.output = Some((Arc::clone(&self.stdout), Arc::clone(&self.stderr)));
        Ok(stream)
    }

    /// The child's process id.
    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Wait for the child to exit by itself.
    pub(crate) fn wait_exit(&mut self) -> std::process::ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().expect("poll the child") {
                return status;
            }
            assert!(Instant::now() < deadline, "versa serve did not stop\n{}", self.output());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Copy a child's output into `into`, sending each line to `lines` too.
fn collect<R: Read + Send + 'static>(
    from: R,
    into: Arc<Mutex<String>>,
    lines: Option<std::sync::mpsc::Sender<String>>,
) {
    std::thread::spawn(move || {
        for line in BufReader::new(from).lines() {
            let Ok(line) = line else { break };
            if let Ok(mut text) = into.lock() {
                text.push_str(&line);
                text.push('\n');
            }
            if let Some(lines) = &lines {
                let _ = lines.send(line);
            }
        }
    });
}

/// An HTTP answer.
#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: String,
}

impl Reply {
    pub(crate) fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let mut lines = head.lines();
        let status = lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).unwrap_or(0);
        let headers = lines
            .filter_map(|l| l.split_once(':'))
            .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_string()))
            .collect();
        Reply { status, headers, body: body.to_string() }
    }

    /// A header's value.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }
}

/// One Server-Sent Event.
#[derive(Debug, Clone)]
pub(crate) struct Event {
    pub(crate) name: String,
    pub(crate) data: String,
}

/// A live-reload stream, read on a thread of its own.
pub(crate) struct EventStream {
    events: Receiver<Event>,
    stream: TcpStream,
    /// The server's output so far, for failure messages.
    output: Option<(Printed, Printed)>,
}

impl EventStream {
    /// Connect; `Err` with the status when the server refuses the stream.
    fn open(address: SocketAddr) -> Result<EventStream, u16> {
        let mut stream = TcpStream::connect(address).expect("connect to the event stream");
        stream.set_read_timeout(Some(PATIENCE)).expect("a read timeout");
        stream
            .write_all(b"GET /__versa/events HTTP/1.1\r\nHost: test\r\nAccept: text/event-stream\r\n\r\n")
            .expect("ask for events");
        let mut head = Vec::new();
        let mut byte = [0u8];
        while !head.ends_with(b"\r\n\r\n") {
            match stream.read(&mut byte) {
                Ok(1) => head.push(byte[0]),
                _ => break,
            }
        }
        let status = Reply::parse(&head).status;
        if status != 200 {
            return Err(status);
        }
        stream.set_read_timeout(None).expect("no read timeout");
        let reader = stream.try_clone().expect("clone the stream");
        let (sender, events) = channel();
        std::thread::spawn(move || {
            let mut lines = BufReader::new(reader).lines();
            let (mut name, mut data) = (String::new(), String::new());
            while let Some(Ok(line)) = lines.next() {
                if let Some(value) = line.strip_prefix("event: ") {
                    name = value.to_string();
                } else if let Some(value) = line.strip_prefix("data: ") {
                    data = value.to_string();
                } else if line.is_empty() && !name.is_empty() {
                    let event = Event { name: std::mem::take(&mut name), data: std::mem::take(&mut data) };
                    if sender.send(event).is_err() {
                        break;
                    }
                }
            }
        });
        Ok(EventStream { events, stream, output: None })
    }

    /// The next event named `name` whose data passes `check`, skipping others.
    #[track_caller]
    pub(crate) fn wait(&self, name: &str, check: impl Fn(&str) -> bool) -> Event {
        let deadline = Instant::now() + PATIENCE;
        let mut seen = Vec::new();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.events.recv_timeout(left) {
                Ok(event) if event.name == name && check(&event.data) => return event,
                Ok(event) => seen.push(event),
                Err(_) => {
                    let output = self.output.as_ref().map(|(out, err)| {
                        let text = |m: &Mutex<String>| m.lock().map(|t| t.clone()).unwrap_or_default();
                        format!("--- stdout ---\n{}\n--- stderr ---\n{}", text(out), text(err))
                    });
                    panic!("no `{name}` event came; saw {seen:#?}\n{}", output.unwrap_or_default())
                }
            }
        }
    }

    /// Close the connection abruptly, as a closed tab does.
    pub(crate) fn close(self) {
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }
}

/// Replace a file the way many editors save: write a temporary file beside it, rename it over.
pub(crate) fn atomic_write(path: &Path, contents: &str) {
    let temp = path.with_file_name(format!(".{}.tmp", path.file_name().expect("a file name").to_string_lossy()));
    std::fs::write(&temp, contents).expect("write the temporary file");
    std::fs::rename(&temp, path).expect("rename it over the original");
}
