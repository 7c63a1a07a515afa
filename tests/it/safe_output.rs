//! versa writes only inside its output folder, and deletes or replaces only what it wrote
//! (issue 8, items 1 and 2). Every test also checks that nothing appeared beside the output.

use std::path::Path;

use crate::support::{tree, Site};

/// The names in a folder, sorted.
fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn with_slug(slug: &str) -> Site {
    Site::new()
        .page("content/a.md", "A", "")
        .file("content/x.md", format!("+++\ntitle = \"X\"\nslug = \"{slug}\"\n+++\n"))
}

/// A bad slug is an error at its front-matter line, in `check` and `build` alike, and nothing
/// is written anywhere: not in the site's folder, which is the output's parent.
#[track_caller]
fn refused_slug(site: &Site, file: &str, slug_shown: &str) {
    let before = entries(site.root());
    for command in ["check", "build"] {
        site.run(&[command])
            .failure(1)
            .stderr_contains(&format!("error: the slug {slug_shown}"))
            .stderr_contains(&format!("--> {file}:3:1"))
            .stderr_contains("help: a slug is one URL segment");
        assert_eq!(entries(site.root()), before, "`{command}` wrote beside the site's files");
    }
}

#[test]
fn dot_dot_slug_never_writes_above_the_output() {
    refused_slug(&with_slug(".."), "content/x.md", "\"..\"");
}

#[test]
fn dot_slug_never_replaces_the_home_page() {
    refused_slug(&with_slug("."), "content/x.md", "\".\"");
}

#[test]
fn slugs_that_are_not_one_safe_segment_are_refused() {
    let long = "a".repeat(300);
    for (slug, shown) in [
        ("a\\u0000b", "\"a\\0b\"".to_string()),
        ("a\\\\b", "\"a\\\\b\"".to_string()),
        ("50%", "\"50%\"".to_string()),
        ("why?", "\"why?\"".to_string()),
        ("a#b", "\"a#b\"".to_string()),
        ("two words", "\"two words\"".to_string()),
        ("con", "\"con\"".to_string()),
        (&long, format!("{long:?}")),
    ] {
        refused_slug(&with_slug(slug), "content/x.md", &shown);
    }
}

/// A slug with a `/` is a Docusaurus path (`slug: /`, `slug: a/b`): a warning, and the page
/// keeps its file's URL, so nothing is written at the path.
#[test]
fn path_slugs_are_ignored_with_a_warning() {
    for slug in ["a/b", "/", "../../up", "/guide/intro"] {
        let out = with_slug(slug).build();
        let out = out
            .stderr_contains(&format!("warning: the slug `{slug}` is a path"))
            .stderr_contains("--> content/x.md:3:1");
        assert!(out.exists("public/x/index.html"), "the page keeps the URL of its file");
        assert!(!out.exists("public/a/b") && !out.exists("up"), "nothing at the path");
    }
}

#[test]
fn slugs_never_take_a_name_versa_writes() {
    for name in ["index.html", "404.html", "robots.txt", "sitemap.xml", "assets", "__versa"] {
        refused_slug(&with_slug(name), "content/x.md", &format!("{name:?}"));
    }
}

/// Every name a build writes at the top of the site is refused as a slug, so the reserved list
/// cannot fall behind what the build writes.
#[test]
fn every_name_at_the_top_of_a_build_is_reserved() {
    let built = Site::new().page("content/a.md", "A", "");
    built.build();
    let top = entries(&built.path("public"));
    assert!(top.len() >= 5, "{top:?}");
    for name in top.iter().filter(|name| *name != "a") {
        let site = with_slug(name);
        site.run(&["check"]).failure(1).stderr_contains(&format!("error: the slug \"{name}\""));
    }
}

#[test]
fn section_slugs_are_checked_too() {
    let site = Site::new().file("content/docs/_index.md", "+++\ntitle = \"Docs\"\nslug = \"..\"\n+++\n").page(
        "content/docs/a.md",
        "A",
        "",
    );
    refused_slug(&site, "content/docs/_index.md", "\"..\"");
}

#[test]
fn a_page_named_like_a_file_beside_it_is_an_error_naming_both() {
    let site = Site::new()
        .file("content/photo.png", "png")
        .file("content/x.md", "+++\ntitle = \"X\"\nslug = \"photo.png\"\n+++\n");
    site.run(&["build"])
        .failure(1)
        .stderr_contains("error: `content/photo.png` writes the file `photo.png`, but `content/x.md` needs a folder");
    assert!(!site.path("public").exists());
}

#[test]
fn an_output_path_that_would_climb_out_is_refused_with_its_source() {
    // On Linux a backslash is an ordinary character; on Windows `a\..\..\x` climbs out.
    let site = Site::new().page("content/a.md", "A", "").file("static/a\\..\\..\\escape.txt", "x");
    let before = entries(site.root());
    for command in ["check", "build"] {
        site.run(&[command])
            .failure(1)
            .stderr_contains("error: refusing to write `a/../../escape.txt`")
            .stderr_contains("static/a/../../escape.txt");
        assert_eq!(entries(site.root()), before, "`{command}` wrote outside the output");
    }
}

/// A folder versa did not build, holding someone's files.
fn unrelated_folder(site: &Site) -> std::path::PathBuf {
    site.write("elsewhere/.ssh/id_rsa", "secret");
    site.write("elsewhere/notes.txt", "mine");
    site.path("elsewhere")
}

#[test]
fn an_unrelated_folder_is_never_emptied() {
    let site = Site::new().page("content/a.md", "A", "");
    let output = unrelated_folder(&site);
    let (before, files) = (entries(site.root()), tree(&output));
    site.run(&["build", "--output", output.to_str().unwrap()])
        .failure(2)
        .stderr_contains("is not empty and was not built by versa")
        .stderr_contains("choose a new or empty folder with --output, or remove it yourself");
    assert!(tree(&output) == files, "the folder changed");
    assert_eq!(entries(site.root()), before, "something was written beside the output");
}

#[test]
fn an_output_that_is_a_file_is_never_replaced() {
    let site = Site::new().page("content/a.md", "A", "").file("site.html", "my own page");
    let before = entries(site.root());
    site.run(&["build", "--output", site.path("site.html").to_str().unwrap()])
        .failure(2)
        .stderr_contains("is a file, not a folder");
    assert_eq!(std::fs::read_to_string(site.path("site.html")).unwrap(), "my own page");
    assert_eq!(entries(site.root()), before, "something was written beside the output");
}

#[cfg(unix)]
#[test]
fn an_output_that_is_a_symlink_is_never_replaced() {
    let site = Site::new().page("content/a.md", "A", "");
    let target = unrelated_folder(&site);
    std::os::unix::fs::symlink(&target, site.path("public")).unwrap();
    let (before, files) = (entries(site.root()), tree(&target));
    site.run(&["build"]).failure(2).stderr_contains("is a symbolic link");
    assert!(std::fs::symlink_metadata(site.path("public")).unwrap().file_type().is_symlink());
    assert!(tree(&target) == files, "the link's folder changed");
    assert_eq!(entries(site.root()), before);
}

#[test]
fn an_output_whose_parent_is_a_file_fails_before_anything_changes() {
    // Root ignores permissions, but not a file where a folder should be.
    let site = Site::new().page("content/a.md", "A", "").file("blocker", "a file");
    let before = entries(site.root());
    site.run(&["build", "--output", site.path("blocker/public").to_str().unwrap()])
        .failure(2)
        .stderr_contains("the output `")
        .stderr_contains("blocker/public` cannot be made: a file is in the way");
    assert_eq!(std::fs::read_to_string(site.path("blocker")).unwrap(), "a file");
    assert_eq!(entries(site.root()), before);
}

#[test]
fn files_added_to_versas_output_are_never_deleted() {
    let site = Site::new().page("content/a.md", "A", "");
    site.build();
    site.write("public/notes.txt", "mine");
    let files = tree(&site.path("public"));
    site.run(&["build"])
        .failure(2)
        .stderr_contains("holds files versa did not write (`notes.txt`)")
        .stderr_contains("move them out");
    assert!(tree(&site.path("public")) == files, "the output changed");
}

#[test]
fn empty_and_new_folders_are_fine_and_rebuilds_keep_working() {
    let site = Site::new().page("content/a.md", "A", "").page("content/b.md", "B", "");
    std::fs::create_dir_all(site.path("public")).unwrap();
    site.build();
    assert!(site.path("public/b/index.html").exists());
    site.remove("content/b.md");
    site.build();
    assert!(!site.path("public/b/index.html").exists(), "a page whose source is gone stays");
    assert_eq!(
        entries(site.root()),
        [".public.versa-manifest", ".public.versa-spare", "content", "public", "site.toml"]
    );
}

/// A `public/` built before versa wrote manifests is known by its files and rebuilt.
#[test]
fn an_output_built_by_an_older_versa_is_rebuilt() {
    let site = Site::new().page("content/a.md", "A", "");
    site.build();
    std::fs::remove_file(site.path(".public.versa-manifest")).unwrap();
    site.build();
    assert!(site.path(".public.versa-manifest").exists());
    std::fs::remove_file(site.path(".public.versa-manifest")).unwrap();
    site.write("public/.git/HEAD", "ref: refs/heads/gh-pages");
    site.run(&["build"]).failure(2).stderr_contains("`.git/HEAD`");
    assert!(site.path("public/.git/HEAD").exists());
}
