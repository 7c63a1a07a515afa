//! Comparisons as data: `matrix.toml` drives criteria tables, a criterion page's own row and the
//! "Sources" list; its mistakes are located errors, its stale claims located warnings, and the
//! day of the build never reaches the HTML.

use versa::changes::ChangeSet;
use versa::site::{Options, Site as Built};

use crate::support::{tree, Outcome, Site};

/// 2026-12-01 and 2028-01-01, at noon UTC.
const DEC_2026: &str = "1796126400";
const JAN_2028: &str = "1830340800";

/// Two criteria for the fixture's contenders `a` (Alpha 1.0) and `b` (Beta).
const MATRIX: &str = r#"[criteria.speed]
title = "Speed"
description = "How fast it *runs*."
page = "speed.md"
a = { value = "[+] Fast", verified = 2026-11-01, version = "1.0", sources = [{ url = "https://alpha.example/bench", title = "Alpha benchmark" }] }
b = "[-] Slow"

[criteria.docs]
title = "Documentation"
a = "[~] Some, see [speed](speed.md)"
b = "n/a"
"#;

fn site(matrix: &str) -> Site {
    Site::new()
        .file("matrix.toml", matrix)
        .file("content/speed.md", "+++\ntitle = \"Speed\"\ncriterion = \"speed\"\n+++\nWhy speed matters.\n")
        .page("content/index-of-all.md", "All", "::: criteria\n:::\n")
}

fn build(site: &Site, args: &[&str]) -> Outcome {
    site.run_with_env(args, &[("SOURCE_DATE_EPOCH", DEC_2026)])
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
fn the_whole_matrix_as_a_table() {
    let built = build(&site(MATRIX), &["build"]).success().stderr_lacks("warning");
    let html = built.html("public/index-of-all/index.html");
    assert_eq!(html.attrs("table[data-criteria] tbody tr", "data-criterion"), ["speed", "docs"]);
    assert_eq!(
        html.attrs("td[data-claim]", "data-claim"),
        ["speed/a", "speed/b", "docs/a", "docs/b"],
        "claims in site.toml's contender order"
    );
    assert_eq!(html.attrs("td[data-claim]", "data-verdict"), ["plus", "minus", "partial"]);
    assert_eq!(html.attrs("tr[data-criterion=speed] th a", "href"), ["/speed/"], "the row links to its page");
    assert_eq!(html.attrs("td[data-claim=\"docs/a\"] a", "href"), ["/speed/"], "links resolve from content/");
    assert_eq!(html.texts("td[data-claim=\"docs/b\"]"), ["n/a"]);
}

#[test]
fn rows_and_contenders_choose_part_of_it() {
    let page = "::: criteria rows=\"docs, speed\" contenders=\"b\"\n:::\n";
    let built = build(&site(MATRIX).page("content/part.md", "Part", page), &["build"]).success();
    let html = built.html("public/part/index.html");
    assert_eq!(html.attrs("tbody tr", "data-criterion"), ["docs", "speed"]);
    assert_eq!(html.attrs("td[data-claim]", "data-claim"), ["docs/b", "speed/b"]);
    assert_eq!(html.attrs("thead th[data-contender]", "data-contender"), ["b"]);
    assert!(html.select_all("[data-sources]").is_empty(), "Beta's claims cite nothing");
}

#[test]
fn a_page_with_compare_gets_its_contenders_by_default() {
    let page = "+++\ntitle = \"B only\"\ncompare = [\"b\"]\n+++\n::: criteria\n:::\n";
    let built = build(&site(MATRIX).file("content/b.md", page), &["build"]).success();
    assert_eq!(built.html("public/b/index.html").attrs("td[data-claim]", "data-claim"), ["speed/b", "docs/b"]);
}

#[test]
fn markdown_tables_keep_working_beside_a_matrix() {
    let table = "::: criteria\n| Criterion | Alpha | Beta |\n|---|---|---|\n| Size | [+] small | [-] big |\n:::\n";
    let built = build(&site(MATRIX).page("content/t.md", "T", table), &["build"]).success();
    let html = built.html("public/t/index.html");
    assert_eq!(html.attrs("tbody tr", "data-criterion"), ["size"]);
    assert!(html.select_all("[data-claim]").is_empty());
}

#[test]
fn sourced_claims_cite_a_numbered_sources_list() {
    let built = build(&site(MATRIX), &["build"]).success();
    let html = built.html("public/index-of-all/index.html");
    assert_eq!(html.attrs("td[data-claim=\"speed/a\"] a[data-source]", "href"), ["#source-1"]);
    assert_eq!(html.attrs("[data-sources] li", "id"), ["source-1"]);
    assert_eq!(html.attrs("[data-sources] li a", "href"), ["https://alpha.example/bench"]);
    let entry = html.texts("[data-sources] li").join("");
    assert!(entry.contains("Alpha benchmark") && entry.contains("verified 2026-11-01 against Alpha 1.0"), "{entry}");
    assert_eq!(html.attrs("[data-sources] time[data-verified]", "datetime"), ["2026-11-01"]);
}

#[test]
fn a_criterion_page_shows_its_row_first_unless_it_opts_out() {
    let built = build(&site(MATRIX), &["build"]).success();
    let html = built.html("public/speed/index.html");
    let first = html.one("[data-body] > :first-child");
    assert_eq!(first.value().attr("class"), Some("criteria criterion-row"));
    assert_eq!(html.attrs("[data-body] tbody tr", "data-criterion"), ["speed"]);
    assert!(html.select_all("tr[data-criterion=speed] th a").is_empty(), "its own page: no link to itself");
    assert_eq!(html.attrs("[data-sources] li", "id"), ["source-1"]);

    let opted_out = site(MATRIX)
        .file("content/speed.md", "+++\ntitle = \"Speed\"\ncriterion = \"speed\"\ncriterion_row = false\n+++\nText.\n");
    let built = build(&opted_out, &["build"]).success();
    let html = built.html("public/speed/index.html");
    assert!(html.select_all("[data-criteria]").is_empty() && html.select_all("[data-sources]").is_empty());
}

#[test]
fn templates_get_the_matrix_as_data() {
    let template = "{% extends \"page.html\" %}{% block content %}<p id=\"m\">{% for c in site.matrix.criteria %}{{ c.key }}={% for claim in c.claims %}{{ claim.contender }}:{{ claim.verdict | default(value='none') }};{% endfor %}{% endfor %}|{{ page.criterion.title }}</p>{% endblock content %}";
    let page = "+++\ntitle = \"Speed\"\ncriterion = \"speed\"\ntemplate = \"m.html\"\n+++\n";
    let built = build(&site(MATRIX).file("templates/m.html", template).file("content/speed.md", page), &["build"]);
    let text = built.success().html("public/speed/index.html").texts("#m").join("");
    assert_eq!(text, "speed=a:plus;b:minus;docs=a:partial;b:none;|Speed");
}

#[track_caller]
fn fails_at(site: &Site, at: &str, message: &str) -> Outcome {
    build(site, &["build"]).failure(1).stderr_contains(at).stderr_contains(message)
}

#[test]
fn unknown_contender_is_located_with_a_suggestion() {
    let site = site(&MATRIX.replace("b = \"n/a\"", "b = \"n/a\"\nbb = \"x\""));
    fails_at(&site, "matrix.toml:12:1", "unknown contender `bb` in the criterion `docs`")
        .stderr_contains("did you mean `b`?");
    insta::assert_snapshot!("matrix_unknown_contender", shown(&site, &build(&site, &["build"])));
}

#[test]
fn missing_cells_are_errors_and_n_a_is_a_value() {
    let site = site(&MATRIX.replace("b = \"n/a\"\n", ""));
    fails_at(&site, "matrix.toml:8:1", "the criterion `docs` has no claim for `b` (Beta)")
        .stderr_contains("`b = \"n/a\"`");
}

#[test]
fn bad_dates_sources_pages_and_keys_are_located() {
    let bad_date = site(&MATRIX.replace("verified = 2026-11-01", "verified = \"2026-02-30\""));
    fails_at(&bad_date, "matrix.toml:5:38", "`verified` must be a date like 2026-10-01, not `2026-02-30`");
    insta::assert_snapshot!("matrix_bad_date", shown(&bad_date, &build(&bad_date, &["build"])));

    let bad_url = site(&MATRIX.replace("https://alpha.example/bench", "alpha.example/bench"));
    fails_at(&bad_url, "matrix.toml:5:", "the source `alpha.example/bench` is not an http(s) URL");

    let bad_page = site(&MATRIX.replace("page = \"speed.md\"", "page = \"sped.md\""));
    fails_at(&bad_page, "matrix.toml:4:8", "`page` names `sped.md`, which is not a page of the site")
        .stderr_contains("did you mean `speed.md`?");

    let bad_key = site(&MATRIX.replace("version = \"1.0\"", "verison = \"1.0\""));
    fails_at(&bad_key, "matrix.toml:5:", "unknown key `verison`").stderr_contains("did you mean `version`?");

    let bad_verdict = site(&MATRIX.replace("b = \"[-] Slow\"", "b = { value = \"Slow\", verdict = \"bad\" }"));
    fails_at(&bad_verdict, "matrix.toml:6:", "unknown verdict `bad`");

    let broken_link = site(&MATRIX.replace("(speed.md)", "(sped.md)"));
    fails_at(&broken_link, "matrix.toml:10:5", "broken link: `sped.md` does not exist");

    let no_title = site(&MATRIX.replace("title = \"Documentation\"\n", ""));
    fails_at(&no_title, "matrix.toml:", "the criterion `docs` has no `title`");
}

#[test]
fn unknown_criteria_are_located_in_the_markdown() {
    let page = "::: criteria rows=\"speed,dcos\"\n:::\n";
    let site = site(MATRIX).page("content/part.md", "Part", page);
    fails_at(&site, "content/part.md:4:26", "unknown criterion `dcos` in `rows`")
        .stderr_contains("did you mean `docs`?");
    insta::assert_snapshot!("matrix_unknown_criterion_in_rows", shown(&site, &build(&site, &["build"])));

    let page = "::: criteria contenders=\"a,c\"\n:::\n";
    fails_at(
        &self::site(MATRIX).page("content/part.md", "Part", page),
        "content/part.md:4:28",
        "unknown contender `c`",
    );

    let front = "+++\ntitle = \"Speed\"\ncriterion = \"sped\"\n+++\nText.\n";
    fails_at(&self::site(MATRIX).file("content/speed.md", front), "content/speed.md:3:1", "unknown criterion `sped`")
        .stderr_contains("did you mean `speed`?");

    let no_matrix = Site::new().page("content/e.md", "E", "::: criteria\n:::\n");
    fails_at(&no_matrix, "content/e.md:4:1", "takes its rows from matrix.toml, which the site does not have");
}

#[test]
fn claims_config_is_typed_and_checked() {
    let config = format!("{}\n[claims]\nstale_after_day = 10\n", crate::support::SITE_TOML);
    let site = site(MATRIX).file("site.toml", config);
    fails_at(&site, "site.toml:14:1", "unknown key `stale_after_day`")
        .stderr_contains("did you mean `stale_after_days`?");
}

const STALE: &str = "matrix.toml:5:38";

#[test]
fn stale_claims_warn_at_their_date_and_strict_makes_it_fatal() {
    let site = site(MATRIX);
    site.run_with_env(&["check"], &[("SOURCE_DATE_EPOCH", JAN_2028)])
        .success()
        .stderr_contains(
            "warning: the claim `speed/a` was verified on 2026-11-01, 426 days ago: it is stale after 365 days",
        )
        .stderr_contains(STALE);
    site.run_with_env(&["check", "--strict"], &[("SOURCE_DATE_EPOCH", JAN_2028)])
        .failure(1)
        .stderr_contains("error: the claim `speed/a` was verified on 2026-11-01")
        .stderr_contains("made fatal by --strict");
    build(&site, &["check", "--strict"]).success().stderr_lacks("warning");

    let shorter = format!("{}\n[claims]\nstale_after_days = 10\n", crate::support::SITE_TOML);
    build(&site.file("site.toml", shorter), &["check"])
        .success()
        .stderr_contains("30 days ago: it is stale after 10 days");
}

#[test]
fn claims_checked_against_an_older_version_warn() {
    let older = site(&MATRIX.replace("version = \"1.0\"", "version = \"0.9\""));
    build(&older, &["check"])
        .success()
        .stderr_contains(
            "warning: the claim `speed/a` was verified against Alpha 0.9, but site.toml declares version 1.0",
        )
        .stderr_contains("matrix.toml:5:60");
    build(&older, &["build", "--strict"]).failure(1).stderr_contains("made fatal by --strict");
    let patch = site(&MATRIX.replace("version = \"1.0\"", "version = \"1.0.3\""));
    build(&patch, &["check", "--strict"]).success();
}

#[test]
fn require_sources_warns_about_unsourced_claims() {
    let config = format!("{}\n[claims]\nrequire_sources = true\n", crate::support::SITE_TOML);
    let site = site(MATRIX).file("site.toml", config);
    let outcome = build(&site, &["check"]).success().stderr_contains("warning: the claim `speed/b` has no source");
    assert!(outcome.stderr.contains("matrix.toml:6:5"), "{}", outcome.stderr);
    assert!(
        outcome.stderr.contains("`docs/a` has no source") && !outcome.stderr.contains("`docs/b`"),
        "n/a needs none"
    );
    insta::assert_snapshot!("matrix_require_sources", shown(&site, &build(&site, &["check", "--strict"])));
}

#[test]
fn the_day_of_the_build_never_reaches_the_output() {
    let site = site(MATRIX);
    site.run_with_env(&["build", "--output", "a"], &[("SOURCE_DATE_EPOCH", DEC_2026)]).success().stderr_lacks("stale");
    site.run_with_env(&["build", "--output", "b"], &[("SOURCE_DATE_EPOCH", JAN_2028)])
        .success()
        .stderr_contains("stale");
    assert_eq!(tree(&site.path("a")), tree(&site.path("b")));
    site.run_with_env(&["build"], &[("SOURCE_DATE_EPOCH", "soon")])
        .failure(2)
        .stderr_contains("SOURCE_DATE_EPOCH must be a number of seconds");
}

#[test]
fn editing_the_matrix_under_serve_equals_a_full_build() {
    let site = site(MATRIX).page("content/other.md", "Other", "No claims here.\n");
    let options = Options { root: site.root().to_path_buf(), base_url: None, drafts: false, cache_dir: None };
    let (mut built, mut report, _) = Built::build_in_memory(&options).expect("the fixture builds");
    site.write("matrix.toml", MATRIX.replace("[+] Fast", "[~] Fast enough"));
    let mut changes = ChangeSet::new();
    changes.insert(site.root(), &site.path("matrix.toml"));
    let rebuilt = built.rebuild(&options, &changes, &mut report).expect("the rebuild succeeds");
    let (_, _, full) = Built::build_in_memory(&options).expect("a full build");
    for (path, bytes) in &full.files {
        if rebuilt.complete || path.ends_with(".html") && rebuilt.files.contains_key(path) {
            assert_eq!(rebuilt.files.get(path), Some(bytes), "{path} differs from a full build");
        }
    }
    let page = String::from_utf8_lossy(&rebuilt.files["speed/index.html"]).into_owned();
    assert!(page.contains("Fast enough"), "the criterion page shows the edit");

    site.write("matrix.toml", MATRIX.replace("b = \"[-] Slow\"", "c = \"x\""));
    let error = built.rebuild(&options, &changes, &mut report).expect_err("a bad matrix fails").to_string();
    assert!(error.contains("matrix.toml:6:1") && error.contains("unknown contender `c`"), "{error}");
}
