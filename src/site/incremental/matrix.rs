//! An edit of `matrix.toml` alone: re-render the sections, pages and pair pages that show a
//! changed claim, with the same output as a full build.
//!
//! 1. Load and check the new matrix against the loaded site; an error leaves everything as it was.
//! 2. New or reordered criteria, or templates that read `site.matrix`, re-render everything.
//! 3. Otherwise a claim changed when what templates get of it changed (its criterion's title,
//!    description or page count as a change of all its claims): re-render the documents whose
//!    tables showed it (their report's `claims`) or that discuss its criterion, and the pair
//!    pages of its contender.

use std::collections::BTreeSet;

use super::Plan;
use crate::compare::matrix::{Claim, Criterion, Matrix};
use crate::error::Result;
use crate::site::{Options, Rebuilt, Report, Site};

impl Site {
    pub(super) fn rebuild_matrix(&mut self, options: &Options, last: &mut Report) -> Result<Rebuilt> {
        let (matrix, mut warnings) = super::super::claims::load(&self.files, &self.config, &self.content)?;
        let Some(changed) = changed_claims(&self.matrix, &matrix).filter(|_| !self.templates.read_matrix()) else {
            return self.rebuild_all(options, last);
        };
        let mut plan = Plan::default();
        for doc in &last.documents {
            let discusses = self.content.document(doc.target).and_then(|d| d.front().criterion.as_deref());
            let shows = |(criterion, contender): &(usize, usize)| {
                let id = &matrix.criteria[*criterion].claims[*contender].id;
                doc.claims.contains(id) || discusses == Some(matrix.criteria[*criterion].key.as_str())
            };
            if changed.iter().any(shows) {
                plan.targets.insert(doc.target);
            }
        }
        let contenders: BTreeSet<usize> = changed.iter().map(|&(_, contender)| contender).collect();
        for (i, page) in self.pairs.pages.iter().enumerate() {
            if contenders.contains(&page.pair.a) || contenders.contains(&page.pair.b) {
                plan.pairs.insert(i);
            }
        }
        warnings.extend(crate::site::pairs::Pairs::load(&self.config, &self.content).1);
        let json = crate::render::context::MatrixShown::serialize_once(&matrix);
        let old = (std::mem::replace(&mut self.matrix, matrix), std::mem::replace(&mut self.matrix_json, json));
        match self.render_plan(&plan, last) {
            Ok(mut rebuilt) => {
                self.matrix_warnings.clone_from(&warnings);
                warnings.append(&mut rebuilt.warnings);
                rebuilt.warnings = warnings;
                Ok(rebuilt)
            }
            Err(e) => {
                (self.matrix, self.matrix_json) = old;
                Err(e)
            }
        }
    }
}

/// The (criterion, contender) indices of the claims that differ, or `None` when the criteria or
/// contenders themselves differ.
fn changed_claims(old: &Matrix, new: &Matrix) -> Option<Vec<(usize, usize)>> {
    let keys = |m: &Matrix| m.criteria.iter().map(|c| c.key.clone()).collect::<Vec<_>>();
    if old.is_empty() || new.is_empty() || old.contenders != new.contenders || keys(old) != keys(new) {
        return None;
    }
    // A claim as templates get it (its positions in the file are left out); claims hold
    // strings, lists and options only, so serializing them cannot fail.
    let json = |claim: &Claim| serde_json::to_value(claim).unwrap_or_default();
    let mut changed = Vec::new();
    for (i, (before, after)) in old.criteria.iter().zip(&new.criteria).enumerate() {
        let whole = criterion_fields(before) != criterion_fields(after);
        for (j, (a, b)) in before.claims.iter().zip(&after.claims).enumerate() {
            if whole || json(a) != json(b) {
                changed.push((i, j));
            }
        }
    }
    Some(changed)
}

/// What tables show of a criterion besides its claims.
fn criterion_fields(c: &Criterion) -> (&str, &str, Option<&str>, Option<&std::path::Path>) {
    (&c.title, &c.description_html, c.url.as_deref(), c.page.as_deref())
}
