// libucom's C API (ucom/ucom.h, ucom/runtime.h, ucom/module.h), declared once here.
use std::os::raw::{c_char, c_void};

use crate::abi::{Guid, HRESULT};

#[repr(C)]
pub struct ucom_runtime {
    _opaque: [u8; 0],
}

#[link(name = "ucom")]
extern "C" {
    pub fn ucom_alloc(size: usize) -> *mut c_void;
    pub fn ucom_free(block: *mut c_void);
    pub fn ucom_set_error_info(code: HRESULT, source: *const c_char, message: *const c_char);
    pub fn ucom_take_error_info(code: *mut HRESULT, source: *mut *mut c_char, message: *mut *mut c_char) -> HRESULT;
    pub fn ucom_hresult_name(code: HRESULT) -> *const c_char;
    pub fn ucom_hresult_message(code: HRESULT) -> *const c_char;

    pub fn ucom_runtime_open(files: *const *const c_char, count: usize, runtime: *mut *mut ucom_runtime) -> HRESULT;
    pub fn ucom_runtime_close(runtime: *mut ucom_runtime);
    pub fn ucom_runtime_create_instance_with_contract(
        runtime: *mut ucom_runtime,
        clsid: *const Guid,
        iid: *const Guid,
        layout: u64,
        contract_version: u32,
        contract: u64,
        ppv: *mut *mut c_void,
    ) -> HRESULT;
    pub fn ucom_runtime_create_instance_by_name_with_contract(
        runtime: *mut ucom_runtime,
        name: *const c_char,
        iid: *const Guid,
        layout: u64,
        contract_version: u32,
        contract: u64,
        ppv: *mut *mut c_void,
    ) -> HRESULT;
    pub fn ucom_runtime_unload_unused(runtime: *mut ucom_runtime) -> usize;
}
