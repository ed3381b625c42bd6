// A plugin that needs the counter (examples/user_a.rs and user_b.rs): it activates one
// through the runtime's context, never linking to the counter's module, and answers IUser
// with its next value.
use super::{counter, user};

pub struct User {
    counter: ucom::ComPtr<counter::ICounter>,
}

impl User {
    pub fn new() -> ucom::Result<User> {
        let context = ucom::Context::current().ok_or_else(|| ucom::Error::new(ucom::E_UNEXPECTED, "no context"))?;
        Ok(User { counter: context.create_instance::<counter::ICounter>("Ucom.Test.Rust.Counter")? })
    }
}

impl user::IUserImpl for User {
    fn r#use(&self) -> ucom::Result<i32> {
        self.counter.next()
    }
}
