//! Ucom.Hello.Rust.Stale: a Rust plugin that implements the changed IHello.
#[allow(dead_code)]
mod hello_changed {
    include!(concat!(env!("OUT_DIR"), "/hello_changed.rs"));
}
include!(concat!(env!("OUT_DIR"), "/hello_changed_descriptor.rs"));

struct Greeter;

impl hello_changed::IHelloImpl for Greeter {
    fn greet(&self, name: &str, times: i32) -> ucom::Result<String> {
        Ok(format!("Hello, {}!", name).repeat(times.max(0) as usize))
    }
}

ucom::module! {
    hello_changed::RustHelloStale => Ok(Greeter),
}
