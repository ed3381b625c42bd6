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

#[cfg(test)]
mod tests {
    use super::media_library::media_value;

    // An encapsulated union's arm is reachable only when its discriminant selects it.
    #[test]
    fn union_arms_follow_the_discriminant() {
        let real = media_value::new_real(2.5);
        assert_eq!(real.r#type, 2);
        assert_eq!(real.real(), Some(&2.5));
        assert_eq!(real.integer(), None);
        assert_eq!(real.text(), None);
        let integer = media_value::new_integer(-7);
        assert_eq!(integer.integer(), Some(&-7));
        assert_eq!(integer.real(), None);
        // A discriminant this build does not know selects no arm (the IDL's default arm is empty).
        let unknown = media_value { r#type: 99, ..integer };
        assert_eq!((unknown.integer(), unknown.real(), unknown.text()), (None, None, None));
    }
}
