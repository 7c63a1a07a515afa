//! The long fuzz run: `cargo run --release --example fuzz -- --minutes 30 [--seed N]`.
//!
//! Runs the harness of `tests/it/fuzz` with fresh seeds until the time is up, and prints each
//! failure (shrunk to its smallest form) with the seed that reproduces it. The program is its
//! own `versa`: run as `fuzz versa ARGS…` it does what `versa ARGS…` does, so the run needs no
//! separately built binary.

#[path = "../tests/it/fuzz/harness.rs"]
mod harness;

use std::time::{Duration, Instant};

use clap::Parser as _;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per seed.
const BATCH: u32 = 100;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("versa") {
        let cli = versa::cli::Cli::parse_from(&args[1..]);
        if let Err(error) = versa::run(cli) {
            eprintln!("{error}");
            std::process::exit(error.exit_code());
        }
        return;
    }
    let minutes: f64 = flag(&args, "--minutes").unwrap_or(1.0);
    let mut seed: u64 = flag(&args, "--seed").unwrap_or_else(|| {
        std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(1, |d| d.as_secs())
    });
    let program = std::env::current_exe().expect("the path of this program");
    let base = harness::Base::new(harness::Versa { program, prefix: vec!["versa".into()] });
    let deadline = Instant::now() + Duration::from_secs_f64(minutes * 60.0);
    let (mut cases, mut failures) = (0u64, 0u64);
    while Instant::now() < deadline {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let config = Config { cases: BATCH, failure_persistence: None, max_shrink_iters: 500, ..Config::default() };
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
        match runner.run(&harness::case(), |mutations| base.check(&mutations)) {
            Ok(()) => cases += u64::from(BATCH),
            Err(failure) => {
                failures += 1;
                println!("failure with --seed {seed}:\n{failure}\n");
            }
        }
        seed = seed.wrapping_add(1);
    }
    println!("{cases} cases in {minutes} minutes, {failures} failing seeds");
    if failures > 0 {
        std::process::exit(1);
    }
}

fn flag<T: std::str::FromStr>(args: &[String], name: &str) -> Option<T> {
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok())
}
