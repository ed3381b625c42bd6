//! Ucom.Test.Rust.UserB: one of the two plugins that need the counter.
#[allow(dead_code)]
mod counter {
    include!(concat!(env!("OUT_DIR"), "/counter.rs"));
}
#[allow(dead_code)]
mod user {
    include!(concat!(env!("OUT_DIR"), "/user.rs"));
}
#[allow(dead_code)]
mod user_b {
    include!(concat!(env!("OUT_DIR"), "/user_b.rs"));
}
#[path = "../src/user.rs"]
mod user_impl;
include!(concat!(env!("OUT_DIR"), "/user_b_descriptor.rs"));
include!(concat!(env!("OUT_DIR"), "/counter_uses.rs"));

ucom::module! {
    user_b::UserB => user_impl::User::new(),
}
