// The Rust projection of tests/projection/shelf.idl (every parameter role), into OUT_DIR.
fn main() {
    ucom_build::Idl::new().rust("../../projection/shelf.idl");
}
