//! The Rust projection of shelf.idl, every parameter role of the projection, both ways:
//! the Rust client calling the C++ Ucom.Test.Shelf plugin through the runtime (when
//! UCOM_TEST_REGISTRY names a registry that has it), and a Rust implementation of the same
//! interfaces called through the same client in one process.

ucom::include_idl!(shelf);

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::shelf::*;
    use ucom::ComPtr;

    struct Item {
        title: String,
    }

    impl IShelfItemImpl for Item {
        fn get_title(&self) -> ucom::Result<String> {
            Ok(self.title.clone())
        }
    }

    // The Rust twin of tests/projection/shelf_plugin.cpp.
    struct RustShelf {
        capacity: Mutex<i32>,
        items: Mutex<Option<ComPtr<IShelfItem>>>,
    }

    impl IShelfImpl for RustShelf {
        fn add(&self, a: i32, b: i32) -> ucom::Result<i32> {
            Ok(a + b)
        }
        fn greet(&self, name: &str) -> ucom::Result<String> {
            Ok(format!("Hello, {}!", name))
        }
        fn split(&self, text: &str) -> ucom::Result<(ucom::HRESULT, i32, String)> {
            let words: Vec<&str> = text.split(' ').filter(|w| !w.is_empty()).collect();
            let status = if words.is_empty() { ucom::S_FALSE } else { ucom::S_OK };
            Ok((status, words.len() as i32, words.first().map(|w| w.to_string()).unwrap_or_default()))
        }
        fn sum(&self, values: &[i32]) -> ucom::Result<i64> {
            Ok(values.iter().map(|v| *v as i64).sum())
        }
        fn range(&self, first: i32, last: i32) -> ucom::Result<Vec<i32>> {
            if last < first {
                return Err(ucom::Error::new(ucom::E_INVALIDARG, "the range ends before it starts").with_source("Ucom.Test.Shelf"));
            }
            Ok((first..=last).collect())
        }
        fn make_item(&self, title: &str) -> ucom::Result<Option<ComPtr<IShelfItem>>> {
            let item = IShelfItem::new_object(Item { title: title.to_string() });
            *self.items.lock().unwrap() = Some(item.clone());
            Ok(Some(item))
        }
        fn title_of(&self, item: Option<&IShelfItem>) -> ucom::Result<String> {
            let item = item.ok_or_else(|| ucom::Error::new(ucom::E_POINTER, "no item given"))?;
            Ok(format!("title: {}", item.get_title()?))
        }
        fn first_item(&self) -> ucom::Result<(ucom::HRESULT, Option<ComPtr<IShelfItem>>)> {
            let first = self.items.lock().unwrap().clone();
            Ok((if first.is_some() { ucom::S_OK } else { ucom::S_FALSE }, first))
        }
        fn get_capacity(&self) -> ucom::Result<i32> {
            Ok(*self.capacity.lock().unwrap())
        }
        fn put_capacity(&self, capacity: i32) -> ucom::Result<ucom::HRESULT> {
            if capacity < 0 {
                return Err(ucom::Error::new(ucom::E_INVALIDARG, "a capacity is 0 or more"));
            }
            *self.capacity.lock().unwrap() = capacity;
            Ok(ucom::S_OK)
        }
        fn fail(&self, code: i32, message: &str) -> ucom::Result<ucom::HRESULT> {
            let code = if code == 0 { ucom::E_FAIL } else { ucom::HRESULT(code) };
            Err(ucom::Error::new(code, message).with_source("Ucom.Test.Shelf"))
        }
        fn raw_echo(&self, text: &str) -> ucom::Result<String> {
            Ok(format!("raw {}", text))
        }
        unsafe fn find(&self, _riid: *const ucom::Guid, found: *mut *mut std::os::raw::c_void) -> ucom::HRESULT {
            if !found.is_null() {
                *found = std::ptr::null_mut();
            }
            ucom::E_NOTIMPL
        }
    }

    impl IShelf2Impl for RustShelf {
        fn count(&self) -> ucom::Result<i32> {
            Ok(if self.items.lock().unwrap().is_some() { 1 } else { 0 })
        }
    }

    // What both implementations do alike, through the generated client.
    fn exercise(shelf: &ComPtr<IShelf2>) {
        let (status, nothing) = shelf.first_item().unwrap();
        assert_eq!(status, ucom::S_FALSE);
        assert!(nothing.is_none());
        assert_eq!(shelf.add(40, 2).unwrap(), 42);
        assert_eq!(shelf.greet("wörld").unwrap(), "Hello, wörld!");
        // Without a [retval], the success code comes first: S_FALSE for a text without words.
        assert_eq!(shelf.split("two words").unwrap(), (ucom::S_OK, 2, "two".to_string()));
        assert_eq!(shelf.split("   ").unwrap(), (ucom::S_FALSE, 0, String::new()));
        assert_eq!(shelf.sum(&[1, 2, 3, 4]).unwrap(), 10);
        assert_eq!(shelf.sum(&[2_000_000_000, 2_000_000_000]).unwrap(), 4_000_000_000);
        assert_eq!(shelf.sum(&[]).unwrap(), 0);
        assert_eq!(shelf.range(3, 6).unwrap(), vec![3, 4, 5, 6]);
        let refused = shelf.range(5, 1).unwrap_err();
        assert_eq!(refused.code(), ucom::E_INVALIDARG);
        assert_eq!(refused.message(), "the range ends before it starts");
        assert_eq!(refused.source(), "Ucom.Test.Shelf");

        let made = shelf.make_item("Dune").unwrap().expect("an item");
        assert_eq!(made.get_title().unwrap(), "Dune");
        assert_eq!(shelf.title_of(Some(&made)).unwrap(), "title: Dune");
        assert_eq!(shelf.title_of(None).unwrap_err().code(), ucom::E_POINTER);
        let (status, first) = shelf.first_item().unwrap();
        assert_eq!(status, ucom::S_OK);
        let first = first.expect("the first item");
        assert_eq!(first.as_raw(), made.as_raw());
        assert_eq!(shelf.count().unwrap(), 1);

        assert_eq!(shelf.get_capacity().unwrap(), 10);
        assert_eq!(shelf.put_capacity(25).unwrap(), ucom::S_OK);
        assert_eq!(shelf.get_capacity().unwrap(), 25);
        let negative = shelf.put_capacity(-1).unwrap_err();
        assert_eq!((negative.code(), negative.message()), (ucom::E_INVALIDARG, "a capacity is 0 or more"));

        let failed = shelf.fail(ucom::E_ACCESSDENIED.0, "not yours").unwrap_err();
        assert_eq!((failed.code(), failed.message(), failed.source()), (ucom::E_ACCESSDENIED, "not yours", "Ucom.Test.Shelf"));
        let runtime_error = shelf.fail(0, "a plain failure").unwrap_err();
        assert_eq!((runtime_error.code(), runtime_error.message()), (ucom::E_FAIL, "a plain failure"));
        assert_eq!(shelf.raw_echo("text").unwrap(), "raw text");

        // The base interface through Deref, the upcast, and the checked downcast back.
        let base: ComPtr<IShelf> = shelf.clone().upcast::<IShelf>();
        assert_eq!(base.add(1, 1).unwrap(), 2);
        let again = base.cast::<IShelf2>().unwrap();
        assert_eq!(again.count().unwrap(), 1);
        assert_eq!(shelf.cast::<IShelfItem>().unwrap_err().code(), ucom::E_NOINTERFACE);
    }

    #[test]
    fn a_rust_implementation_through_the_rust_client() {
        let shelf = IShelf2::new_object(RustShelf { capacity: Mutex::new(10), items: Mutex::new(None) });
        exercise(&shelf);
        let mut found = std::ptr::null_mut();
        assert_eq!(unsafe { (shelf.vtable().base.Find)(shelf.as_raw().cast(), &IID_IShelf, &mut found) }, ucom::E_NOTIMPL);
    }

    #[test]
    fn the_cpp_plugin_through_the_rust_client() {
        let registry = match std::env::var("UCOM_TEST_REGISTRY") {
            Ok(registry) => registry,
            Err(_) => {
                eprintln!("skipped: UCOM_TEST_REGISTRY names no registry with Ucom.Test.Shelf");
                return;
            }
        };
        let runtime = ucom::Runtime::open(&[registry]).unwrap();
        let shelf = runtime.create_instance::<IShelf2>("Ucom.Test.Shelf").unwrap();
        exercise(&shelf);
        // Find keeps its raw form: through the vtable, QueryInterface in C++.
        let mut found = std::ptr::null_mut();
        let hr = unsafe { (shelf.vtable().base.Find)(shelf.as_raw().cast(), &IID_IShelf, &mut found) };
        assert_eq!(hr, ucom::S_OK);
        let found = unsafe { ComPtr::from_raw(found.cast::<IShelf>()) }.unwrap();
        assert_eq!(found.add(2, 2).unwrap(), 4);
        // A name it does not serve, and an interface it does not implement.
        assert_eq!(runtime.create_instance::<IShelf2>("Ucom.Test.Nothing").unwrap_err().code(), ucom::REGDB_E_CLASSNOTREG);
        assert_eq!(runtime.create_instance::<IShelfItem>("Ucom.Test.Shelf").unwrap_err().code(), ucom::E_NOINTERFACE);
    }
}
