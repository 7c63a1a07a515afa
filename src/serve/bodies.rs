//! Requests that carry a body, which the dev server never needs.
//!
//! tiny_http reads the unread rest of a body (over 1 KiB) when its request is dropped, after
//! allocating the declared length at once (its `util/equal_reader.rs`) and with no read
//! timeout. So one `POST` declaring a `Content-Length` of 10^15 aborted `versa serve`, and a
//! few requests declaring a body they never sent held every request worker for good.
//!
//! 1. Such a request is answered 413 and dropped on a thread of its own, at most [`DRAINS`] at
//!    once, so waiting for its body holds nobody else.
//! 2. One declaring more than [`LONGEST`], or arriving while every drain is taken, is never
//!    dropped: no answer, and its connection stays open until `versa serve` exits. That costs
//!    a socket; dropping it could cost the process, or a thread for good.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use tiny_http::{Request, Response};

use super::writers::Body;

/// Requests whose body is being read and thrown away, at once.
const DRAINS: usize = 8;
/// The longest body tiny_http is left to read (and allocate) when its request is dropped.
const LONGEST: usize = 64 << 20;

/// True when dropping `request` would make tiny_http read the rest of its body.
pub(super) fn unread_body(request: &Request) -> bool {
    // Bodies of up to 1 KiB were read before the request was handed over (unless the client
    // waits for `100 Continue`); chunked bodies are not read on drop.
    let waits_to_send = request.headers().iter().any(|h| h.field.equiv("Expect"));
    request.body_length().is_some_and(|length| length > 1024 || (length > 0 && waits_to_send))
}

/// The threads answering requests with a body.
pub(super) struct Drains {
    active: Arc<AtomicUsize>,
}

impl Drains {
    pub(super) fn new() -> Drains {
        Drains { active: Arc::new(AtomicUsize::new(0)) }
    }

    /// Answer `request` with `refusal` and drop it where its body can take as long as it likes.
    pub(super) fn refuse(&self, request: Request, refusal: Response<Body>) {
        let small = request.body_length().is_some_and(|length| length <= LONGEST);
        let claimed = small
            && self.active.fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| (n < DRAINS).then_some(n + 1)).is_ok();
        if !claimed {
            // Deliberately leaked: see the module comment.
            std::mem::forget(request);
            return;
        }
        let active = Arc::clone(&self.active);
        let spawned = std::thread::Builder::new().name("versa-drain".into()).spawn(move || {
            let _ = request.respond(refusal);
            active.fetch_sub(1, Ordering::AcqRel);
        });
        if let Err(e) = spawned {
            eprintln!("warning: could not start a thread to refuse a request body: {e}");
            self.active.fetch_sub(1, Ordering::AcqRel);
        }
    }
}
