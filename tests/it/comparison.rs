//! Comparison blocks (issue 3): compare groups, code attributes and includes, criteria tables,
//! callouts, FAQs, contenders and page metadata, found by the data attributes of PRODUCT.md.

use crate::support::{text, Html, Outcome, Site};

/// A page comparing contenders `a` and `b`; its body starts on line 5.
fn compare_page(body: &str) -> String {
    format!("+++\ntitle = \"Alpha vs Beta\"\ncompare = [\"a\", \"b\"]\n+++\n{body}")
}

const SAMPLE: &str =
    "import os\n# region handler\ndef handler():\n    return os.getcwd()\n# endregion\nprint(\"outside\")\n";

fn site_with(body: &str) -> Site {
    Site::new().file("content/x.md", compare_page(body)).file("content/samples/app.py", SAMPLE)
}

fn build(body: &str) -> Html {
    site_with(body).build().html("public/x/index.html")
}

fn fail(body: &str) -> Outcome {
    site_with(body).run(&["build"]).failure(1)
}

const TWO_FENCES: &str =
    "::: compare\n```python title=\"app.py\"\nprint(1)\n```\n```javascript\nconsole.log(1);\n```\n:::\n";

#[test]
fn compare_group_labels_panes_with_the_pages_contenders() {
    let html = build(TWO_FENCES);
    let group = html.one("[data-compare]");
    assert_eq!(group.value().name(), "div");
    assert_eq!(html.attrs("[data-compare] [data-compare-pane]", "data-compare-pane"), ["Alpha", "Beta"]);
    assert_eq!(html.select_all("[data-compare-pane] pre").len(), 2);
    assert_eq!(html.attrs("[data-compare-pane] figure", "data-lang"), ["python", "javascript"]);
    assert_eq!(html.texts("[data-compare-pane=Alpha] figcaption"), ["app.py"]);
    assert!(!html.select_all("[data-compare-pane=Alpha] pre span[class^=hl-]").is_empty(), "not highlighted");
}

#[test]
fn compare_pane_labels_come_from_label_attributes() {
    let body = "::: compare\n```python label=\"Sync\"\nx = 1\n```\n```python label=\"Async & co\"\nx = 2\n```\n```python label=\"Third\"\nx = 3\n```\n:::\n";
    let out = Site::new().page("content/x.md", "X", body).build();
    let html = out.html("public/x/index.html");
    assert_eq!(html.attrs("[data-compare-pane]", "data-compare-pane"), ["Sync", "Async & co", "Third"]);
}

#[test]
fn compare_groups_nest_inside_other_containers() {
    let html = build(&format!(":::: tip Side by side\n{TWO_FENCES}::::\n"));
    assert_eq!(html.select_all("[data-callout=tip] [data-compare] [data-compare-pane]").len(), 2);
}

#[test]
fn contenders_strip_shows_the_compared_contenders() {
    let html = build("Text.\n");
    let alpha = text(html.one(".article-header [data-contender=a]"));
    assert!(alpha.contains("Alpha") && alpha.contains("1.0"), "{alpha}");
    assert!(text(html.one(".article-header [data-contender=b]")).contains("Beta"));
    assert_eq!(html.attrs(".article-header [data-contender=a] a", "href"), ["https://alpha.example"]);
}

#[test]
fn compare_group_with_one_or_five_fences_is_an_error_at_the_container() {
    fail("Intro.\n\n::: compare\n```python\nx = 1\n```\n:::\n")
        .stderr_contains("content/x.md:7:1")
        .stderr_contains("2 to 4")
        .stderr_contains("has 1");
    let five: String = (1..=5).map(|i| format!("```python label=\"P{i}\"\nx = {i}\n```\n")).collect();
    fail(&format!("::: compare\n{five}:::\n")).stderr_contains("content/x.md:5:1").stderr_contains("has 5");
}

#[test]
fn compare_group_without_labels_is_an_error() {
    Site::new()
        .page("content/x.md", "X", "::: compare\n```python\nx\n```\n```python\ny\n```\n:::\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("label")
        .stderr_contains("content/x.md:4:1");
}

#[test]
fn compare_group_with_prose_inside_is_an_error() {
    fail("::: compare\nSome prose.\n\n```python\nx\n```\n```python\ny\n```\n:::\n").stderr_contains("content/x.md:5:1");
}

#[test]
fn file_and_region_include_a_sample_without_its_markers() {
    let html = build("```python file=\"samples/app.py\" region=\"handler\"\n```\n");
    let code = text(html.one(".prose pre code"));
    assert_eq!(code, "def handler():\n    return os.getcwd()");
    assert!(!code.contains("region"), "region markers are shown");
    assert_eq!(html.attrs(".prose figure", "data-lang"), ["python"]);
}

#[test]
fn file_paths_starting_with_a_slash_are_relative_to_content() {
    let out = Site::new()
        .file("content/samples/app.py", SAMPLE)
        .page("content/deep/er/x.md", "X", "```python file=\"/samples/app.py\" lines=\"6\"\n```\n")
        .build();
    assert_eq!(text(out.html("public/deep/er/x/index.html").one(".prose pre code")), "print(\"outside\")");
}

#[test]
fn lines_attribute_cuts_the_sample() {
    let html = build("```python file=\"samples/app.py\" lines=\"3-4\" numbers\n```\n");
    assert_eq!(html.texts(".prose pre .line"), ["def handler():", "return os.getcwd()"]);
    assert!(html.one(".prose pre").value().attr("data-numbers").is_some(), "numbers are not on");
}

#[test]
fn hl_marks_lines_and_numbers_sets_data_numbers() {
    let html = build("```python hl=\"2\"\na = 1\nb = 2\nc = 3\n```\n\n```python numbers\nx = 1\n```\n");
    let pres = html.select_all(".prose pre");
    assert_eq!(pres.len(), 2);
    assert_eq!(html.texts(".prose figure:first-of-type .line.hl"), ["b = 2"]);
    assert_eq!(html.select_all(".prose .line").len(), 4);
    assert_eq!(pres[0].value().attr("data-numbers"), None);
    assert!(pres[1].value().attr("data-numbers").is_some());
}

#[test]
fn hl_accepts_lists_and_ranges() {
    let html = build("```python hl=\"1,3-4\"\na\nb\nc\nd\ne\n```\n");
    assert_eq!(html.texts(".prose .line.hl"), ["a", "c", "d"]);
}

#[test]
fn missing_sample_file_is_an_error_at_the_fence() {
    fail("Intro.\n\n```python file=\"samples/nope.py\"\n```\n")
        .stderr_contains("samples/nope.py")
        .stderr_contains("content/x.md:7:");
}

#[test]
fn missing_sample_inside_a_group_is_an_error_at_its_fence() {
    fail("::: compare\n```python file=\"samples/app.py\"\n```\n```python file=\"samples/gone.py\"\n```\n:::\n")
        .stderr_contains("samples/gone.py")
        .stderr_contains("content/x.md:8:");
}

#[test]
fn missing_region_is_an_error_naming_the_region() {
    fail("Intro.\n\n```python file=\"samples/app.py\" region=\"nope\"\n```\n")
        .stderr_contains("`nope`")
        .stderr_contains("`handler`")
        .stderr_contains("content/x.md:7:");
}

#[test]
fn out_of_range_lines_are_an_error() {
    fail("Intro.\n\n```python file=\"samples/app.py\" lines=\"5-40\"\n```\n")
        .stderr_contains("5-40")
        .stderr_contains("content/x.md:7:");
    fail("```python hl=\"9\"\nx\n```\n").stderr_contains("content/x.md:5:");
}

#[test]
fn unknown_code_attribute_is_a_warning_with_a_suggestion() {
    // Foreign tools put their own words in info strings; versa builds and says what it ignored.
    site_with("```python titel=\"x.py\"\nx\n```\n")
        .build()
        .stderr_contains("warning: versa ignores `titel=\"x.py\"`")
        .stderr_contains("did you mean `title`?");
}

#[test]
fn all_errors_of_a_page_are_reported() {
    fail("```python file=\"samples/nope.py\"\n```\n\n```python file=\"samples/app.py\" region=\"nope\"\n```\n")
        .stderr_contains("content/x.md:5:")
        .stderr_contains("content/x.md:8:")
        .stderr_contains("2 errors");
}

const CRITERIA: &str = "## Performance\n\n::: criteria\n| Criterion | Alpha | b |\n|---|---|---|\n| Performance | [+] Fast | [-] Slow |\n| Async support | [~] Partly | native **yes** |\n:::\n";

#[test]
fn criteria_table_has_the_data_attributes() {
    let html = build(CRITERIA);
    let table = html.one("table[data-criteria]");
    assert_eq!(table.value().name(), "table");
    assert_eq!(html.attrs("table[data-criteria] thead [data-contender]", "data-contender"), ["a", "b"]);
    assert_eq!(html.attrs("table[data-criteria] tbody tr", "data-criterion"), ["performance", "async-support"]);
    let verdicts: Vec<String> = html
        .select_all("[data-criterion] td")
        .into_iter()
        .map(|td| {
            let v = td.value();
            format!("{}:{}", v.attr("data-contender").unwrap_or("?"), v.attr("data-verdict").unwrap_or("none"))
        })
        .collect();
    assert_eq!(verdicts, ["a:plus", "b:minus", "a:partial", "b:none"]);
    assert!(text(html.one("[data-criterion=performance] td[data-contender=a]")).ends_with("Fast"));
    assert_eq!(html.texts("[data-criterion=async-support] td[data-contender=b] strong"), ["yes"]);
}

#[test]
fn verdicts_have_visually_hidden_words() {
    let html = build(CRITERIA);
    let hidden = |css: &str| html.texts(&format!("{css} .visually-hidden")).concat().to_lowercase();
    assert!(hidden("[data-verdict=plus]").contains("strength"));
    assert!(hidden("[data-verdict=minus]").contains("weakness"));
    assert!(hidden("[data-verdict=partial]").contains("partial"));
}

#[test]
fn criteria_link_to_headings_of_the_same_name() {
    let html = build(CRITERIA);
    assert_eq!(html.attrs("[data-criterion=performance] th a", "href"), ["#performance"]);
    assert!(html.select_all("[data-criterion=async-support] th a").is_empty());
}

#[test]
fn links_in_criteria_cells_lead_to_pages() {
    let site = Site::new()
        .page("content/other.md", "Other", "")
        .file("content/criteria.csv", "Criterion,Alpha,Beta\nDocs,[guide](other.md),none\n")
        .file(
            "content/x.md",
            compare_page(
                "::: criteria\n| Criterion | Alpha | Beta |\n|---|---|---|\n| Docs | [guide](other.md) | none |\n:::\n",
            ),
        )
        .file("content/y.md", compare_page("::: criteria file=\"criteria.csv\"\n:::\n"));
    let out = site.build();
    assert_eq!(out.html("public/x/index.html").attrs("[data-criteria] td a", "href"), ["/other/"]);
    assert_eq!(out.html("public/y/index.html").attrs("[data-criteria] td a", "href"), ["/other/"], "in a CSV file");
}

#[test]
fn criteria_header_with_an_unknown_contender_is_an_error() {
    fail("::: criteria\n| Criterion | Alpha | Gamma |\n|---|---|---|\n| Speed | a | b |\n:::\n")
        .stderr_contains("`Gamma`")
        .stderr_contains("content/x.md:6:");
}

#[test]
fn criteria_row_with_a_missing_cell_is_an_error_naming_the_row() {
    fail("::: criteria\n| Criterion | Alpha | Beta |\n|---|---|---|\n| Speed | fast | slow |\n| Memory | low |\n:::\n")
        .stderr_contains("`Memory`")
        .stderr_contains("content/x.md:9:");
}

#[test]
fn criteria_from_a_csv_file() {
    let out = Site::new()
        .file("content/x.md", compare_page("::: criteria file=\"criteria.csv\"\n:::\n"))
        .file("content/criteria.csv", "Criterion,Alpha,Beta\nSpeed,[+] fast,[-] slow\n\"Docs, guides\",good,[~] some\n")
        .build();
    let html = out.html("public/x/index.html");
    assert_eq!(html.attrs("table[data-criteria] tbody tr", "data-criterion"), ["speed", "docs-guides"]);
    assert_eq!(html.attrs("[data-criterion=speed] td", "data-verdict"), ["plus", "minus"]);
    assert!(!out.exists("public/criteria.csv/index.html"));
}

#[test]
fn criteria_from_a_toml_file() {
    let toml = "columns = [\"a\", \"Beta\"]\n\n[[rows]]\ncriterion = \"Speed\"\nvalues = [\"[+] fast\", \"slow\"]\n";
    let html = Site::new()
        .file("content/x.md", compare_page("::: criteria file=\"criteria.toml\"\n:::\n"))
        .file("content/criteria.toml", toml)
        .build()
        .html("public/x/index.html");
    assert_eq!(html.attrs("table[data-criteria] thead [data-contender]", "data-contender"), ["a", "b"]);
    assert_eq!(html.attrs("[data-criterion=speed] td[data-verdict]", "data-contender"), ["a"]);
}

#[test]
fn criteria_file_errors_are_located() {
    Site::new()
        .file("content/x.md", compare_page("::: criteria file=\"criteria.csv\"\n:::\n"))
        .file("content/criteria.csv", "Criterion,Alpha,Beta\nSpeed,fast,slow\nMemory,low\n")
        .run(&["build"])
        .failure(1)
        .stderr_contains("`Memory`")
        .stderr_contains("content/criteria.csv:3:");
    fail("::: criteria file=\"nope.csv\"\n:::\n").stderr_contains("nope.csv").stderr_contains("content/x.md:5:");
}

#[test]
fn templates_get_criteria_as_data() {
    let out = Site::new()
        .file(
            "templates/t.html",
            "{% for t in page.criteria %}{% for c in t.contenders %}<i>{{ c.name }}</i>{% endfor %}{% endfor %}",
        )
        .file("content/x.md", format!("+++\ntitle = \"X\"\ntemplate = \"t.html\"\n+++\n{CRITERIA}"))
        .build();
    assert_eq!(out.html("public/x/index.html").texts("i"), ["Alpha", "Beta"]);
}

#[test]
fn callouts_of_every_kind_with_optional_titles() {
    let html = build(
        "::: note\nPlain **note**.\n:::\n\n::: tip Pro tip\nTip.\n:::\n\n::: warning Careful now\nW.\n:::\n\n::: danger\nD.\n:::\n",
    );
    assert_eq!(html.attrs("[data-callout]", "data-callout"), ["note", "tip", "warning", "danger"]);
    let titles = html.texts("[data-callout] .callout-title");
    assert!(titles[1].contains("Pro tip") && titles[2].contains("Careful now"), "{titles:?}");
    assert!(titles[0].contains("Note") && titles[3].contains("Danger"), "{titles:?}");
    assert_eq!(html.texts("[data-callout=note] strong"), ["note"]);
    for callout in html.select_all("[data-callout]") {
        let v = callout.value();
        assert!(v.attr("role").is_some() || v.attr("aria-label").is_some(), "callout without a role or label");
    }
}

const FAQ: &str =
    "::: faq\n### Is it fast?\nYes, **very**.\n\n### Does `</script>` \"break\" it?\nNo.\n\nNot at all.\n:::\n";

#[test]
fn faq_becomes_details_with_the_first_open() {
    let html = build(FAQ);
    let details = html.select_all("[data-faq] details");
    assert_eq!(details.len(), 2);
    assert!(details[0].value().attr("open").is_some(), "the first question is not open");
    assert!(details[1].value().attr("open").is_none(), "the second question is open");
    assert_eq!(html.texts("[data-faq] summary").len(), 2);
    assert!(html.texts("[data-faq] summary")[1].contains("</script> \"break\" it?"));
    assert_eq!(html.texts("[data-faq] details:nth-of-type(2) p"), ["No.", "Not at all."]);
}

/// Every JSON-LD block of a page, parsed.
fn json_ld(html: &Html) -> Vec<serde_json::Value> {
    html.select_all("script[type='application/ld+json']")
        .into_iter()
        .map(|s| {
            let raw = s.inner_html();
            serde_json::from_str(&raw).unwrap_or_else(|e| panic!("invalid JSON-LD ({e}): {raw}"))
        })
        .collect()
}

#[test]
fn faq_page_json_ld_parses_even_with_script_tags_and_quotes() {
    let html = build(FAQ);
    let ld = json_ld(&html);
    let faq = ld.iter().find(|v| v["@type"] == "FAQPage").expect("an FAQPage block");
    assert_eq!(faq["@context"], "https://schema.org");
    let names: Vec<&str> = faq["mainEntity"].as_array().unwrap().iter().filter_map(|q| q["name"].as_str()).collect();
    assert_eq!(names, ["Is it fast?", "Does </script> \"break\" it?"]);
    assert_eq!(faq["mainEntity"][0]["@type"], "Question");
    assert!(faq["mainEntity"][0]["acceptedAnswer"]["text"].as_str().unwrap().contains("very"));
    // The page around the script is intact.
    assert_eq!(html.select_all("[data-faq] details").len(), 2);
}

#[test]
fn compare_pages_carry_article_json_ld() {
    let html = build("Text.\n");
    let ld = json_ld(&html);
    let article = ld.iter().find(|v| v["@type"] == "Article").expect("an Article block");
    assert_eq!(article["headline"], "Alpha vs Beta");
    assert_eq!(article["url"], "https://example.com/x/");
    let about: Vec<&str> = article["about"].as_array().unwrap().iter().filter_map(|a| a["name"].as_str()).collect();
    assert_eq!(about, ["Alpha", "Beta"]);
    let plain = Site::new().page("content/y.md", "Y", "Text.\n").build().html("public/y/index.html");
    assert!(json_ld(&plain).iter().all(|v| v["@type"] != "Article"), "a non-comparison page has an Article");
}

#[test]
fn unknown_container_is_a_warning_at_its_name() {
    site_with("Intro.\n\n::: notte Title\ntext\n:::\n")
        .build()
        .stderr_contains("warning: unknown container `notte`")
        .stderr_contains("content/x.md:7:5")
        .stderr_contains("did you mean `note`?");
}

#[test]
fn an_unknown_container_is_one_warning_and_its_closing_line_no_error() {
    site_with("::: notte\ntext\n:::\n")
        .build()
        .stderr_contains("content/x.md:5:5")
        .stderr_lacks("none is open")
        .stderr_lacks("error");
}

#[test]
fn a_container_inside_a_block_quote_is_an_error_not_text() {
    fail("Intro.\n\n> ::: tip\n> text\n> :::\n")
        .stderr_contains("cannot stand inside a block quote")
        .stderr_contains("content/x.md:7:1");
}

#[test]
fn unclosed_container_is_an_error_at_its_opening_line() {
    fail("Intro.\n\n::: warning\ntext\n").stderr_contains("never closed").stderr_contains("content/x.md:7:1");
}

#[test]
fn container_lines_inside_code_fences_are_code() {
    let html = build("```text\n::: note\nnot a callout\n:::\n```\n");
    assert!(html.select_all("[data-callout]").is_empty());
    assert!(text(html.one(".prose pre code")).starts_with("::: note"));
}
