// The Rust projection and module descriptors of the compiler's golden IDL files, into
// OUT_DIR, so that the crate proves they compile and their layout checks hold.
fn main() {
    let idl = ucom_build::Idl::new();
    for file in [
        "../../../examples/calculator/calculator.idl",
        "../../codegen/golden/media_types.idl",
        "../../codegen/golden/media_library.idl",
        "../../codegen/golden/standalone.idl",
        "../../codegen/golden/midl_dialect.idl",
        "../../projection/shelf.idl",
    ] {
        idl.plugin(file);
    }
}
