//! For a crate's `build.rs`: generates the Rust projection of IDL files with `ucom-idl` into
//! `OUT_DIR`, where `include!(concat!(env!("OUT_DIR"), "/name.rs"))` finds it (docs/rust.md).
//!
//! ```ignore
//! fn main() {
//!     let idl = ucom_build::Idl::new().include("../idl");
//!     idl.rust("../idl/hello.idl");       // hello.rs: a client or an implementer of IHello
//!     idl.plugin("hello_rust.idl");       // hello_rust.rs and its module descriptor
//! }
//! ```
//!
//! The compiler is `UCOM_IDL` when set, else `ucom-idl` from `PATH`. A failure stops the
//! build with the compiler's own diagnostics.
use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Idl {
    compiler: PathBuf,
    include_dirs: Vec<PathBuf>,
    out_dir: PathBuf,
}

impl Default for Idl {
    fn default() -> Idl {
        Idl::new()
    }
}

impl Idl {
    pub fn new() -> Idl {
        println!("cargo:rerun-if-env-changed=UCOM_IDL");
        let compiler = PathBuf::from(env::var("UCOM_IDL").unwrap_or_else(|_| "ucom-idl".to_string()));
        if compiler.is_file() {
            println!("cargo:rerun-if-changed={}", compiler.display()); // a rebuilt compiler regenerates
        }
        let out_dir = PathBuf::from(env::var("OUT_DIR").expect("ucom_build runs in a build script (OUT_DIR)"));
        Idl { compiler, include_dirs: Vec::new(), out_dir }
    }

    /// A folder `import` and `#include` search, after the file's own (ucom-idl -I).
    pub fn include(mut self, dir: impl AsRef<Path>) -> Idl {
        self.include_dirs.push(dir.as_ref().to_path_buf());
        self
    }

    /// Where the outputs go (default: OUT_DIR).
    pub fn out_dir(mut self, dir: impl AsRef<Path>) -> Idl {
        self.out_dir = dir.as_ref().to_path_buf();
        self
    }

    /// `<stem>.rs`: the interfaces, types and coclasses of `file`, for clients and implementers.
    pub fn rust(&self, file: impl AsRef<Path>) {
        self.compile(file.as_ref(), &["rust"]);
    }

    /// `<stem>.rs` and `<stem>_descriptor.rs`: for the plugin that implements the file's
    /// coclasses, which includes the descriptor once (`ucom register` reads it).
    pub fn plugin(&self, file: impl AsRef<Path>) {
        self.compile(file.as_ref(), &["rust", "rust-descriptor"]);
    }

    /// ucom-idl with these `--emit` kinds.
    pub fn compile(&self, file: &Path, emits: &[&str]) {
        let mut command = Command::new(&self.compiler);
        for emit in emits {
            command.arg("--emit").arg(emit);
        }
        for dir in &self.include_dirs {
            command.arg("-I").arg(dir);
        }
        command.arg("-o").arg(&self.out_dir).arg(file);
        let status = command.status().unwrap_or_else(|e| {
            panic!("cannot run {} (set UCOM_IDL to ucom-idl's path): {}", self.compiler.display(), e)
        });
        if !status.success() {
            panic!("{} failed on {}", self.compiler.display(), file.display());
        }
        println!("cargo:rerun-if-changed={}", file.display());
    }
}
