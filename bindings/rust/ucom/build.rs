// Finds libucom for the link: UCOM_LIB_DIR when the build names it (CMake does), else
// pkg-config's `ucom` (an installed ucom), else the linker's default path.
use std::process::Command;

fn main() {
    println!("cargo:rerun-if-env-changed=UCOM_LIB_DIR");
    let dir = std::env::var("UCOM_LIB_DIR").ok().filter(|d| !d.is_empty()).or_else(|| {
        let out = Command::new("pkg-config").args(["--variable=libdir", "ucom"]).output().ok()?;
        let text = String::from_utf8(out.stdout).ok()?;
        let text = text.trim();
        if out.status.success() && !text.is_empty() {
            Some(text.to_string())
        } else {
            None
        }
    });
    if let Some(dir) = dir {
        println!("cargo:rustc-link-search=native={}", dir);
    }
    println!("cargo:rustc-link-lib=dylib=ucom");
}
