//! The files built into the binary by `build.rs`: the default theme (`THEME_TEMPLATES`, keyed by
//! template name, and `THEME_STATIC`, keyed by output path like a site's own `static/`) and the
//! `versa new` starter site (`SCAFFOLD`). A table of its own, so that `render` (which uses the
//! templates), `site` (the static files) and `commands` (eject, new) each take what they need.

// build.rs can't know the visibility of the module it is included in, so it writes `pub`.
#![allow(unreachable_pub)]

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
