//! Request targets → paths of the site in memory, refusing anything that tries to leave it.
//!
//! 1. Only origin-form targets (`/a/b/?q`) are served: absolute URLs (`http://host/…`), `*` and
//!    anything else not starting with `/` are refused.
//! 2. The query (and a fragment, which browsers never send) is set aside.
//! 3. Percent-escapes are decoded strictly: a malformed escape, an encoded `/` (`%2f`), a
//!    backslash, a NUL byte or other control character, or bytes that are not UTF-8 refuse the
//!    request.
//! 4. `.` and `..` segments, raw or encoded (`%2e%2e`), and empty segments (`//etc/passwd`)
//!    refuse the request instead of being resolved: browsers resolve dot segments before
//!    sending, so only crafted requests carry them.
//!
//! The site is served from memory, so no request path ever reaches the disk, and the build
//! refused every symlink that leads out of the site folder (`fs::SiteFiles`): there is nothing
//! outside the site to escape to. These checks are defence in depth and keep every URL canonical.

/// A path of the site, decoded and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SitePath {
    /// Decoded, without the leading `/`: `criteria/async/`, `assets/versa.css`, or empty.
    pub(crate) path: String,
    /// The path as the request wrote it (still percent-encoded), for redirects.
    pub(crate) raw: String,
    /// The query without its `?`, if any.
    pub(crate) query: Option<String>,
}

impl SitePath {
    /// True for a folder URL (`/` or `/a/`), served by its `index.html`.
    pub(crate) fn is_folder(&self) -> bool {
        self.path.is_empty() || self.path.ends_with('/')
    }
}

/// Why a request target was refused (always with 400 Bad Request).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    NotAPath,
    BadEscape,
    EncodedSlash,
    Backslash,
    ControlCharacter,
    NotUtf8,
    DotSegment,
    EmptySegment,
}

impl Refusal {
    /// A short explanation for the response body.
    pub(crate) fn reason(self) -> &'static str {
        match self {
            Refusal::NotAPath => "the request target must be a path starting with `/`",
            Refusal::BadEscape => "the path has a malformed percent-escape",
            Refusal::EncodedSlash => "the path has an encoded `/`",
            Refusal::Backslash => "the path has a backslash",
            Refusal::ControlCharacter => "the path has a NUL byte or another control character",
            Refusal::NotUtf8 => "the path is not UTF-8",
            Refusal::DotSegment => "the path has a `.` or `..` segment",
            Refusal::EmptySegment => "the path has an empty segment (`//`)",
        }
    }
}

/// Parse and check a request target.
pub(crate) fn parse(target: &str) -> Result<SitePath, Refusal> {
    let (raw, query) = match target.find(['?', '#']) {
        Some(i) => {
            let query = target[i + 1..].split('#').next().unwrap_or("");
            (&target[..i], target[i..].starts_with('?').then(|| query.to_string()))
        }
        None => (target, None),
    };
    let Some(rest) = raw.strip_prefix('/') else { return Err(Refusal::NotAPath) };
    let mut path = String::with_capacity(rest.len());
    let segments: Vec<&str> = rest.split('/').collect();
    for (i, segment) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        let decoded = decode(segment)?;
        if decoded.is_empty() && !last {
            return Err(Refusal::EmptySegment);
        }
        if decoded == "." || decoded == ".." {
            return Err(Refusal::DotSegment);
        }
        path.push_str(&decoded);
        if !last {
            path.push('/');
        }
    }
    Ok(SitePath { path, raw: raw.to_string(), query })
}

/// Decode one path segment's percent-escapes.
fn decode(segment: &str) -> Result<String, Refusal> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let byte = if bytes[i] == b'%' {
            let hex = bytes.get(i + 1..i + 3).ok_or(Refusal::BadEscape)?;
            let hex = std::str::from_utf8(hex).map_err(|_| Refusal::BadEscape)?;
            let value = u8::from_str_radix(hex, 16).map_err(|_| Refusal::BadEscape)?;
            i += 3;
            if value == b'/' {
                return Err(Refusal::EncodedSlash);
            }
            value
        } else {
            i += 1;
            bytes[i - 1]
        };
        match byte {
            b'\\' => return Err(Refusal::Backslash),
            0..=0x1f | 0x7f => return Err(Refusal::ControlCharacter),
            _ => out.push(byte),
        }
    }
    String::from_utf8(out).map_err(|_| Refusal::NotUtf8)
}

/// Percent-encode what a `Location` header cannot carry as it is (non-ASCII bytes, spaces).
pub(crate) fn encode_for_header(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_graphic() {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(target: &str) -> String {
        parse(target).unwrap_or_else(|r| panic!("{target}: {r:?}")).path
    }

    #[test]
    fn ordinary_paths() {
        assert_eq!(path("/"), "");
        assert_eq!(path("/criteria/async/"), "criteria/async/");
        assert_eq!(path("/assets/versa.css?v=1234"), "assets/versa.css");
        assert_eq!(path("/my%20file.png"), "my file.png");
        assert_eq!(path("/caf%C3%A9/"), "café/");
        assert_eq!(path("/a/b"), "a/b");
        assert_eq!(path("/a..b/...x"), "a..b/...x");
        let parsed = parse("/a?x=1#frag").unwrap();
        assert_eq!((parsed.raw.as_str(), parsed.query.as_deref()), ("/a", Some("x=1")));
        assert!(parse("/a/").unwrap().is_folder());
        assert!(!parse("/a").unwrap().is_folder());
    }

    #[test]
    fn traversal_is_refused() {
        let cases = [
            ("/../etc/passwd", Refusal::DotSegment),
            ("/a/../../etc/passwd", Refusal::DotSegment),
            ("/a/./b", Refusal::DotSegment),
            ("/%2e%2e/etc/passwd", Refusal::DotSegment),
            ("/%2E%2E/%2e%2E/etc/passwd", Refusal::DotSegment),
            ("/.%2e/x", Refusal::DotSegment),
            ("/..", Refusal::DotSegment),
            ("/a%2f..%2f..%2fetc%2fpasswd", Refusal::EncodedSlash),
            ("/%2F", Refusal::EncodedSlash),
            ("/..\\..\\windows\\win.ini", Refusal::Backslash),
            ("/a%5c..%5cb", Refusal::Backslash),
            ("/a%00.html", Refusal::ControlCharacter),
            ("/a\0b", Refusal::ControlCharacter),
            ("/a%0d%0aSet-Cookie:x", Refusal::ControlCharacter),
            ("//etc/passwd", Refusal::EmptySegment),
            ("/a//b", Refusal::EmptySegment),
            ("http://example.org/a", Refusal::NotAPath),
            ("*", Refusal::NotAPath),
            ("", Refusal::NotAPath),
            ("a/b", Refusal::NotAPath),
            ("/%", Refusal::BadEscape),
            ("/%zz", Refusal::BadEscape),
            ("/%c3", Refusal::NotUtf8),
            ("/%ff%fe", Refusal::NotUtf8),
        ];
        for (target, refusal) in cases {
            assert_eq!(parse(target), Err(refusal), "{target}");
        }
    }

    #[test]
    fn header_values_stay_ascii() {
        assert_eq!(encode_for_header("/café/ x"), "/caf%C3%A9/%20x");
        assert_eq!(encode_for_header("/a/?q=1"), "/a/?q=1");
    }
}
