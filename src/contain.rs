//! Panics of third-party readers and renderers, contained where they happen.
//!
//! calamine, Typst and its PDF exporter are not guaranteed panic-free on damaged or
//! unusual input. regiodocs runs them inside [`catch`], which turns a panic into an
//! `Err` the caller reports as a Dutch finding or error (a damaged workbook is F02).
//! The standard panic hook would still print the English panic message and a backtrace
//! first; [`install_quiet_hook`] (called by the command line, the web server and the fuzz
//! target) keeps it silent for panics inside [`catch`] and leaves every other panic to
//! the hook that was there before.
//!
//! ```
//! let r = regiodocs::contain::catch(|| -> u8 { panic!("beschadigd") });
//! assert!(r.is_err());
//! assert_eq!(regiodocs::contain::catch(|| 7).ok(), Some(7));
//! ```

use std::cell::Cell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// How many [`catch`] calls this thread is inside.
    static DEPTH: Cell<usize> = const { Cell::new(0) };
}

/// Runs `f`, returning `Err` with the panic's payload if it panics. While it runs, a panic
/// on this thread is not printed once [`install_quiet_hook`] has been called.
pub fn catch<R>(f: impl FnOnce() -> R) -> std::thread::Result<R> {
    DEPTH.with(|d| d.set(d.get() + 1));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    DEPTH.with(|d| d.set(d.get() - 1));
    result
}

/// Wraps the current panic hook so that panics inside [`catch`] print nothing; any other
/// panic goes to the previous hook unchanged. Installing it more than once has no effect.
///
/// ```
/// regiodocs::contain::install_quiet_hook();
/// assert!(regiodocs::contain::catch(|| panic!("stil")).is_err());
/// ```
pub fn install_quiet_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if DEPTH.with(Cell::get) == 0 {
                previous(info);
            }
        }));
    });
}
