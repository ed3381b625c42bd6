// ComPtr<I>: an owned reference to a COM object through its interface I.
use std::marker::PhantomData;
use std::ops::Deref;
use std::os::raw::c_void;
use std::ptr::{self, NonNull};

use crate::abi::{Inherits, Interface, IUnknown, E_NOINTERFACE};
use crate::error::{Error, Result};

/// Holds one reference: `Clone` is `AddRef`, `Drop` is `Release`, and it dereferences to the
/// interface, whose generated methods make the calls.
#[repr(transparent)]
pub struct ComPtr<I: Interface> {
    ptr: NonNull<I>,
    _owns: PhantomData<I>,
}

impl<I: Interface> ComPtr<I> {
    /// Takes over the reference `raw` holds (an [out] interface pointer); None for null.
    ///
    /// # Safety
    /// `raw` is null or points to a live object's interface I, and the caller owns one
    /// reference to it that it gives up.
    pub unsafe fn from_raw(raw: *mut I) -> Option<ComPtr<I>> {
        NonNull::new(raw).map(|ptr| ComPtr { ptr, _owns: PhantomData })
    }

    /// Adds a reference to a borrowed pointer ([in] interface parameters).
    ///
    /// # Safety
    /// As for `from_raw`, without owning a reference.
    pub unsafe fn from_borrowed(raw: *mut I) -> Option<ComPtr<I>> {
        let owned = ComPtr::from_raw(raw)?;
        std::mem::forget(owned.clone());
        Some(owned)
    }

    /// Gives up the reference without releasing it (to an [out] parameter).
    pub fn into_raw(self) -> *mut I {
        let raw = self.ptr.as_ptr();
        std::mem::forget(self);
        raw
    }

    pub fn as_raw(&self) -> *mut I {
        self.ptr.as_ptr()
    }

    /// `QueryInterface` for J: the same object through another of its interfaces, or
    /// E_NOINTERFACE naming both interfaces. Checked by the object itself, across libraries.
    pub fn cast<J: Interface>(&self) -> Result<ComPtr<J>> {
        let mut out: *mut c_void = ptr::null_mut();
        let raw = self.ptr.as_ptr().cast::<IUnknown>();
        let hr = unsafe { (self.as_unknown().vtable().QueryInterface)(raw, &J::IID, &mut out) };
        if hr.is_err() {
            let error = Error::from_hresult(hr);
            if hr == E_NOINTERFACE {
                return Err(Error::new(hr, format!("the object behind {} does not implement {}", I::NAME, J::NAME)));
            }
            return Err(error);
        }
        unsafe { ComPtr::from_raw(out.cast::<J>()) }
            .ok_or_else(|| Error::new(E_NOINTERFACE, format!("QueryInterface for {} returned null", J::NAME)))
    }

    /// The same reference as one of I's bases (no call: a base's vtable is a prefix of I's).
    pub fn upcast<B: Interface>(self) -> ComPtr<B>
    where
        I: Inherits<B>,
    {
        ComPtr { ptr: unsafe { NonNull::new_unchecked(self.into_raw().cast::<B>()) }, _owns: PhantomData }
    }
}

// ucom's components are free-threaded (docs/object-model.md, "Threading"): any thread may
// call, keep or release an object's interface, so an owning pointer may cross threads.
unsafe impl<I: Interface> Send for ComPtr<I> {}
unsafe impl<I: Interface> Sync for ComPtr<I> {}

impl<I: Interface> Clone for ComPtr<I> {
    fn clone(&self) -> ComPtr<I> {
        // Through the owning pointer itself, not a reference to the 8-byte interface struct:
        // AddRef reaches the whole object.
        let raw = self.ptr.as_ptr().cast::<IUnknown>();
        unsafe { (self.as_unknown().vtable().AddRef)(raw) };
        ComPtr { ptr: self.ptr, _owns: PhantomData }
    }
}

impl<I: Interface> Drop for ComPtr<I> {
    fn drop(&mut self) {
        let raw = self.ptr.as_ptr().cast::<IUnknown>();
        unsafe { (self.as_unknown().vtable().Release)(raw) };
    }
}

impl<I: Interface> Deref for ComPtr<I> {
    type Target = I;
    fn deref(&self) -> &I {
        unsafe { self.ptr.as_ref() }
    }
}

impl<I: Interface> ComPtr<I> {
    fn as_unknown(&self) -> &IUnknown {
        Interface::as_unknown(&**self)
    }
}

impl<I: Interface> std::fmt::Debug for ComPtr<I> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "ComPtr<{}>({:p})", I::NAME, self.ptr)
    }
}
