//! `versa new DIR`: a starter site that builds and checks clean; never overwrites.

use crate::support::{tree, Site};

#[test]
fn a_new_site_builds_and_checks_clean() {
    let site = Site::empty();
    site.run(&["new", "fresh"]).success();
    assert!(site.path("fresh/site.toml").is_file(), "no site.toml in the new site");
    site.run(&["check", "--root", "fresh"]).success().stderr_lacks("warning");
    site.run(&["build", "--root", "fresh"]).success().stderr_lacks("warning");
    site.run(&["build", "--root", "fresh"]).success();
    assert!(site.path("fresh/public/index.html").is_file());
    // What the builds wrote is left out of git.
    let ignored = std::fs::read_to_string(site.path("fresh/.gitignore")).unwrap();
    assert_eq!(ignored, "/public/\n/.public.versa-*\n/.versa-cache/\n");
    assert!(site.path("fresh/.public.versa-manifest").is_file() && site.path("fresh/.public.versa-spare").is_dir());
    assert!(site.path("fresh/.versa-cache").is_dir(), "the highlight cache is where .gitignore says");
}

#[test]
fn a_new_site_uses_every_comparison_block() {
    let site = Site::empty();
    site.run(&["new", "fresh"]).success();
    site.run(&["build", "--root", "fresh"]).success();
    let all: String = tree(&site.path("fresh/public"))
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(_, bytes)| String::from_utf8_lossy(&bytes).into_owned())
        .collect();
    for marker in ["data-compare-pane", "data-criteria", "data-callout", "data-faq"] {
        assert!(all.contains(marker), "the starter site has no `{marker}`");
    }
}

#[test]
fn a_new_site_builds_with_strict_and_shows_comparisons_as_data() {
    let site = Site::empty();
    site.run(&["new", "fresh"]).success();
    site.run(&["check", "--strict", "--root", "fresh"]).success().stderr_lacks("warning");
    let out = site.run(&["build", "--strict", "--root", "fresh"]).success().stderr_lacks("warning");
    // Three contenders: three pair pages, each pair's reverse a redirect, a hub, and the filter.
    for pair in ["toml-vs-yaml", "toml-vs-json", "yaml-vs-json"] {
        let page = out.html(&format!("fresh/public/{pair}/index.html"));
        assert_eq!(page.attrs("[data-pair]", "data-pair"), [pair]);
        assert!(!page.select_all("td[data-claim]").is_empty(), "{pair} shows its claims");
    }
    let redirect = std::fs::read_to_string(site.path("fresh/public/yaml-vs-toml/index.html")).unwrap();
    assert!(redirect.contains("rel=\"canonical\""), "{redirect}");
    let hub = out.html("fresh/public/vs/index.html");
    let links = hub.attrs("main a[href*='-vs-']", "href");
    for pair in ["toml-vs-yaml", "toml-vs-json", "yaml-vs-json"] {
        assert!(links.iter().any(|l| l.ends_with(&format!("/{pair}/"))), "the hub lists {pair}: {links:?}");
    }
    let home = out.html("fresh/public/index.html");
    assert_eq!(home.attrs(".contenders [data-contender]", "data-contender"), ["toml", "yaml", "json"]);
    assert_eq!(home.attrs("[data-contender-filter] input", "value"), ["toml", "yaml", "json"]);
    assert!(!home.select_all("td[data-claim] a[data-source]").is_empty(), "the home table cites its sources");
    assert!(!home.select_all("[data-sources] time[data-verified]").is_empty(), "with the day each was checked");
    // A criterion's own page shows its row from the matrix, with three panes and the filter.
    let page = out.html("fresh/public/formats/comments/index.html");
    assert_eq!(page.attrs("tr[data-criterion]", "data-criterion"), ["comments"]);
    assert_eq!(page.attrs("[data-compare-pane]", "data-compare-pane"), ["TOML", "YAML", "JSON"]);
    assert_eq!(page.select_all("[data-contender-filter]").len(), 1);
    assert!(page.select_all("[data-sources] li").len() >= 3, "each format's comment rule is sourced");
}

#[test]
fn a_new_site_links_its_own_stylesheet() {
    let site = Site::empty();
    site.run(&["new", "fresh"]).success();
    let out = site.run(&["build", "--root", "fresh"]).success();
    let hrefs = out.html("fresh/public/index.html").attrs("link[rel=stylesheet]", "href");
    assert!(hrefs.last().is_some_and(|h| h.starts_with("/css/custom.css?v=")), "{hrefs:?}");
}

#[test]
fn new_writes_into_an_empty_folder() {
    let site = Site::empty().file("empty/.keep-me-not", "");
    site.remove("empty/.keep-me-not");
    site.run(&["new", "empty"]).success();
    site.run(&["build", "--root", "empty"]).success();
}

#[test]
fn new_refuses_a_folder_that_is_not_empty() {
    let site = Site::empty().file("taken/notes.txt", "mine");
    let before = tree(&site.path("taken"));
    let out = site.run(&["new", "taken"]);
    assert!(!out.status.success(), "versa new overwrote a non-empty folder");
    let out = out.stderr_contains("taken");
    assert!(out.status.code().is_some_and(|c| c != 101), "versa new crashed");
    assert!(tree(&site.path("taken")) == before, "the folder was changed");
}

#[test]
fn new_refuses_a_path_that_is_a_file() {
    let site = Site::empty().file("taken", "mine");
    assert!(!site.run(&["new", "taken"]).status.success());
    assert_eq!(std::fs::read_to_string(site.path("taken")).unwrap(), "mine");
}
