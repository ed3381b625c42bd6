fn main() {
    let idl = ucom_build::Idl::new();
    idl.plugin("counter.idl");
    idl.uses("counter.idl");
    idl.rust("user.idl");
    idl.uses("user.idl");
    idl.plugin("user_a.idl");
    idl.plugin("user_b.idl");
}
