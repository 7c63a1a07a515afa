//! `rust-version` in Cargo.toml is honest: no locked dependency declares a newer one. (The
//! machine has one toolchain, so this checks the declarations, not a build with the old
//! compiler; versa's own code is kept to what that version has.)

use std::process::Command;

/// `1.91` or `1.88.0` as comparable numbers (`1.85` is `1.85.0`).
fn version(text: &str) -> [u64; 3] {
    let mut parts = text.split('.').map(|part| part.parse().unwrap_or(0));
    [(); 3].map(|()| parts.next().unwrap_or(0))
}

#[test]
fn rust_version_covers_every_locked_dependency() {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let output = Command::new(cargo)
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run cargo metadata");
    assert!(output.status.success(), "cargo metadata failed: {}", String::from_utf8_lossy(&output.stderr));
    let metadata: serde_json::Value = serde_json::from_slice(&output.stdout).expect("cargo metadata prints JSON");
    let packages = metadata["packages"].as_array().expect("a package list");
    let ours = packages.iter().find(|p| p["name"] == "versa").expect("versa itself");
    let declared = ours["rust_version"].as_str().expect("Cargo.toml sets rust-version");
    let newer: Vec<String> = packages
        .iter()
        .filter_map(|p| Some((p["name"].as_str()?, p["rust_version"].as_str()?)))
        .filter(|(_, needs)| version(needs) > version(declared))
        .map(|(name, needs)| format!("{name} needs {needs}"))
        .collect();
    assert!(newer.is_empty(), "rust-version = \"{declared}\" is too old: {}", newer.join(", "));
}
