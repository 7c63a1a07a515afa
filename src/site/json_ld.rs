//! What search engines read beside the HTML: schema.org JSON-LD built from the same data the
//! templates show, so the two cannot disagree.
//!
//! - `ItemList` of `SoftwareApplication`s on every page that shows contenders (from `[contenders]`);
//! - `BreadcrumbList` on every page that shows breadcrumbs, with the same entries in the same order.

use serde_json::{json, Map, Value};

use crate::compare::json_for_script;
use crate::config::Contender;
use crate::render::context::LinkRef;

/// schema.org's category for tools developers use; a contender's `category` replaces it.
const DEFAULT_CATEGORY: &str = "DeveloperApplication";

/// One contender as a `SoftwareApplication`, with only the facts `site.toml` gives.
fn application(contender: &Contender) -> Value {
    let mut app = Map::new();
    app.insert("@type".into(), "SoftwareApplication".into());
    app.insert("name".into(), contender.name.clone().into());
    let category = if contender.category.is_empty() { DEFAULT_CATEGORY } else { &contender.category };
    app.insert("applicationCategory".into(), category.into());
    let facts = [
        ("url", &contender.homepage),
        ("softwareVersion", &contender.version),
        ("license", &contender.license),
        ("description", &contender.summary),
        ("sameAs", &contender.repository),
    ];
    for (name, value) in facts {
        if !value.is_empty() {
            app.insert(name.into(), value.clone().into());
        }
    }
    Value::Object(app)
}

/// The contenders a page shows, in the order it shows them, as an `ItemList`.
pub(super) fn contenders(name: &str, contenders: &[&Contender]) -> String {
    let items: Vec<Value> = contenders
        .iter()
        .enumerate()
        .map(|(i, c)| json!({ "@type": "ListItem", "position": i + 1, "item": application(c) }))
        .collect();
    json_for_script(&json!({
        "@context": "https://schema.org",
        "@type": "ItemList",
        "name": name,
        "numberOfItems": items.len(),
        "itemListElement": items,
    }))
}

/// The breadcrumbs as the page shows them (`crumbs`, then the page itself), with absolute URLs:
/// `crumbs` carry the site's path (`/docs/…`), which `base_url` already ends with.
pub(super) fn breadcrumbs(crumbs: &[LinkRef], current: &str, permalink: &str, base: (&str, &str)) -> Option<String> {
    if crumbs.is_empty() {
        return None;
    }
    let (base_url, base_path) = base;
    let absolute = |url: &str| format!("{base_url}{}", url.strip_prefix(base_path).unwrap_or(url));
    let trail = crumbs.iter().map(|c| (c.title.as_str(), absolute(&c.url))).chain([(current, permalink.to_string())]);
    let items: Vec<Value> = trail
        .enumerate()
        .map(|(i, (name, url))| json!({ "@type": "ListItem", "position": i + 1, "name": name, "item": url }))
        .collect();
    Some(json_for_script(&json!({
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": items,
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn contender(key: &str) -> Contender {
        Contender {
            key: key.into(),
            name: format!("{key} </script>"),
            homepage: format!("https://{key}.example"),
            repository: String::new(),
            version: "1.2".into(),
            license: String::new(),
            language: String::new(),
            summary: String::new(),
            category: String::new(),
        }
    }

    #[test]
    fn applications_leave_out_facts_the_site_does_not_give() {
        let a = contender("a");
        let json = contenders("A & B", &[&a]);
        assert!(!json.contains("</script>"), "{json}");
        let value: Value = serde_json::from_str(&json).unwrap();
        let item = &value["itemListElement"][0]["item"];
        assert_eq!(item["name"], "a </script>");
        assert_eq!(item["softwareVersion"], "1.2");
        assert_eq!(item["applicationCategory"], DEFAULT_CATEGORY);
        assert!(item.get("license").is_none(), "{item}");
        assert_eq!(value["name"], "A & B");
    }

    #[test]
    fn breadcrumbs_are_absolute_under_a_sub_path() {
        let crumbs = [LinkRef { title: "Home".into(), url: "/docs/".into() }];
        let json = breadcrumbs(&crumbs, "Page", "https://x.org/docs/page/", ("https://x.org/docs/", "/docs/")).unwrap();
        let value: Value = serde_json::from_str(&json).unwrap();
        assert_eq!(value["itemListElement"][0]["item"], "https://x.org/docs/");
        assert_eq!(value["itemListElement"][1]["item"], "https://x.org/docs/page/");
        assert_eq!(value["itemListElement"][1]["position"], 2);
        assert!(breadcrumbs(&[], "Home", "https://x.org/", ("https://x.org/", "/")).is_none());
    }
}
