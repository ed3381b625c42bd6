//! stale-hello-host REGISTRY PROGID: calls the changed IHello of PROGID; exits 1 with the
//! failure when the runtime refuses it.
ucom::include_idl!(hello_changed);
ucom::include_uses!(hello_changed);

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let greeting = ucom::Runtime::open(&[&args[1]])
        .and_then(|runtime| runtime.create_instance::<hello_changed::IHello>(&args[2]))
        .and_then(|hello| hello.greet("stale", 2));
    match greeting {
        Ok(text) => println!("{}", text),
        Err(error) => {
            println!("stale-hello-host: {}", error);
            std::process::exit(1);
        }
    }
}
