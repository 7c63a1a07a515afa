//! `versa new DIR`: write the embedded starter site.

use crate::cli::NewArgs;
use crate::error::{Error, Result};

pub(super) fn run(args: &NewArgs) -> Result<()> {
    let dir = &args.dir;
    if dir.exists() {
        let empty = dir.is_dir() && crate::fs::read_dir_sorted(dir)?.is_empty();
        if !empty {
            return Err(Error::Usage(format!(
                "`{}` already exists and is not empty; versa new only writes into a new or empty folder",
                dir.display()
            )));
        }
    }
    for (path, bytes) in crate::embedded::SCAFFOLD {
        crate::fs::write(&dir.join(path), bytes)?;
    }
    // What builds make is not the site's source: keep it out of version control, with the
    // manifest and the spare folder versa keeps beside the output.
    let output = crate::layout::DEFAULT_OUTPUT;
    let ignored = format!("/{output}/\n/.{output}.versa-*\n/{}/\n", super::CACHE_DIR);
    crate::fs::write(&dir.join(".gitignore"), ignored.as_bytes())?;
    println!("created a new site in {}", dir.display());
    println!("next: cd {} && versa build   (or: versa build --root {})", dir.display(), dir.display());
    Ok(())
}
