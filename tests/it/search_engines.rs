//! What search engines and the contender filter get: `ItemList` JSON-LD of the contenders a page
//! shows, `BreadcrumbList` JSON-LD matching the visible breadcrumbs, and the filter (with its
//! script) only on pages that show three contenders or more.

use serde_json::Value;

use crate::support::{text, Html, Site};

const THREE: &str = r#"title = "Three"
base_url = "https://example.com/docs/"

[contenders.a]
name = "Alpha </script>"
homepage = "https://alpha.example"
version = "2.1"
license = "MIT"
repository = "https://git.example/alpha"

[contenders.b]
name = "Beta"
category = "DatabaseApplication"

[contenders.c]
name = "Gamma"
"#;

fn site() -> Site {
    Site::empty()
        .file("site.toml", THREE)
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nAll three.\n")
        .file("content/guide/_index.md", "+++\ntitle = \"Guide\"\n+++\n")
        .file("content/guide/two.md", "+++\ntitle = \"Two\"\ncompare = [\"b\", \"a\"]\n+++\nJust two.\n")
        .file("content/guide/none.md", "+++\ntitle = \"None\"\n+++\nNo contenders.\n")
        .file(
            "content/guide/three.md",
            "+++\ntitle = \"Three\"\ncompare = [\"a\", \"b\", \"c\"]\n+++\n::: compare\n```text\na\n```\n```text\nb\n```\n```text\nc\n```\n:::\n",
        )
}

/// Every JSON-LD document of a page, parsed.
fn json_ld(html: &Html) -> Vec<Value> {
    html.select_all("script[type=\"application/ld+json\"]")
        .into_iter()
        .map(|s| serde_json::from_str(&s.inner_html()).expect("JSON-LD that parses"))
        .collect()
}

fn of_type<'a>(docs: &'a [Value], kind: &str) -> Vec<&'a Value> {
    docs.iter().filter(|d| d["@type"] == kind).collect()
}

#[test]
fn comparison_pages_list_their_contenders_as_software() {
    let built = site().build();
    let docs = json_ld(&built.html("public/guide/three/index.html"));
    let lists = of_type(&docs, "ItemList");
    assert_eq!(lists.len(), 1, "{docs:?}");
    let list = lists[0];
    assert_eq!(list["@context"], "https://schema.org");
    assert_eq!(list["numberOfItems"], 3);
    let items = list["itemListElement"].as_array().unwrap();
    assert_eq!(items.iter().map(|i| i["position"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
    let alpha = &items[0]["item"];
    assert_eq!(alpha["@type"], "SoftwareApplication");
    assert_eq!(alpha["name"], "Alpha </script>", "escaped in the HTML, the same text once parsed");
    assert_eq!(alpha["url"], "https://alpha.example");
    assert_eq!(alpha["softwareVersion"], "2.1");
    assert_eq!(alpha["license"], "MIT");
    assert_eq!(alpha["sameAs"], "https://git.example/alpha");
    assert_eq!(alpha["applicationCategory"], "DeveloperApplication");
    assert_eq!(items[1]["item"]["applicationCategory"], "DatabaseApplication", "a contender's own `category`");
    assert!(items[1]["item"].get("softwareVersion").is_none(), "no version declared, none claimed");

    let two = json_ld(&built.html("public/guide/two/index.html"));
    let names: Vec<&Value> = of_type(&two, "ItemList")[0]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| &i["item"]["name"])
        .collect();
    assert_eq!(names, ["Alpha </script>", "Beta"], "in the site's order");
    let home = json_ld(&built.html("public/index.html"));
    assert_eq!(of_type(&home, "ItemList")[0]["numberOfItems"], 3, "the home page shows every contender's card");
    let none = json_ld(&built.html("public/guide/none/index.html"));
    assert!(of_type(&none, "ItemList").is_empty(), "a page without contenders lists none: {none:?}");
}

#[test]
fn breadcrumb_lists_match_the_visible_breadcrumbs() {
    let built = site().build();
    for page in ["public/guide/three/index.html", "public/guide/index.html", "public/guide/none/index.html"] {
        let html = built.html(page);
        let visible: Vec<String> = html.select_all("nav.breadcrumbs li").into_iter().map(text).collect();
        let hrefs = html.attrs("nav.breadcrumbs li a", "href");
        let docs = json_ld(&html);
        let lists = of_type(&docs, "BreadcrumbList");
        assert_eq!(lists.len(), 1, "{page}: {docs:?}");
        let items = lists[0]["itemListElement"].as_array().unwrap();
        let names: Vec<&str> = items.iter().map(|i| i["name"].as_str().unwrap()).collect();
        assert_eq!(names, visible, "{page}");
        for (item, href) in items.iter().zip(&hrefs) {
            let absolute = format!("https://example.com{href}");
            assert_eq!(item["item"], absolute.as_str(), "{page}: absolute URLs under the sub-path");
        }
        let canonical = html.attrs("link[rel=canonical]", "href");
        assert_eq!(items.last().unwrap()["item"], canonical[0].as_str(), "{page}: the last entry is the page");
    }
    let home = json_ld(&built.html("public/index.html"));
    assert!(of_type(&home, "BreadcrumbList").is_empty(), "the home page shows no breadcrumbs");
}

#[test]
fn tag_pages_carry_their_breadcrumbs_too() {
    let built = site().file("content/guide/tagged.md", "+++\ntitle = \"Tagged\"\ntags = [\"Speed\"]\n+++\n").build();
    let html = built.html("public/tags/speed/index.html");
    let visible: Vec<String> = html.select_all("nav.breadcrumbs li").into_iter().map(text).collect();
    let docs = json_ld(&html);
    let names: Vec<&str> = of_type(&docs, "BreadcrumbList")[0]["itemListElement"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, visible);
}

#[test]
fn the_contender_filter_is_only_where_three_contenders_show() {
    let built = site().build();
    let three = built.html("public/guide/three/index.html");
    let control = three.one("[data-contender-filter]");
    assert!(control.value().attr("hidden").is_some(), "without JavaScript the control is not shown");
    assert_eq!(three.attrs("[data-contender-filter] input[type=checkbox]", "value"), ["a", "b", "c"]);
    assert_eq!(three.select_all("[data-contender-filter] input[checked]").len(), 3, "all shown to start with");
    assert_eq!(text(three.one("[data-contender-filter] legend")), "Show contenders", "a visible label");
    let scripts = three.attrs("head script[src]", "src");
    let filter: Vec<&String> = scripts.iter().filter(|s| s.contains("assets/filter.js?v=")).collect();
    assert_eq!(filter.len(), 1, "{scripts:?}");
    let data = three.attrs("head script[data-contenders]", "data-contenders");
    let data: Value = serde_json::from_str(&data[0]).unwrap();
    assert_eq!(data[0]["key"], "a");
    assert_eq!(data[0]["name"], "Alpha </script>", "names as compare panes carry them");
    assert!(built.exists("public/assets/filter.js"));

    for page in ["public/guide/two/index.html", "public/guide/none/index.html", "public/guide/index.html"] {
        let html = built.html(page);
        assert!(html.select_all("[data-contender-filter]").is_empty(), "{page} has a filter");
        assert!(html.attrs("script[src]", "src").iter().all(|s| !s.contains("filter.js")), "{page} loads the filter");
    }
    assert!(
        !built.html("public/index.html").select_all("[data-contender-filter]").is_empty(),
        "the home page shows all three"
    );
}
