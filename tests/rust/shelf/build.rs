// Generates the Rust projection of tests/projection/shelf.idl (every parameter role) with
// ucom-idl (UCOM_IDL, else `ucom-idl` from PATH) into OUT_DIR.
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let idl = env::var("UCOM_IDL").unwrap_or_else(|_| "ucom-idl".to_string());
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let here = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let file = here.join("../../projection/shelf.idl");
    let status = Command::new(&idl)
        .args(["--emit", "rust", "-o"])
        .arg(&out)
        .arg(&file)
        .status()
        .unwrap_or_else(|e| panic!("cannot run {}: {}", idl, e));
    assert!(status.success(), "{} failed on {}", idl, file.display());
    println!("cargo:rerun-if-changed={}", file.display());
    println!("cargo:rerun-if-env-changed=UCOM_IDL");
    if std::path::Path::new(&idl).is_file() {
        println!("cargo:rerun-if-changed={}", idl);
    }
}
