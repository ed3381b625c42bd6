// Object<T, N>: a Rust value behind N vtables, each an interface of the value's class, with
// the reference count and QueryInterface the generated thunks share. The thunks find the
// object from the interface pointer they are called with: pointer I is the address of the
// object's vtable slot I, and the slots come first.
use std::any::Any;
use std::os::raw::c_void;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{fence, AtomicU32, Ordering};

use crate::abi::{Guid, IUnknown, IUnknownVtbl, E_NOINTERFACE, E_POINTER, E_UNEXPECTED, HRESULT, IID_IUNKNOWN, S_OK};
use crate::com_ptr::ComPtr;
use crate::error::{Error, Result};
use crate::module;

#[repr(C)]
pub struct Object<T: 'static, const N: usize> {
    vtables: [*const c_void; N],
    refcount: AtomicU32,
    // Per vtable, the IIDs it answers: its interface's and its bases'.
    iids: &'static [&'static [Guid]; N],
    value: T,
}

impl<T: 'static, const N: usize> Object<T, N> {
    /// A new object holding one reference, returned as its first interface's IUnknown.
    /// The generated `new_object` functions call it with the class's vtables.
    ///
    /// # Safety
    /// Vtable I must be a vtable for this Object<T, N> at index I (ucom-idl's `…VtblFor<T, N, I>`)
    /// and `iids[I]` the IIDs of its interface.
    pub unsafe fn create(vtables: [*const c_void; N], iids: &'static [&'static [Guid]; N], value: T) -> ComPtr<IUnknown>
    where
        T: Send + Sync,
    {
        let object = Box::new(Object { vtables, refcount: AtomicU32::new(1), iids, value });
        module::object_created();
        let object = Box::into_raw(object);
        let first = std::ptr::addr_of_mut!((*object).vtables).cast::<IUnknown>();
        ComPtr::from_raw(first).expect("a new object is not null")
    }

    unsafe fn from_interface<const I: usize>(this: *mut c_void) -> *mut Self {
        this.cast::<*const c_void>().sub(I).cast::<Self>()
    }

    /// The value behind interface pointer `this`, which is the object's vtable I.
    ///
    /// # Safety
    /// `this` is interface I of a live Object<T, N>.
    pub unsafe fn value<'a, const I: usize>(this: *mut c_void) -> &'a T {
        &(*Self::from_interface::<I>(this)).value
    }

    /// IUnknown's slots for vtable I.
    pub const fn unknown_vtbl<const I: usize>() -> IUnknownVtbl {
        IUnknownVtbl {
            QueryInterface: Self::query_interface::<I>,
            AddRef: Self::add_ref::<I>,
            Release: Self::release::<I>,
        }
    }

    unsafe extern "C" fn query_interface<const I: usize>(
        this: *mut IUnknown,
        iid: *const Guid,
        out: *mut *mut c_void,
    ) -> HRESULT {
        if out.is_null() {
            return E_POINTER;
        }
        *out = std::ptr::null_mut();
        if iid.is_null() {
            return E_POINTER;
        }
        let object = Self::from_interface::<I>(this.cast());
        let iid = &*iid;
        // IUnknown is the object's identity: always the first vtable.
        let found = if *iid == IID_IUNKNOWN { Some(0) } else { (*object).iids.iter().position(|chain| chain.contains(iid)) };
        match found {
            Some(index) => {
                (*object).refcount.fetch_add(1, Ordering::Relaxed);
                *out = std::ptr::addr_of_mut!((*object).vtables).cast::<*const c_void>().add(index).cast();
                S_OK
            }
            None => E_NOINTERFACE,
        }
    }

    unsafe extern "C" fn add_ref<const I: usize>(this: *mut IUnknown) -> u32 {
        let object = Self::from_interface::<I>(this.cast());
        (*object).refcount.fetch_add(1, Ordering::Relaxed) + 1
    }

    unsafe extern "C" fn release<const I: usize>(this: *mut IUnknown) -> u32 {
        let object = Self::from_interface::<I>(this.cast());
        let left = (*object).refcount.fetch_sub(1, Ordering::Release) - 1;
        if left == 0 {
            fence(Ordering::Acquire);
            // A panic may not unwind into the caller's frames: a Drop that panics ends the process.
            if catch_unwind(AssertUnwindSafe(|| drop(Box::from_raw(object)))).is_err() {
                eprintln!("ucom: a Rust object's Drop panicked in Release; aborting");
                std::process::abort();
            }
            module::object_destroyed();
        }
        left
    }
}

/// The text of a panic's payload.
pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        (*text).to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "a panic without a message".to_string()
    }
}

/// Runs a method's body for a thunk: Ok gives its code (S_OK, S_FALSE, …), an Err sets its
/// error info and returns its code, and a panic stops here (it never unwinds into the caller)
/// as E_UNEXPECTED with the panic's message as error info, naming `what` ("IHello::Greet").
pub fn guard<F: FnOnce() -> Result<HRESULT>>(what: &str, body: F) -> HRESULT {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(Ok(code)) => code,
        Ok(Err(error)) => error.report(),
        Err(payload) => {
            Error::new(E_UNEXPECTED, format!("panicked: {}", panic_message(&*payload))).with_source(what).report()
        }
    }
}

/// `guard` for a method that returns no HRESULT: a panic has nowhere to go, so it ends the
/// process with its message, as an exception from a noexcept C++ thunk does.
pub fn guard_value<R, F: FnOnce() -> R>(what: &str, body: F) -> R {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(value) => value,
        Err(payload) => {
            eprintln!("ucom: {} panicked and returns no HRESULT to report it: {}; aborting", what, panic_message(&*payload));
            std::process::abort();
        }
    }
}
