fn main() {
    ucom_build::Idl::new().rust("adder.idl");
}
