// Context: how a Rust component activates other components without linking to them,
// through the IUcomContext the runtime hands its class factory (idl/ucomctx.idl).
use std::cell::RefCell;
use std::ffi::CString;
use std::os::raw::c_void;
use std::ptr;

use crate::abi::{Guid, Interface, E_POINTER, HRESULT};
use crate::com_ptr::ComPtr;
use crate::error::{Error, Result};
use crate::marshal::c_string;
use crate::ucomctx::{IUcomContext, IUcomContext2, IUcomContext3};

/// The runtime's context of the component being created: clone it into the component to
/// activate others later. Its activations are checked like a host's (layout and contract).
#[derive(Clone)]
pub struct Context {
    raw: ComPtr<IUcomContext>,
}

thread_local! {
    // The context of the class factory that is constructing an object on this thread.
    static CURRENT: RefCell<Option<Context>> = RefCell::new(None);
}

impl Context {
    pub fn new(raw: ComPtr<IUcomContext>) -> Context {
        Context { raw }
    }

    /// In a constructor that `ucom::module!` runs: the context of the runtime creating the
    /// object. None elsewhere, or when the runtime gave the factory no context.
    pub fn current() -> Option<Context> {
        CURRENT.with(|current| current.borrow().clone())
    }

    /// Runs `body` with `context` as the current one (what the class factory does).
    pub(crate) fn with_current<R>(context: Option<Context>, body: impl FnOnce() -> R) -> R {
        struct Restore(Option<Context>);
        impl Drop for Restore {
            fn drop(&mut self) {
                let previous = self.0.take();
                CURRENT.with(|current| *current.borrow_mut() = previous);
            }
        }
        let previous = CURRENT.with(|current| std::mem::replace(&mut *current.borrow_mut(), context));
        let _restore = Restore(previous);
        body()
    }

    /// Creates a component by ProgID, version-independent ProgID or CLSID string, as I.
    pub fn create_instance<I: Interface>(&self, name: &str) -> Result<ComPtr<I>> {
        let name: CString = c_string(name, "name")?;
        self.activate(
            |c3, out| unsafe {
                (c3.vtable().CreateInstanceByNameWithContract)(
                    c3.as_raw().cast(), name.as_ptr(), &I::IID, I::LAYOUT, I::CONTRACT_VERSION, I::CONTRACT, out)
            },
            |c2, out| unsafe {
                (c2.vtable().CreateInstanceByNameChecked)(c2.as_raw().cast(), name.as_ptr(), &I::IID, I::LAYOUT, out)
            },
            |c1, out| unsafe { (c1.vtable().CreateInstanceByName)(c1.as_raw().cast(), name.as_ptr(), &I::IID, out) },
        )
    }

    /// The same by CLSID.
    pub fn create_instance_of<I: Interface>(&self, clsid: &Guid) -> Result<ComPtr<I>> {
        self.activate(
            |c3, out| unsafe {
                (c3.vtable().CreateInstanceWithContract)(
                    c3.as_raw().cast(), clsid, &I::IID, I::LAYOUT, I::CONTRACT_VERSION, I::CONTRACT, out)
            },
            |c2, out| unsafe { (c2.vtable().CreateInstanceChecked)(c2.as_raw().cast(), clsid, &I::IID, I::LAYOUT, out) },
            |c1, out| unsafe { (c1.vtable().CreateInstance)(c1.as_raw().cast(), clsid, &I::IID, out) },
        )
    }

    // The newest context interface the runtime has: a runtime before contracts checks the
    // layout only, one before that nothing (as ucom::context does in C++).
    fn activate<I: Interface>(
        &self,
        with_contract: impl FnOnce(&IUcomContext3, *mut *mut c_void) -> HRESULT,
        checked: impl FnOnce(&IUcomContext2, *mut *mut c_void) -> HRESULT,
        unchecked: impl FnOnce(&IUcomContext, *mut *mut c_void) -> HRESULT,
    ) -> Result<ComPtr<I>> {
        let mut out: *mut c_void = ptr::null_mut();
        let hr = if let Ok(c3) = self.raw.cast::<IUcomContext3>() {
            with_contract(&c3, &mut out)
        } else if let Ok(c2) = self.raw.cast::<IUcomContext2>() {
            checked(&c2, &mut out)
        } else {
            unchecked(&self.raw, &mut out)
        };
        if hr.is_err() {
            return Err(Error::from_hresult(hr));
        }
        unsafe { ComPtr::from_raw(out.cast::<I>()) }
            .ok_or_else(|| Error::new(E_POINTER, format!("activation succeeded but returned no {}", I::NAME)))
    }
}
