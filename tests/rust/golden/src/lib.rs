//! The Rust projection of the compiler's golden IDL files compiles, with the module
//! descriptors of their coclasses; `cargo test` runs the generated field-offset tests.
//! (tests/codegen/golden holds the expected .rs text; this crate proves it is valid Rust
//! whose layouts are C's.)
#![allow(dead_code)]

macro_rules! generated {
    ($name:ident, $file:literal, $descriptor:literal) => {
        pub mod $name {
            include!(concat!(env!("OUT_DIR"), "/", $file));
            pub mod descriptor {
                include!(concat!(env!("OUT_DIR"), "/", $descriptor));
            }
        }
    };
}

generated!(calculator, "calculator.rs", "calculator_descriptor.rs");
generated!(media_types, "media_types.rs", "media_types_descriptor.rs");
generated!(media_library, "media_library.rs", "media_library_descriptor.rs");
generated!(standalone, "standalone.rs", "standalone_descriptor.rs");
generated!(midl_dialect, "midl_dialect.rs", "midl_dialect_descriptor.rs");
generated!(shelf, "shelf.rs", "shelf_descriptor.rs");
