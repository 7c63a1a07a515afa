//! Search: the Pagefind index `versa build` writes under the base path, what `[search]` and
//! front matter leave out, located config errors, deterministic output, and `versa serve`
//! indexing in the background.

use std::time::{Duration, Instant};

use crate::serve::client::Serve;
use crate::support::{page, tree, Site, SITE_TOML};

/// How many pages the index holds, from `pagefind-entry.json` (one language: `en`).
fn indexed(json: &str) -> usize {
    let at = json.find("\"page_count\":").unwrap_or_else(|| panic!("no page_count in {json}")) + 13;
    json[at..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().expect("a count")
}

fn site(search: &str) -> Site {
    Site::empty()
        .file("site.toml", format!("{SITE_TOML}{search}"))
        .page("content/_index.md", "Home", "Welcome.\n")
        .page("content/guides/_index.md", "Guides", "All the guides.\n")
        .page("content/guides/first.md", "First guide", "The first guide mentions zebras.\n")
        .page("content/legal.md", "Legal", "Terms.\n")
        .page("content/notes/_index.md", "Notes", "Notes.\n")
        .page("content/notes/one.md", "One note", "A note.\n")
        .file("content/hidden.md", "+++\ntitle = \"Hidden\"\nsearch = false\n+++\nNot for search.\n")
}

#[test]
fn the_index_lives_under_the_base_path() {
    let site = site("").file("site.toml", SITE_TOML.replace("https://example.com/", "https://example.com/docs/"));
    let out = site.build();
    for file in ["pagefind.js", "pagefind-worker.js", "pagefind-entry.json", "wasm.unknown.pagefind"] {
        assert!(out.exists(&format!("public/pagefind/{file}")), "{file}");
    }
    let built = tree(&site.path("public/pagefind"));
    assert!(built.keys().any(|p| p.starts_with("fragment")) && built.keys().any(|p| p.starts_with("index")));
    assert!(!built.keys().any(|p| p.to_string_lossy().contains("-ui")), "Pagefind's own UIs are left out");
    // Every page but the one with `search = false`: home, 2 sections, 3 pages.
    assert_eq!(indexed(&out.read("public/pagefind/pagefind-entry.json")), 6);
    let html = out.html("public/guides/first/index.html");
    let button = html.one("button[data-search-open]");
    assert_eq!(button.value().attr("data-search-index"), Some("/docs/pagefind/pagefind.js"));
    assert!(button.value().attr("data-search-ui").is_some_and(|s| s.starts_with("/docs/assets/search.js?v=")));
    assert!(button.value().attr("hidden").is_some(), "shown by JavaScript only");
    assert_eq!(html.select_all("[data-body][data-pagefind-body]").len(), 1, "only the body is indexed");
    let manifest = std::fs::read_to_string(site.path(".public.versa-manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "pagefind/pagefind-entry.json"), "versa owns the index files");
}

#[test]
fn mkdocs_search_exclude_leaves_a_page_out() {
    let site = site("")
        .file("content/mk.md", "---\ntitle: MkDocs page\nsearch:\n  exclude: true\n---\nExcluded.\n")
        .file("content/boosted.md", "---\ntitle: Boosted\nsearch:\n  boost: 2\n---\nStill indexed.\n");
    let out = site.build();
    // The six of the base site, and the boosted page.
    assert_eq!(indexed(&out.read("public/pagefind/pagefind-entry.json")), 7);
}

#[test]
fn mkdocs_search_boost_weighs_the_body() {
    let site = site("")
        .file("content/boosted.md", "---\ntitle: Boosted\nsearch:\n  boost: 2.5\n---\nZebras here.\n")
        .file("content/loud.md", "---\ntitle: Loud\nsearch: { boost: 40 }\n---\nLoud.\n")
        .file("content/odd.md", "---\ntitle: Odd\nsearch:\n  boost: high\n---\nOdd.\n")
        .file("content/guides/_index.md", "---\ntitle: Guides\nsearch: { boost: 0 }\n---\nAll.\n");
    let out = site.build();
    let weight = |path: &str| {
        let html = out.html(path);
        html.one("[data-body]").value().attr("data-pagefind-weight").map(str::to_string)
    };
    assert_eq!(weight("public/boosted/index.html").as_deref(), Some("2.5"));
    assert_eq!(weight("public/loud/index.html").as_deref(), Some("10"), "clamped to Pagefind's 0–10");
    assert_eq!(weight("public/odd/index.html"), None, "not a number: ignored");
    assert_eq!(weight("public/guides/index.html").as_deref(), Some("0"), "sections too");
    assert_eq!(weight("public/legal/index.html"), None, "no boost, no attribute");
    out.stderr_contains("content/loud.md:3:1")
        .stderr_contains("the search boost 40 is outside 0 to 10; versa uses 10")
        .stderr_contains("content/odd.md:3:1")
        .stderr_contains("the search boost is not a number");
}

#[test]
fn search_can_be_turned_off() {
    let out = site("\n[search]\nenabled = false\n").build();
    assert!(!out.exists("public/pagefind"));
    assert!(out.html("public/guides/first/index.html").select_all("[data-search-open]").is_empty());
}

#[test]
fn excluded_pages_stay_out_of_the_index() {
    let out = site("\n[search]\nexclude = [\"legal.md\", \"notes\", \"/guides/\"]\n").build();
    // Home only: legal by file, notes and guides (sections and pages) by folder and URL.
    assert_eq!(indexed(&out.read("public/pagefind/pagefind-entry.json")), 1);
    let out = site("\n[search]\nexclude = [\"**/one.md\", \"g*/_index.md\"]\n").build();
    assert_eq!(indexed(&out.read("public/pagefind/pagefind-entry.json")), 4);
}

#[test]
fn bad_search_config_is_located() {
    site("\n[search]\nenabeld = false\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("unknown key `enabeld`")
        .stderr_contains("site.toml:14:1")
        .stderr_contains("did you mean `enabled`?");
    site("\n[search]\nexclude = [\"ok.md\", \"../up.md\"]\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("`exclude` entry `../up.md` has a `.` or `..` part")
        .stderr_contains("site.toml:14:21");
    site("\n[search]\nexclude = \"legal.md\"\n").run(&["build"]).failure(1).stderr_contains("site.toml:14:");
    site("\n[search]\npages_per_index = 0\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("`pages_per_index` must be at least 1")
        .stderr_contains("site.toml:14:1");
}

/// The pages each part of the index holds, by its folder below `public/pagefind/`, from
/// `parts.json` and each part's entry file.
fn parts(out: &crate::support::Outcome) -> Vec<(String, usize)> {
    let listed: Vec<String> = serde_json::from_str(&out.read("public/pagefind/parts.json")).expect("a list of folders");
    std::iter::once(String::new())
        .chain(listed)
        .map(|folder| {
            let count = indexed(&out.read(&format!("public/pagefind/{folder}pagefind-entry.json")));
            (folder, count)
        })
        .collect()
}

#[test]
fn a_large_index_is_written_in_parts_that_share_one_script() {
    let site = site("\n[search]\npages_per_index = 2\n");
    let out = site.build();
    // Six pages to index, two to a part, in the site's order.
    assert_eq!(parts(&out), [("".into(), 2), ("2/".into(), 2), ("3/".into(), 2)]);
    for folder in ["2", "3"] {
        assert!(!out.exists(&format!("public/pagefind/{folder}/pagefind.js")), "one script for all parts");
        let part = tree(&site.path(&format!("public/pagefind/{folder}")));
        assert!(part.keys().any(|p| p.starts_with("fragment")) && part.keys().any(|p| p.starts_with("index")));
    }
    let manifest = std::fs::read_to_string(site.path(".public.versa-manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "pagefind/3/pagefind-entry.json"), "versa owns every part");
    let first = tree(&site.path("public"));
    site.build();
    assert_eq!(first, tree(&site.path("public")), "the same parts, byte for byte");

    // Fewer, larger parts: the folders of the old ones go.
    site.write("site.toml", format!("{SITE_TOML}\n[search]\npages_per_index = 4\n"));
    let out = site.build();
    assert_eq!(parts(&out), [("".into(), 4), ("2/".into(), 2)]);
    assert!(!site.path("public/pagefind/3").exists(), "the third part is gone");
    // The default, 2000: one part, and an empty list.
    site.write("site.toml", SITE_TOML);
    let out = site.build();
    assert_eq!(parts(&out), [("".into(), 6)]);
}

#[test]
fn the_search_folder_is_versas() {
    site("")
        .file("static/pagefind/mine.js", "x")
        .run(&["build"])
        .failure(1)
        .stderr_contains("`static/pagefind/mine.js` is in `pagefind/`, the folder of the search index");
    site("").page("content/pagefind.md", "Pagefind", "").run(&["build"]).failure(1).stderr_contains("the search index");
}

#[test]
fn two_builds_with_search_are_byte_identical() {
    // Enough pages that both threads render at once and finish them in varying orders, with
    // code blocks (the index gets them without their highlighting spans), in parts of seven.
    let mut site = site("\n[search]\npages_per_index = 7\n");
    for i in 0..60 {
        let body = format!("Page {i} about otters.\n\n```rust\nfn otter_{i}() -> u32 {{ {i} }}\n```\n");
        site = site.page(&format!("content/many/p{i:02}.md"), &format!("Otter {i}"), &body);
    }
    site.build();
    let first = tree(&site.path("public"));
    site.build();
    assert_eq!(first, tree(&site.path("public")));
}

#[test]
fn serve_indexes_in_the_background_and_follows_edits() {
    let site = site("");
    let serve = Serve::start(site.root(), &[]);
    let count = || {
        let reply = serve.get("/pagefind/pagefind-entry.json");
        (reply.status == 200).then(|| indexed(&reply.body))
    };
    let wait_for = |want: usize| {
        let deadline = Instant::now() + Duration::from_secs(20);
        while count() != Some(want) {
            assert!(Instant::now() < deadline, "the index never held {want} pages: {:?}", count());
            std::thread::sleep(Duration::from_millis(50));
        }
    };
    wait_for(6);
    assert_eq!(serve.get("/pagefind/pagefind.js").status, 200);
    let events = serve.events();
    events.wait("hello", |_| true);
    site.write("content/guides/second.md", page("Second guide", "Giraffes.\n"));
    events.wait("build", |_| true);
    wait_for(7);
}

#[test]
fn serve_indexes_a_large_site_in_parts() {
    let site = site("\n[search]\npages_per_index = 4\n");
    let serve = Serve::start(site.root(), &[]);
    let counts = || -> Option<Vec<usize>> {
        let listed = serve.get("/pagefind/parts.json");
        let folders: Vec<String> = serde_json::from_str(&listed.body).ok()?;
        std::iter::once(String::new())
            .chain(folders)
            .map(|folder| {
                let reply = serve.get(&format!("/pagefind/{folder}pagefind-entry.json"));
                (reply.status == 200).then(|| indexed(&reply.body))
            })
            .collect()
    };
    let deadline = Instant::now() + Duration::from_secs(20);
    while counts() != Some(vec![4, 2]) {
        assert!(Instant::now() < deadline, "the index never came in parts of 4 and 2: {:?}", counts());
        std::thread::sleep(Duration::from_millis(50));
    }
}
