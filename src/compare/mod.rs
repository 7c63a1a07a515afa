//! The comparison components: side-by-side code groups, callouts and FAQs (criteria tables
//! live in [`criteria`]). Each takes already-rendered HTML pieces and returns the markup of
//! the contract in PRODUCT.md, found by data attributes.

pub(crate) mod criteria;
pub(crate) mod matrix;

use serde::Serialize;

use crate::html::escape_html;

/// One pane of a side-by-side group.
#[derive(Debug, Clone)]
pub(crate) struct Pane {
    pub(crate) label: String,
    /// The pane's code block, already rendered.
    pub(crate) html: String,
}

/// The markup of a side-by-side group. JavaScript turns it into tabs on narrow screens; without
/// it the panes stack, each with its visible label.
pub(crate) fn render_group(panes: &[Pane]) -> String {
    let labels: Vec<&str> = panes.iter().map(|p| p.label.as_str()).collect();
    let mut html = format!(
        "<div class=\"compare\" data-compare data-compare-labels=\"{}\"><div class=\"compare-panes\">",
        escape_html(&labels.join("|"))
    );
    for pane in panes {
        let label = escape_html(&pane.label);
        html.push_str(&format!(
            "<div class=\"compare-pane\" data-compare-pane=\"{label}\"><p class=\"compare-label\">{label}</p>{}</div>",
            pane.html
        ));
    }
    html.push_str("</div></div>\n");
    html
}

/// The markup of a callout of `kind` (a `data-callout` value); `title` defaults to `label`,
/// which names it for screen readers. A collapsible one (`Some(open)`) is a `<details>` whose
/// `<summary>` is the title.
pub(crate) fn render_callout(
    kind: &str,
    label: &str,
    title: &str,
    collapsible: Option<bool>,
    body_html: &str,
) -> String {
    let icon = match kind {
        "tip" => "💡",
        "important" => "❗",
        "warning" => "⚠",
        "danger" => "⛔",
        "details" => "▸",
        _ => "ℹ",
    };
    let title = escape_html(if title.is_empty() { label } else { title });
    let label = escape_html(label);
    let icon = format!("<span class=\"callout-icon\" aria-hidden=\"true\">{icon}</span>");
    match collapsible {
        None => format!(
            "<aside class=\"callout\" data-callout=\"{kind}\" role=\"note\" aria-label=\"{label}\"><p class=\"callout-title\">{icon}{title}</p>\n{body_html}</aside>\n"
        ),
        Some(open) => {
            let open = if open { " open" } else { "" };
            format!(
                "<details class=\"callout\" data-callout=\"{kind}\"{open}><summary class=\"callout-title\">{icon}{title}</summary>\n{body_html}</details>\n"
            )
        }
    }
}

/// One FAQ entry; also the data for the page's `FAQPage` JSON-LD.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct FaqEntry {
    pub(crate) id: String,
    pub(crate) question: String,
    /// The question's heading markup (`<h3 id=…>…</h3>`).
    #[serde(skip)]
    pub(crate) heading_html: String,
    pub(crate) answer_html: String,
}

/// The markup of an FAQ block: one `<details>` per question, the first one open.
pub(crate) fn render_faq(entries: &[FaqEntry]) -> String {
    let mut html = String::from("<section class=\"faq\" data-faq>\n");
    for (i, entry) in entries.iter().enumerate() {
        let open = if i == 0 { " open" } else { "" };
        html.push_str(&format!(
            "<details{open}><summary>{}</summary><div class=\"faq-answer\">\n{}</div></details>\n",
            entry.heading_html, entry.answer_html
        ));
    }
    html.push_str("</section>\n");
    html
}

/// A schema.org `FAQPage` JSON-LD document for these entries, safe to put in a `<script>`.
pub(crate) fn faq_json_ld(entries: &[FaqEntry]) -> String {
    let questions: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            serde_json::json!({
                "@type": "Question",
                "name": e.question,
                "acceptedAnswer": { "@type": "Answer", "text": e.answer_html.trim() },
            })
        })
        .collect();
    json_for_script(&serde_json::json!({
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": questions,
    }))
}

/// Serialize JSON so it cannot end the surrounding `<script>` element: `<`, `>` and `&` are
/// written as `\u003c`, `\u003e` and `\u0026`, which JSON parsers read back unchanged.
pub(crate) fn json_for_script(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_ld_cannot_close_the_script() {
        let entries = vec![FaqEntry {
            id: "q".into(),
            question: "Is </script> \"ok\"?".into(),
            heading_html: String::new(),
            answer_html: "<p>yes</p>".into(),
        }];
        let json = faq_json_ld(&entries);
        assert!(!json.contains("</script>"));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["mainEntity"][0]["name"], "Is </script> \"ok\"?");
    }
}
