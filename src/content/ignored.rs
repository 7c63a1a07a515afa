//! Which file names are never part of a site. Standalone (no crate imports), because `build.rs`
//! includes it too: the theme it embeds skips the same editor files the build skips.

/// Files a writer never means to publish: hidden files and editors' swap and backup files.
pub(crate) fn is_ignored_file_name(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        // JetBrains IDEs save by writing `x___jb_tmp___`, then renaming it over `x`.
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
}
