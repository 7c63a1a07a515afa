//! A write timeout on every connection, though tiny_http never shows us its sockets.
//!
//! tiny_http accepts connections on its own thread and keeps the sockets to itself, so a
//! response written to a client that never reads blocks in the kernel for good. Connections
//! accepted on Unix inherit `SO_SNDTIMEO` from the listening socket (Linux copies the socket's
//! settings on accept; the BSDs and macOS copy the send timeout), so setting it on the listener
//! gives every connection a write timeout. The receive timeout would be inherited too, but
//! `accept` honours it, and tiny_http's accept loop stops at the first error, so it is left alone.

use std::io;
use std::net::TcpListener;
use std::time::Duration;

/// How long one write may wait for a client to take bytes before the answer is abandoned.
pub(super) const WRITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Give connections that `listener` accepts from now on a write timeout of `timeout`.
#[cfg(unix)]
pub(super) fn inherit_write_timeout(listener: &TcpListener, timeout: Duration) -> io::Result<()> {
    use std::os::fd::OwnedFd;
    // A duplicate of the listener's descriptor is the same socket; std sets `SO_SNDTIMEO` only
    // through a `TcpStream`, and the duplicate is closed at the end without touching the listener.
    let same_socket = std::net::TcpStream::from(OwnedFd::from(listener.try_clone()?));
    same_socket.set_write_timeout(Some(timeout))
}

/// Elsewhere accepted sockets are not known to inherit it: writes there have no timeout, and a
/// client that never reads keeps its writer (never a request worker) until it goes.
#[cfg(not(unix))]
pub(super) fn inherit_write_timeout(_listener: &TcpListener, _timeout: Duration) -> io::Result<()> {
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::Write;
    use std::net::TcpStream;
    use std::time::Instant;

    use super::*;

    #[test]
    fn accepted_connections_inherit_the_write_timeout() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let timeout = Duration::from_millis(300);
        inherit_write_timeout(&listener, timeout).unwrap();
        let _client = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (mut accepted, _) = listener.accept().unwrap();
        assert_eq!(accepted.write_timeout().unwrap(), Some(timeout));
        // The client never reads: the write stops with an error instead of blocking.
        let started = Instant::now();
        let chunk = vec![0; 1 << 20];
        let error = (0..1000).find_map(|_| accepted.write_all(&chunk).err()).expect("a write error");
        assert!(matches!(error.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut), "{error}");
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        // The listener still accepts.
        let _second = TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        assert!(listener.accept().is_ok());
    }
}
