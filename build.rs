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
    let out = PathBuf::from(std::env::var("OUT_DIR").expect("set by cargo")).join("embedded.rs");
    std::fs::write(out, code).expect("write embedded.rs");
}
