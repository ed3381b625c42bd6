// Runtime: a host's activation over registry files, through libucom's C API.
use std::ffi::CString;
use std::os::raw::{c_char, c_void};
use std::ptr::{self, NonNull};

use crate::abi::{Guid, Interface, E_POINTER};
use crate::com_ptr::ComPtr;
use crate::error::{Error, Result};
use crate::marshal::c_string;
use crate::sys;

/// A runtime over registry files (the first wins), or over the default layers when given
/// none (UCOM_REGISTRY, the per-user file, the system file: docs/registry.md).
pub struct Runtime {
    raw: NonNull<sys::ucom_runtime>,
}

// The C runtime is thread-safe (ucom/runtime.h).
unsafe impl Send for Runtime {}
unsafe impl Sync for Runtime {}

impl Runtime {
    pub fn open<S: AsRef<str>>(registry_files: &[S]) -> Result<Runtime> {
        let files = registry_files.iter().map(|f| c_string(f.as_ref(), "registry file")).collect::<Result<Vec<CString>>>()?;
        let pointers: Vec<*const c_char> = files.iter().map(|f| f.as_ptr()).collect();
        let mut raw = ptr::null_mut();
        let hr = unsafe { sys::ucom_runtime_open(pointers.as_ptr(), pointers.len(), &mut raw) };
        if hr.is_err() {
            return Err(Error::from_hresult(hr));
        }
        NonNull::new(raw).map(|raw| Runtime { raw }).ok_or_else(|| Error::new(E_POINTER, "ucom_runtime_open returned no runtime"))
    }

    /// Creates an object by ProgID, version-independent ProgID or CLSID string, as I.
    /// The runtime refuses (UCOM_E_LAYOUT_MISMATCH, before loading anything) a class whose
    /// module registered I with another layout or contract than the one this caller was
    /// generated from.
    pub fn create_instance<I: Interface>(&self, name: &str) -> Result<ComPtr<I>> {
        let name = c_string(name, "name")?;
        self.activate(|out| unsafe {
            sys::ucom_runtime_create_instance_by_name_with_contract(
                self.raw.as_ptr(),
                name.as_ptr(),
                &I::IID,
                I::LAYOUT,
                I::CONTRACT_VERSION,
                I::CONTRACT,
                out,
            )
        })
    }

    /// The same by CLSID.
    pub fn create_instance_of<I: Interface>(&self, clsid: &Guid) -> Result<ComPtr<I>> {
        self.activate(|out| unsafe {
            sys::ucom_runtime_create_instance_with_contract(
                self.raw.as_ptr(),
                clsid,
                &I::IID,
                I::LAYOUT,
                I::CONTRACT_VERSION,
                I::CONTRACT,
                out,
            )
        })
    }

    fn activate<I: Interface>(&self, call: impl FnOnce(*mut *mut c_void) -> crate::HRESULT) -> Result<ComPtr<I>> {
        let mut out: *mut c_void = ptr::null_mut();
        let hr = call(&mut out);
        if hr.is_err() {
            return Err(Error::from_hresult(hr));
        }
        unsafe { ComPtr::from_raw(out.cast::<I>()) }
            .ok_or_else(|| Error::new(E_POINTER, format!("activation succeeded but returned no {}", I::NAME)))
    }

    /// Unloads the modules no object, factory or runtime holds any more; returns how many.
    pub fn unload_unused(&self) -> usize {
        unsafe { sys::ucom_runtime_unload_unused(self.raw.as_ptr()) }
    }
}

impl Drop for Runtime {
    fn drop(&mut self) {
        unsafe { sys::ucom_runtime_close(self.raw.as_ptr()) };
    }
}
