//! `versa build`: load, render into a staging folder, swap it in.

use std::time::Instant;

use crate::cli::BuildArgs;
use crate::error::Result;
use crate::output::Staging;
use crate::site::{Options, Site};

pub(super) fn run(args: &BuildArgs) -> Result<()> {
    let started = Instant::now();
    let options = Options { root: args.site.root.clone(), base_url: args.base_url.clone(), drafts: args.site.drafts };
    let site = Site::load(&options)?;
    let output = args.output.clone().unwrap_or_else(|| args.site.root.join("public"));
    let staging = Staging::new(&output)?;
    let report = site.render(&staging)?;
    staging.commit()?;
    super::print_warnings(&report.warnings);
    println!(
        "built {}, {}, {} in {} ms",
        super::plural(report.pages, "page"),
        super::plural(report.sections, "section"),
        super::plural(report.static_files, "static file"),
        started.elapsed().as_millis()
    );
    Ok(())
}
