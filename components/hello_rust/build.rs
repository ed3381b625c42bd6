// Generates the Rust projection of the IDL files with ucom-idl (UCOM_IDL names it, else
// `ucom-idl` from PATH) into OUT_DIR.
use std::env;
use std::path::PathBuf;
use std::process::Command;

fn main() {
    let idl = env::var("UCOM_IDL").unwrap_or_else(|_| "ucom-idl".to_string());
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    let here = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let hello = here.join("../hello");
    let run = |file: PathBuf, emits: &[&str]| {
        let mut command = Command::new(&idl);
        for emit in emits {
            command.args(["--emit", emit]);
        }
        command.arg("-I").arg(&hello).arg("-o").arg(&out).arg(&file);
        let status = command.status().unwrap_or_else(|e| panic!("cannot run {}: {}", idl, e));
        assert!(status.success(), "{} failed on {}", idl, file.display());
        println!("cargo:rerun-if-changed={}", file.display());
    };
    run(hello.join("hello.idl"), &["rust"]);
    run(here.join("hello_rust.idl"), &["rust", "rust-descriptor"]);
    println!("cargo:rerun-if-env-changed=UCOM_IDL");
    if std::path::Path::new(&idl).is_file() {
        println!("cargo:rerun-if-changed={}", idl); // a rebuilt compiler regenerates
    }
}
