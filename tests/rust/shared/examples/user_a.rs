//! Ucom.Test.Rust.UserA: one of the two plugins that need the counter (src/user.rs).
ucom::include_idl!(counter, user, user_a);
ucom::include_descriptor!(user_a);
ucom::include_uses!(counter);
#[path = "../src/user.rs"]
mod user_impl;

ucom::module! {
    user_a::UserA => user_impl::User::new(),
}
