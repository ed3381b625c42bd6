//! shared-host REGISTRY: activates Ucom.Test.Rust.UserA and UserB, which both activate the
//! counter, prints what each counted and how many times the counter's module is mapped.
ucom::include_idl!(user);
ucom::include_uses!(user);

fn main() -> Result<(), ucom::Error> {
    let registry = std::env::args().nth(1).expect("usage: shared-host REGISTRY");
    let runtime = ucom::Runtime::open(&[registry])?;
    let a = runtime.create_instance::<user::IUser>("Ucom.Test.Rust.UserA")?;
    let b = runtime.create_instance::<user::IUser>("Ucom.Test.Rust.UserB")?;
    println!("user A counted {}", a.r#use()?);
    println!("user B counted {}", b.r#use()?);
    println!("user A counted {}", a.r#use()?);
    let maps = std::fs::read_to_string("/proc/self/maps").expect("/proc/self/maps");
    let mut files: Vec<&str> = maps
        .lines()
        .filter_map(|line| line.split_whitespace().nth(5))
        .filter(|path| path.ends_with("libucom_rust_counter.so"))
        .collect();
    files.sort_unstable();
    files.dedup();
    println!("counter modules mapped: {}", files.len());
    Ok(())
}
