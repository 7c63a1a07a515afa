//! The fuzz target's bounded run: a fixed seed, so `cargo test` is repeatable; the long run with
//! fresh seeds is `cargo run --release --example fuzz -- --minutes 30` (see the README).

mod harness;

use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

/// Cases per `cargo test`; `VERSA_FUZZ_CASES` asks for more.
const CASES: u32 = 40;

#[test]
fn mutated_sites_never_crash_escape_or_lose_output() {
    let cases = std::env::var("VERSA_FUZZ_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(CASES);
    let versa = harness::Versa { program: env!("CARGO_BIN_EXE_versa").into(), prefix: Vec::new() };
    let base = harness::Base::new(versa);
    let config = Config { cases, failure_persistence: None, max_shrink_iters: 200, ..Config::default() };
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &[7; 32]);
    let mut runner = TestRunner::new_with_rng(config, rng);
    if let Err(failure) = runner.run(&harness::case(), |mutations| base.check(&mutations)) {
        panic!("{failure}");
    }
}
