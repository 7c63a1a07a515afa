//! Issue 8, the smaller cases: impossible dates, cache-busting hashes of a site's own assets, and
//! every error starting with `error:` and naming its file.

use crate::support::Site;

#[test]
fn a_date_that_is_not_in_the_calendar_is_an_error_at_its_line() {
    Site::new()
        .file("content/a.md", "+++\ntitle = \"A\"\ndate = 2026-02-31\n+++\nBody.\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("error: ")
        .stderr_contains("2026-02-31")
        .stderr_contains("--> content/a.md:3:");
    Site::new()
        .file("content/a.md", "---\ntitle: A\ndate: \"2025-02-29\"\n---\nBody.\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("--> content/a.md:3:");
    Site::new().file("content/a.md", "+++\ntitle = \"A\"\ndate = 2024-02-29\n+++\nLeap day.\n").build();
}

/// The `?v=` of `/assets/versa.css` in a built page.
fn stylesheet_version(site: &Site) -> String {
    let html = site.build().html("public/index.html");
    let hrefs = html.attrs("link[rel=stylesheet]", "href");
    let href = hrefs.iter().find(|h| h.contains("assets/versa.css")).expect("the theme's stylesheet is linked");
    href.split_once("?v=").map(|(_, v)| v.to_string()).expect("a version in the URL")
}

#[test]
fn a_sites_own_stylesheet_gets_its_own_version_in_every_url() {
    let site = Site::new().page("content/_index.md", "Home", "Hi.\n");
    let theme = stylesheet_version(&site);
    site.write("static/assets/versa.css", "body { color: red }\n");
    let own = stylesheet_version(&site);
    assert_ne!(own, theme, "browsers would keep the theme's stylesheet");
    site.write("static/assets/versa.css", "body { color: blue }\n");
    assert_ne!(stylesheet_version(&site), own, "an edit is a new URL");
}

#[test]
fn site_toml_that_is_not_utf8_is_located() {
    Site::empty()
        .file("site.toml", b"title = \"Caf\xe9\"\nbase_url = \"https://example.com/\"\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("error: the file is not valid UTF-8")
        .stderr_contains("--> site.toml:1:13");
}

#[test]
fn usage_and_file_errors_start_with_error_and_name_the_file() {
    let site = Site::empty();
    let missing = site.path("nowhere");
    let outcome = site.run(&["build", "--root", missing.to_str().unwrap()]).failure(2);
    assert!(outcome.stderr.starts_with("error: "), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("nowhere"), "{}", outcome.stderr);

    // An output folder that cannot be created: the message names it.
    let site = Site::new().page("content/_index.md", "Home", "Hi.\n");
    let output = site.path("site.toml/public");
    let outcome = site.run(&["build", "--output", output.to_str().unwrap()]);
    assert!(matches!(outcome.status.code(), Some(1 | 2)), "{}", outcome.stderr);
    assert!(outcome.stderr.starts_with("error: "), "{}", outcome.stderr);
    assert!(outcome.stderr.contains("site.toml"), "{}", outcome.stderr);
}
