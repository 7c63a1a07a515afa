//! Freshness: claims go stale as time passes and contenders release. Each warning points at the
//! claim in `matrix.toml`; the HTML shows only the dates written there, so output stays
//! byte-identical whatever day it is built.

use chrono::NaiveDate;

use super::{Claim, Matrix};
use crate::config::Config;
use crate::error::Diagnostic;

/// Today in UTC: the day of `SOURCE_DATE_EPOCH` (seconds since 1970) when it is set, as
/// reproducible builds expect, else of the system clock.
pub(crate) fn today() -> Result<NaiveDate, String> {
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("SOURCE_DATE_EPOCH must be a number of seconds since 1970-01-01, not `{value}`"))?,
        Err(_) => {
            let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
            i64::try_from(now.as_secs()).unwrap_or(0)
        }
    };
    let epoch = NaiveDate::from_ymd_opt(1970, 1, 1).expect("a real date");
    epoch
        .checked_add_signed(chrono::TimeDelta::days(seconds.div_euclid(86_400)))
        .ok_or_else(|| format!("SOURCE_DATE_EPOCH `{seconds}` is not a date versa can use"))
}

/// Every freshness warning of the matrix on `today`.
pub(crate) fn warnings(matrix: &Matrix, config: &Config, today: NaiveDate) -> Vec<Diagnostic> {
    let Some(source) = &matrix.source else { return Vec::new() };
    let mut warnings = Vec::new();
    let at = |d: Diagnostic, span: &std::ops::Range<usize>| d.at_offset(source, span.start, span.len());
    for claim in matrix.criteria.iter().flat_map(|c| &c.claims) {
        if let Some(warning) = stale(claim, config.claims.stale_after_days, today) {
            warnings.push(at(warning, claim.at.verified.as_ref().unwrap_or(&claim.at.claim)));
        }
        let declared = config.contenders.get(&claim.contender).map_or("", |c| c.version.as_str());
        if let Some(warning) = behind(claim, declared, config) {
            warnings.push(at(warning, claim.at.version.as_ref().unwrap_or(&claim.at.claim)));
        }
        if config.claims.require_sources && claim.sources.is_empty() && !claim.not_applicable {
            let warning = Diagnostic::warning(format!("the claim `{}` has no source", claim.id)).help(
                "add `sources = [{ url = \"https://…\", title = \"…\" }]`, or set `require_sources = false` under `[claims]` in site.toml",
            );
            warnings.push(at(warning, &claim.at.claim));
        }
    }
    warnings
}

fn stale(claim: &Claim, after_days: u32, today: NaiveDate) -> Option<Diagnostic> {
    let verified = NaiveDate::parse_from_str(claim.verified.as_deref()?, "%Y-%m-%d").ok()?;
    let age = today.signed_duration_since(verified).num_days();
    (age > i64::from(after_days)).then(|| {
        Diagnostic::warning(format!(
            "the claim `{}` was verified on {verified}, {age} days ago: it is stale after {after_days} days",
            claim.id
        ))
        .help("check it again and update `verified` (and `version`), or raise `stale_after_days` under `[claims]` in site.toml")
    })
}

/// A warning when the claim was checked against an older major or minor version than the one
/// `site.toml` declares for its contender.
fn behind(claim: &Claim, declared: &str, config: &Config) -> Option<Diagnostic> {
    let (checked, current) = (major_minor(&claim.version)?, major_minor(declared)?);
    (checked < current).then(|| {
        let name = config.contenders.get(&claim.contender).map_or(claim.contender.as_str(), |c| c.name.as_str());
        Diagnostic::warning(format!(
            "the claim `{}` was verified against {name} {}, but site.toml declares version {declared}",
            claim.id, claim.version
        ))
        .help(format!("check the claim against {name} {declared}, then update its `version` and `verified`"))
    })
}

/// `0.115.2` → (0, 115); `v3` → (3, 0); `None` when it does not start with a number.
fn major_minor(version: &str) -> Option<(u64, u64)> {
    let mut parts = version.trim().trim_start_matches(['v', 'V']).split('.');
    let number = |part: Option<&str>| -> Option<u64> {
        let digits: String = part?.chars().take_while(char::is_ascii_digit).collect();
        digits.parse().ok()
    };
    let major = number(parts.next())?;
    Some((major, number(parts.next()).unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_major_and_minor() {
        assert_eq!(major_minor("0.115.2"), Some((0, 115)));
        assert_eq!(major_minor("v3"), Some((3, 0)));
        assert_eq!(major_minor("3.15rc1"), Some((3, 15)));
        assert_eq!(major_minor("latest"), None);
        assert!(major_minor("0.99") < major_minor("0.115"), "numbers, not strings");
    }
}
