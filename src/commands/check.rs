//! `versa check`: everything `build` validates, plus links and anchors; writes nothing.

use crate::cli::CheckArgs;
use crate::error::{Error, Result};
use crate::output::Discard;
use crate::site::{check::check_links, Options, Site};

pub(super) fn run(args: &CheckArgs) -> Result<()> {
    let options = Options {
        root: args.site.root.clone(),
        base_url: None,
        drafts: args.site.drafts,
        cache_dir: super::cache_dir(&args.site, None)?,
    };
    let site = Site::load_once(&options)?;
    let report = site.render(&Discard)?;
    let broken = check_links(&report, &site);
    super::fail_if_strict(args.strict, site.config.strict, broken.clone(), &report.warnings)?;
    if !broken.is_empty() {
        let mut all = broken;
        all.extend(report.warnings);
        return Err(Error::Site(all));
    }
    super::print_warnings(&report.warnings);
    super::print_cache_problem(&site);
    let links = crate::site::check::link_count(&report, &site.content);
    println!(
        "checked {}, {} and {}: no problems",
        super::plural(report.pages, "page"),
        super::plural(report.sections, "section"),
        super::plural(links, "internal link")
    );
    Ok(())
}
