//! The page frame: the sidebar's section tree, `[[menu]]` links, `logo` and `favicon`.

use crate::support::{text, Site, SITE_TOML};

fn site() -> Site {
    Site::new()
        .page("content/_index.md", "Home", "Welcome.\n")
        .file(
            "content/guides/_index.md",
            "+++\ntitle = \"All the guides\"\nnav_title = \"Guides\"\nweight = 1\n+++\nGuides.\n",
        )
        .file(
            "content/guides/first.md",
            "+++\ntitle = \"First guide\"\nnav_title = \"First\"\nweight = 1\n+++\nText.\n",
        )
        .file("content/guides/second.md", "+++\ntitle = \"Second\"\nweight = 2\n+++\nText.\n")
        .file("content/guides/deep/_index.md", "+++\ntitle = \"Deep\"\n+++\nDeep.\n")
        .file("content/guides/deep/inner.md", "+++\ntitle = \"Inner\"\n+++\nText.\n")
        .file("content/faq.md", "+++\ntitle = \"FAQ\"\nweight = 2\n+++\nText.\n")
}

/// `site.toml` with top-level keys before the contender tables, so they stay top-level (line 1).
fn with_top(keys: &str) -> String {
    format!("{keys}\n{SITE_TOML}")
}

#[test]
fn the_sidebar_lists_every_section_and_page_in_order_and_marks_the_current_one() {
    let out = site().build().success();
    let html = out.html("public/guides/second/index.html");
    let links = html.attrs("nav[data-sidebar] a", "href");
    assert_eq!(
        links,
        ["/guides/", "/guides/first/", "/guides/second/", "/guides/deep/", "/guides/deep/inner/", "/faq/"]
    );
    assert_eq!(html.texts("nav[data-sidebar] a")[1], "First", "pages are named by their nav_title");
    assert_eq!(html.texts("nav[data-sidebar] summary"), ["Guides", "Deep"]);
    assert_eq!(html.attrs("nav[data-sidebar] [aria-current=page]", "href"), ["/guides/second/"]);
    // The groups around the current page are open, the others closed.
    let open: Vec<bool> =
        html.select_all("nav[data-sidebar] details").iter().map(|d| d.attr("open").is_some()).collect();
    assert_eq!(open, [true, false]);
    let deep = out.html("public/guides/deep/inner/index.html");
    let open: Vec<bool> =
        deep.select_all("nav[data-sidebar] details").iter().map(|d| d.attr("open").is_some()).collect();
    assert_eq!(open, [true, true]);
    // The 404 page shows the tree with nothing current.
    let not_found = out.html("public/404.html");
    assert_eq!(not_found.attrs("nav[data-sidebar] a", "href").len(), 6);
    assert!(not_found.select_all("nav[data-sidebar] [aria-current]").is_empty());
}

#[test]
fn on_a_large_site_each_page_shows_its_own_group_and_neighbours_only() {
    // 2 × 130 pages: over the 200 links that every page shows in full.
    let mut site = Site::new().page("content/a/_index.md", "Alpha", "A.\n").page("content/b/_index.md", "Beta", "B.\n");
    for n in 0..130 {
        for section in ["a", "b"] {
            let body = "Text.\n";
            site = site.file(
                &format!("content/{section}/p{n:03}.md"),
                format!("+++\ntitle = \"{section} {n}\"\nweight = {n}\n+++\n{body}"),
            );
        }
    }
    let out = site.build();
    let html = out.html("public/a/p060/index.html");
    let links = html.attrs("nav[data-sidebar] a", "href");
    let (in_a, in_b): (Vec<&String>, Vec<&String>) = links.iter().partition(|l| l.starts_with("/a/"));
    assert_eq!(in_b, ["/b/"], "a closed group shows its section's own link");
    assert_eq!(in_a.len(), 1 + 51, "the section's link and 25 pages on each side of the current one");
    assert!(in_a.contains(&&"/a/p035/".to_string()) && in_a.contains(&&"/a/p085/".to_string()));
    assert!(!in_a.contains(&&"/a/p034/".to_string()) && !in_a.contains(&&"/a/p086/".to_string()));
    assert_eq!(html.attrs("nav[data-sidebar] [aria-current=page]", "href"), ["/a/p060/"]);
    let open: Vec<bool> =
        html.select_all("nav[data-sidebar] details").iter().map(|d| d.attr("open").is_some()).collect();
    assert_eq!(open, [true, false]);
    // Near the top, the window starts at the first page.
    let first = out.html("public/b/p000/index.html");
    assert_eq!(first.attrs("nav[data-sidebar] a", "href").iter().filter(|l| l.starts_with("/b/")).count(), 1 + 26);
}

#[test]
fn the_sidebar_follows_the_base_path() {
    let out = site().run(&["build", "--base-url", "https://example.org/docs/"]).success();
    let html = out.html("public/faq/index.html");
    assert_eq!(html.attrs("nav[data-sidebar] [aria-current=page]", "href"), ["/docs/faq/"]);
}

#[test]
fn menu_links_are_in_the_header_and_the_phone_menu() {
    let toml = format!(
        "{SITE_TOML}\n[[menu]]\nname = \"Repository\"\nurl = \"https://github.com/o/r\"\n\n[[menu]]\nname = \"Guides\"\nurl = \"/guides/\"\n\n[[menu]]\nname = \"Mirror\"\nurl = \"https://mirror.example/\"\nexternal = false\n"
    );
    let out = site().file("site.toml", toml).run(&["build", "--base-url", "https://example.org/docs/"]).success();
    let html = out.html("public/index.html");
    let header = html.attrs(".site-header nav a", "href");
    assert_eq!(header[header.len() - 3..], ["https://github.com/o/r", "/docs/guides/", "https://mirror.example/"]);
    let external = html.select_all(".site-header nav a[rel=external]");
    assert_eq!(external.len(), 1, "only the URL not marked `external = false`");
    assert_eq!(text(external[0]), "Repository (another site)");
    assert_eq!(
        html.attrs("nav[data-sidebar] .sidebar-links a", "href"),
        ["https://github.com/o/r", "/docs/guides/", "https://mirror.example/"],
        "the phone menu has them too"
    );
    assert!(html.select_all("details[data-menu] > summary").len() == 1, "a menu button that works without JavaScript");
}

#[test]
fn a_bad_menu_entry_is_a_located_error() {
    let toml = format!("{SITE_TOML}\n[[menu]]\nname = \"\"\nurl = \"javascript:alert(1)\"\n");
    site()
        .file("site.toml", toml)
        .run(&["build"])
        .failure(1)
        .stderr_contains("a `[[menu]]` entry has an empty `name`")
        .stderr_contains("site.toml:14:8")
        .stderr_contains("`[[menu]]` url `javascript:alert(1)` has a scheme other than `http`, `https` or `mailto`")
        .stderr_contains("site.toml:15:7");
    let toml = format!("{SITE_TOML}\n[[menu]]\nname = \"X\"\nlink = \"/\"\n");
    site().file("site.toml", toml).run(&["build"]).failure(1).stderr_contains("unknown key `link`");
}

#[test]
fn logo_and_favicon_are_files_of_static_with_a_version() {
    let site = site()
        .file("site.toml", with_top("logo = \"img/logo.svg\"\nfavicon = \"favicon.png\""))
        .file("static/img/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>")
        .file("static/favicon.png", b"\x89PNG");
    let out = site.run(&["build", "--base-url", "https://example.org/docs/"]).success();
    let html = out.html("public/faq/index.html");
    let logo = html.attrs(".site-title img", "src");
    assert!(logo.len() == 1 && logo[0].starts_with("/docs/img/logo.svg?v="), "{logo:?}");
    assert_eq!(html.attrs(".site-title img", "alt"), [""], "the title beside it names the link");
    assert!(html.select_all(".site-title svg").is_empty(), "the site's logo replaces the theme's");
    let icon = html.attrs("link[rel=icon]", "href");
    assert!(icon.len() == 1 && icon[0].starts_with("/docs/favicon.png?v="), "{icon:?}");
    assert!(out.exists("public/img/logo.svg") && out.exists("public/favicon.png"));
}

#[test]
fn without_logo_or_favicon_the_theme_draws_its_own() {
    let html = site().build().success().html("public/index.html");
    assert_eq!(html.select_all(".site-title svg.site-logo").len(), 1);
    assert!(html.attrs("link[rel=icon]", "href")[0].starts_with("data:image/svg+xml,"));
}

#[test]
fn a_missing_or_remote_logo_or_favicon_is_a_located_error() {
    site()
        .file("site.toml", with_top("logo = \"img/logo.svg\""))
        .run(&["build"])
        .failure(1)
        .stderr_contains("`logo` names `static/img/logo.svg`, which is not a file of the site")
        .stderr_contains("site.toml:1:8")
        .stderr_contains("`img/logo.svg` is the file `static/img/logo.svg`");
    site()
        .file("site.toml", with_top("favicon = \"https://cdn.example/icon.png\""))
        .run(&["build"])
        .failure(1)
        .stderr_contains("`favicon` `https://cdn.example/icon.png` is a URL; versa pages load nothing from other hosts")
        .stderr_contains("site.toml:1:11");
    site()
        .file("site.toml", with_top("favicon = \"../icon.png\""))
        .run(&["build"])
        .failure(1)
        .stderr_contains("has an empty, `.` or `..` part");
}

#[test]
fn contender_colours_are_one_rule_per_contender_escaped_in_rust() {
    let toml = SITE_TOML.replace("name = \"Beta\"", "name = \"Be\\\"ta</style>\"");
    let out = site().file("site.toml", toml).build().success();
    let page = out.read("public/index.html");
    let style = &page[page.find("<style>").unwrap()..page.find("</style>").unwrap()];
    assert!(
        style.contains("[data-contender=\"a\"], [data-compare-pane=\"Alpha\"] { --c: var(--contender-1); }"),
        "{style}"
    );
    assert!(style.contains("[data-compare-pane=\"Be\\\"ta\\3c /style\\3e \"] { --c: var(--contender-2); }"), "{style}");
}

/// versa draws the theme's sidebar tree itself (`site.sidebar_html`) unless a site template
/// reads `site.sidebar`; a copy of the theme's partial, one comment apart, takes the template's
/// loop. Both must give the same bytes, on a small site (the whole tree) and on a large one
/// (each page's window of neighbours).
#[test]
fn the_sidebar_drawn_natively_is_the_template_s() {
    let theme_partial =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/templates/partials/sidebar.html"))
            .expect("the theme's sidebar partial");
    let escaped = "+++\ntitle = \"Q&A\"\nnav_title = \"Q&A: <b>\\\"quoted\\\"</b> 'n' more\"\n+++\nText.\n";
    let mut large =
        Site::new().page("content/a/_index.md", "Alpha", "A.\n").page("content/b/_index.md", "Beta", "B.\n");
    for n in 0..150 {
        for section in ["a", "b"] {
            large = large.file(
                &format!("content/{section}/p{n:03}.md"),
                format!("+++\ntitle = \"{section} {n}\"\nweight = {n}\n+++\nText.\n"),
            );
        }
    }
    for (name, site) in [("small", site().file("content/guides/deep/q&a.md", escaped)), ("large", large)] {
        let out = site.build().success();
        let native = crate::support::tree(&site.path("public"));
        if name == "small" {
            let title = "Q&amp;A: &lt;b&gt;&quot;quoted&quot;&lt;/b&gt; &#39;n&#39; more</a>";
            assert!(out.read("public/guides/deep/inner/index.html").contains(title), "the title, escaped");
        }
        site.write("templates/partials/sidebar.html", format!("{{# a copy #}}{theme_partial}"));
        site.build().success();
        let looped = crate::support::tree(&site.path("public"));
        assert_eq!(native.keys().collect::<Vec<_>>(), looped.keys().collect::<Vec<_>>(), "{name}: the same files");
        let differing: Vec<_> =
            native.iter().filter(|(path, bytes)| looped[*path] != **bytes).map(|(p, _)| p).collect();
        assert!(differing.is_empty(), "{name}: {} files differ, the first {:?}", differing.len(), differing.first());
    }
}
