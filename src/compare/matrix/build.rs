//! `matrix.toml` checked against the site: every contender key known, every cell filled, dates
//! real, sources http(s) URLs, pages that exist. Every problem is collected and located.

use std::ops::Range;
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};
use toml::Spanned;

use super::parse::{ClaimInput, CriterionInput, FileInput, SourceInput, CRITERION_FIELDS};
use super::{Claim, ClaimSource, ClaimSpans, Criterion, Matrix};
use crate::compare::criteria::{split_verdict, Verdict};
use crate::config::Config;
use crate::error::{Diagnostic, Source};
use crate::fs::SiteFiles;
use crate::layout::MATRIX_FILE;

/// What the matrix needs to know about the site's pages; given by the caller, which owns link
/// resolution (the matrix sits below `markdown` and `content` walking).
pub(crate) trait Links {
    /// A link written in a claim, relative to `content/`, rewritten; or why it is broken.
    fn link(&self, dest: &str) -> Result<String, String>;
    /// The page or section at `path` (relative to `content/`): its normalized path and URL.
    fn page(&self, path: &str) -> Option<(PathBuf, String)>;
    /// Every page's path relative to `content/`, for "did you mean".
    fn pages(&self) -> Vec<String>;
}

/// Read and check the site's `matrix.toml`; an empty matrix when there is none.
pub(crate) fn load(files: &SiteFiles, config: &Config, links: &dyn Links) -> Result<Matrix, Vec<Diagnostic>> {
    let path = files.root().join(MATRIX_FILE);
    if !path.is_file() {
        return Ok(Matrix::default());
    }
    let bytes = files.read(&path).map_err(|d| vec![d])?;
    let source = crate::error::decode(Path::new(MATRIX_FILE), bytes).map_err(|d| vec![d])?;
    let input: FileInput =
        toml::from_str(&source.text).map_err(|e| vec![crate::diagnostics::toml_diagnostic(&source, &e)])?;
    let mut checker = Checker { source: &source, config, links, errors: Vec::new() };
    let criteria = input.criteria.into_iter().map(|(key, c)| checker.criterion(key, c)).collect();
    if !checker.errors.is_empty() {
        return Err(checker.errors);
    }
    Ok(Matrix { contenders: config.contenders.keys().cloned().collect(), criteria, source: Some(source) })
}

/// The checks in progress, collecting every error.
struct Checker<'a> {
    source: &'a Source,
    config: &'a Config,
    links: &'a dyn Links,
    errors: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, span: Range<usize>, message: String, help: impl Into<String>) {
        let diagnostic = Diagnostic::error(message).at_offset(self.source, span.start, span.len()).help(help);
        self.errors.push(diagnostic);
    }

    fn criterion(&mut self, key: String, input: Spanned<CriterionInput>) -> Criterion {
        let table = input.span();
        let input = input.into_inner();
        let title = match &input.title {
            Some(title) => title.get_ref().clone(),
            None => {
                let help = format!("add `title = \"…\"` under `[criteria.{key}]`: tables and pages show it");
                self.error(table.clone(), format!("the criterion `{key}` has no `title`"), help);
                key.clone()
            }
        };
        let description_html = input.description.as_ref().map(|d| self.inline(d)).unwrap_or_default();
        let (page, url) = input.page.as_ref().and_then(|page| self.page(page)).unzip();
        let mut claims = Vec::new();
        for (contender, claim) in input.claims {
            if !self.config.contenders.contains_key(contender.get_ref()) {
                self.unknown_contender(&key, &contender);
                continue;
            }
            claims.push(self.claim(&key, contender.into_inner(), claim));
        }
        let mut ordered = Vec::new();
        for (contender, declared) in &self.config.contenders {
            match claims.iter().position(|c: &Claim| &c.contender == contender) {
                Some(i) => ordered.push(claims.swap_remove(i)),
                None => self.error(
                    table.start..table.start + 1,
                    format!("the criterion `{key}` has no claim for `{contender}` ({})", declared.name),
                    format!("add `{contender} = \"…\"`, or `{contender} = \"n/a\"` where nothing applies"),
                ),
            }
        }
        Criterion { key, title, description_html, url, page, claims: ordered }
    }

    fn unknown_contender(&mut self, criterion: &str, contender: &Spanned<String>) {
        let name = contender.get_ref();
        let mut known: Vec<&str> = self.config.contenders.keys().map(String::as_str).collect();
        known.extend(CRITERION_FIELDS);
        let help = match crate::diagnostics::closest(name, &known) {
            Some(best) => format!(
                "did you mean `{best}`? a criterion has `{}` and one claim per contender from site.toml",
                CRITERION_FIELDS.join("`, `")
            ),
            None => format!(
                "a criterion has `{}` and one claim per contender from site.toml: `{}`",
                CRITERION_FIELDS.join("`, `"),
                self.config.contenders.keys().cloned().collect::<Vec<_>>().join("`, `")
            ),
        };
        self.error(contender.span(), format!("unknown contender `{name}` in the criterion `{criterion}`"), help);
    }

    /// The page a criterion names, relative to `content/`, with its URL.
    fn page(&mut self, page: &Spanned<String>) -> Option<(PathBuf, String)> {
        match self.links.page(page.get_ref()) {
            Some(found) => Some(found),
            None => {
                let mut pages = self.links.pages();
                pages.sort();
                let refs: Vec<&str> = pages.iter().map(String::as_str).collect();
                let help = match crate::diagnostics::closest(page.get_ref(), &refs) {
                    Some(best) => {
                        format!("did you mean `{best}`? `page` is a markdown file's path relative to content/")
                    }
                    None => "`page` is a markdown file's path relative to content/, like `criteria/async.md`".into(),
                };
                self.error(
                    page.span(),
                    format!("`page` names `{}`, which is not a page of the site", page.get_ref()),
                    help,
                );
                None
            }
        }
    }

    fn claim(&mut self, criterion: &str, contender: String, input: Spanned<ClaimInput>) -> Claim {
        let claim_span = input.span();
        let input = input.into_inner();
        let value =
            input.value.map(|v| if v.span().is_empty() { Spanned::new(claim_span.clone(), v.into_inner()) } else { v });
        let value = value.unwrap_or_else(|| Spanned::new(claim_span.clone(), String::new()));
        let (marked, rest) = split_verdict(value.get_ref().trim());
        let text = rest.to_string();
        if text.is_empty() {
            let help = "write what the contender does, or `n/a` where nothing applies";
            self.error(value.span(), format!("the claim `{criterion}/{contender}` has an empty value"), help);
        }
        let verdict = self.verdict(marked, input.verdict.as_ref(), &value);
        let html = self.inline(&Spanned::new(value.span(), text.clone()));
        let note_html = input.note.as_ref().map(|n| self.inline(n)).unwrap_or_default();
        let sources = input.sources.iter().filter_map(|s| self.source(s)).collect();
        let verified = input.verified.as_ref().and_then(|v| self.date(v));
        Claim {
            id: format!("{criterion}/{contender}"),
            not_applicable: text.eq_ignore_ascii_case("n/a"),
            contender,
            verdict,
            html,
            text,
            note_html,
            sources,
            verified,
            version: input.version.as_ref().map(|v| v.get_ref().clone()).unwrap_or_default(),
            at: ClaimSpans {
                claim: claim_span,
                verified: input.verified.as_ref().map(Spanned::span),
                version: input.version.as_ref().map(Spanned::span),
            },
        }
    }

    /// The verdict from the `[+]` mark or the `verdict` key; both must agree.
    fn verdict(
        &mut self,
        marked: Option<Verdict>,
        key: Option<&Spanned<String>>,
        value: &Spanned<String>,
    ) -> Option<Verdict> {
        let Some(key) = key else { return marked };
        let named = match key.get_ref().as_str() {
            "plus" => Verdict::Plus,
            "minus" => Verdict::Minus,
            "partial" => Verdict::Partial,
            other => {
                let help = "write `plus`, `minus` or `partial`, or start the value with `[+]`, `[-]` or `[~]`";
                self.error(key.span(), format!("unknown verdict `{other}`"), help);
                return marked;
            }
        };
        if marked.is_some_and(|m| m != named) {
            let help = "keep one: the mark at the start of `value`, or `verdict`";
            self.error(value.span(), "the value's verdict mark disagrees with `verdict`".into(), help);
        }
        Some(named)
    }

    fn source(&mut self, input: &Spanned<SourceInput>) -> Option<ClaimSource> {
        let SourceInput { url, title } = input.get_ref();
        let address = url.get_ref().trim();
        let rest = address.strip_prefix("https://").or_else(|| address.strip_prefix("http://"));
        if rest.is_none_or(|r| r.is_empty() || r.contains(char::is_whitespace)) {
            let help = "write the full address of the page, starting with `https://`";
            self.error(url.span(), format!("the source `{address}` is not an http(s) URL"), help);
            return None;
        }
        if title.get_ref().trim().is_empty() {
            self.error(
                title.span(),
                "a source needs a `title`".into(),
                "name the page, e.g. `title = \"FastAPI docs: Concurrency\"`",
            );
            return None;
        }
        Some(ClaimSource { url: address.to_string(), title: title.get_ref().trim().to_string() })
    }

    /// `verified`: a TOML date (`2026-10-01`) or a string in that form.
    fn date(&mut self, value: &Spanned<toml::Value>) -> Option<String> {
        let text = match value.get_ref() {
            toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
            toml::Value::String(s) if s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() => {
                s.clone()
            }
            other => {
                let shown = match other {
                    toml::Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                let help = "write the day the claim was checked, like `verified = 2026-10-01`";
                self.error(value.span(), format!("`verified` must be a date like 2026-10-01, not `{shown}`"), help);
                return None;
            }
        };
        Some(text)
    }

    /// Inline markdown, rendered; internal links resolved from `content/`.
    fn inline(&mut self, text: &Spanned<String>) -> String {
        let mut options = Options::ENABLE_STRIKETHROUGH;
        if self.config.markdown.smart_punctuation {
            options |= Options::ENABLE_SMART_PUNCTUATION;
        }
        let mut broken = Vec::new();
        let events: Vec<Event<'_>> = Parser::new_ext(text.get_ref(), options)
            .map(|event| match event {
                Event::Start(Tag::Link { link_type, dest_url, title, id }) => {
                    let dest_url = self.links.link(&dest_url).unwrap_or_else(|problem| {
                        broken.push(problem);
                        dest_url.to_string()
                    });
                    Event::Start(Tag::Link { link_type, dest_url: dest_url.into(), title, id })
                }
                other => other,
            })
            .collect();
        for problem in broken {
            let help = "links in matrix.toml are relative to content/: `[async](criteria/async.md)`";
            self.error(text.span(), problem, help);
        }
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        let trimmed = html.trim();
        trimmed.strip_prefix("<p>").and_then(|h| h.strip_suffix("</p>")).unwrap_or(trimmed).to_string()
    }
}
