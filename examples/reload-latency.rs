//! Edit-to-reload latency of `versa serve`: how long from saving a page to the browser hearing
//! of it, and to the new HTML being served.
//!
//! `cargo run --release --example reload-latency -- --site .bench/c10000 [--edits 20]`
//! (generate a site with `cargo run --release --example gen-corpus -- --pages 10000 --out DIR`).
//!
//! Steps: build the release `versa` binary, start `versa serve` on a free port, open the
//! live-reload stream, then edit one page `--edits` times (its body only, a new marker each
//! time). For each edit, time from just before the write to the `build` event naming the page,
//! and to the first `GET` that returns the new marker; read the server's own `rebuilt … in N ms`
//! line. Print the medians (and min/max), then put the page back as it was.
//!
//! Then `--structural` times (default 10) add a page beside it, rename that page and remove it,
//! each timed from the file operation to the `build` event naming the page's output (the
//! new page, the renamed one, the one gone), with the server's own line.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

use clap::Parser;

#[derive(Parser)]
#[command(about = "Measure versa serve's edit-to-reload latency")]
struct Args {
    /// The site to serve (a folder with site.toml and content/).
    #[arg(long)]
    site: PathBuf,
    /// The page to edit, relative to the site [default: the first page of content/sec-01/, or
    /// the first page found].
    #[arg(long)]
    page: Option<PathBuf>,
    /// How many edits to time.
    #[arg(long, default_value_t = 20)]
    edits: usize,
    /// How many times to add, rename and remove a page.
    #[arg(long, default_value_t = 10)]
    structural: usize,
    /// The versa binary [default: target/release/versa, built first].
    #[arg(long)]
    versa: Option<PathBuf>,
}

const PATIENCE: Duration = Duration::from_secs(60);

fn main() {
    let args = Args::parse();
    let versa = args.versa.clone().unwrap_or_else(build_versa);
    let page = args.page.clone().unwrap_or_else(|| first_page(&args.site));
    let url = page_url(&page);
    let original = std::fs::read_to_string(args.site.join(&page)).expect("read the page to edit");
    let pages = count_pages(&args.site.join("content"));
    println!("site: {} ({pages} markdown files); editing {} ({url})", args.site.display(), page.display());

    let started = Instant::now();
    let mut server = Server::start(&versa, &args.site);
    println!("versa serve is up after {} ms ({})", started.elapsed().as_millis(), server.first_build.trim());
    let events = open_events(server.address);

    let (mut to_event, mut to_html, mut rebuild) = (Vec::new(), Vec::new(), Vec::new());
    for i in 0..args.edits {
        let marker = format!("latency-probe-{i}-{}", std::process::id());
        let edited = format!("{original}\nA new paragraph: {marker}.\n");
        let start = Instant::now();
        std::fs::write(args.site.join(&page), edited).expect("edit the page");
        wait_for_build(&events, url.trim_start_matches('/'));
        to_event.push(start.elapsed());
        while !get(server.address, &url).contains(&marker) {
            assert!(start.elapsed() < PATIENCE, "the new HTML never came");
        }
        to_html.push(start.elapsed());
        if let Some(ms) = server.rebuild_line() {
            rebuild.push(Duration::from_millis(ms));
        }
        // Let the burst end so each edit is timed on its own.
        std::thread::sleep(Duration::from_millis(150));
    }
    std::fs::write(args.site.join(&page), &original).expect("put the page back");
    std::thread::sleep(Duration::from_millis(300));
    let _ = server.rebuild_line();
    let structural = time_structural(&server, &events, &args.site, &page, &original, args.structural);
    server.stop();

    println!("\nover {} edits of one page:", args.edits);
    report("write → SSE build event", &mut to_event);
    report("write → new HTML served", &mut to_html);
    report("rebuild (server's own line)", &mut rebuild);
    println!("\nover {} pages added, renamed and removed beside it:", args.structural);
    for (what, mut event, mut own) in structural {
        report(&format!("{what} a page → SSE build event"), &mut event);
        report(&format!("{what} a page → server's line"), &mut own);
    }
}

/// Add a page beside `page`, rename it, remove it, `rounds` times: for each of the three, the
/// times to the build event naming it and the server's own rebuild times.
fn time_structural(
    server: &Server,
    events: &Receiver<String>,
    site: &Path,
    page: &Path,
    text: &str,
    rounds: usize,
) -> Vec<(&'static str, Vec<Duration>, Vec<Duration>)> {
    let mut times: Vec<(&str, Vec<Duration>, Vec<Duration>)> =
        ["add", "rename", "remove"].into_iter().map(|w| (w, Vec::new(), Vec::new())).collect();
    let dir = page.parent().unwrap_or(Path::new("content"));
    for i in 0..rounds {
        let added = dir.join(format!("latency-add-{i}.md"));
        let renamed = dir.join(format!("latency-renamed-{i}.md"));
        let steps: [(&Path, &dyn Fn()); 3] = [
            (&added, &|| std::fs::write(site.join(&added), text).expect("add a page")),
            (&renamed, &|| std::fs::rename(site.join(&added), site.join(&renamed)).expect("rename the page")),
            (&renamed, &|| std::fs::remove_file(site.join(&renamed)).expect("remove the page")),
        ];
        for (n, (named, act)) in steps.into_iter().enumerate() {
            let start = Instant::now();
            act();
            wait_for_build(events, page_url(named).trim_start_matches('/'));
            times[n].1.push(start.elapsed());
            if let Some(ms) = server.rebuild_line() {
                times[n].2.push(Duration::from_millis(ms));
            }
            std::thread::sleep(Duration::from_millis(150));
        }
    }
    times
}

fn report(what: &str, times: &mut [Duration]) {
    if times.is_empty() {
        println!("  {what:<30} no samples");
        return;
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "  {what:<30} median {:6.1} ms   min {:6.1} ms   max {:6.1} ms",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1])
    );
}

fn build_versa() -> PathBuf {
    let status = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
        .args(["build", "--release", "--bin", "versa"])
        .status()
        .expect("run cargo build");
    assert!(status.success(), "cargo build --release --bin versa failed");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"), PathBuf::from);
    target.join("release").join(if cfg!(windows) { "versa.exe" } else { "versa" })
}

fn first_page(site: &Path) -> PathBuf {
    let preferred = Path::new("content/sec-01/page-00001.md");
    if site.join(preferred).is_file() {
        return preferred.to_path_buf();
    }
    let mut stack = vec![site.join("content")];
    while let Some(dir) = stack.pop() {
        let mut entries: Vec<PathBuf> =
            std::fs::read_dir(&dir).expect("list content/").map(|e| e.unwrap().path()).collect();
        entries.sort();
        for path in entries {
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "md") && !path.ends_with("_index.md") {
                return path.strip_prefix(site).unwrap().to_path_buf();
            }
        }
    }
    panic!("no page in {}", site.display());
}

/// `content/sec-01/page-00001.md` → `/sec-01/page-00001/` (the generator's names are slugs).
fn page_url(page: &Path) -> String {
    let rel = page.strip_prefix("content").unwrap_or(page).with_extension("");
    format!("/{}/", rel.to_string_lossy().replace('\\', "/").to_lowercase())
}

fn count_pages(dir: &Path) -> usize {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(Result::ok)
                .map(|e| {
                    let path = e.path();
                    if path.is_dir() {
                        count_pages(&path)
                    } else {
                        usize::from(path.extension().is_some_and(|x| x == "md"))
                    }
                })
                .sum()
        })
        .unwrap_or(0)
}

/// `versa serve` as a child process, with its stdout lines on a channel.
struct Server {
    child: Child,
    address: SocketAddr,
    lines: Receiver<String>,
    first_build: String,
}

impl Server {
    // The child is waited for in `stop` and in `drop`.
    #[allow(clippy::zombie_processes)]
    fn start(versa: &Path, site: &Path) -> Server {
        let mut child = Command::new(versa)
            .args(["serve", "--port", "0", "--root"])
            .arg(site)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start versa serve");
        let stdout = child.stdout.take().expect("piped stdout");
        let (sender, lines) = channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut first_build = String::new();
        loop {
            let line = lines.recv_timeout(PATIENCE).expect("versa serve printed its URL");
            if line.starts_with("built ") {
                first_build = line.clone();
            }
            if let Some(url) = line.split(" at http://").nth(1) {
                let address = url.split('/').next().unwrap().parse().expect("an address");
                return Server { child, address, lines, first_build };
            }
        }
    }

    /// The milliseconds of the latest `rebuilt … in N ms` line.
    fn rebuild_line(&self) -> Option<u64> {
        let deadline = Instant::now() + Duration::from_secs(2);
        while Instant::now() < deadline {
            if let Ok(line) = self.lines.recv_timeout(Duration::from_millis(100)) {
                // `rebuilt 3 pages in 4 ms`, and what the highlight cache did after a comma.
                if let Some(ms) = line.strip_prefix("rebuilt ").and_then(|l| l.split(" in ").nth(1)) {
                    println!("  ({line})");
                    return ms.split(" ms").next().and_then(|ms| ms.parse().ok());
                }
            }
        }
        None
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The `data:` lines of `build` events, read on a thread. Returns once the server has said
/// `hello`: an edit made before the stream is subscribed would have its event missed.
fn open_events(address: SocketAddr) -> Receiver<String> {
    let mut stream = TcpStream::connect(address).expect("connect to the event stream");
    stream.write_all(b"GET /__versa/events HTTP/1.1\r\nHost: bench\r\n\r\n").expect("ask for events");
    let (sender, events) = channel();
    let (greeted, hello) = channel();
    std::thread::spawn(move || {
        let mut event = String::new();
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if line.starts_with("data: ") && event == "hello" {
                let _ = greeted.send(());
            } else if let Some(data) = line.strip_prefix("data: ") {
                if event == "build" && sender.send(data.to_string()).is_err() {
                    break;
                }
            }
        }
    });
    hello.recv_timeout(PATIENCE).expect("the event stream says hello");
    events
}

fn wait_for_build(events: &Receiver<String>, output_dir: &str) {
    let wanted = format!("\"{output_dir}index.html\"");
    loop {
        let data = events.recv_timeout(PATIENCE).expect("a build event");
        if data.contains(&wanted) || data.contains("\"all\":true") {
            return;
        }
    }
}

fn get(address: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(address).expect("connect");
    write!(stream, "GET {path} HTTP/1.1\r\nHost: bench\r\nConnection: close\r\n\r\n").expect("send");
    let mut body = String::new();
    let _ = stream.read_to_string(&mut body);
    body
}
