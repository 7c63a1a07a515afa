//! Answering one request from the site in memory.
//!
//! 1. Only `GET` and `HEAD` (tiny_http leaves out the body of a `HEAD` answer); others get 405,
//!    and requests with a body 413 ([`super::bodies`]).
//! 2. `/__versa/events` is the live-reload stream, `/__versa/live.js` its script.
//! 3. Other targets are checked ([`super::paths`]; 400 if refused) and looked up: a folder URL
//!    serves its `index.html`, `/dir` redirects to `/dir/` when that is a folder, a missing path
//!    gets the site's `404.html` with status 404.
//! 4. Every answer has its MIME type and `Cache-Control: no-store`; HTML gets the live-reload
//!    script and, while a rebuild is failing, the error overlay.
//! 5. The answer goes to the [`Writers`]: the worker never writes to the network itself.

use std::sync::Arc;

use tiny_http::{Header, Method, Request, Response, StatusCode};

use super::overlay::{inject, Injection};
use super::paths::{encode_for_header, parse, SitePath};
use super::writers::{Body, Writers};
use super::{bodies, events, RequestContext, Served};

const LIVE_SCRIPT: &str = include_str!("live.js");

/// Answer one request.
pub(super) fn respond(request: Request, shared: &RequestContext) {
    let (served, writers) = (&*shared.served, &shared.writers);
    if bodies::unread_body(&request) {
        let reply = Reply::text(413, "413 Content Too Large: the dev server takes no request bodies\n");
        shared.drains.refuse(request, reply.into_response());
        return;
    }
    let method = request.method().clone();
    if !matches!(method, Method::Get | Method::Head) {
        let reply = Reply::text(405, "405 Method Not Allowed: the dev server answers GET and HEAD\n")
            .header("Allow", "GET, HEAD");
        writers.send(request, reply.into_response());
        return;
    }
    let target = request.url().to_string();
    let reply = match target.split(['?', '#']).next() {
        Some("/__versa/events") if method == Method::Get => return stream_events(request, served, writers),
        Some("/__versa/events") => Reply::bytes(200, "text/event-stream; charset=utf-8", Vec::new()),
        Some("/__versa/live.js") => {
            Reply::bytes(200, "text/javascript; charset=utf-8", LIVE_SCRIPT.as_bytes().to_vec())
        }
        _ => match parse(&target) {
            Ok(path) => site_file(&path, served),
            Err(refusal) => Reply::text(400, &format!("400 Bad Request: {}\n", refusal.reason())),
        },
    };
    writers.send(request, reply.into_response());
}

/// The answer to a new connection when the writers' queue is full.
pub(super) fn busy() -> Response<Body> {
    Reply::text(503, "503 Service Unavailable: the dev server is busy, try again\n")
        .header("Retry-After", "1")
        .into_response()
}

fn stream_events(request: Request, served: &Served, writers: &Writers) {
    let Some(subscription) = served.events.subscribe() else {
        let reply =
            Reply::text(503, "503 Service Unavailable: too many live-reload connections\n").header("Retry-After", "5");
        writers.send(request, reply.into_response());
        return;
    };
    // Subscribed first, so a rebuild between this status and the stream is not missed.
    let hello = events::hello(&served.store.status());
    // Requests sent after this one on the same connection wait for the stream's end.
    let held = writers.hold(request.remote_addr().copied());
    let writer = request.into_writer();
    let spawned = std::thread::Builder::new().name("versa-sse".into()).spawn(move || {
        events::stream(writer, subscription, &hello);
        drop(held);
    });
    if let Err(e) = spawned {
        eprintln!("warning: could not start a live-reload stream: {e}");
    }
}

fn site_file(path: &SitePath, served: &Served) -> Reply {
    let store = &served.store;
    let key = if path.is_folder() { format!("{}index.html", path.path) } else { path.path.clone() };
    if let Some(bytes) = store.get(&key) {
        return Reply::page(200, &key, &key, bytes, served);
    }
    if !path.is_folder() && store.contains(&format!("{key}/index.html")) {
        let query = path.query.as_ref().map(|q| format!("?{q}")).unwrap_or_default();
        let location = encode_for_header(&format!("{}/{query}", path.raw));
        return Reply::text(302, &format!("302 Found: {location}\n")).header("Location", &location);
    }
    match store.get("404.html") {
        Some(bytes) => Reply::page(404, &key, "404.html", bytes, served),
        None if store.status().error.is_some() => {
            // The site never built: the overlay is all there is to show.
            let page = b"<!doctype html><meta charset=\"utf-8\"><title>versa</title><body></body>";
            Reply::page(404, &key, "404.html", Arc::from(&page[..]), served)
        }
        None => Reply::text(404, "404 Not Found\n"),
    }
}

/// An answer being put together.
struct Reply {
    status: u16,
    content_type: &'static str,
    /// RequestContext with the store for site files: a big file is not copied for each request.
    body: Arc<[u8]>,
    headers: Vec<(&'static str, String)>,
}

impl Reply {
    fn bytes(status: u16, content_type: &'static str, body: impl Into<Arc<[u8]>>) -> Reply {
        Reply { status, content_type, body: body.into(), headers: Vec::new() }
    }

    fn text(status: u16, text: &str) -> Reply {
        Reply::bytes(status, "text/plain; charset=utf-8", text.as_bytes().to_vec())
    }

    /// A file of the site; HTML gets the script and overlay.
    fn page(status: u16, requested: &str, key: &str, bytes: Arc<[u8]>, served: &Served) -> Reply {
        let content_type = mime_type(key);
        if !content_type.starts_with("text/html") {
            return Reply::bytes(status, content_type, bytes);
        }
        let status_now = served.store.status();
        let injection =
            Injection { build: &status_now.build, requested, served: key, error: status_now.error.as_deref() };
        Reply::bytes(status, content_type, inject(&bytes, &injection))
    }

    fn header(mut self, name: &'static str, value: &str) -> Reply {
        self.headers.push((name, value.to_string()));
        self
    }

    fn into_response(self) -> Response<Body> {
        let body = Body::new(self.body);
        let length = body.len();
        // A known length, never chunked: `HEAD` answers then carry the real `Content-Length`.
        let mut response = Response::new(StatusCode(self.status), Vec::new(), body, Some(length), None)
            .with_chunked_threshold(usize::MAX);
        let fixed = [
            ("Content-Type", self.content_type.to_string()),
            ("Cache-Control", "no-store".to_string()),
            ("X-Content-Type-Options", "nosniff".to_string()),
        ];
        for (name, value) in fixed.into_iter().chain(self.headers) {
            // Values are ASCII by construction; a header that still does not fit is left out.
            if let Ok(header) = Header::from_bytes(name.as_bytes(), value.as_bytes()) {
                response.add_header(header);
            }
        }
        response
    }
}

/// The `Content-Type` for an output path, by its extension.
pub(crate) fn mime_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "wasm" => "application/wasm",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "webmanifest" => "application/manifest+json",
        // Samples shown as text: code files beside pages.
        "md" | "py" | "rs" | "toml" | "yaml" | "yml" | "sh" | "go" | "rb" | "java" | "kt" | "c" | "h" | "cpp"
        | "ts" | "sql" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mime_types() {
        let cases = [
            ("index.html", "text/html; charset=utf-8"),
            ("assets/versa.css", "text/css; charset=utf-8"),
            ("assets/versa.js", "text/javascript; charset=utf-8"),
            ("logo.svg", "image/svg+xml"),
            ("a.PNG", "image/png"),
            ("a.jpg", "image/jpeg"),
            ("a.jpeg", "image/jpeg"),
            ("a.webp", "image/webp"),
            ("f.woff2", "font/woff2"),
            ("data.json", "application/json"),
            ("sitemap.xml", "application/xml"),
            ("robots.txt", "text/plain; charset=utf-8"),
            ("app.wasm", "application/wasm"),
            ("samples/app.py", "text/plain; charset=utf-8"),
            ("LICENSE", "application/octet-stream"),
        ];
        for (path, mime) in cases {
            assert_eq!(mime_type(path), mime, "{path}");
        }
    }
}
