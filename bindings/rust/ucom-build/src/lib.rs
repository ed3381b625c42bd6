//! For a crate's `build.rs`: generates the Rust projection of IDL files with `ucom-idl` into
//! `OUT_DIR`, where `include!(concat!(env!("OUT_DIR"), "/name.rs"))` finds it (docs/rust.md).
//!
//! ```ignore
//! fn main() {
//!     let idl = ucom_build::Idl::new().include("../idl");
//!     idl.rust("../idl/hello.idl");       // hello.rs: a client or an implementer of IHello
//!     idl.plugin("hello_rust.idl");       // hello_rust.rs and its module descriptor
//!     idl.uses("../idl/hello.idl");       // hello_uses.rs: what a caller of IHello was built with
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

    /// `<stem>_uses.rs`: the record of the file's interfaces with their fingerprints, for a
    /// plugin or host that calls them to include once, so that `ucom verify` and the loader
    /// find it stale when one changes under the same IID.
    pub fn uses(&self, file: impl AsRef<Path>) {
        self.compile(file.as_ref(), &["rust-uses"]);
        keep_blob("ucom_uses_", file.as_ref());
    }

    /// `<stem>.rs` and `<stem>_descriptor.rs`: for the plugin that implements the file's
    /// coclasses, which includes the descriptor once (`ucom register` reads it).
    pub fn plugin(&self, file: impl AsRef<Path>) {
        self.compile(file.as_ref(), &["rust", "rust-descriptor"]);
        keep_blob("ucom_descriptor_", file.as_ref());
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
        // The files it reads (the imports too), so that cargo regenerates when one changes.
        let depfile = self.out_dir.join(format!("{}.{}.d", file.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default(), emits.join("-")));
        command.arg("--depfile").arg(&depfile);
        command.arg("-o").arg(&self.out_dir).arg(file);
        let status = command.status().unwrap_or_else(|e| {
            panic!("cannot run {} (set UCOM_IDL to ucom-idl's path): {}", self.compiler.display(), e)
        });
        if !status.success() {
            panic!("{} failed on {}", self.compiler.display(), file.display());
        }
        println!("cargo:rerun-if-changed={}", file.display());
        for dependency in read_depfile(&depfile) {
            println!("cargo:rerun-if-changed={}", dependency);
        }
    }
}

// The linker keeps a section that holds a symbol named undefined on its command line, even
// under --gc-sections: what keeps a descriptor blob in an executable, where older rustc (1.63)
// does not mark #[used] statics for the linker (a shared object keeps it as an exported symbol).
fn keep_blob(prefix: &str, file: &Path) {
    let stem = file.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    let symbol: String = stem.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect();
    println!("cargo:rustc-link-arg=-Wl,--undefined={}{}", prefix, symbol);
}

// The prerequisites of the Makefile-syntax depfile ucom-idl writes (`out: a.idl \\ NEWLINE b.idl`),
// with make's escapes (`\ `, `\#`, `\:`, `$$`) undone.
fn read_depfile(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let text = text.replace("\\\n", " ");
    let rest = match text.find(": ") {
        Some(at) => &text[at + 2..],
        None => return Vec::new(),
    };
    let mut files = Vec::new();
    let mut current = String::new();
    let mut chars = rest.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\' && matches!(chars.peek(), Some(' ') | Some('#') | Some(':')) {
            current.push(chars.next().unwrap_or(' '));
        } else if c == '$' && chars.peek() == Some(&'$') {
            current.push('$');
            chars.next();
        } else if c.is_whitespace() {
            if !current.is_empty() {
                files.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        files.push(current);
    }
    files
}
