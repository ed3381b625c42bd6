//! ucom-rust-bench [--quick]: the Rust projection's calls beside Rust's own dynamic dispatch,
//! measured in the same run (docs/performance.md, "Rust"): each row beside its baseline,
//! the two interleaved, medians of 9 repetitions in ns per operation, and their ratio.
use std::time::Instant;

ucom::include_idl!(adder);

use adder::{IAdder, IAdder2, IAdder2Impl, IAdderImpl};

// Not zero-sized, so that a Box of one allocates as an object does.
struct Adder {
    bias: i32,
}

impl IAdderImpl for Adder {
    fn add(&self, a: i32, b: i32) -> ucom::Result<i32> {
        Ok(a.wrapping_add(b).wrapping_add(self.bias))
    }
}

impl IAdder2Impl for Adder {
    fn twice(&self, a: i32) -> ucom::Result<i32> {
        Ok(a.wrapping_mul(2))
    }
}

// Rust's own dynamic dispatch: the baseline of a call.
trait Add {
    fn add(&self, a: i32, b: i32) -> i32;
}
impl Add for Adder {
    fn add(&self, a: i32, b: i32) -> i32 {
        a.wrapping_add(b).wrapping_add(self.bias)
    }
}

// Keeps the optimizer from removing what is measured (std::hint::black_box needs Rust 1.66).
fn keep<T>(value: T) -> T {
    let value = std::mem::ManuallyDrop::new(value);
    unsafe { std::ptr::read_volatile(&*value as *const T) }
}

// ns per iteration of `baseline` and of `subject`: the medians of 9 runs of `iterations`
// each, the two interleaved so that a noisy machine slows both alike.
fn compare(iterations: u64, mut baseline: impl FnMut(u64), mut subject: impl FnMut(u64)) -> (f64, f64) {
    let time = |body: &mut dyn FnMut(u64)| {
        let start = Instant::now();
        for i in 0..iterations {
            body(i);
        }
        start.elapsed().as_nanos() as f64 / iterations as f64
    };
    let (mut base, mut subj) = (Vec::new(), Vec::new());
    for _ in 0..9 {
        base.push(time(&mut baseline));
        subj.push(time(&mut subject));
    }
    let median = |mut runs: Vec<f64>| {
        runs.sort_by(|a, b| a.partial_cmp(b).unwrap());
        runs[runs.len() / 2]
    };
    (median(base), median(subj))
}

fn row(name: &str, baseline: &str, (base, ns): (f64, f64)) {
    println!("{:<46} {:>8.2} ns  {:>6.2}x  {} ({:.2} ns)", name, ns, ns / base, baseline, base);
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let n: u64 = if quick { 1_000 } else { 20_000_000 };
    let objects: u64 = if quick { 100 } else { 2_000_000 };

    let native: Box<dyn Add> = Box::new(Adder { bias: 0 });
    let native = keep(&native);
    let com = IAdder2::new_object(Adder { bias: 0 });
    let com = keep(&com);
    let dyn_call = |i: u64| {
        keep(native.add(i as i32, 1));
    };

    println!("{:<46} {:>11} {:>7}  {}", "operation", "time", "ratio", "to the same run's baseline");
    row("raw vtable call IAdder::Add", "&dyn Trait call", compare(n, dyn_call, |i| {
        let mut sum = 0;
        let vtable = com.vtable();
        keep(unsafe { (vtable.base.Add)(com.as_raw().cast(), i as i32, 1, &mut sum) });
        keep(sum);
    }));
    row("projected call adder.add() -> Result", "&dyn Trait call", compare(n, dyn_call, |i| {
        keep(com.add(i as i32, 1).unwrap_or(0));
    }));

    let arc = std::sync::Arc::new(Adder { bias: 0 });
    let arc = keep(&arc);
    row("ComPtr clone + drop (AddRef + Release)", "Arc clone + drop", compare(n, |_| drop(keep(arc.clone())), |_| {
        drop(keep(com.clone()));
    }));
    row("cast::<IAdder>() + drop (QueryInterface hit)", "ComPtr clone + drop", compare(n, |_| drop(keep(com.clone())), |_| {
        drop(keep(com.cast::<IAdder>().ok()));
    }));

    row("IAdder::new_object + call + Release", "Box<dyn Trait> new + call + drop", compare(objects, |i| {
        let object: Box<dyn Add> = keep(Box::new(Adder { bias: 0 }));
        keep(object.add(i as i32, 1));
    }, |i| {
        let object = IAdder::new_object(Adder { bias: 0 });
        keep(object.add(i as i32, 1).unwrap_or(0));
    }));
}
