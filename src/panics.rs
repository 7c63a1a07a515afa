//! Panics turned into errors, for the places where one must not end versa: rendering a template
//! (a tera bug a template can trigger, e.g. `i64::MIN % -1`) and every rebuild under
//! `versa serve`. While a closure runs under [`catch`], a panic on that thread is recorded with
//! its location instead of being printed, and returned as the error's text.

use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Run `f`; a panic in it becomes `Err` with the panic's message and location.
pub(crate) fn catch<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CATCHING.get() {
                let at = info
                    .location()
                    .map(|l| format!(" at {}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_default();
                CAUGHT.set(Some(format!("{}{at}", payload_text(info.payload()))));
            } else {
                previous(info);
            }
        }));
    });
    let was_catching = CATCHING.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    CATCHING.set(was_catching);
    // A panic on another thread (a rayon worker) was printed there and carries only its payload.
    result.map_err(|payload| CAUGHT.take().unwrap_or_else(|| payload_text(payload.as_ref())))
}

fn payload_text(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| (*s).to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "an unknown panic".to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_its_message_and_location() {
        let caught = catch(|| -> u8 { panic!("boom {}", 7) }).unwrap_err();
        assert!(caught.starts_with("boom 7 at src/panics.rs:"), "{caught}");
        assert_eq!(catch(|| 5), Ok(5));
        // Nested: the inner catch does not end the outer one.
        assert_eq!(catch(|| catch(|| panic!("inner")).unwrap_err().starts_with("inner")), Ok(true));
    }
}
