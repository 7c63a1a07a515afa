//! The floor of the build benchmark: only the work no generator can skip.
//!
//! `cargo run --release --example floor -- --input .bench/c1k/content --out /tmp/floor`
//!
//! Steps, in parallel over the pages with rayon: read each `.md` file, strip its front matter,
//! parse it with pulldown-cmark, highlight every fenced code block with syntect (the same
//! two-face grammar set versa uses, CSS classes prefixed `hl-`), render the HTML and write one
//! file per page with pretty URLs (`sec/page.md` → `sec/page/index.html`). No templates, no
//! site logic, no links or anchors checked. With `--no-highlight`, code blocks are escaped
//! instead of highlighted: the floor for the work around highlighting.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Instant;

use clap::Parser;
use pulldown_cmark::{CodeBlockKind, CowStr, Event, Options, Parser as Markdown, Tag, TagEnd};
use rayon::prelude::*;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

#[derive(Parser)]
#[command(about = "Parse, highlight and write every page of a content folder, nothing else")]
struct Args {
    /// The content folder of a site.
    #[arg(long)]
    input: PathBuf,
    /// Where to write the HTML files.
    #[arg(long)]
    out: PathBuf,
    /// Escape code blocks instead of highlighting them.
    #[arg(long)]
    no_highlight: bool,
}

/// The markdown of a page without its `+++` TOML or `---` YAML front matter.
fn strip_front_matter(text: &str) -> &str {
    for fence in ["+++", "---"] {
        let Some(rest) = text.strip_prefix(fence) else {
            continue;
        };
        let Some(rest) = rest.strip_prefix('\n').or_else(|| rest.strip_prefix("\r\n")) else {
            continue;
        };
        let mut offset = 0;
        for line in rest.split_inclusive('\n') {
            offset += line.len();
            if line.trim_end() == fence {
                return &rest[offset..];
            }
        }
    }
    text
}

fn escape(code: &str) -> String {
    code.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn highlight(syntaxes: Option<&SyntaxSet>, lang: &str, code: &str) -> String {
    let Some(syntaxes) = syntaxes else {
        return format!("<pre><code class=\"language-{lang}\">{}</code></pre>\n", escape(code));
    };
    let syntax = syntaxes.find_syntax_by_token(lang).unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    let style = ClassStyle::SpacedPrefixed { prefix: "hl-" };
    let mut html = ClassedHTMLGenerator::new_with_class_style(syntax, syntaxes, style);
    for line in LinesWithEndings::from(code) {
        if html.parse_html_for_line_which_includes_newline(line).is_err() {
            // A grammar error: fall back to the escaped text, as a generator would.
            return format!("<pre><code>{}</code></pre>\n", escape(code));
        }
    }
    format!("<pre class=\"hl\"><code class=\"language-{lang}\">{}</code></pre>\n", html.finalize())
}

fn render(syntaxes: Option<&SyntaxSet>, markdown: &str) -> String {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events = Vec::new();
    // Some((language, code)) while inside a fenced block.
    let mut fence: Option<(String, String)> = None;
    for event in Markdown::new_ext(markdown, options) {
        match (event, &mut fence) {
            (Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))), None) => {
                let lang = info.split_whitespace().next().unwrap_or("").to_string();
                fence = Some((lang, String::new()));
            }
            (Event::Text(text), Some((_, code))) => code.push_str(&text),
            (Event::End(TagEnd::CodeBlock), Some(_)) => {
                let (lang, code) = fence.take().unwrap_or_default();
                events.push(Event::Html(CowStr::from(highlight(syntaxes, &lang, &code))));
            }
            (event, _) => events.push(event),
        }
    }
    let mut html = String::with_capacity(markdown.len() * 3);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    html
}

/// `a/b.md` → `out/a/b/index.html`, `a/_index.md` → `out/a/index.html`.
fn output_path(out: &Path, relative: &Path) -> PathBuf {
    let mut dir = out.join(relative);
    dir.set_extension("");
    if relative.file_stem().is_some_and(|s| s == "_index") {
        dir.pop();
    }
    dir.join("index.html")
}

fn build_page(syntaxes: Option<&SyntaxSet>, input: &Path, out: &Path, file: &Path) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", file.display());
    let text = fs::read_to_string(file).map_err(fail)?;
    let html = render(syntaxes, strip_front_matter(&text));
    let relative = file.strip_prefix(input).map_err(|e| e.to_string())?;
    let target = output_path(out, relative);
    if let Some(dir) = target.parent() {
        fs::create_dir_all(dir).map_err(fail)?;
    }
    fs::write(&target, html).map_err(|e| format!("{}: {e}", target.display()))
}

fn main() -> std::process::ExitCode {
    let args = Args::parse();
    let start = Instant::now();
    let files: Vec<PathBuf> = walkdir::WalkDir::new(&args.input)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    let syntaxes = (!args.no_highlight).then(two_face::syntax::extra_newlines);
    let errors: Vec<String> =
        files.par_iter().filter_map(|f| build_page(syntaxes.as_ref(), &args.input, &args.out, f).err()).collect();
    for e in &errors {
        eprintln!("floor: {e}");
    }
    eprintln!("floor: {} pages in {:.3} s", files.len() - errors.len(), start.elapsed().as_secs_f64());
    if errors.is_empty() {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}
