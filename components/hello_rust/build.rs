// The Rust projection of hello.idl (IHello) and of hello_rust.idl (the classes this plugin
// serves, with their module descriptor), generated into OUT_DIR; and the record of IHello's
// fingerprints for the host that calls it.
fn main() {
    let idl = ucom_build::Idl::new().include("../hello");
    idl.rust("../hello/hello.idl");
    idl.plugin("hello_rust.idl");
    idl.uses("../hello/hello.idl"); // for the host, which calls IHello
}
