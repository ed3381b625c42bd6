//! Ucom.Hello.Rust.Stale: a Rust plugin that implements the changed IHello.
ucom::include_idl!(hello_changed);
ucom::include_descriptor!(hello_changed);

struct Greeter;

impl hello_changed::IHelloImpl for Greeter {
    fn greet(&self, name: &str, times: i32) -> ucom::Result<String> {
        Ok(format!("Hello, {}!", name).repeat(times.max(0) as usize))
    }
}

ucom::module! {
    hello_changed::RustHelloStale => Ok(Greeter),
}
