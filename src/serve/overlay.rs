//! What `versa serve` adds to the HTML it serves (and `versa build` never does): the live-reload
//! script and, while the last rebuild is failing, an overlay with its error.
//!
//! 1. [`html`] renders the overlay: the error text exactly as the terminal shows it (message,
//!    `file:line:col`, code frame, help), escaped, in a panel styled inline so any theme shows it
//!    the same.
//! 2. [`inject`] puts the script tag (which knows the page's path and build) and the overlay
//!    before the page's last `</body>`, or at its end.

use crate::html::escape_html;

/// The element id the script looks for to remove the overlay.
pub(crate) const OVERLAY_ID: &str = "versa-error-overlay";

/// The overlay for a failed rebuild's error text. The text is never wrapped (it scrolls
/// sideways instead), so the caret under the problem stays in its column on a phone too.
pub(crate) fn html(error: &str) -> String {
    format!(
        "<div id=\"{OVERLAY_ID}\" role=\"alert\" aria-labelledby=\"{OVERLAY_ID}-title\" style=\"position:fixed;\
         left:0;right:0;bottom:0;max-height:70vh;overflow:auto;z-index:2147483647;box-sizing:border-box;\
         margin:0;padding:16px 20px;background:#18181b;color:#f4f4f5;border-top:4px solid #e5484d;\
         box-shadow:0 -8px 24px rgba(0,0,0,.4);font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;\
         text-align:left\"><div style=\"display:flex;gap:12px;align-items:baseline;justify-content:space-between\">\
         <strong id=\"{OVERLAY_ID}-title\" style=\"color:#ff9592\">The last rebuild failed: this is the last good \
         version of the page. It updates when the error is fixed.</strong><button type=\"button\" \
         data-versa-dismiss style=\"font:inherit;color:inherit;background:#3f3f46;border:0;border-radius:4px;\
         padding:2px 10px;cursor:pointer\">Dismiss</button></div><pre style=\"margin:12px 0 0;white-space:pre;\
         overflow-x:auto;font:inherit;color:inherit;background:none\">{}</pre></div>",
        escape_html(error.trim_end())
    )
}

/// What to add to one served page.
pub(crate) struct Injection<'a> {
    /// The build the page comes from.
    pub(crate) build: &'a str,
    /// The output path the URL asked for (`a/index.html`).
    pub(crate) requested: &'a str,
    /// The output path served (`404.html` for a missing page).
    pub(crate) served: &'a str,
    /// The failed rebuild's error, if any.
    pub(crate) error: Option<&'a str>,
}

/// Add the live-reload script and any overlay to a page.
pub(crate) fn inject(page: &[u8], injection: &Injection<'_>) -> Vec<u8> {
    let mut added = format!(
        "<script src=\"/__versa/live.js\" data-build=\"{}\" data-path=\"{}\" data-served=\"{}\"></script>",
        escape_html(injection.build),
        escape_html(injection.requested),
        escape_html(injection.served)
    );
    if let Some(error) = injection.error {
        added.push_str(&html(error));
    }
    let at = find_last_body_close(page).unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + added.len());
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(added.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn find_last_body_close(page: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    (0..=page.len().checked_sub(CLOSE.len())?).rev().find(|&i| page[i..i + CLOSE.len()].eq_ignore_ascii_case(CLOSE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_last_body_close() {
        let page = b"<html><body><p>a</p></BODY></html>";
        let injection = Injection { build: "b-1", requested: "x/index.html", served: "x/index.html", error: None };
        let out = String::from_utf8(inject(page, &injection)).unwrap();
        assert_eq!(
            out,
            "<html><body><p>a</p><script src=\"/__versa/live.js\" data-build=\"b-1\" data-path=\"x/index.html\" \
             data-served=\"x/index.html\"></script></BODY></html>"
        );
        let out = String::from_utf8(inject(b"no body", &injection)).unwrap();
        assert!(out.starts_with("no body<script"));
    }

    #[test]
    fn the_overlay_shows_the_error_text_escaped() {
        let error = "error: unknown key `titel`\n  --> content/a.md:2:1\n  |\n2 | titel = \"<x>\"\n  | ^^^^^\n";
        let injection = Injection { build: "b", requested: "a\"><script>", served: "404.html", error: Some(error) };
        let out = String::from_utf8(inject(b"<body></body>", &injection)).unwrap();
        assert!(out.contains("data-path=\"a&quot;&gt;&lt;script&gt;\""), "{out}");
        assert!(out.contains(OVERLAY_ID));
        assert!(
            out.contains("  --&gt; content/a.md:2:1\n  |\n2 | titel = &quot;&lt;x&gt;&quot;\n  | ^^^^^</pre>"),
            "{out}"
        );
    }
}
