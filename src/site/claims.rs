//! The site's side of `matrix.toml`: load it once content is known (claims link to pages),
//! with its freshness warnings for today, and check the `criterion` pages name.

use std::path::{Path, PathBuf};

use crate::compare::matrix::{self, Matrix};
use crate::config::Config;
use crate::content::{Content, Document, Target};
use crate::error::{Diagnostic, Error, Result};
use crate::fs::SiteFiles;

/// How claims resolve links and pages: as a page at the root of `content/` would.
struct SiteLinks<'a> {
    content: &'a Content,
    base_path: String,
}

impl matrix::Links for SiteLinks<'_> {
    fn link(&self, dest: &str) -> Result<String, String> {
        if crate::markdown::links::is_external(dest) {
            return Ok(dest.to_string());
        }
        match crate::markdown::links::rewrite(dest, Path::new(""), self.content, &self.base_path) {
            (href, None) => Ok(href),
            (_, Some(problem)) => Err(problem.message()),
        }
    }

    fn page(&self, path: &str) -> Option<(PathBuf, String)> {
        let rel = crate::markdown::links::normalize(Path::new(path.trim_start_matches('/')))?;
        match self.content.by_path.get(&rel)? {
            &target @ (Target::Page(_) | Target::Section(_)) => {
                let url = format!("{}{}", self.base_path, self.content.url(target));
                Some((rel, url))
            }
            Target::Asset(_) => None,
        }
    }

    fn pages(&self) -> Vec<String> {
        self.content.pages.iter().map(|p| p.doc.rel_path.to_string_lossy().replace('\\', "/")).collect()
    }
}

/// The matrix and its warnings for today. Every located error of the file is an
/// [`Error::Site`]; a `SOURCE_DATE_EPOCH` that is not a number is the environment's problem, a
/// usage error.
pub(super) fn load(files: &SiteFiles, config: &Config, content: &Content) -> Result<(Matrix, Vec<Diagnostic>)> {
    let links = SiteLinks { content, base_path: config.base_path() };
    let matrix = matrix::load(files, config, &links).map_err(Error::Site)?;
    if matrix.is_empty() {
        return Ok((matrix, Vec::new()));
    }
    let today = matrix::fresh::today().map_err(Error::Usage)?;
    let warnings = matrix::fresh::warnings(&matrix, config, today);
    Ok((matrix, warnings))
}

/// A page's `criterion` must name one of the matrix's criteria.
pub(super) fn validate_document(matrix: &Matrix, doc: &Document, diagnostics: &mut Vec<Diagnostic>) {
    let Some(key) = &doc.front().criterion else { return };
    if matrix.is_empty() {
        let help = "declare the criteria and claims in matrix.toml, beside site.toml";
        diagnostics.push(doc.key_error("criterion", format!("`criterion = \"{key}\"` needs a matrix.toml")).help(help));
    } else if matrix.criterion(key).is_none() {
        let help = matrix.unknown_criterion_help(key);
        diagnostics.push(doc.key_error("criterion", format!("unknown criterion `{key}`")).help(help));
    }
}
