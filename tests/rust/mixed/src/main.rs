//! mixed-host REGISTRY: activates a component written in C++ (Ucom.Hello), one in C
//! (Test.ClassicC.Greeter, IGreeter2 : IGreeter) and one in Rust (Ucom.Hello.Rust) from one
//! registry, checks what each returns, and prints it. Exits 1 on the first failure.
ucom::include_idl!(hello, classic);
ucom::include_uses!(hello);
ucom::include_uses!(classic);

fn check(what: &str, got: ucom::Result<String>, expected: &str) -> ucom::Result<()> {
    let got = got?;
    if got != expected {
        return Err(ucom::Error::new(ucom::E_UNEXPECTED, format!("{}: expected '{}', got '{}'", what, expected, got)));
    }
    println!("{}: {}", what, got);
    Ok(())
}

fn run(registry: &str) -> ucom::Result<()> {
    let runtime = ucom::Runtime::open(&[registry])?;
    let cpp = runtime.create_instance::<hello::IHello>("Ucom.Hello")?;
    check("C++ Ucom.Hello", cpp.greet("mixed"), "Hello, mixed!")?;
    let rust = runtime.create_instance::<hello::IHello>("Ucom.Hello.Rust")?;
    check("Rust Ucom.Hello.Rust", rust.greet("mixed"), "Hello from Rust, mixed!")?;
    let c = runtime.create_instance::<classic::IGreeter2>("Test.ClassicC.Greeter")?;
    // IGreeter's method through IGreeter2 (Deref to the base), then IGreeter2's own.
    let greeting = c.greet("mixed")?;
    if !greeting.contains("mixed") {
        return Err(ucom::Error::new(ucom::E_UNEXPECTED, format!("C greeting without the name: '{}'", greeting)));
    }
    println!("C Test.ClassicC.Greeter: {}", greeting);
    let base = c.cast::<classic::IGreeter>()?;
    base.greet("again")?;
    let count = c.count()?;
    if count != 2 {
        return Err(ucom::Error::new(ucom::E_UNEXPECTED, format!("the C greeter counted {} greetings, not 2", count)));
    }
    println!("C Test.ClassicC.Greeter counted {}", count);
    Ok(())
}

fn main() {
    let registry = std::env::args().nth(1).expect("usage: mixed-host REGISTRY");
    if let Err(error) = run(&registry) {
        println!("mixed-host: {}", error);
        std::process::exit(1);
    }
}
