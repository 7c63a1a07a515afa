//! `versa build`: URLs, sections, drafts, templates, copied files, output guarantees.

use crate::support::{html_files, page, text, tree, Html, Site};

#[test]
fn pages_get_pretty_urls() {
    let out =
        Site::new().page("content/async.md", "Async", "Hello.\n").page("content/guide/deep.md", "Deep", "").build();
    assert_eq!(out.html("public/async/index.html").texts("h1"), ["Async"]);
    assert_eq!(out.html("public/guide/deep/index.html").texts("h1"), ["Deep"]);
    assert!(!out.exists("public/async.html"));
}

#[test]
fn yaml_front_matter_works_like_toml() {
    let out = Site::new().file("content/y.md", "---\ntitle: From YAML\ntags: [x, y]\n---\nBody.\n").build();
    let html = out.html("public/y/index.html");
    assert_eq!(html.texts("h1"), ["From YAML"]);
    assert_eq!(html.texts(".tag"), ["x", "y"]);
}

#[test]
fn section_lists_its_pages_by_weight_then_date_then_title() {
    let dated = |title: &str, date: &str| format!("+++\ntitle = \"{title}\"\ndate = {date}\n+++\n");
    let weighted = |title: &str, weight: u8| format!("+++\ntitle = \"{title}\"\nweight = {weight}\n+++\n");
    let out = Site::new()
        .page("content/s/_index.md", "The Section", "Intro text.\n")
        .page("content/s/banana.md", "Banana", "")
        .page("content/s/apple.md", "Apple", "")
        .file("content/s/old.md", dated("Older", "2020-01-01"))
        .file("content/s/new.md", dated("Newer", "2024-06-01"))
        .file("content/s/w2.md", weighted("Second", 2))
        .file("content/s/w1.md", weighted("First", 1))
        .build();
    let html = out.html("public/s/index.html");
    assert_eq!(html.texts("h1"), ["The Section"]);
    assert_eq!(html.texts(".prose p"), ["Intro text."]);
    assert_eq!(html.texts(".card-title a"), ["First", "Second", "Newer", "Older", "Apple", "Banana"]);
    assert_eq!(html.attrs(".card-title a", "href")[0], "/s/w1/");
}

#[test]
fn subsections_are_listed_and_nested() {
    let out = Site::new()
        .page("content/docs/_index.md", "Docs", "")
        .page("content/docs/api/_index.md", "API", "")
        .page("content/docs/api/get.md", "Get", "")
        .build();
    assert_eq!(out.html("public/docs/index.html").attrs(".card-title a", "href"), ["/docs/api/"]);
    assert_eq!(out.html("public/docs/api/index.html").attrs(".card-title a", "href"), ["/docs/api/get/"]);
    assert!(out.exists("public/docs/api/get/index.html"));
}

#[test]
fn slug_replaces_the_file_name_in_the_url() {
    let out = Site::new().file("content/x.md", "+++\ntitle = \"X\"\nslug = \"custom-url\"\n+++\n").build();
    assert!(out.exists("public/custom-url/index.html"));
    assert!(!out.exists("public/x"));
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = Site::new()
        .page("content/live.md", "Live", "")
        .file("content/wip.md", "+++\ntitle = \"Work in progress\"\ndraft = true\n+++\n");
    let out = site.build();
    assert!(!out.exists("public/wip"));
    assert!(!out.read("public/sitemap.xml").contains("/wip/"));
    assert!(!out.read("public/index.html").contains("Work in progress"));
    let out = site.run(&["build", "--drafts"]).success();
    assert_eq!(out.html("public/wip/index.html").texts("h1"), ["Work in progress"]);
}

#[test]
fn template_key_picks_a_site_template() {
    let out = Site::new()
        .file("templates/custom.html", "<p id=\"custom\">custom: {{ page.title }}</p>")
        .file("content/x.md", "+++\ntitle = \"X\"\ntemplate = \"custom.html\"\n+++\n")
        .page("content/y.md", "Y", "")
        .build();
    assert_eq!(out.html("public/x/index.html").texts("#custom"), ["custom: X"]);
    assert!(out.html("public/y/index.html").select_all("#custom").is_empty());
}

#[test]
fn files_beside_a_page_are_copied_beside_its_output() {
    let out = Site::new()
        .page("content/post/index.md", "Post", "![diagram](diagram.svg)\n")
        .file("content/post/diagram.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("content/guide/data.csv", "a,b\n")
        .page("content/guide/intro.md", "Intro", "[data](data.csv)\n")
        .build();
    assert_eq!(out.read("public/post/diagram.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    assert_eq!(out.read("public/guide/data.csv"), "a,b\n");
    let src = &out.html("public/post/index.html").attrs(".prose img", "src")[0];
    assert!(out.exists(&format!("public{src}")), "image src {src} does not point at the copy");
    let href = &out.html("public/guide/intro/index.html").attrs(".prose a", "href")[0];
    assert!(out.exists(&format!("public{href}")), "link {href} does not point at the copy");
}

#[test]
fn static_folder_is_copied_as_is() {
    let site = Site::new()
        .file("static/favicon.ico", [0u8, 1, 2, 255])
        .file("static/img/logo.svg", "<svg/>")
        .file("static/.hidden", "x");
    let out = site.build();
    assert_eq!(std::fs::read(site.path("public/favicon.ico")).ok(), Some(vec![0u8, 1, 2, 255]));
    assert_eq!(out.read("public/img/logo.svg"), "<svg/>");
    assert!(!out.exists("public/.hidden"));
}

#[test]
fn sitemap_robots_and_404_are_written() {
    let out = Site::new().page("content/a.md", "A", "").build();
    let sitemap = out.read("public/sitemap.xml");
    assert!(sitemap.contains("<loc>https://example.com/a/</loc>"), "{sitemap}");
    assert!(sitemap.contains("<loc>https://example.com/</loc>"), "{sitemap}");
    assert!(out.read("public/robots.txt").contains("Sitemap: https://example.com/sitemap.xml"));
    let not_found = out.html("public/404.html");
    assert_eq!(not_found.attrs("meta[name=robots]", "content"), ["noindex"]);
    assert!(!not_found.select_all("h1").is_empty());
}

#[test]
fn build_ends_with_a_summary_line() {
    let out = Site::new()
        .page("content/a.md", "A", "")
        .page("content/b.md", "B", "")
        .page("content/s/_index.md", "S", "")
        .file("static/x.txt", "x")
        .build();
    let last = out.stdout.trim_end().lines().last().unwrap_or_default().to_string();
    let (counts, time) = last.split_once(" in ").unwrap_or_else(|| panic!("no summary line: {last:?}"));
    assert_eq!(counts, "built 2 pages, 2 sections, 1 static file");
    let ms = time.strip_suffix(" ms").unwrap_or_else(|| panic!("no `N ms` in {last:?}"));
    assert!(ms.parse::<u64>().is_ok(), "{last:?}");
}

/// A site that exercises most of the pipeline, for output-level tests.
fn rich_site() -> Site {
    Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .page("content/a.md", "A", "## One\n\n```python\ndef f():\n    return 1\n```\n\n[b](b.md)\n")
        .page("content/b.md", "B", "::: note Heads up\nText.\n:::\n\n| x | y |\n|---|---|\n| 1 | 2 |\n")
        .page("content/s/_index.md", "S", "")
        .page("content/s/c.md", "C", "::: faq\n### Q?\nA.\n:::\n")
        .page("content/s/d.md", "D", "```rust\nfn main() {}\n```\n")
        .file("content/s/pic.svg", "<svg/>")
        .file("static/style.css", "body{}")
}

#[test]
fn two_builds_are_byte_identical() {
    let site = rich_site();
    site.run(&["build", "--output", site.path("one").to_str().unwrap()]).success();
    site.run(&["build", "--output", site.path("two").to_str().unwrap()]).success();
    assert!(!site.path("public").exists(), "--output was ignored");
    let (one, two) = (tree(&site.path("one")), tree(&site.path("two")));
    assert!(one.len() > 10, "suspiciously few files: {:?}", one.keys());
    assert_eq!(one.keys().collect::<Vec<_>>(), two.keys().collect::<Vec<_>>());
    for (path, bytes) in &one {
        assert!(two[path] == *bytes, "{} differs between two builds", path.display());
    }
}

/// Each rebuild of `public/` starts from the folder the one before replaced (the spare): after
/// every change, a page added, changed or removed, a page turned into a section, a static file
/// turned into a folder and back, and a failed build in between, it holds what a build into a
/// new folder holds, byte for byte.
#[test]
fn rebuilds_in_the_spare_folder_equal_fresh_builds() {
    let site = rich_site();
    let changes: [&dyn Fn(&Site); 7] = [
        &|_| {},
        &|s| s.write("content/new.md", page("New", "Fresh.\n")),
        &|s| {
            s.remove("content/b.md");
            s.write("content/b/_index.md", page("B now a section", ""));
            s.write("content/b/inner.md", page("Inner", ""));
            s.remove("static/style.css");
            s.write("static/style.css/nested.css", "p{}");
        },
        &|s| s.write("content/a.md", "+++\ntitle = \"A\"\nweight = = 1\n+++\n"),
        &|s| {
            s.write("content/a.md", page("A again", "Changed.\n"));
            std::fs::remove_dir_all(s.path("static/style.css")).unwrap();
            s.write("static/style.css", "body{color:red}");
        },
        &|s| {
            std::fs::remove_dir_all(s.path("content/b")).unwrap();
            s.write("content/b.md", page("B", ""));
            s.remove("content/new.md");
        },
        &|_| {},
    ];
    for (round, change) in changes.iter().enumerate() {
        change(&site);
        let fresh = site.path(&format!("fresh-{round}"));
        if round == 3 {
            let before = tree(&site.path("public"));
            site.run(&["build"]).failure(1);
            assert!(tree(&site.path("public")) == before, "the failed build changed public/");
            continue;
        }
        site.run(&["build", "--output", fresh.to_str().unwrap()]).success();
        site.build().success();
        if round > 0 {
            assert!(site.path(".public.versa-spare").is_dir(), "round {round}: no spare folder");
        }
        let (fresh, public) = (tree(&fresh), tree(&site.path("public")));
        assert_eq!(public.keys().collect::<Vec<_>>(), fresh.keys().collect::<Vec<_>>(), "round {round}");
        for (path, bytes) in &fresh {
            assert!(public[path] == *bytes, "round {round}: {} differs from a fresh build", path.display());
        }
    }
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = rich_site();
    site.build();
    site.build();
    assert_eq!(leftovers(&site), Vec::<String>::new(), "temporary folders left beside the output");
    let before = tree(&site.path("public"));
    site.write("content/a.md", "+++\ntitle = \"A\"\nweight = = 1\n+++\n");
    site.write("content/new.md", page("New", ""));
    site.run(&["build"]).failure(1).stderr_contains("content/a.md:3:");
    assert!(tree(&site.path("public")) == before, "the failed build changed public/");
    assert_eq!(leftovers(&site), Vec::<String>::new(), "temporary folders left beside the output");
}

/// Entries beside `public/` that a build made (staging or backup folders).
fn leftovers(site: &Site) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        // The manifest stays: it is how the next build knows `public/` is versa's; so does the
        // spare folder the next build starts from.
        .filter(|name| {
            name.contains("public")
                && !["public", ".public.versa-manifest", ".public.versa-spare"].contains(&name.as_str())
        })
        .collect()
}

#[test]
fn output_never_replaces_the_sites_own_folders() {
    for output in ["content", ""] {
        let site = Site::new().page("content/a.md", "A", "").file("static/s.txt", "keep");
        let out = site.run(&["build", "--output", site.path(output).to_str().unwrap()]);
        let shown = format!("`versa build --output {}`", site.path(output).display());
        assert!(site.path("content/a.md").is_file(), "{shown} deleted content/a.md");
        assert!(site.path("site.toml").is_file(), "{shown} deleted site.toml");
        assert!(site.path("static/s.txt").is_file(), "{shown} deleted static/s.txt");
        out.failure(2);
    }
}

#[test]
fn files_whose_source_is_gone_disappear_on_rebuild() {
    let site = Site::new().page("content/a.md", "A", "").page("content/b.md", "B", "").file("static/old.txt", "x");
    site.build();
    assert!(site.path("public/b/index.html").exists());
    site.remove("content/b.md");
    site.remove("static/old.txt");
    site.build();
    assert!(!site.path("public/b").exists());
    assert!(!site.path("public/old.txt").exists());
    assert!(site.path("public/a/index.html").exists());
}

#[test]
fn base_url_with_a_path_prefixes_every_root_relative_url() {
    let site = rich_site().page("content/links.md", "Links", "[abs](/a/) [file](a.md) [pic](s/pic.svg)\n");
    let out = site.run(&["build", "--base-url", "https://example.org/sub/"]).success();
    let mut checked = 0;
    for (path, html) in html_files(&site.path("public")) {
        for (css, attr) in [("a[href]", "href"), ("link[href]", "href"), ("script[src]", "src"), ("img[src]", "src")] {
            for url in html.attrs(css, attr).into_iter().filter(|u| u.starts_with('/')) {
                checked += 1;
                assert!(url.starts_with("/sub/"), "{}: {css} {url:?} is not under /sub/", path.display());
                let file = url.trim_start_matches("/sub/").split(['?', '#']).next().unwrap_or_default();
                let file =
                    if file.is_empty() || file.ends_with('/') { format!("{file}index.html") } else { file.into() };
                assert!(out.exists(&format!("public/{file}")), "{}: {url} leads nowhere", path.display());
            }
        }
    }
    assert!(checked > 20, "only {checked} root-relative URLs found");
    let canonical = out.html("public/a/index.html").attrs("link[rel=canonical]", "href");
    assert_eq!(canonical, ["https://example.org/sub/a/"]);
    assert!(out.read("public/sitemap.xml").contains("<loc>https://example.org/sub/a/</loc>"));
}

#[test]
fn a_site_template_overrides_the_theme() {
    let out = Site::new()
        .file(
            "templates/page.html",
            "<!doctype html><title>{{ page.title }}</title><main id=\"mine\">{{ page.content | safe }}</main>",
        )
        .page("content/a.md", "A", "Body text.\n")
        .page("content/s/_index.md", "S", "")
        .build();
    let html = out.html("public/a/index.html");
    assert_eq!(html.texts("#mine p"), ["Body text."]);
    assert!(html.select_all(".article-title").is_empty(), "the theme's page.html was used");
    // The other theme templates still apply.
    assert_eq!(out.html("public/s/index.html").texts(".article-title"), ["S"]);
}

#[test]
fn templates_get_page_site_toc_and_criteria() {
    let template = "<h1>{{ page.title }}</h1><p id=\"site\">{{ site.title }}</p>\
        <ul id=\"toc\">{% for h in page.toc %}<li>{{ h.id }}={{ h.title }}:{{ h.children | length }}</li>{% endfor %}</ul>\
        <ul id=\"rows\">{% for t in page.criteria %}{% for r in t.rows %}<li>{{ r.criterion }}\
        {% for c in r.cells %} {{ c.contender }}={{ c.verdict }}{% endfor %}</li>{% endfor %}{% endfor %}</ul>";
    let body = "## Intro\n\n### Detail\n\n## Speed\n\n::: criteria\n| Criterion | Alpha | Beta |\n|---|---|---|\n| Speed | [+] fast | [-] slow |\n:::\n";
    let out = Site::new()
        .file("templates/t.html", template)
        .file("content/x.md", format!("+++\ntitle = \"Ctx\"\ntemplate = \"t.html\"\n+++\n{body}"))
        .build();
    let html = out.html("public/x/index.html");
    assert_eq!(html.texts("h1"), ["Ctx"]);
    assert_eq!(html.texts("#site"), ["Test Site"]);
    assert_eq!(html.texts("#toc li"), ["intro=Intro:1", "speed=Speed:0"]);
    assert_eq!(html.texts("#rows li"), ["Speed a=plus b=minus"]);
}

#[test]
fn every_page_has_canonical_and_social_meta() {
    let site = rich_site();
    site.build();
    for (path, html) in html_files(&site.path("public")) {
        let shown = path.display();
        assert_eq!(html.select_all("meta[property='og:title']").len(), 1, "{shown}: og:title");
        assert_eq!(html.attrs("meta[name='twitter:card']", "content").len(), 1, "{shown}: twitter:card");
        if path.to_str() != Some("404.html") {
            let canonical = html.attrs("link[rel=canonical]", "href");
            let url = path.to_string_lossy().trim_end_matches("index.html").to_string();
            assert_eq!(canonical, [format!("https://example.com/{url}")], "{shown}: canonical");
        }
    }
    let html = Html::parse(&std::fs::read_to_string(site.path("public/a/index.html")).unwrap());
    assert_eq!(html.attrs("meta[property='og:title']", "content"), ["A · Test Site"]);
    assert_eq!(text(html.one("title")), "A · Test Site");
}

#[test]
fn the_bundled_example_is_well_formed_html() {
    let example = env!("CARGO_MANIFEST_DIR");
    let out = tempfile::tempdir().unwrap();
    let output = out.path().join("public");
    Site::empty().run(&["build", "--root", example, "--output", output.to_str().unwrap()]).success();
    // The checker itself must notice broken markup.
    assert!(!scraper::Html::parse_document("<!doctype html><p>a</b><table><p>x</table>").errors.is_empty());
    let mut problems = Vec::new();
    for entry in walkdir::WalkDir::new(&output) {
        let path = entry.unwrap().into_path();
        if path.extension().is_some_and(|e| e == "html") {
            let html = scraper::Html::parse_document(&std::fs::read_to_string(&path).unwrap());
            assert!(format!("{:?}", html.quirks_mode) == "NoQuirks", "{path:?} is in quirks mode");
            problems.extend(html.errors.iter().map(|e| format!("{}: {e}", path.display())));
        }
    }
    assert!(problems.is_empty(), "HTML parse errors:\n{}", problems.join("\n"));
}

#[test]
fn nav_title_shortens_navigation_and_breadcrumbs_only() {
    let site = Site::new()
        .file("content/guides/_index.md", "+++\ntitle = \"Guides for every framework\"\nnav_title = \"Guides\"\n+++\n")
        .file("content/guides/a.md", "+++\ntitle = \"A\"\n+++\nText.\n");
    let out = site.build();
    let page = out.html("public/guides/a/index.html");
    assert!(page.texts(".site-nav a").contains(&"Guides".to_string()), "{:?}", page.texts(".site-nav a"));
    assert!(page.texts(".breadcrumbs a").contains(&"Guides".to_string()), "{:?}", page.texts(".breadcrumbs a"));
    let section = out.html("public/guides/index.html");
    assert_eq!(section.texts("h1"), vec!["Guides for every framework".to_string()]);
}

#[test]
fn a_rebuild_keeps_unchanged_files_and_replaces_changed_ones() {
    use std::os::unix::fs::MetadataExt as _;
    let site = Site::new().page("content/same.md", "Same", "Unchanged.\n").page("content/edit.md", "Edit", "First.\n");
    site.build().success();
    let inode = |rel: &str| std::fs::metadata(site.path(rel)).unwrap().ino();
    let (same, edited) = (inode("public/same/index.html"), inode("public/edit/index.html"));
    site.write("content/edit.md", crate::support::page("Edit", "Second.\n"));
    site.build().success();
    assert_eq!(inode("public/same/index.html"), same, "an identical page keeps its file (and timestamp)");
    assert_ne!(inode("public/edit/index.html"), edited);
    assert!(site.build().read("public/edit/index.html").contains("Second."));
}
