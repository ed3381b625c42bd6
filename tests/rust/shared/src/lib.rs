//! Ucom.Test.Rust.Counter: one count for the whole module, so that two plugins that each
//! activate a counter see one sequence only when the module is loaded once.
use std::sync::atomic::{AtomicI32, Ordering};

ucom::include_idl!(counter);
ucom::include_descriptor!(counter);

static NEXT: AtomicI32 = AtomicI32::new(1);

struct Counter;

impl counter::ICounterImpl for Counter {
    fn next(&self) -> ucom::Result<i32> {
        Ok(NEXT.fetch_add(1, Ordering::SeqCst))
    }
}

ucom::module! {
    counter::Counter => Ok(Counter),
}
