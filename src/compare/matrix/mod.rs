//! The comparison as data: `matrix.toml` declares the criteria and, for every contender and
//! criterion, a claim (a value, a verdict, a note, sources, the date it was verified and the
//! contender version it was checked against). Tables, criterion pages and templates all take
//! their facts from here, so a fact is written once.
//!
//! 1. [`parse`] reads the file with every key and value's position (`toml::Spanned`).
//! 2. [`build`] checks it against `site.toml`'s contenders and `content/`'s pages and renders
//!    each value and note as inline markdown, collecting every located error.
//! 3. [`fresh`] warns about stale claims, claims checked against an older version and, when
//!    asked, claims without sources; "today" comes from `SOURCE_DATE_EPOCH` or the clock, and
//!    never reaches the HTML.
//! 4. [`table`] turns a choice of rows and contenders into a [`CriteriaTable`] whose cells carry
//!    their claim and citation marks, numbering each page's sources in [`Citations`].

mod build;
pub(crate) mod fresh;
mod parse;
mod table;

use std::path::PathBuf;

use serde::Serialize;

use super::criteria::Verdict;
use crate::error::Source;
pub(crate) use build::{load, Links};
pub(crate) use table::{locate_in_attribute, table, Citations, OnPage, Selection, SourceEntry};

/// The whole matrix: `site.matrix` in templates. Empty when the site has no `matrix.toml`.
#[derive(Debug, Clone, Default, Serialize)]
pub(crate) struct Matrix {
    /// The contenders' keys, in `site.toml` order: every criterion has a claim for each.
    pub(crate) contenders: Vec<String>,
    /// The criteria, in the order the file declares them.
    pub(crate) criteria: Vec<Criterion>,
    /// The file, for locating warnings about its claims.
    #[serde(skip)]
    pub(crate) source: Option<Source>,
}

/// One criterion: a row of every table that shows it.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Criterion {
    pub(crate) key: String,
    pub(crate) title: String,
    /// Inline markdown, rendered.
    pub(crate) description_html: String,
    /// The URL of the page that discusses it (`page = "criteria/async.md"`), if it names one.
    pub(crate) url: Option<String>,
    /// That page's path relative to `content/`.
    #[serde(skip)]
    pub(crate) page: Option<PathBuf>,
    /// One claim per contender, in `site.toml` order.
    pub(crate) claims: Vec<Claim>,
}

/// What the matrix says about one contender on one criterion.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Claim {
    /// `<criterion>/<contender>`, as in `data-claim`.
    pub(crate) id: String,
    pub(crate) contender: String,
    pub(crate) verdict: Option<Verdict>,
    /// The value as inline markdown rendered, without its verdict mark.
    pub(crate) html: String,
    /// The value as written, without its verdict mark.
    pub(crate) text: String,
    /// The writer said `n/a`: nothing applies.
    pub(crate) not_applicable: bool,
    pub(crate) note_html: String,
    pub(crate) sources: Vec<ClaimSource>,
    /// `YYYY-MM-DD`, when the claim says when it was checked.
    pub(crate) verified: Option<String>,
    /// The contender version it was checked against.
    pub(crate) version: String,
    /// Where the claim and its parts are written, for warnings.
    #[serde(skip)]
    pub(crate) at: ClaimSpans,
}

/// Byte ranges in `matrix.toml` of a claim and of the parts warnings point at.
#[derive(Debug, Clone, Default)]
pub(crate) struct ClaimSpans {
    pub(crate) claim: std::ops::Range<usize>,
    pub(crate) verified: Option<std::ops::Range<usize>>,
    pub(crate) version: Option<std::ops::Range<usize>>,
}

/// Where a claim comes from.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub(crate) struct ClaimSource {
    pub(crate) url: String,
    pub(crate) title: String,
}

impl Matrix {
    /// True when the site has no `matrix.toml`.
    pub(crate) fn is_empty(&self) -> bool {
        self.source.is_none()
    }

    /// The criterion with this key.
    pub(crate) fn criterion(&self, key: &str) -> Option<&Criterion> {
        self.criteria.iter().find(|c| c.key == key)
    }

    /// The criteria's keys, for "did you mean" and lists in messages.
    pub(crate) fn criterion_keys(&self) -> Vec<&str> {
        self.criteria.iter().map(|c| c.key.as_str()).collect()
    }

    /// Help for a key that names no criterion.
    pub(crate) fn unknown_criterion_help(&self, key: &str) -> String {
        let keys = self.criterion_keys();
        match crate::diagnostics::closest(key, &keys) {
            Some(best) => format!("did you mean `{best}`? criteria in matrix.toml: `{}`", keys.join("`, `")),
            None if keys.is_empty() => "declare criteria in matrix.toml as `[criteria.KEY]`".into(),
            None => format!("criteria in matrix.toml: `{}`", keys.join("`, `")),
        }
    }
}
