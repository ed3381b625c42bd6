// The projection, module descriptor and uses record of the changed IHello, into OUT_DIR.
fn main() {
    let idl = ucom_build::Idl::new();
    idl.plugin("hello_changed.idl");
    idl.uses("hello_changed.idl");
}
