//! hello-rust-host: a host in Rust. Opens a runtime over a registry file, creates each
//! ProgID given as IHello (a C++, C or Rust component alike) and greets through it; prints
//! each greeting or the failure with its message, and exits 1 if any failed.
//!   hello-rust-host REGISTRY NAME PROGID...

ucom::include_idl!(hello);
// The host's module descriptor: IHello with the fingerprints this host was built against,
// which `ucom verify --host` compares with the registered providers.
ucom::include_uses!(hello);

use hello::IHello;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        eprintln!("usage: hello-rust-host REGISTRY NAME PROGID...");
        std::process::exit(2);
    }
    let runtime = match ucom::Runtime::open(&[&args[1]]) {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("hello-rust-host: {}", error);
            std::process::exit(1);
        }
    };
    let mut failed = false;
    for progid in &args[3..] {
        let greeting = runtime.create_instance::<IHello>(progid).and_then(|hello| {
            // The checked downcast and back: IUnknown, then IHello again through QueryInterface.
            let unknown = hello.clone().upcast::<ucom::IUnknown>();
            unknown.cast::<IHello>()?.greet(&args[2])
        });
        match greeting {
            Ok(text) => println!("{}: {}", progid, text),
            Err(error) => {
                println!("{}: failed: {}", progid, error);
                failed = true;
            }
        }
    }
    std::process::exit(if failed { 1 } else { 0 });
}
