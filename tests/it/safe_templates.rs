//! No template can crash versa: recursion (includes, parents, imports, macros), names that do
//! not exist, nesting too deep for tera's recursion and loops too large for memory are located
//! errors with exit code 1, found when the templates load; under `versa serve` the server
//! survives them and shows the error in the browser until the template is fixed.

use crate::serve::client::Serve;
use crate::support::{Outcome, Site, SITE_TOML};

/// A layout the tests' `page.html` can extend, so only the template under test is broken.
const LAYOUT: &str = "{% extends \"base.html\" %}\n{% block content %}\n";

/// Build a site with one page and these templates; the build must fail with exit code 1
/// (never 134, a stack overflow, or 101, a panic) and print an `error:`.
fn build_with(templates: &[(&str, &str)]) -> Outcome {
    let mut site = Site::new().page("content/a.md", "A", "Hello.\n");
    for (path, text) in templates {
        site = site.file(&format!("templates/{path}"), text);
    }
    site.run(&["build"]).failure(1).stderr_contains("error: ")
}

#[test]
fn a_template_that_includes_itself_is_an_error_at_the_include() {
    build_with(&[("page.html", &format!("{LAYOUT}<p>x</p>\n{{% include \"page.html\" %}}\n{{% endblock %}}\n"))])
        .stderr_contains("error: template `page.html` includes itself\n  --> templates/page.html:4:1\n")
        .stderr_contains("4 | {% include \"page.html\" %}\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^\n")
        .stderr_contains("= help: an include that reaches its own template never stops")
        .stderr_contains("1 error");
}

#[test]
fn templates_that_include_each_other_are_an_error() {
    build_with(&[
        ("page.html", &format!("{LAYOUT}{{% include \"partials/card.html\" %}}\n{{% endblock %}}\n")),
        ("partials/card.html", "<div>\n  {% include \"page.html\" %}\n</div>\n"),
    ])
    .stderr_contains(
        "error: template `page.html` includes `partials/card.html`, which includes `page.html`\n  --> \
         templates/page.html:3:1\n",
    )
    .stderr_contains("3 | {% include \"partials/card.html\" %}\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n");
}

#[test]
fn an_extends_cycle_is_an_error_at_the_extends_tag() {
    build_with(&[
        ("page.html", "{% extends \"layout.html\" %}\n{% block content %}x{% endblock %}\n"),
        ("layout.html", "{# the site's layout #}\n{% extends \"page.html\" %}\n"),
    ])
    .stderr_contains("error: template `layout.html` extends `page.html`, which extends `layout.html`\n")
    .stderr_contains("  --> templates/layout.html:2:1\n")
    .stderr_contains("2 | {% extends \"page.html\" %}\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^\n")
    .stderr_contains("= help: a template can't be its own parent");
}

#[test]
fn an_import_cycle_is_an_error_at_the_import() {
    build_with(&[
        ("macros/a.html", "{% import \"macros/b.html\" as b %}\n{% macro one() %}1{% endmacro %}\n"),
        ("macros/b.html", "{% import \"macros/a.html\" as a %}\n{% macro two() %}{{ a::one() }}{% endmacro %}\n"),
    ])
    .stderr_contains("error: template `macros/a.html` imports `macros/b.html`, which imports `macros/a.html`\n")
    .stderr_contains("  --> templates/macros/a.html:1:1\n")
    .stderr_contains("1 | {% import \"macros/b.html\" as b %}\n  | ^^^^^^^^^^")
    .stderr_contains("call macros of the same file with `self::name()`");
}

#[test]
fn a_macro_may_call_itself_on_a_part_of_its_data_and_in_no_other_way() {
    // A tree walk ends at the leaves: each call gets a part of what its caller had. Six heading
    // levels deep, as deep as a page's table of contents goes.
    let tree = "{% macro tree(items) %}<ol>{% for h in items %}<li>{{ h.title }}\
                {% if h.children %}{{ self::tree(items=h.children) }}{% endif %}</li>{% endfor %}</ol>\
                {% endmacro tree %}\n";
    let page = "{% extends \"base.html\" %}\n{% import \"macros.html\" as m %}\n{% block content %}\n\
                <nav id=\"t\">{{ m::tree(items=page.toc) }}</nav>\n{% endblock %}\n";
    let body = "## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six\n\n## Two again\n";
    let built = Site::new()
        .file("site.toml", format!("{SITE_TOML}\n[markdown]\ntoc_depth = 6\n"))
        .page("content/a.md", "A", body)
        .file("templates/macros.html", tree)
        .file("templates/page.html", page)
        .build();
    let html = built.html("public/a/index.html");
    assert_eq!(html.texts("#t > ol > li > ol > li > ol > li > ol > li > ol > li"), ["Six"]);
    assert_eq!(html.select_all("#t > ol > li").len(), 2);

    // Counting down would stop too, but nothing bounds it: tera has no recursion limit.
    let countdown = "{% macro tree(n) %}\n<li>{{ n }}\n{% for child in [1] %}\n  \
                     <ul>{{ self::tree(n=n - 1) }}</ul>\n{% endfor %}</li>\n{% endmacro tree %}\n";
    build_with(&[("macros.html", countdown)])
        .stderr_contains("error: macro `tree` in `macros.html` calls itself\n  --> templates/macros.html:4:10\n")
        .stderr_contains("4 |   <ul>{{ self::tree(n=n - 1) }}</ul>\n  |          ^^^^^^^^^^\n")
        .stderr_contains("versa accepts only a macro that calls itself on a part of the item it loops over");
}

#[test]
fn macros_that_call_each_other_are_an_error() {
    let macros = "{% macro even(n) %}{% if n > 0 %}{{ self::odd(n=n - 1) }}{% endif %}{% endmacro %}\n\
                  {% macro odd(n) %}{{ self::even(n=n - 1) }}{% endmacro %}\n";
    build_with(&[("macros.html", macros)])
        .stderr_contains("error: macro `even` in `macros.html` calls `self::odd`, which calls `self::even`\n")
        .stderr_contains("  --> templates/macros.html:1:37\n")
        .stderr_contains("  |                                     ^^^^^^^^^\n");
}

#[test]
fn recursion_through_imported_namespaces_and_includes_is_an_error() {
    build_with(&[
        ("page.html", &format!("{{% import \"a.html\" as a %}}\n{LAYOUT}{{{{ a::one() }}}}{{% endblock %}}\n")),
        ("a.html", "{% import \"b.html\" as b %}\n{% macro one() %}[{{ b::two() }}]{% endmacro %}\n"),
        ("b.html", "{% macro two() %}\n  {% include \"c.html\" %}\n{% endmacro %}\n"),
        ("c.html", "{% import \"a.html\" as again %}\n{{ again::one() }}\n"),
    ])
    .stderr_contains(
        "error: macro `one` in `a.html` calls `b::two`, which includes `c.html`, which calls `again::one`\n  --> \
         templates/a.html:2:22\n",
    )
    .stderr_contains("2 | {% macro one() %}[{{ b::two() }}]{% endmacro %}\n  |                      ^^^^^^\n");
}

#[test]
fn importing_from_outside_templates_is_an_error_at_the_import() {
    build_with(&[
        ("page.html", &format!("{{% import \"../x.html\" as m %}}\n{LAYOUT}{{{{ m::a() }}}}{{% endblock %}}\n")),
        ("x.html", "{% macro a() %}a{% endmacro %}\n"),
    ])
    .stderr_contains("error: there is no template `../x.html`\n  --> templates/page.html:1:1\n")
    .stderr_contains("1 | {% import \"../x.html\" as m %}\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^\n")
    .stderr_contains("template names are paths inside `templates/`, without `..`")
    .stderr_contains("did you mean `x.html`?");
}

#[test]
fn including_or_extending_a_template_that_does_not_exist_is_an_error_at_the_tag() {
    build_with(&[("page.html", &format!("{LAYOUT}\n  {{% include \"partials/heder.html\" %}}{{% endblock %}}\n"))])
        .stderr_contains("error: there is no template `partials/heder.html`\n  --> templates/page.html:4:3\n")
        .stderr_contains("= help: did you mean `partials/header.html`?");
    build_with(&[("page.html", "{% extends \"bsae.html\" %}\n")])
        .stderr_contains("error: there is no template `bsae.html`\n  --> templates/page.html:1:1\n")
        .stderr_contains("1 | {% extends \"bsae.html\" %}\n  | ^^^^^^^^^^^^^^^^^^^^^^^^^\n")
        .stderr_contains("did you mean `base.html`?");
    // `ignore missing` is the way to say a missing partial is fine.
    Site::new()
        .page("content/a.md", "A", "")
        .file("templates/page.html", format!("{LAYOUT}{{% include \"nope.html\" ignore missing %}}{{% endblock %}}"))
        .build();
}

#[test]
fn nesting_too_deep_for_teras_recursion_is_an_error() {
    let ifs = "{% if true %}".repeat(500) + "deep" + &"{% endif %}".repeat(500);
    build_with(&[("page.html", &format!("<html>\n{ifs}\n</html>\n"))])
        .stderr_contains("error: template `page.html` nests 500 levels deep, more than the 64 versa renders\n")
        .stderr_contains("  --> templates/page.html:2:6488\n");
    let sum = "1 + ".repeat(1000) + "1";
    build_with(&[("page.html", &format!("{{{{ {sum} }}}}\n"))])
        .stderr_contains("nests 1000 levels deep")
        .stderr_contains("templates/page.html:1:1");
    // A chain of includes, each shallow, adds up.
    let mut chain: Vec<(String, String)> = (0..40)
        .map(|i| (format!("c{i}.html"), format!("{{% if true %}}{{% include \"c{}.html\" %}}{{% endif %}}", i + 1)))
        .collect();
    chain.push(("c40.html".into(), "end".into()));
    let chain: Vec<(&str, &str)> = chain.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    build_with(&chain).stderr_contains("levels deep, more than the 64 versa renders").stderr_contains("1 error");
}

#[test]
fn loops_that_would_not_end_or_fit_in_memory_are_errors() {
    build_with(&[("page.html", "{% for i in range(end=3, step_by=0) %}{{ i }}{% endfor %}")])
        .stderr_contains("`step_by=0`, which would count forever")
        .stderr_contains("templates/page.html:1:13");
    build_with(&[("page.html", "{% for i in range(end=1000000000000) %}{% endfor %}")])
        .stderr_contains("would make 1000000000000 numbers; versa allows at most 1000000");
    Site::new()
        .page("content/a.md", "A", "")
        .file("templates/page.html", "{% for i in range(start=2, end=9, step_by=3) %}[{{ i }}]{% endfor %}")
        .build()
        .read("public/a/index.html")
        .contains("[2][5][8]")
        .then_some(())
        .expect("range still counts");
}

#[test]
fn a_panic_inside_tera_is_an_error_not_a_crash() {
    build_with(&[("page.html", "\n{% set low = -9223372036854775807 - 1 %}{{ low % -1 }}")])
        .stderr_contains("error: tera crashed rendering `page.html`: attempt to calculate the remainder with overflow")
        .stderr_contains("  --> templates/page.html")
        .stderr_lacks("panicked");
}

#[test]
fn serve_survives_a_recursive_template_and_recovers_when_it_is_fixed() {
    let site = Site::new().page("content/a.md", "A", "Hello.\n");
    let serve = Serve::start(site.root(), &[]);
    let events = serve.events();
    events.wait("hello", |_| true);

    site.write("templates/page.html", format!("{LAYOUT}<p>x</p>\n{{% include \"page.html\" %}}\n{{% endblock %}}\n"));
    let failed = events.wait("failed", |_| true);
    assert!(failed.data.contains("templates/page.html:4:1"), "{failed:?}");
    let shown = serve.get("/a/");
    assert_eq!(shown.status, 200, "still serving the last good page\n{}", serve.output());
    assert!(shown.body.contains("Hello.") && shown.body.contains("id=\"versa-error-overlay\""), "{shown:?}");
    assert!(shown.body.contains("error: template `page.html` includes itself\n  --&gt; templates/page.html:4:1\n"));
    assert!(shown.body.contains("4 | {% include &quot;page.html&quot; %}\n  | ^^^^^^^^^"), "the code frame");
    serve.get_until("/", "the error printed", |_| serve.stderr().contains("--> templates/page.html:4:1"));

    site.write("templates/page.html", format!("{LAYOUT}<p>FIXED</p>\n{{% endblock %}}\n"));
    serve.get_until("/a/", "the fixed template", |r| r.body.contains("FIXED"));
    assert!(!serve.get("/a/").body.contains("versa-error-overlay"), "{}", serve.output());
    assert!(!serve.stderr().contains("overflowed") && !serve.stderr().contains("panicked"), "{}", serve.output());
}

#[test]
fn serve_starts_with_a_recursive_template_and_recovers() {
    let site = Site::new()
        .page("content/a.md", "A", "Hello.\n")
        .file("templates/macros.html", "{% macro m() %}{{ self::m() }}{% endmacro %}\n");
    let serve = Serve::start(site.root(), &[]);
    let shown = serve.get("/a/");
    assert!(shown.body.contains("macro `m` in `macros.html` calls itself"), "{shown:?}");
    assert!(shown.body.contains("templates/macros.html:1:19"), "{shown:?}");

    site.write("templates/macros.html", "{% macro m() %}fine{% endmacro %}\n");
    serve.get_until("/a/", "the site built", |r| r.body.contains("Hello.") && !r.body.contains("versa-error-overlay"));
}

#[test]
fn templates_cannot_publish_the_environment() {
    // In CI the environment holds tokens; a template of an untrusted pull request must not be
    // able to write them into the published site.
    let outcome =
        build_with(&[("page.html", &format!("{LAYOUT}{{{{ get_env(name=\"HOME\") }}}}\n{{% endblock %}}\n"))])
            .stderr_contains("`get_env` is turned off")
            .stderr_contains("--> templates/page.html:");
    assert!(!outcome.exists("public/a/index.html"));
}
