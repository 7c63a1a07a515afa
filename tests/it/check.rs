//! `versa check`: validates like `build`, also checks internal links and anchors, writes nothing.

use crate::support::Site;

fn linked_site(links: &str) -> Site {
    Site::new()
        .page("content/other.md", "Other", "## Real heading\n")
        .page("content/files/notes.md", "Notes", "")
        .file("static/doc.txt", "x")
        .page("content/x.md", "X", &format!("## Here\n\n{links}"))
}

#[test]
fn a_good_site_checks_clean_and_writes_nothing() {
    let site = linked_site(
        "[a](other.md) [b](other.md#real-heading) [c](/other/) [d](#here) [e](/doc.txt) [f](files/notes.md)\n",
    );
    site.run(&["check"]).success().stdout_contains("no problems");
    assert!(!site.path("public").exists(), "check wrote public/");
    let mut entries: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    entries.sort();
    assert_eq!(entries, ["content", "site.toml", "static"], "check left files behind");
}

#[test]
fn a_link_to_a_missing_markdown_file_is_reported() {
    linked_site("Some text.\n\nSee [the page](missing.md) for more.\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("missing.md")
        .stderr_contains("content/x.md:8:16");
}

#[test]
fn a_link_to_a_missing_anchor_is_reported() {
    linked_site("[x](other.md#nope)\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("#nope")
        .stderr_contains("content/x.md:6:5");
}

#[test]
fn a_link_to_a_missing_anchor_on_the_same_page_is_reported() {
    linked_site("[x](#nowhere)\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("#nowhere")
        .stderr_contains("content/x.md:6:5");
}

#[test]
fn a_root_relative_link_to_nothing_is_reported() {
    linked_site("[x](/nope/)\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("/nope/")
        .stderr_contains("content/x.md:6:5");
}

#[test]
fn every_broken_link_is_reported() {
    linked_site("[a](missing.md)\n\n[b](other.md#nope)\n\n[c](/nope/)\n")
        .run(&["check"])
        .failure(1)
        .stderr_contains("content/x.md:6:5")
        .stderr_contains("content/x.md:8:5")
        .stderr_contains("content/x.md:10:5")
        .stderr_contains("3 errors");
}

#[test]
fn build_does_not_fail_on_broken_links() {
    linked_site("[x](/nope/)\n").build();
}

#[test]
fn check_reports_content_errors_too() {
    let site = Site::new().file("content/x.md", "+++\ntitle = \"X\"\nweight = \"1\"\n+++\n");
    site.run(&["check"]).failure(1).stderr_contains("content/x.md:3:10");
    assert!(!site.path("public").exists());
}

#[test]
fn check_leaves_an_existing_build_alone() {
    let site = linked_site("");
    site.build();
    let before = crate::support::tree(&site.path("public"));
    site.write("content/extra.md", crate::support::page("Extra", ""));
    site.run(&["check"]).success();
    assert!(crate::support::tree(&site.path("public")) == before, "check changed public/");
}

#[test]
fn the_bundled_example_checks_clean() {
    let example = env!("CARGO_MANIFEST_DIR");
    Site::empty().run(&["check", "--root", example]).success().stderr_lacks("warning");
}
