//! Ucom.Test.Rust.UserB: one of the two plugins that need the counter (src/user.rs).
ucom::include_idl!(counter, user, user_b);
ucom::include_descriptor!(user_b);
ucom::include_uses!(counter);
#[path = "../src/user.rs"]
mod user_impl;

ucom::module! {
    user_b::UserB => user_impl::User::new(),
}
