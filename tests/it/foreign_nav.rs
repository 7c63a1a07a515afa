//! Other tools' navigation files order the sidebar, listings and prev/next: Docusaurus
//! `_category_` files, mdBook's `SUMMARY.md`, MkDocs's `nav:`. The writer's own front matter
//! wins, and a problem in one of those files is a located warning, never a failed build.

use crate::support::Site;

#[test]
fn front_matter_wins_over_navigation_files() {
    let site = Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/SUMMARY.md", "# Summary\n\n- [Alpha chapter](a.md)\n- [Beta chapter](b.md)\n- [Gamma](c.md)\n")
        .file("content/a.md", "# Alpha\n")
        .file("content/b.md", "# Beta\n")
        .file(
            "content/c.md",
            "+++\ntitle = \"Gamma\"\nweight = -1\nnav_title = \"G\"\n+++\nFirst by its own weight.\n",
        );
    let out = site.build().success();
    let html = out.html("public/a/index.html");
    let sidebar = html.texts("nav[data-sidebar] a");
    assert_eq!(sidebar, ["G", "Alpha chapter", "Beta chapter", "Summary"]);
    let listed = out.html("public/index.html").attrs(".listing .card-title a", "href");
    assert_eq!(listed, ["/c/", "/a/", "/b/", "/summary/"], "the home page's listing in the same order");
    assert_eq!(out.html("public/b/index.html").attrs("a[rel=prev]", "href"), ["/a/"]);
}

#[test]
fn mkdocs_yml_beside_site_toml_orders_the_sidebar() {
    let site = Site::new()
        .file(
            "mkdocs.yml",
            "site_name: X\nnav:\n  - Start: index.md\n  - Later: z.md\n  - Sooner: a.md\n  - Gone: gone.md\n",
        )
        .file("content/index.md", "# Welcome\n\nHello.\n")
        .file("content/a.md", "# A page\n")
        .file("content/z.md", "# Z page\n");
    let out = site.build().success().stderr_contains("mkdocs.yml:6:11");
    let sidebar = out.html("public/a/index.html").texts("nav[data-sidebar] a");
    assert_eq!(sidebar, ["Start", "Later", "Sooner"]);
}

#[test]
fn bad_navigation_files_are_located_warnings() {
    let site = Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/guide/_category_.json", "{\n  \"label\": \"Guide\",\n  \"position\": \"first\"\n}\n")
        .file("content/guide/a.md", "# A\n")
        .file("content/mkdocs.yml", "nav:\n  - Home: [index.md\n");
    let out = site.build().success();
    out.stderr_contains("content/guide/_category_.json:3:")
        .stderr_contains("this category file can't be read")
        .stderr_contains("content/mkdocs.yml:")
        .stderr_contains("this MkDocs file can't be read");
    site.run(&["build", "--strict"]).failure(1);
}

#[test]
fn a_summary_chapter_naming_a_missing_file_is_located() {
    let site = Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [Gone](gone.md)\n")
        .file("content/a.md", "# A\n");
    site.build().success().stderr_contains("content/SUMMARY.md:4:10").stderr_contains("`gone.md` does not exist");
}

#[test]
fn a_category_beside_a_page_of_its_folders_url_makes_no_section() {
    let site = Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/guide.md", "# Guide\n\nThe guide's own page.\n")
        .file("content/guide/_category_.json", "{\"label\": \"Guide\", \"position\": 1}")
        .file("content/guide/a.md", "# A\n");
    let out = site.build().success();
    assert!(out.read("public/guide/index.html").contains("The guide's own page."));
}
