//! versa's integration tests: fixture sites in temporary folders, built by the real binary.

mod build;
mod cache;
mod callouts;
mod check;
mod code_wrap;
mod comparison;
mod errors;
mod extensions;
mod foreign_code;
mod foreign_nav;
mod foreign_pages;
mod foreign_sites;
mod fuzz;
mod golden;
mod heading_ids;
mod links;
mod markdown;
mod matrix;
mod msrv;
mod nav;
mod new;
mod pairs;
mod reader;
mod safe_markdown;
mod safe_messages;
mod safe_output;
#[cfg(unix)]
mod safe_reads;
mod safe_templates;
mod search;
mod search_engines;
mod serve;
mod support;
mod theme;
