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
    assert_eq!(sidebar, ["G", "Alpha chapter", "Beta chapter"]);
    let listed = out.html("public/index.html").attrs(".listing .card-title a", "href");
    assert_eq!(listed, ["/c/", "/a/", "/b/"], "the home page's listing in the same order");
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
    site.build()
        .success()
        .stderr_contains("content/SUMMARY.md:4:10")
        .stderr_contains("`gone.md` in SUMMARY.md is not a page in content/; the sidebar leaves it out");
    site.run(&["build", "--strict"]).failure(1);
}

#[test]
fn summary_md_is_the_table_of_contents_not_a_page() {
    let site = Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file("content/SUMMARY.md", "# Summary\n\n- [A](a.md)\n- [B](b.md)\n")
        .file("content/a.md", "# A\n\nThe [contents](SUMMARY.md) and [the next one](b.md).\n")
        .file("content/b.md", "# B\n\nThe category: [guide](guide/_category_.json).\n")
        .file("content/guide/_category_.json", "{\"label\": \"Guide\"}")
        .file("content/guide/c.md", "# C\n");
    let out = site.build().success();
    assert!(!out.exists("public/summary/index.html"), "no page for SUMMARY.md");
    assert!(!out.exists("public/SUMMARY.md"), "nor a copy of it");
    assert!(!out.exists("public/guide/_category_.json"));
    assert!(!out.read("public/sitemap.xml").contains("summary"), "{}", out.read("public/sitemap.xml"));
    assert_eq!(out.html("public/a/index.html").texts("nav[data-sidebar] a"), ["A", "B", "Guide", "C"]);
    out.stderr_contains("content/a.md:3:16")
        .stderr_contains("`SUMMARY.md` is the book's table of contents (mdBook's), read for the sidebar's order; versa publishes no page for it")
        .stderr_contains("content/b.md:3:23")
        .stderr_contains("`guide/_category_.json` is a Docusaurus category file");
    site.run(&["check"]).failure(1).stderr_contains("content/a.md:3:16");
}

#[test]
fn nested_chapters_in_a_folder_keep_their_order_and_a_part_in_one_folder_is_its_group() {
    let summary = "# Summary\n\n[Intro](intro.md)\n\n# User guide\n\n- [Install](guide/install.md)\n    - [On Linux](guide/os/linux.md)\n- [Use](guide/use.md)\n\n# Reference\n\n- [Commands](ref/commands.md)\n- [Zebra](zebra.md)\n\n---\n\n[Thanks](thanks.md)\n";
    let mut site = Site::new().file("content/SUMMARY.md", summary);
    for (file, title) in [
        ("intro.md", "Intro"),
        ("guide/install.md", "Installing"),
        ("guide/os/linux.md", "Linux"),
        ("guide/use.md", "Using"),
        ("ref/commands.md", "Commands"),
        ("zebra.md", "Zebra"),
        ("thanks.md", "Thanks"),
    ] {
        site = site.file(&format!("content/{file}"), format!("# {title}\n"));
    }
    let out = site.build().success();
    let reading = out.html("public/guide/use/index.html");
    let sidebar = reading.texts("nav[data-sidebar] a");
    // The part's folder is a group, its section's own page first; `ref/` shares its part
    // with `zebra.md`, so its chapters stay at the top, in SUMMARY.md's order.
    let expected = ["Intro", "User guide", "Install", "On Linux", "Use", "Commands", "Zebra", "Thanks"];
    assert_eq!(sidebar, expected);
    assert_eq!(reading.texts("nav[data-sidebar] summary"), ["User guide"], "one group, labelled by the part");
    assert_eq!(reading.attrs("nav[data-sidebar] details a", "href")[0], "/guide/");
    assert!(out.read("public/guide/index.html").contains("User guide"), "the group's own page");
    // Previous and next stay inside a section, as they do everywhere in versa.
    assert_eq!(out.html("public/guide/install/index.html").attrs("a[rel=next]", "href"), ["/guide/os/linux/"]);
    let commands = out.html("public/ref/commands/index.html");
    assert_eq!(
        (commands.attrs("a[rel=prev]", "href"), commands.attrs("a[rel=next]", "href")),
        (vec!["/intro/".to_string()], vec!["/zebra/".to_string()])
    );
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
