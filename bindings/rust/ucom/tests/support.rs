// The crate against the real libucom: result codes and their names, error info across a
// call, task memory, an Object's reference counting and QueryInterface, the module's
// unload count, and a panic stopped at the boundary.
use std::os::raw::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use ucom::marshal;
use ucom::{ComPtr, Error, Guid, IUnknown, IUnknownVtbl, Interface, Object, E_INVALIDARG, E_NOINTERFACE, E_POINTER, E_UNEXPECTED, S_OK};

#[test]
fn guids_print_as_ucom_prints_them() {
    let g = Guid::new(0x76D3D2A4, 0x5E54, 0x4B9E, [0xA9, 0x89, 0x59, 0x3E, 0x0C, 0x11, 0x4D, 0x10]);
    assert_eq!(g.to_string(), "{76D3D2A4-5E54-4B9E-A989-593E0C114D10}");
    assert_eq!(std::mem::size_of::<Guid>(), 16);
}

#[test]
fn result_codes_have_libucoms_names() {
    assert_eq!(E_NOINTERFACE.name(), Some("E_NOINTERFACE"));
    assert_eq!(E_NOINTERFACE.to_string(), "E_NOINTERFACE (0x80004002)");
    assert!(E_NOINTERFACE.is_err() && S_OK.is_ok());
    assert_eq!(ucom::HRESULT(0x12345).name(), None);
}

#[test]
fn error_info_crosses_with_its_code_only() {
    let reported = Error::new(E_INVALIDARG, "the count is too large").with_source("Test.Source");
    assert_eq!(reported.report(), E_INVALIDARG);
    let taken = Error::from_hresult(E_INVALIDARG);
    assert_eq!(taken.message(), "the count is too large");
    assert_eq!(taken.source(), "Test.Source");
    // Taken once: the next failure without error info gets the code's own sentence.
    let bare = Error::from_hresult(E_INVALIDARG);
    assert_eq!(bare.message(), E_INVALIDARG.message().unwrap());
    // Error info about another code is not this failure's.
    Error::new(E_POINTER, "stale").report();
    assert_ne!(Error::from_hresult(E_INVALIDARG).message(), "stale");
}

#[test]
fn strings_and_arrays_round_trip_through_task_memory() {
    let text = marshal::out_string("grüße").unwrap().into_raw();
    assert_eq!(unsafe { marshal::take_string(text) }, "grüße");
    assert_eq!(unsafe { marshal::take_string(std::ptr::null_mut()) }, "");
    let items = marshal::out_array(&[1i32, 2, 3]).unwrap().into_raw();
    assert_eq!(unsafe { marshal::take_array(items, 3) }, vec![1, 2, 3]);
    assert!(marshal::out_array::<i32>(&[]).unwrap().into_raw().is_null());
    // Task memory not handed over is freed (ASan's leak check sees it otherwise).
    drop(marshal::out_string("dropped").unwrap());
    assert_eq!(marshal::check_out(std::ptr::null_mut::<i32>(), "sum").unwrap_err().code(), E_POINTER);
    assert_eq!(marshal::c_string("a\0b", "name").unwrap_err().code(), E_INVALIDARG);
    assert_eq!(unsafe { marshal::in_string(std::ptr::null(), "name") }.unwrap_err().code(), E_POINTER);
    let bad = [0xffu8, 0];
    assert_eq!(unsafe { marshal::in_string(bad.as_ptr().cast(), "name") }.unwrap_err().code(), E_INVALIDARG);
    assert_eq!(unsafe { marshal::in_array::<i32>(std::ptr::null(), 2, "items") }.unwrap_err().code(), E_POINTER);
    assert_eq!(marshal::count::<u8>(300, "n").unwrap_err().code(), E_INVALIDARG);
    assert_eq!(marshal::length(-1i32, "n").unwrap_err().code(), E_INVALIDARG);
}

struct Counted(Arc<AtomicUsize>);
impl Drop for Counted {
    fn drop(&mut self) {
        self.0.fetch_add(1, Ordering::SeqCst);
    }
}

struct UnknownOnly<T>(std::marker::PhantomData<T>);
impl<T: 'static> UnknownOnly<T> {
    const VTBL: IUnknownVtbl = Object::<T, 1>::unknown_vtbl::<0>();
}
const UNKNOWN_IIDS: &[&[Guid]; 1] = &[IUnknown::IID_CHAIN];

#[test]
fn an_object_counts_references_answers_query_interface_and_drops_once() {
    let drops = Arc::new(AtomicUsize::new(0));
    let vtables = [&UnknownOnly::<Counted>::VTBL as *const IUnknownVtbl as *const c_void];
    let object: ComPtr<IUnknown> = unsafe { Object::create(vtables, UNKNOWN_IIDS, Counted(drops.clone())) };
    assert_eq!(ucom::module::can_unload_now(), ucom::S_FALSE);
    let copy = object.clone();
    let again = object.cast::<IUnknown>().unwrap();
    assert_eq!(again.as_raw(), object.as_raw(), "IUnknown is the object's identity");
    let missing = object.cast::<ucom::IClassFactory>().unwrap_err();
    assert_eq!(missing.code(), E_NOINTERFACE);
    assert!(missing.message().contains("IClassFactory"), "{}", missing);
    drop(copy);
    drop(again);
    assert_eq!(drops.load(Ordering::SeqCst), 0);
    drop(object);
    assert_eq!(drops.load(Ordering::SeqCst), 1);
}

#[test]
fn a_panic_stops_at_the_boundary_with_its_message() {
    let hr = ucom::guard("ITest::Explode", || panic!("boom {}", 42));
    assert_eq!(hr, E_UNEXPECTED);
    let error = Error::from_hresult(hr);
    assert_eq!(error.message(), "panicked: boom 42");
    assert_eq!(error.source(), "ITest::Explode");
    assert_eq!(ucom::guard("ITest::Fine", || Ok(S_OK)), S_OK);
    assert_eq!(ucom::guard("ITest::Done", || Ok(ucom::S_FALSE)), ucom::S_FALSE);
    assert_eq!(ucom::guard("ITest::Refuse", || Err(Error::new(E_INVALIDARG, "no"))), E_INVALIDARG);
}

#[test]
fn a_runtime_over_a_missing_registry_fails_with_a_message() {
    let error = ucom::Runtime::open(&["/nonexistent/ucom-test/registry.toml"]).err();
    // A missing file is an empty layer for ucom; either way no crash and no runtime leak.
    if let Some(error) = error {
        assert!(error.code().is_err());
    }
}
