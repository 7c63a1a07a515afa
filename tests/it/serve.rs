//! `versa serve`: the real binary on a free port, driven over HTTP and Server-Sent Events while
//! the tests edit its site (see `serve/client.rs`), plus incremental rebuilds compared with full
//! builds (`serve/incremental.rs`, and random edit sequences in `serve/incremental_props.rs`).

pub(crate) mod client;
mod incremental;
mod incremental_props;
mod stall;

use std::time::Duration;

use client::{atomic_write, Serve};

use crate::support::{self, page};

fn site() -> support::Site {
    support::Site::new()
        .page("content/_index.md", "Home", "Welcome home.\n")
        .page("content/guides/_index.md", "Guides", "All guides.\n")
        .page("content/guides/first.md", "First guide", "The first guide.\n")
        .page("content/guides/second.md", "Second guide", "The second guide.\n")
        .file("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("static/img/photo.png", b"\x89PNG\r\n\x1a\n")
        .file("static/img/photo.jpg", b"\xff\xd8\xff")
        .file("static/img/photo.webp", b"RIFF\0\0\0\0WEBP")
        .file("static/fonts/a.woff2", b"wOF2")
        .file("static/app.wasm", b"\0asm\x01\0\0\0")
        .file("static/data.json", "{}")
        .file("static/notes.txt", "notes")
        .file("static/extra.css", "body { color: black }\n")
}

#[test]
fn serves_pages_assets_and_errors_from_memory() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    assert!(serve.stdout().contains(&format!("serving {}", site.root().canonicalize().unwrap().display())));

    let home = serve.get("/");
    assert_eq!(home.status, 200, "{home:?}");
    assert_eq!(home.header("content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(home.header("cache-control"), Some("no-store"));
    assert!(home.body.contains("Welcome home."));
    assert!(home.body.contains("<script src=\"/__versa/live.js\""), "the live-reload script is injected");
    assert!(home.body.contains(&format!("http://{}/", serve.address)), "the base URL is the server's");
    let first = serve.get("/guides/first/");
    assert!(first.status == 200 && first.body.contains("The first guide."), "{first:?}");

    for (path, mime) in [
        ("/assets/versa.css", "text/css; charset=utf-8"),
        ("/assets/versa.js", "text/javascript; charset=utf-8"),
        ("/img/logo.svg", "image/svg+xml"),
        ("/img/photo.png", "image/png"),
        ("/img/photo.jpg", "image/jpeg"),
        ("/img/photo.webp", "image/webp"),
        ("/fonts/a.woff2", "font/woff2"),
        ("/app.wasm", "application/wasm"),
        ("/data.json", "application/json"),
        ("/sitemap.xml", "application/xml"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/notes.txt", "text/plain; charset=utf-8"),
        ("/__versa/live.js", "text/javascript; charset=utf-8"),
    ] {
        let reply = serve.get(path);
        assert_eq!((reply.status, reply.header("content-type")), (200, Some(mime)), "{path}");
        assert!(!reply.body.contains("__versa/live.js\""), "{path}: only HTML gets the script");
    }

    let redirect = serve.get("/guides?x=1");
    assert_eq!((redirect.status, redirect.header("location")), (302, Some("/guides/?x=1")), "{redirect:?}");
    let missing = serve.get("/no/such/page/");
    assert_eq!(missing.status, 404);
    assert!(missing.body.contains("Page not found"), "the site's 404.html: {missing:?}");
    assert!(missing.body.contains("data-path=\"no/such/page/index.html\" data-served=\"404.html\""));

    let head = serve.request("HEAD /guides/first/ HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "{head:?}");
    let length: usize = head.header("content-length").unwrap().parse().unwrap();
    assert_eq!(length, first.body.len());
    let post = serve.request("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
    assert_eq!((post.status, post.header("allow")), (405, Some("GET, HEAD")));

    // Nothing was written to public/, and a build does not carry the script.
    assert!(!site.path("public").exists());
    let built = site.build();
    assert!(!built.read("public/index.html").contains("__versa"));
}

#[test]
fn requests_never_leave_the_site() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    for target in [
        "/../site.toml",
        "/../../../../etc/passwd",
        "/guides/../../site.toml",
        "/%2e%2e/site.toml",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/.%2e/site.toml",
        "/guides%2f..%2f..%2fsite.toml",
        "/%2fetc%2fpasswd",
        "/..\\site.toml",
        "/..%5csite.toml",
        "/index.html%00.png",
        "/%00",
        "//etc/passwd",
        "/etc/passwd",
        "/content/_index.md",
        "/site.toml",
        "http://example.org/../site.toml",
        "*",
        "/%zz",
        "/%c3",
    ] {
        let reply = serve.request(&format!("GET {target} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n"));
        assert!(matches!(reply.status, 400 | 404), "{target}: {reply:?}");
        assert!(!reply.body.contains("base_url") && !reply.body.contains("root:"), "{target} leaked a file");
    }
    // Malformed requests get an answer (or a closed connection) and never stop the server.
    for raw in
        ["\r\n\r\n", "GARBAGE\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET / HTTP/1.1\r\nBad header\r\n\r\n"]
    {
        let _ = serve.request(raw);
    }
    let long = format!("GET /{} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n", "a".repeat(100_000));
    assert_eq!(serve.request(&long).status, 404);
    assert_eq!(serve.get("/").status, 200, "still serving\n{}", serve.output());
    assert!(!serve.stderr().contains("panicked"), "{}", serve.output());
}

#[test]
fn edits_reach_the_browser() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    let hello = events.wait("hello", |_| true);
    assert!(hello.data.contains("\"overlay\":null"), "{hello:?}");

    // An edited page: its path in the event, the new text served.
    site.write("content/guides/first.md", page("First guide", "Edited text.\n"));
    events.wait("build", |d| d.contains("\"guides/first/index.html\"") && !d.contains("\"all\":true"));
    assert!(serve.get("/guides/first/").body.contains("Edited text."));
    serve.get_until("/guides/first/", "rebuild timing printed", |_| serve.stdout().contains("rebuilt 1 page in "));

    // A template replaced atomically, as editors with "safe write" do.
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p>TEMPLATE ONE</p>{% endblock content %}",
    );
    events.wait("build", |d| d.contains("guides/second/index.html") || d.contains("\"all\":true"));
    assert!(serve.get("/guides/second/").body.contains("TEMPLATE ONE"));
    atomic_write(
        &site.path("templates/page.html"),
        "{% extends \"base.html\" %}{% block content %}<p>TEMPLATE TWO</p>{% endblock content %}",
    );
    events.wait("build", |d| d.contains("guides/second/index.html"));
    assert!(serve.get("/guides/second/").body.contains("TEMPLATE TWO"));

    // A new page, then its removal.
    site.write("content/guides/third.md", page("Third guide", "Brand new.\n"));
    events.wait("build", |d| d.contains("guides/third/index.html") || d.contains("\"all\":true"));
    assert_eq!(serve.get("/guides/third/").status, 200);
    site.remove("content/guides/third.md");
    events.wait("build", |d| d.contains("guides/third/index.html") || d.contains("\"all\":true"));
    assert_eq!(serve.get("/guides/third/").status, 404);

    // A new folder of pages, moved in at once.
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("faq")).unwrap();
    std::fs::write(outside.path().join("faq/_index.md"), page("FAQ", "Questions.\n")).unwrap();
    std::fs::write(outside.path().join("faq/one.md"), page("One", "Answer one.\n")).unwrap();
    std::fs::rename(outside.path().join("faq"), site.path("content/faq")).unwrap();
    serve.get_until("/faq/one/", "the moved-in folder served", |r| r.body.contains("<title>One · Test Site</title>"));

    // A stylesheet: swapped in place, no page reload.
    site.write("static/extra.css", "body { color: red }\n");
    events.wait("build", |d| d.contains("\"css\":[\"extra.css\"]") && d.contains("\"reload\":[]"));
    assert!(serve.get("/extra.css").body.contains("red"));

    // Editor swap and backup files change nothing.
    site.write("content/guides/.first.md.swp", "swap");
    site.write("content/guides/first.md~", "backup");
    site.write("content/4913", "");
    // (The page template shows no body now: a new title makes a visible change.)
    site.write("content/guides/second.md", page("Second guide, again", "After the swap files.\n"));
    let next = events.wait("build", |_| true);
    assert!(next.data.contains("guides/second/index.html") && !next.data.contains("first.md"), "{next:?}");
    assert_eq!(serve.get("/guides/first.md~").status, 404);
}

#[test]
fn a_site_folder_replaced_as_a_whole_stays_watched() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    // Deleted and written anew at once, as a `git checkout` does: a new folder at the same path.
    let saved = support::tree(&site.path("content"));
    std::fs::remove_dir_all(site.path("content")).unwrap();
    for (rel, bytes) in &saved {
        site.write(&format!("content/{}", rel.display()), bytes);
    }
    site.write("content/guides/first.md", page("First guide", "Written anew.\n"));
    serve.get_until("/guides/first/", "the new folder's page", |r| r.body.contains("Written anew."));
    site.write("content/guides/first.md", page("First guide", "Watched again.\n"));
    serve.get_until("/guides/first/", "an edit in the new folder", |r| r.body.contains("Watched again."));
    // Moved away and back.
    let aside = tempfile::tempdir().unwrap();
    std::fs::rename(site.path("content"), aside.path().join("content")).unwrap();
    serve.get_until("/guides/first/", "the page gone with its folder", |r| r.status == 404);
    std::fs::rename(aside.path().join("content"), site.path("content")).unwrap();
    serve.get_until("/guides/first/", "the folder back", |r| r.status == 200);
    site.write("content/guides/first.md", page("First guide", "Back home.\n"));
    serve.get_until("/guides/first/", "an edit in the returned folder", |r| r.body.contains("Back home."));
}

#[test]
fn a_broken_page_shows_its_error_until_fixed() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    events.wait("hello", |_| true);

    site.write("content/guides/first.md", "+++\nweight = \"first\"\n+++\nBroken.\n");
    let failed = events.wait("failed", |_| true);
    assert!(failed.data.contains("content/guides/first.md:2:10"), "{failed:?}");
    let shown = serve.get("/guides/first/");
    assert_eq!(shown.status, 200, "the last good page is still served");
    assert!(shown.body.contains("The first guide."));
    assert!(shown.body.contains("id=\"versa-error-overlay\""));
    assert!(shown.body.contains("invalid type: string"));
    assert!(shown.body.contains("  --&gt; content/guides/first.md:2:10\n"), "the terminal's text: {}", shown.body);
    assert!(shown.body.contains("2 | weight = &quot;first&quot;\n  |          ^^^^^^^"), "the code frame");
    assert!(serve.get("/guides/second/").body.contains("versa-error-overlay"), "on every page");
    assert!(serve.get("/no/such/").body.contains("versa-error-overlay"), "the 404 page too");
    // A new connection learns of the error at once.
    assert!(serve.events().wait("hello", |_| true).data.contains("versa-error-overlay"));
    serve.get_until("/", "the error printed", |_| serve.stderr().contains("--> content/guides/first.md:2:10"));
    assert_eq!(serve.stderr().matches("invalid type: string").count(), 1, "printed once\n{}", serve.output());

    site.write("content/guides/first.md", page("First guide", "Fixed.\n"));
    events.wait("build", |d| d.contains("guides/first/index.html"));
    let fixed = serve.get("/guides/first/");
    assert!(fixed.body.contains("Fixed.") && !fixed.body.contains("versa-error-overlay"), "{fixed:?}");
    assert!(!serve.get("/guides/second/").body.contains("versa-error-overlay"));
}

#[test]
fn broken_links_are_warned_about_once_each() {
    let site = site().page("content/guides/first.md", "First guide", "See [the third](third.md).\n");
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    events.wait("hello", |_| true);
    let warned = |count: usize| {
        serve.get_until("/", "the link warning", |_| serve.stderr().matches("broken link").count() >= count);
    };
    warned(1);
    assert!(serve.stderr().contains("warning: broken link: `third.md` does not exist"), "{}", serve.output());
    assert!(serve.stderr().contains("--> content/guides/first.md:4:17"), "located: {}", serve.output());

    // An unrelated edit does not repeat it; a new broken link is printed by itself.
    site.write("content/guides/second.md", page("Second guide", "See [home](../nowhere.md).\n"));
    warned(2);
    assert!(serve.stderr().contains("`../nowhere.md` does not exist"), "{}", serve.output());
    site.write("content/guides/second.md", page("Second guide", "Still the second.\n"));
    events.wait("build", |d| d.contains("guides/second/index.html"));
    site.write("content/_index.md", page("Home", "Welcome again.\n"));
    events.wait("build", |d| d.contains("index.html"));
    assert_eq!(serve.stderr().matches("broken link").count(), 2, "each printed once\n{}", serve.output());

    // Creating the missing page fixes the first link; the served page links to it.
    site.write("content/guides/third.md", page("Third guide", "Here.\n"));
    serve.get_until("/guides/first/", "the link resolved", |r| r.body.contains("href=\"/guides/third/\""));
    assert_eq!(serve.stderr().matches("broken link").count(), 2, "{}", serve.output());
}

#[test]
fn full_rebuilds_take_highlighted_code_from_memory() {
    let site =
        site().page("content/guides/first.md", "First guide", "```python\nx = 1\n```\n\n```rust\nfn f() {}\n```\n");
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    events.wait("hello", |_| true);
    assert!(serve.stdout().contains(", 0 of 2 code blocks from the cache"), "{}", serve.output());
    // Without the files on disk, a full rebuild (site.toml changed) still has them.
    std::fs::remove_dir_all(site.path(".versa-cache")).unwrap();
    site.write("site.toml", support::SITE_TOML.replace("A site for tests", "Still a site for tests"));
    serve.get_until("/", "the rebuild", |_| serve.stdout().contains(", 2 of 2 code blocks from the cache"));
}

#[test]
fn gone_and_excess_event_clients_do_not_block_anyone() {
    let site = site();
    let serve = Serve::start(site.root(), &[]);
    let listening = serve.events();
    listening.wait("hello", |_| true);
    // Up to the server's limit of 64 streams, then 503; pages are served all along.
    let mut streams: Vec<_> = (0..63).map(|_| serve.events()).collect();
    for stream in &streams {
        stream.wait("hello", |_| true);
    }
    assert_eq!(serve.try_events().err(), Some(503));
    assert_eq!(serve.get("/guides/first/").status, 200);

    // Tabs closed without a word: the others still hear of the next rebuild, and the gone
    // streams give their places back.
    for stream in streams.drain(..8) {
        stream.close();
    }
    site.write("content/guides/first.md", page("First guide", "After some left.\n"));
    for stream in streams.iter().chain([&listening]) {
        stream.wait("build", |d| d.contains("guides/first/index.html"));
    }
    let deadline = std::time::Instant::now() + client::PATIENCE;
    while serve.try_events().is_err() {
        assert!(std::time::Instant::now() < deadline, "the gone streams never gave their places back");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!serve.stderr().contains("panicked"), "{}", serve.output());
}

#[test]
fn polling_sees_changes_too() {
    let site = site();
    let serve = Serve::start(site.root(), &["--poll"]);
    let events = serve.events();
    events.wait("hello", |_| true);
    site.write("content/guides/first.md", page("First guide", "Seen by polling.\n"));
    events.wait("build", |d| d.contains("guides/first/index.html"));
    assert!(serve.get("/guides/first/").body.contains("Seen by polling."));
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let site = site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    site.run(&["serve", "--port", &port])
        .failure(2)
        .stderr_contains(&format!("port {port} on 127.0.0.1 is already in use"));
}

#[test]
fn listening_beyond_loopback_warns() {
    let site = site();
    let serve = Serve::start(site.root(), &["--bind", "0.0.0.0"]);
    assert!(serve.stderr().contains("which other machines can reach"), "{}", serve.output());
    assert!(serve.stdout().contains("at http://127.0.0.1:"), "{}", serve.output());
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_cleanly() {
    let site = site();
    let mut serve = Serve::start(site.root(), &[]);
    let _events = serve.events();
    let status = std::process::Command::new("kill").args(["-INT", &serve.pid().to_string()]).status().unwrap();
    assert!(status.success());
    let exit = serve.wait_exit();
    assert!(exit.success(), "{exit:?}\n{}", serve.output());
    let deadline = std::time::Instant::now() + client::PATIENCE;
    while !serve.stdout().contains("stopped") {
        assert!(std::time::Instant::now() < deadline, "no goodbye\n{}", serve.output());
        std::thread::sleep(Duration::from_millis(20));
    }
}
