//! Embeds the default theme (the repository's own `templates/` and `static/`) and the `versa new`
//! starter site (`scaffold/`) in the binary, so a site without `templates/` works and `versa new`
//! needs no files at run time. Editors' swap and backup files are left out, by the build's rule.

#[allow(unreachable_pub)] // `pub` for the crate, which re-exports it
#[path = "src/content/ignored.rs"]
mod ignored;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    let mut entries: Vec<PathBuf> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for path in entries {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        if ignored::is_ignored_file_name(&name) {
            continue;
        }
        if path.is_dir() {
            out.extend(files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

fn table(root: &Path, dir: &str, name: &str, code: &mut String) {
    let base = root.join(dir);
    println!("cargo:rerun-if-changed={}", base.display());
    let _ = writeln!(code, "pub const {name}: &[(&str, &[u8])] = &[");
    for path in files(&base) {
        println!("cargo:rerun-if-changed={}", path.display());
        let rel = path.strip_prefix(&base).expect("below base").to_string_lossy().replace('\\', "/");
        let _ = writeln!(code, "    ({rel:?}, include_bytes!({:?})),", path.display().to_string());
    }
    code.push_str("];\n");
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("set by cargo"));
    let mut code = String::new();
    table(&root, "templates", "THEME_TEMPLATES", &mut code);
    // Keyed by output path (`assets/versa.css`), as a site's own `static/` is.
    table(&root, "static", "THEME_STATIC", &mut code);
    table(&root, "scaffold", "SCAFFOLD", &mut code);
    println!("cargo:rustc-env=VERSA_HIGHLIGHT_ID={:016x}", highlight_id(&root));
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("embedded.rs");
    std::fs::write(out, code).expect("write embedded.rs");
}

/// What decides highlighted HTML besides the code and the themes: the highlighting code, our
/// own grammars and the versions of the crates that bring the rest. The highlight cache's keys
/// include it, so a versa built differently never trusts another's entries.
fn highlight_id(root: &Path) -> u64 {
    let mut inputs = vec![root.join("src/highlight/mod.rs"), root.join("src/highlight/css.rs")];
    inputs.extend(files(&root.join("src/highlight/grammars")));
    let mut hash = Fnv::default();
    for path in &inputs {
        println!("cargo:rerun-if-changed={}", path.display());
        hash.add(&std::fs::read(path).unwrap_or_default());
    }
    let lock = root.join("Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    let lock = std::fs::read_to_string(lock).unwrap_or_default();
    for package in lock.split("[[package]]") {
        let name = package.lines().find_map(|l| l.strip_prefix("name = ")).unwrap_or("");
        if ["\"syntect\"", "\"two-face\"", "\"onig\"", "\"onig_sys\""].contains(&name) {
            hash.add(package.trim().as_bytes());
        }
    }
    hash.0
}

/// FNV-1a: a build identity needs no more.
struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv {
    fn add(&mut self, bytes: &[u8]) {
        for b in bytes.iter().chain(&[0xff]) {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }
}
