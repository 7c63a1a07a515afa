//! HTML text helpers shared by every stage that writes markup (compare, markdown, render,
//! serve, site), so none of them has to reach into another stage for its escaping.

/// Escape text for HTML content and attribute values.
pub(crate) fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    escape_html_into(&mut out, text);
    out
}

/// [`escape_html`], appended to `out`.
pub(crate) fn escape_html_into(out: &mut String, text: &str) {
    // Copies the runs between special bytes whole: every page's code and text goes through here.
    let mut start = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[start..i]);
        out.push_str(entity);
        start = i + 1;
    }
    out.push_str(&text[start..]);
}

/// A path as it may appear in a URL: bytes other than letters, digits, `/` and `-._~` as `%XX`.
pub(crate) fn encode_url_path(path: &str) -> String {
    use std::fmt::Write as _;
    let mut encoded = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            encoded.push(char::from(byte));
        } else {
            let _ = write!(encoded, "%{byte:02X}");
        }
    }
    encoded
}
