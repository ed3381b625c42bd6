// IHello (components/hello) and IGreeter2 (the classic C plugin of tests/classic_c).
fn main() {
    let idl = ucom_build::Idl::new();
    for file in ["../../../components/hello/hello.idl", "../../classic_c/classic.idl"] {
        idl.rust(file);
        idl.uses(file);
    }
}
