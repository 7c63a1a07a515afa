//! Every "A vs B" page: `[pairs] generate` builds one page per pair from the matrix, a redirect
//! for the other order, and a hub; `content/vs/` notes add to them; mistakes are located.

use versa::changes::ChangeSet;
use versa::site::{Options, Site as Built};

use crate::support::{Outcome, Site};

/// Three contenders, declared `a`, `b`, `c`.
const SITE: &str = r#"title = "Test Site"
base_url = "https://example.com/"

[contenders.a]
name = "Alpha"
summary = "The first."

[contenders.b]
name = "Beta"

[contenders.c]
name = "Gamma"
"#;

const MATRIX: &str = r#"[criteria.speed]
title = "Speed"
a = { value = "[+] Fast", verified = 2026-11-01, sources = [{ url = "https://alpha.example/bench", title = "Alpha benchmark" }] }
b = "[-] Slow"
c = { value = "[+] Fast too", sources = [{ url = "https://gamma.example/", title = "Gamma docs" }] }

[criteria.docs]
title = "Documentation"
a = "[~] Some"
b = "n/a"
c = "[+] Plenty"
"#;

fn site(pairs: &str) -> Site {
    Site::empty()
        .file("site.toml", format!("{SITE}\n[pairs]\n{pairs}\n"))
        .file("matrix.toml", MATRIX)
        .file("content/_index.md", "+++\ntitle = \"Home\"\n+++\nHello.\n")
        .file(
            "content/code.md",
            "+++\ntitle = \"Code\"\ndescription = \"Handlers\"\ncompare = [\"a\", \"c\"]\n+++\nText.\n",
        )
}

fn build(site: &Site, args: &[&str]) -> Outcome {
    site.run_with_env(args, &[("SOURCE_DATE_EPOCH", "1796126400")])
}

/// The exit code and stderr, with the temporary folder written `[SITE]`.
fn shown(site: &Site, outcome: &Outcome) -> String {
    let mut text = format!("exit code: {:?}\n{}", outcome.status.code(), outcome.stderr);
    for root in [site.root().to_path_buf(), site.root().canonicalize().expect("the site folder")] {
        text = text.replace(&root.display().to_string(), "[SITE]");
    }
    text
}

#[test]
fn all_pairs_get_a_page_a_redirect_and_a_place_in_the_hub() {
    let built = build(&site("generate = \"all\""), &["build"]).success().stderr_lacks("warning");
    assert!(built.stdout.contains(", 3 pair pages, "), "the closing line counts them: {}", built.stdout);
    for key in ["a-vs-b", "a-vs-c", "b-vs-c"] {
        let html = built.html(&format!("public/{key}/index.html"));
        assert_eq!(html.attrs("[data-pair]", "data-pair"), [key]);
    }
    let html = built.html("public/a-vs-c/index.html");
    assert_eq!(html.texts("h1"), ["Alpha vs Gamma"]);
    assert_eq!(html.attrs(".contender[data-contender]", "data-contender"), ["a", "c"], "both cards");
    assert_eq!(html.attrs("td[data-claim]", "data-claim"), ["speed/a", "speed/c", "docs/a", "docs/c"]);
    assert_eq!(html.attrs("td[data-claim]", "data-verdict"), ["plus", "plus", "partial", "plus"]);
    assert_eq!(html.attrs("a[data-source]", "href"), ["#source-1", "#source-2"], "numbered as on other pages");
    assert_eq!(html.attrs("[data-sources] li", "id"), ["source-1", "source-2"]);
    assert_eq!(html.texts("[data-sources] time[data-verified]"), ["2026-11-01"]);
    assert_eq!(html.attrs(".card-title a", "href"), ["/code/"], "the page comparing both");
    assert!(built.html("public/a-vs-b/index.html").select_all(".card-title a").is_empty(), "no page shows a and b");

    let redirect = built.read("public/c-vs-a/index.html");
    assert!(redirect.contains("<link rel=\"canonical\" href=\"https://example.com/a-vs-c/\">"), "{redirect}");
    assert!(redirect.contains("<meta http-equiv=\"refresh\" content=\"0; url=/a-vs-c/\">"), "{redirect}");
    assert!(redirect.contains("<a href=\"/a-vs-c/\">Alpha vs Gamma</a>"), "{redirect}");

    let hub = built.html("public/vs/index.html");
    assert_eq!(hub.attrs("[data-pairs] a", "href"), ["/a-vs-b/", "/a-vs-c/", "/b-vs-c/"]);
    assert!(hub.attrs("nav[data-sidebar] a", "href").contains(&"/vs/".to_string()), "the sidebar shows the hub");
    assert!(built.html("public/index.html").attrs(".site-nav a", "href").contains(&"/vs/".to_string()));

    let sitemap = built.read("public/sitemap.xml");
    for loc in ["/vs/", "/a-vs-b/", "/a-vs-c/", "/b-vs-c/"] {
        assert!(sitemap.contains(&format!("<loc>https://example.com{loc}</loc>")), "{loc} in {sitemap}");
    }
    for loc in ["/b-vs-a/", "/c-vs-a/", "/c-vs-b/"] {
        assert!(!sitemap.contains(loc), "the redirect {loc} is left out of the sitemap");
    }
}

#[test]
fn a_list_builds_only_the_pairs_it_names() {
    let built = build(&site("generate = [\"b-vs-c\"]"), &["build"]).success();
    assert!(built.exists("public/b-vs-c/index.html") && built.exists("public/c-vs-b/index.html"));
    assert!(!built.exists("public/a-vs-b/index.html"));
    assert_eq!(built.html("public/vs/index.html").attrs("[data-pairs] a", "href"), ["/b-vs-c/"]);
}

#[test]
fn without_pairs_nothing_is_generated_and_content_vs_is_content() {
    let site =
        Site::empty().file("site.toml", SITE).file("content/vs/a-vs-b.md", "+++\ntitle = \"Mine\"\n+++\nBody.\n");
    let built = build(&site, &["build"]).success();
    assert!(built.exists("public/vs/a-vs-b/index.html"), "an ordinary page");
    assert!(!built.exists("public/a-vs-b/index.html"));
}

#[test]
fn pair_pages_are_searchable_and_redirects_are_not() {
    let built = build(&site("generate = \"all\""), &["build"]).success();
    assert_eq!(built.html("public/a-vs-b/index.html").select_all("[data-pagefind-body]").len(), 1);
    assert!(!built.read("public/b-vs-a/index.html").contains("pagefind"));
    assert!(built.read("public/b-vs-a/index.html").contains("noindex"));
}

#[test]
fn a_note_in_content_vs_adds_its_intro_and_verdict() {
    let note = "+++\ntitle = \"Alpha or Gamma?\"\ndescription = \"Our take.\"\n+++\n## Verdict\n\nPick **Gamma**.\n";
    let site = site("generate = \"all\"")
        .file("content/vs/a-vs-c.md", note)
        .file("content/vs/_index.md", "+++\ntitle = \"Head to head\"\n+++\nEvery pair.\n");
    let built = build(&site, &["build"]).success().stderr_lacks("warning");
    let html = built.html("public/a-vs-c/index.html");
    assert_eq!(html.texts("h1"), ["Alpha or Gamma?"]);
    assert_eq!(html.texts(".lead"), ["Our take."]);
    assert!(html.texts("[data-body] strong").contains(&"Gamma".to_string()));
    assert!(!built.exists("public/vs/a-vs-c/index.html"), "not a page of its own");
    let hub = built.html("public/vs/index.html");
    assert_eq!(hub.texts("h1"), ["Head to head"]);
    assert_eq!(hub.texts("[data-pair-link=\"a-vs-c\"] a"), ["Alpha or Gamma?"]);
    assert!(!built.read("public/sitemap.xml").contains("/vs/a-vs-c/"));
}

#[test]
fn generate_mistakes_are_located() {
    let site = site("generate = [\"a-vs-b\", \"a-vs-d\", \"a-vs-a\", \"c-vs-a\", \"a-vs-b\", \"alpha\"]");
    let outcome = build(&site, &["build"]).failure(1);
    insta::assert_snapshot!("pairs_generate_mistakes", shown(&site, &outcome));
    let word = crate::support::Site::empty().file("site.toml", format!("{SITE}\n[pairs]\ngenerate = \"every\"\n"));
    build(&word, &["build"]).failure(1).stderr_contains("site.toml:15:12").stderr_contains("not \"every\"");
}

#[test]
fn notes_for_no_generated_pair_are_located() {
    let site = site("generate = [\"a-vs-b\"]")
        .file("content/vs/b-vs-a.md", "+++\ntitle = \"Reversed\"\n+++\n")
        .file("content/vs/oops.md", "+++\ntitle = \"Oops\"\n+++\n");
    insta::assert_snapshot!("pairs_note_errors", shown(&site, &build(&site, &["build"]).failure(1)));
    let left_out = site.file("content/vs/b-vs-a.md", "").file("content/vs/oops.md", "");
    std::fs::remove_file(left_out.path("content/vs/b-vs-a.md")).expect("remove");
    std::fs::remove_file(left_out.path("content/vs/oops.md")).expect("remove");
    let left_out = left_out.file("content/vs/a-vs-c.md", "+++\ntitle = \"Later\"\n+++\n");
    build(&left_out, &["build"]).success().stderr_contains(
        "warning: `content/vs/a-vs-c.md` adds to the page of the pair `a-vs-c`, which `[pairs] generate` leaves out",
    );
    build(&left_out, &["build", "--strict"]).failure(1);
}

#[test]
fn a_page_where_a_pair_page_goes_is_an_error() {
    let site = site("generate = \"all\"").file("content/b-vs-c.md", "+++\ntitle = \"Taken\"\n+++\n");
    build(&site, &["build"]).failure(1).stderr_contains("both produce `b-vs-c/index.html`");
}

#[test]
fn editing_the_matrix_or_a_page_under_serve_equals_a_full_build() {
    let site = site("generate = \"all\"");
    let options = Options { root: site.root().to_path_buf(), base_url: None, drafts: false, cache_dir: None };
    let (mut built, mut report, _) = Built::build_in_memory(&options).expect("the fixture builds");
    // Each edit with the pair pages it must re-render: Beta's claim is on Beta's pairs; the
    // page is listed on the pages of the pairs it compares, before and after.
    let page = |description: &str, compare: &str| {
        format!("+++\ntitle = \"Code\"\ndescription = \"{description}\"\ncompare = [{compare}]\n+++\nText.\n")
    };
    let edits = [
        ("matrix.toml", MATRIX.replace("[-] Slow", "[~] Slower"), vec!["a-vs-b", "b-vs-c"]),
        ("content/code.md", page("Handlers, again", "\"a\", \"c\""), vec!["a-vs-c"]),
        ("content/code.md", page("Handlers, again", "\"b\", \"c\""), vec!["a-vs-c", "b-vs-c"]),
    ];
    let (_, _, first) = Built::build_in_memory(&options).expect("a full build");
    let mut served = first.files;
    for (path, text, pairs) in edits {
        site.write(path, &text);
        let mut changes = ChangeSet::new();
        changes.insert(site.root(), &site.path(path));
        let rebuilt = built.rebuild(&options, &changes, &mut report).expect("the rebuild succeeds");
        if rebuilt.complete {
            served.clear();
        }
        for gone in &rebuilt.removed {
            served.remove(gone);
        }
        assert!(!rebuilt.complete, "{path}: not a full rebuild");
        let rendered: Vec<&str> =
            rebuilt.files.keys().filter_map(|f| f.strip_suffix("/index.html")).filter(|f| f.contains("-vs-")).collect();
        assert_eq!(rendered, pairs, "the pair pages re-rendered after editing {path}");
        served.extend(rebuilt.files);
        let (_, _, full) = Built::build_in_memory(&options).expect("a full build");
        assert_eq!(served.keys().collect::<Vec<_>>(), full.files.keys().collect::<Vec<_>>(), "after {path}");
        for (file, bytes) in &full.files {
            assert!(served[file] == *bytes, "{file} differs from a full build after editing {path}");
        }
    }
}

/// A note whose body links into the site, well and badly.
const LINKING_NOTE: &str = "+++\ntitle = \"Alpha or Gamma?\"\n+++\n## Verdict\n\n\
Read [the code](../code.md), [its handlers](/code/#text) and [the other pair](/a-vs-b/).\n\n\
See [nothing](missing.md) and [nowhere](/nowhere/).\n";

#[test]
fn a_broken_link_in_a_note_is_located_as_in_a_page() {
    let site = site("generate = \"all\"")
        .file("content/code.md", "+++\ntitle = \"Code\"\ncompare = [\"a\", \"c\"]\n+++\n## Text\n")
        .file("content/vs/a-vs-c.md", LINKING_NOTE)
        .file("content/vs/_index.md", "+++\ntitle = \"Hub\"\n+++\nStart at [the home page](/home/).\n");
    let checked = build(&site, &["check"]).failure(1);
    insta::assert_snapshot!("pairs_note_links_check", shown(&site, &checked));
    let built = build(&site, &["build"]).success();
    assert_eq!(built.stderr.matches("warning: broken link").count(), 3, "{}", built.stderr);
    for located in ["content/vs/a-vs-c.md:8:15", "content/vs/a-vs-c.md:8:41", "content/vs/_index.md:4:26"] {
        assert!(built.stderr.contains(located), "build warns at {located}: {}", built.stderr);
    }
    assert!(built.stderr.contains("8 | See [nothing](missing.md)"), "with the code frame: {}", built.stderr);
    build(&site, &["build", "--strict"]).failure(1);
    let fixed = LINKING_NOTE.replace("[nothing](missing.md) and [nowhere](/nowhere/)", "[home](/)");
    let site = site.file("content/vs/a-vs-c.md", fixed).file("content/vs/_index.md", "+++\ntitle = \"Hub\"\n+++\n");
    build(&site, &["check"]).success().stdout_contains("4 internal links: no problems");
}

#[test]
fn links_to_pair_pages_the_hub_and_their_anchors_resolve() {
    let links = "[hub](/vs/) [pair](/a-vs-c/) [verdict](/a-vs-c/#verdict) [criteria](/a-vs-c/#criteria) \
                 [cited](/a-vs-c/#source-1) [code](/a-vs-c/#side-by-side) [reversed](/c-vs-a/) \
                 [by its note](vs/a-vs-c.md#verdict) [the hub's](vs/_index.md)";
    let site = site("generate = \"all\"")
        .file("content/vs/a-vs-c.md", "+++\ntitle = \"Alpha or Gamma?\"\n+++\n## Verdict\n\nGamma.\n")
        .file("content/vs/_index.md", "+++\ntitle = \"Hub\"\n+++\n")
        .file("content/links.md", format!("+++\ntitle = \"Links\"\n+++\n{links}\n"));
    build(&site, &["check"]).success().stdout_contains("9 internal links: no problems");
    let built = build(&site, &["build", "--strict"]).success();
    let hrefs = built.html("public/links/index.html").attrs("a[href*='vs']", "href");
    assert!(hrefs.ends_with(&["/a-vs-c/#verdict".to_string(), "/vs/".to_string()]), "{hrefs:?}");

    let broken = "[typo](/a-vs-c/#verdit) [gone](/a-vs-b/#verdict) [redirect](/c-vs-a/#criteria) [none](/a-vs-d/)";
    let site = site.file("content/links.md", format!("+++\ntitle = \"Links\"\n+++\n{broken}\n"));
    insta::assert_snapshot!("pairs_links_into_pair_pages", shown(&site, &build(&site, &["check"]).failure(1)));
}

#[test]
fn a_pair_template_that_lists_every_contender_still_gets_them() {
    // The theme's pair.html does not read `site.contenders`, so its pages skip them; a site's
    // own template that does, here through a partial it includes, gets all of them.
    let template =
        "{% extends \"base.html\" %}{% block content %}{% include \"partials/all.html\" %}{% endblock content %}";
    let all = "<p id=\"all\">{% for c in site.contenders %}{{ c.key }} {% endfor %}</p>";
    let site =
        site("generate = [\"a-vs-b\"]").file("templates/pair.html", template).file("templates/partials/all.html", all);
    let built = build(&site, &["build"]).success();
    assert_eq!(built.html("public/a-vs-b/index.html").texts("#all"), ["a b c"]);
}
