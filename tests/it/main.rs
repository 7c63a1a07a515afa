//! versa's integration tests: fixture sites in temporary folders, built by the real binary.

mod build;
mod callouts;
mod check;
mod comparison;
mod errors;
mod foreign_code;
mod foreign_pages;
mod fuzz;
mod golden;
mod heading_ids;
mod links;
mod markdown;
mod msrv;
mod nav;
mod new;
mod safe_markdown;
mod safe_messages;
mod safe_output;
#[cfg(unix)]
mod safe_reads;
mod safe_templates;
mod serve;
mod support;
mod theme;
