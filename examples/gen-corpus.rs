//! Writes a deterministic benchmark corpus: a versa site of N comparison articles in 20
//! sections and, with `--hugo DIR`, the same pages as a Hugo site.
//!
//! `cargo run --release --example gen-corpus -- --pages 1000 --out .bench/c1k [--hugo DIR]`
//!
//! Steps: seed a splitmix64 generator, write `site.toml` and the section indexes, then write
//! each page (front matter, prose, a list, a table, 3-5 fenced code blocks and, on every fifth
//! page, a `::: compare` group and a `::: criteria` table). The Hugo copy gets the same text
//! with the `:::` lines dropped, so both tools parse the same markdown.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use clap::Parser;

const SECTIONS: usize = 20;
const LANGUAGES: &[&str] = &["python", "rust", "javascript", "toml", "bash"];
const VERDICTS: &[&str] = &["[+]", "[-]", "[~]"];

#[derive(Parser)]
#[command(about = "Generate a deterministic versa (and optionally Hugo) benchmark corpus")]
struct Args {
    /// Number of article pages to write (sections and the home page come on top).
    #[arg(long)]
    pages: usize,
    /// Directory of the versa site to write (site.toml + content/).
    #[arg(long)]
    out: PathBuf,
    /// Also write the same pages as a Hugo site into this directory.
    #[arg(long)]
    hugo: Option<PathBuf>,
    /// Seed of the pseudo-random generator.
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// Leave out the `:::` containers and the `compare` front-matter key.
    #[arg(long)]
    no_blocks: bool,
}

/// splitmix64: tiny, fast and good enough to vary the text.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..=hi`.
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + (self.next() % (hi - lo + 1) as u64) as usize
    }
    fn pick<'a, T: ?Sized>(&mut self, items: &[&'a T]) -> &'a T {
        items[self.range(0, items.len() - 1)]
    }
    fn chance(&mut self, one_in: usize) -> bool {
        self.range(1, one_in) == 1
    }
}

const WORDS: &str = "request response handler router middleware schema validation serializer \
    model query database index cache latency throughput worker thread async await runtime \
    endpoint payload header token session cookie template render build deploy container image \
    cluster replica queue event stream batch pipeline config setting default option plugin \
    module package crate library framework compiler parser grammar syntax type trait generic \
    closure iterator buffer memory pointer lifetime borrow error result retry timeout limit \
    metric trace span log profile benchmark test fixture mock release version migration lock \
    channel socket connection pool client server proxy gateway secret permission role user \
    tenant page section feature tradeoff ecosystem community performance security ergonomics";

/// The section titles, one per section.
const TOPICS: &str = "Routing,Validation,Serialization,Authentication,Async IO,Database Access,\
    Caching,Testing,Deployment,Observability,Error Handling,Configuration,Background Jobs,\
    Pagination,Rate Limiting,File Uploads,WebSockets,Dependency Injection,Migrations,Documentation";

/// Code line templates: `~a` snake_case name, `~T` TypeName, `~V` UPPER_NAME, `~n` number,
/// `~s` a few words. A template may hold several lines (a block and its body).
const PY_HEAD: &[&str] = &[
    "import ~a\nfrom ~a.~a import ~T, ~T\n\n\nclass ~T(~T):\n    \"\"\"~s.\"\"\"\n\n    def ~a(self, ~a: int, ~a: str = \"~s\") -> dict:",
    "from dataclasses import dataclass\n\n\n@dataclass\nclass ~T:\n    ~a: int = ~n\n\n    async def ~a(self, ~a, ~a=None):",
];
const PY_BODY: &[&str] = &[
    "        ~a = self.~a.get(\"~a\", ~n)",
    "        if ~a > ~n:\n            return {\"~a\": ~a, \"~a\": [~n, ~n]}",
    "        for ~a in range(~n):\n            self.~a.append(~a * ~n)",
    "        ~a = [~a.~a() for ~a in ~a if ~a is not None]",
    "        # ~s",
    "        try:\n            ~a = await ~a.~a(~a, timeout=~n)\n        except ~TError as exc:\n            raise ValueError(f\"~s: {exc}\") from exc",
    "        with open(\"~a.json\", encoding=\"utf-8\") as fh:\n            ~a = json.load(fh)",
];
const RS_HEAD: &[&str] = &[
    "use std::collections::HashMap;\n\n#[derive(Debug, Clone, Default)]\npub struct ~T {\n    ~a: u64,\n    ~a: HashMap<String, Vec<u32>>,\n}\n\nimpl ~T {\n    pub fn ~a(&mut self, ~a: &str) -> Result<u64, ~TError> {",
    "/// ~s.\npub async fn ~a(~a: &~T, ~a: usize) -> anyhow::Result<Vec<~T>> {",
];
const RS_BODY: &[&str] = &[
    "        let ~a = self.~a.saturating_add(~n);",
    "        if ~a.len() > ~n {\n            return Err(~TError::~T(~a.to_string()));\n        }",
    "        for (~a, ~a) in ~a.iter().enumerate() {\n            ~a.push(*~a as u32 + ~n);\n        }",
    "        let ~a: Vec<_> = ~a.iter().filter(|x| x.~a > ~n).map(|x| x.~a).collect();",
    "        // ~s",
    "        match ~a.get(\"~a\") {\n            Some(v) => ~a += v.len() as u64,\n            None => eprintln!(\"~s: {}\", ~a),\n        }",
    "        let ~a = ~T::new(\"~a\", ~n).await?;",
];
const JS_HEAD: &[&str] = &[
    "import { ~a, ~a } from \"./~a.js\";\n\nexport async function ~a(~a, ~a = {}) {",
    "const ~V = ~n;\n\nmodule.exports = function ~a(~a, ~a) {",
];
const JS_BODY: &[&str] = &[
    "  const ~a = await fetch(`/api/~a/${~a}`);",
    "  if (!~a.ok) {\n    throw new Error(\"~s\");\n  }",
    "  for (const ~a of ~a.~a) {\n    ~a.push({ ~a: ~a.~a, count: ~n });\n  }",
    "  const ~a = ~a.filter((x) => x.~a > ~n).map((x) => x.~a);",
    "  // ~s",
    "  let ~a = ~a?.~a ?? \"~a\";",
    "  setTimeout(() => ~a.~a(~a), ~n);",
];
const TOML_HEAD: &[&str] = &["# ~s\n[~a]\nname = \"~a\"\nversion = \"~n.~n.~n\""];
const TOML_BODY: &[&str] = &[
    "~a = \"~a\"\n~a = ~n",
    "~a = true\n~a = [\"~a\", \"~a\", \"~a\"]",
    "\n[~a.~a]\n~a = ~n\n~a = false",
    "# ~s\n~a = ~n",
];
const SH_HEAD: &[&str] = &["#!/usr/bin/env bash\nset -euo pipefail\n\n~V=\"${1:-~a}\""];
const SH_BODY: &[&str] = &[
    "echo \"~s: $~V\"",
    "for f in ~a/*.~a; do\n  cp \"$f\" \"/tmp/~a/$(basename \"$f\")\"\ndone",
    "if [ -z \"${~V:-}\" ]; then\n  export ~V=~n\nfi",
    "~a --~a=~n --~a \"$~V\" | grep -v ~a || true",
    "# ~s",
    "curl -fsS \"http://localhost:~n/~a\" -o ~a.json",
];

struct Gen {
    rng: Rng,
    words: Vec<&'static str>,
    topics: Vec<&'static str>,
}

impl Gen {
    fn word(&mut self) -> &'static str {
        self.words[self.rng.range(0, self.words.len() - 1)]
    }
    fn ident(&mut self) -> String {
        if !self.rng.chance(3) {
            self.word().to_string()
        } else {
            format!("{}_{}", self.word(), self.word())
        }
    }
    fn type_name(&mut self) -> String {
        let (a, b) = (self.word(), self.word());
        format!("{}{}", capitalize(a), capitalize(b))
    }
    fn words(&mut self, lo: usize, hi: usize) -> String {
        let n = self.rng.range(lo, hi);
        (0..n).map(|_| self.word()).collect::<Vec<_>>().join(" ")
    }
    fn sentence(&mut self) -> String {
        let mut s = capitalize(self.word());
        for _ in 0..self.rng.range(5, 12) {
            s.push(' ');
            match self.rng.range(0, 24) {
                0 => write!(s, "`{}()`", self.ident()).unwrap(),
                1 => write!(s, "**{}**", self.word()).unwrap(),
                2 => write!(s, "[{}](https://example.org/{})", self.word(), self.word()).unwrap(),
                _ => s.push_str(self.word()),
            }
        }
        s.push_str(self.rng.pick(&[".", ".", ".", "?", "!"]));
        s
    }
    fn paragraph(&mut self) -> String {
        let n = self.rng.range(2, 3);
        let sentences: Vec<String> = (0..n).map(|_| self.sentence()).collect();
        sentences.join(" ")
    }
    /// Replaces the `~x` placeholders of a template with fresh random names.
    fn fill(&mut self, template: &str) -> String {
        let mut out = String::with_capacity(template.len() * 2);
        let mut chars = template.chars().peekable();
        while let Some(c) = chars.next() {
            let Some(&next) = chars.peek().filter(|_| c == '~') else {
                out.push(c);
                continue;
            };
            match next {
                'a' => out.push_str(&self.ident()),
                'T' => out.push_str(&self.type_name()),
                'V' => out.push_str(&self.ident().to_uppercase()),
                'n' => write!(out, "{}", self.rng.range(1, 500)).unwrap(),
                's' => out.push_str(&self.words(3, 7)),
                _ => {
                    out.push(c);
                    continue;
                }
            }
            chars.next();
        }
        out
    }
    /// A fenced code block of 10-40 lines, most of them short (a template adds up to 3
    /// lines past the target).
    fn code_block(&mut self, lang: &str) -> String {
        let (head, body, tail): (&[&str], &[&str], &str) = match lang {
            "python" => (PY_HEAD, PY_BODY, "        return ~a"),
            "rust" => (RS_HEAD, RS_BODY, "        Ok(~a)\n    }\n}"),
            "javascript" => (JS_HEAD, JS_BODY, "  return ~a;\n}"),
            "toml" => (TOML_HEAD, TOML_BODY, "~a = \"~a\""),
            _ => (SH_HEAD, SH_BODY, "exit 0"),
        };
        let target = self.rng.range(10, 37).min(self.rng.range(10, 37));
        let first = self.rng.pick(head);
        let mut code = self.fill(first);
        while code.lines().count() + tail.lines().count() < target {
            code.push('\n');
            let line = self.rng.pick(body);
            code.push_str(&self.fill(line));
        }
        code.push('\n');
        code.push_str(&self.fill(tail));
        format!("```{lang}\n{code}\n```\n")
    }
    fn list(&mut self) -> String {
        let mut s = String::new();
        for _ in 0..self.rng.range(3, 6) {
            writeln!(s, "- **{}**: {}", capitalize(self.word()), self.sentence()).unwrap();
        }
        s
    }
    fn table(&mut self) -> String {
        let mut s = String::from("| Aspect | Alpha | Beta | Notes |\n|---|---:|---:|---|\n");
        for _ in 0..self.rng.range(4, 7) {
            let (a, b) = (self.rng.range(1, 999), self.rng.range(1, 999));
            let (w, notes) = (capitalize(self.word()), self.words(2, 5));
            writeln!(s, "| {w} | {a} ms | {b} ms | {notes} |").unwrap();
        }
        s
    }
    fn compare_group(&mut self) -> String {
        let (a, b) = (self.code_block("python"), self.code_block("javascript"));
        format!("::: compare\n{a}{b}:::\n")
    }
    fn criteria(&mut self) -> String {
        let mut s = String::from("::: criteria\n| Criterion | Alpha | Beta |\n|---|---|---|\n");
        for _ in 0..self.rng.range(4, 7) {
            let crit = capitalize(self.word());
            let (va, vb) = (self.rng.pick(VERDICTS), self.rng.pick(VERDICTS));
            let (wa, wb) = (self.words(2, 5), self.words(2, 5));
            writeln!(s, "| {crit} | {va} {wa} | {vb} {wb} |").unwrap();
        }
        s.push_str(":::\n");
        s
    }

    /// One article: (front matter lines without `compare`, whether it compares, body).
    fn page(&mut self, n: usize) -> (String, bool, String) {
        let topic = self.rng.pick(&self.topics);
        let (month, day) = (self.rng.range(1, 12), self.rng.range(1, 28));
        let front = format!(
            "title = \"Alpha vs Beta: {topic} #{n}\"\ndescription = \"{}\"\n\
             date = 2026-{month:02}-{day:02}\nweight = {n}\n",
            self.words(6, 12)
        );
        let compares = n.is_multiple_of(5);
        let heads = self.rng.range(6, 10);
        let mut extras = vec![self.list(), self.table()];
        for _ in 0..self.rng.range(3, 5) {
            let lang = self.rng.pick(LANGUAGES);
            extras.push(self.code_block(lang));
        }
        if compares {
            extras.push(self.compare_group());
            extras.push(self.criteria());
        }
        for i in (1..extras.len()).rev() {
            extras.swap(i, self.rng.range(0, i));
        }
        let mut body = format!("{}\n", self.paragraph());
        for _ in 0..heads {
            let title = format!("{} {}", capitalize(self.word()), self.words(1, 3));
            write!(body, "\n## {title}\n\n{}\n", self.paragraph()).unwrap();
            // One list, table or code block per section, the rest after the last one.
            if let Some(extra) = extras.pop() {
                write!(body, "\n{extra}").unwrap();
            }
            if self.rng.chance(4) {
                write!(body, "\n{}\n", self.paragraph()).unwrap();
            }
        }
        for extra in extras {
            write!(body, "\n{extra}").unwrap();
        }
        (front, compares, body)
    }
}

fn capitalize(w: &str) -> String {
    let mut c = w.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The body without its `:::` lines: compare blocks become consecutive fences and the
/// criteria table a plain table.
fn strip_containers(body: &str) -> String {
    let lines = body.lines().filter(|l| !l.starts_with(":::"));
    lines.flat_map(|l| [l, "\n"]).collect()
}

fn write(path: &Path, text: &str) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        fs::create_dir_all(dir)?;
    }
    fs::write(path, text).map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display())))
}

const SITE_TOML: &str = r#"title = "Versa benchmark corpus"
description = "Generated comparison articles for build benchmarks"
base_url = "https://example.org/"

[contenders.alpha]
name = "Alpha"
version = "1.4"
language = "Python"

[contenders.beta]
name = "Beta"
version = "2.0"
language = "JavaScript"
"#;

const HUGO_TOML: &str = r#"baseURL = "https://example.org/"
title = "Versa benchmark corpus"
languageCode = "en"
# Pages are dated 2026-MM-DD; build them all, whatever today's date.
buildFuture = true
disableKinds = ["taxonomy", "term", "RSS", "404"]

[markup.highlight]
noClasses = false
codeFences = true
guessSyntax = false
"#;

/// The Hugo layouts: a base with a title and the section nav, pages and lists.
const HUGO_LAYOUTS: &[(&str, &str)] = &[
    ("_default/baseof.html", HUGO_BASE),
    ("_default/single.html", HUGO_PAGE),
    ("_default/list.html", HUGO_LIST),
    ("index.html", HUGO_LIST),
];
const HUGO_BASE: &str = r#"<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }} | {{ site.Title }}</title>
<meta name="description" content="{{ .Description }}"><link rel="stylesheet" href="/style.css"></head>
<body><nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
"#;
const HUGO_PAGE: &str = r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02" }}">{{ .Date.Format "2006-01-02" }}</time></p>
{{ .Content }}</article>{{ end }}
"#;
const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}
"#;

fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let mut g =
        Gen { rng: Rng(args.seed), words: WORDS.split_whitespace().collect(), topics: TOPICS.split(',').collect() };
    let blocks = !args.no_blocks;
    let hugo = args.hugo.as_deref();
    let both = |rel: &str, versa: &str, hugo_text: &str| -> std::io::Result<()> {
        write(&args.out.join("content").join(rel), versa)?;
        match hugo {
            Some(h) => write(&h.join("content").join(rel), hugo_text),
            None => Ok(()),
        }
    };

    write(&args.out.join("site.toml"), SITE_TOML)?;
    if let Some(h) = hugo {
        write(&h.join("hugo.toml"), HUGO_TOML)?;
        for (path, text) in HUGO_LAYOUTS {
            write(&h.join("layouts").join(path), text)?;
        }
    }
    let home = format!("+++\ntitle = \"Alpha vs Beta\"\n+++\n\n{}\n", g.paragraph());
    both("_index.md", &home, &home)?;
    for s in 1..=SECTIONS {
        let (title, about, intro) = (g.topics[s - 1], g.words(5, 9), g.paragraph());
        let text = format!("+++\ntitle = \"{title}\"\ndescription = \"{about}\"\nweight = {s}\n+++\n\n{intro}\n");
        both(&format!("sec-{s:02}/_index.md"), &text, &text)?;
    }

    let mut bytes = 0;
    for n in 1..=args.pages {
        let (front, compares, body) = g.page(n);
        let plain = format!("+++\n{front}+++\n\n{}", strip_containers(&body));
        let versa = if blocks && compares {
            format!("+++\n{front}compare = [\"alpha\", \"beta\"]\n+++\n\n{body}")
        } else {
            plain.clone()
        };
        bytes += versa.len();
        let rel = format!("sec-{:02}/page-{n:05}.md", (n - 1) % SECTIONS + 1);
        both(&rel, &versa, &plain)?;
    }
    let average = bytes as f64 / args.pages.max(1) as f64 / 1024.0;
    let kind = if blocks { "" } else { " (no ::: blocks)" };
    eprintln!("gen-corpus: {} pages, {SECTIONS} sections, {average:.1} KB/page{kind}", args.pages);
    Ok(())
}
