//! The highlight cache: output byte for byte as without it, counted in the closing line,
//! damage recomputed, pruning, sharing between builds, and the folder's rules.

use std::path::Path;

use crate::support::{self, tree, Site};

/// A site with `blocks` code blocks in several languages over a few pages.
fn corpus(blocks: usize) -> Site {
    let langs = ["python", "rust", "js", "toml", "bash", "sql", "json", "yaml"];
    let mut site = Site::new();
    for page in 0..blocks.div_ceil(4) {
        let mut body = String::new();
        for i in page * 4..(page * 4 + 4).min(blocks) {
            let lang = langs[i % langs.len()];
            body.push_str(&format!("Block {i}.\n\n```{lang}\n# {i}\nvalue_{i} = \"text {i}\" # note\n```\n\n"));
        }
        site = site.page(&format!("content/p{page}.md"), &format!("Page {page}"), &body);
    }
    site
}

fn build_into(site: &Site, out: &str, extra: &[&str]) -> support::Outcome {
    let mut args = vec!["build", "--output", out];
    args.extend_from_slice(extra);
    site.run(&args).success()
}

fn entries(cache: &Path) -> Vec<std::path::PathBuf> {
    tree(cache).into_keys().collect()
}

/// The packs in a cache folder.
fn packs(cache: &Path) -> Vec<std::path::PathBuf> {
    entries(cache).into_iter().filter(|p| p.file_name().unwrap().to_string_lossy().starts_with("pack-")).collect()
}

/// How many entries the packs hold, read off each pack's footer: `... count (u64 LE), BLAKE3
/// (32 bytes), magic (8 bytes)`.
fn entry_count(cache: &Path) -> u64 {
    packs(cache)
        .iter()
        .map(|pack| {
            let bytes = std::fs::read(cache.join(pack)).unwrap();
            let count = &bytes[bytes.len() - 48..bytes.len() - 40];
            u64::from_le_bytes(count.try_into().unwrap())
        })
        .sum()
}

#[test]
fn cached_output_is_byte_identical_and_the_closing_line_counts() {
    let site = corpus(40);
    build_into(&site, "plain", &["--no-cache"]).stdout_contains("40 code blocks highlighted without a cache");
    assert!(!site.path(".versa-cache").exists(), "--no-cache writes no cache");
    build_into(&site, "cold", &[]).stdout_contains(", 0 of 40 code blocks from the cache");
    build_into(&site, "warm", &[]).stdout_contains(", 40 of 40 code blocks from the cache");
    let plain = tree(&site.path("plain"));
    assert_eq!(plain, tree(&site.path("cold")));
    assert_eq!(plain, tree(&site.path("warm")));
    assert_eq!(entry_count(&site.path(".versa-cache")), 40, "one entry per distinct block");
    assert_eq!(packs(&site.path(".versa-cache")).len(), 1, "in one pack; the warm build added none");

    // One edited block is the only one highlighted again.
    site.write("content/p0.md", support::page("Page 0", "```python\nchanged = True\n```\n"));
    build_into(&site, "warm", &[]).stdout_contains(", 36 of 37 code blocks from the cache");
}

#[test]
fn the_example_site_is_byte_identical_with_and_without_the_cache() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir().unwrap();
    let cache = work.path().join("cache");
    let run = |out: &str, extra: &[&str]| {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_versa"))
            .args(["build", "--root"])
            .arg(root)
            .arg("--output")
            .arg(work.path().join(out))
            .args(extra)
            .env_remove("VERSA_CACHE_DIR")
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let cache_arg = cache.to_str().unwrap();
    run("plain", &["--no-cache"]);
    run("cold", &["--cache-dir", cache_arg]);
    assert!(run("warm", &["--cache-dir", cache_arg]).contains("23 of 23 code blocks from the cache"));
    let plain = tree(&work.path().join("plain"));
    assert_eq!(plain, tree(&work.path().join("cold")));
    assert_eq!(plain, tree(&work.path().join("warm")));
}

#[test]
fn damaged_entries_are_recomputed_never_trusted() {
    let site = corpus(8);
    build_into(&site, "good", &[]);
    let cache = site.path(".versa-cache");
    let [pack] = &packs(&cache)[..] else { panic!("one pack: {:?}", entries(&cache)) };
    let pack = cache.join(pack);
    let bytes = std::fs::read(&pack).unwrap();
    // Truncated, emptied, its index changed, or every entry changed.
    let mut index_changed = bytes.clone();
    let footer = index_changed.len() - 56;
    index_changed[footer - 1] ^= 1;
    // The last byte of each entry, which ends its deflated lines: the one before the next
    // entry's format line, or before the index.
    let mut payloads = bytes.clone();
    let index_start = u64::from_le_bytes(bytes[footer..footer + 8].try_into().unwrap()) as usize;
    let starts: Vec<usize> = (0..bytes.len()).filter(|&i| bytes[i..].starts_with(b"versa-highlight 4\n")).collect();
    assert_eq!(starts.len(), 8);
    for end in starts[1..].iter().copied().chain([index_start]) {
        payloads[end - 1] ^= 1;
    }
    for (what, damaged) in [
        ("truncated", bytes[..bytes.len() / 2].to_vec()),
        ("emptied", Vec::new()),
        ("index changed", index_changed),
        ("every entry changed", payloads),
    ] {
        std::fs::write(&pack, damaged).unwrap();
        build_into(&site, "again", &[]).stdout_contains(", 0 of 8 code blocks from the cache");
        assert_eq!(tree(&site.path("good")), tree(&site.path("again")), "{what}");
        build_into(&site, "again", &[]).stdout_contains(", 8 of 8 code blocks from the cache");
        assert_eq!(tree(&site.path("good")), tree(&site.path("again")), "{what}");
        // Back to the one good pack for the next case.
        for other in packs(&cache) {
            std::fs::remove_file(cache.join(other)).unwrap();
        }
        std::fs::write(&pack, &bytes).unwrap();
    }
}

#[test]
fn a_theme_change_never_reuses_spans_for_the_old_theme() {
    let site = corpus(8);
    build_into(&site, "old", &[]);
    let toml = format!("{}\n[highlight]\nlight_theme = \"Nord\"\ndark_theme = \"Dracula\"\n", support::SITE_TOML);
    site.write("site.toml", toml);
    build_into(&site, "new", &[]);
    build_into(&site, "fresh", &["--no-cache"]);
    assert_eq!(tree(&site.path("new")), tree(&site.path("fresh")));
}

#[test]
fn pruning_deletes_only_unused_entries_over_the_bound() {
    let site = corpus(8);
    build_into(&site, "out", &[]);
    let cache = site.path(".versa-cache");
    assert_eq!(entry_count(&cache), 8);
    let first = packs(&cache);
    site.write("content/p0.md", support::page("Page 0", "```python\nonly = 1\n```\n"));
    // Within the bound, unused entries stay for another branch or an undo.
    build_into(&site, "out", &[]);
    assert_eq!(entry_count(&cache), 8 + 1);
    // Over it (0 MB here), only what the last build used is kept; a file that is not an entry,
    // or is not versa's, stays.
    std::fs::write(cache.join("highlight-1/notes.txt"), "mine").unwrap();
    std::fs::create_dir_all(cache.join("highlight-1/ab")).unwrap();
    std::fs::write(cache.join("highlight-1/ab/notes.txt"), "mine too").unwrap();
    site.run_with_env(&["build", "--output", "out"], &[("VERSA_CACHE_MAX_MB", "0")]).success();
    assert_eq!(entry_count(&cache), 4 + 1, "page 1's four blocks and the new one");
    assert!(packs(&cache).iter().all(|p| !first.contains(p)), "the first pack was rewritten without the dropped");
    let kept = entries(&cache);
    assert!(kept.iter().any(|p| p.ends_with("highlight-1/notes.txt")), "{kept:?}");
    assert!(kept.iter().any(|p| p.ends_with("ab/notes.txt")), "{kept:?}");
    build_into(&site, "out", &[]).stdout_contains(", 5 of 5 code blocks from the cache");
}

#[test]
fn entries_of_the_older_format_are_pruned_as_unused() {
    let site = corpus(4);
    let old = site.path(".versa-cache/highlight-1/0a");
    std::fs::create_dir_all(&old).unwrap();
    let name = "b".repeat(62);
    std::fs::write(old.join(&name), "versa-highlight 2\n...").unwrap();
    build_into(&site, "out", &[]);
    assert!(old.join(&name).exists(), "kept within the bound");
    site.run_with_env(&["build", "--output", "out"], &[("VERSA_CACHE_MAX_MB", "0")]).success();
    assert!(!old.exists(), "the entry and its emptied folder are gone");
    assert_eq!(entry_count(&site.path(".versa-cache")), 4);
}

#[test]
fn builds_sharing_a_cache_at_once_both_succeed() {
    let site = corpus(60);
    let root = site.root().to_path_buf();
    let spawn = |out: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_versa"))
            .args(["build", "--output", out, "--root"])
            .arg(&root)
            .current_dir(&root)
            .env_remove("VERSA_CACHE_DIR")
            .output()
            .unwrap()
    };
    let (a, b) = std::thread::scope(|s| {
        let a = s.spawn(|| spawn("a"));
        let b = s.spawn(|| spawn("b"));
        (a.join().unwrap(), b.join().unwrap())
    });
    assert!(a.status.success() && b.status.success(), "{a:?}\n{b:?}");
    assert_eq!(tree(&site.path("a")), tree(&site.path("b")));
    build_into(&site, "c", &[]).stdout_contains(", 60 of 60 code blocks from the cache");
    assert_eq!(tree(&site.path("a")), tree(&site.path("c")));
    assert!(entries(&site.path(".versa-cache")).iter().all(|p| !p.to_string_lossy().contains(".tmp-")));
}

#[test]
fn the_cache_folder_comes_from_the_flag_or_the_environment() {
    let site = corpus(4);
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = elsewhere.path().join("hl");
    site.run_with_env(&["build"], &[("VERSA_CACHE_DIR", dir.to_str().unwrap())]).success();
    assert_eq!(entry_count(&dir), 4);
    assert!(!site.path(".versa-cache").exists());
    site.run(&["check", "--cache-dir", dir.to_str().unwrap()]).success().stdout_contains("checked");
    site.run_with_env(&["build", "--no-cache"], &[("VERSA_CACHE_DIR", dir.to_str().unwrap())])
        .success()
        .stdout_contains("without a cache");
}

#[test]
fn a_cache_folder_the_build_would_publish_or_replace_is_refused() {
    let site = corpus(4);
    for dir in ["static/cache", "content/.cache", "public/cache", "public"] {
        site.run(&["build", "--cache-dir", dir])
            .failure(2)
            .stderr_contains("which versa publishes or replaces; choose a separate folder such as");
    }
    site.run(&["build", "--cache-dir", "elsewhere"]).success();
    // A folder that holds the output (here the site's own) is fine: only entries are pruned.
    site.run(&["build", "--cache-dir", "."]).success();
    assert!(site.path("highlight-1").is_dir() && site.path("public/index.html").is_file());
}

#[test]
fn an_unwritable_cache_is_a_warning_and_the_build_goes_on() {
    let site = corpus(4).file("blocker", "a file where the cache folder would be");
    site.run(&["build", "--cache-dir", "blocker"])
        .success()
        .stderr_contains("warning: the highlight cache in `")
        .stderr_contains("can't be written")
        .stdout_contains("0 of 4 code blocks from the cache");
    assert_eq!(std::fs::read_to_string(site.path("blocker")).unwrap(), "a file where the cache folder would be");
}
