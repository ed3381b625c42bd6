//! What crosses the boundary, converted to and from Rust values: strings and arrays in task
//! memory (ucom_alloc), borrowed inputs, and the [out] parameters COM clears on failure.
//! The generated code calls these; a hand-written caller may too.
use std::ffi::{CStr, CString};
use std::os::raw::c_char;
use std::{mem, ptr, slice};

use crate::abi::{E_INVALIDARG, E_OUTOFMEMORY, E_POINTER};
use crate::error::{take_c_string, Error, Result};
use crate::sys;

/// An [in, string] argument as the implementer gets it: never null, UTF-8.
///
/// # Safety
/// `text` is null or a NUL-terminated string that outlives the call.
pub unsafe fn in_string<'a>(text: *const c_char, name: &str) -> Result<&'a str> {
    if text.is_null() {
        return Err(Error::new(E_POINTER, format!("the string '{}' is null", name)));
    }
    CStr::from_ptr(text)
        .to_str()
        .map_err(|_| Error::new(E_INVALIDARG, format!("the string '{}' is not UTF-8", name)))
}

/// A Rust string for an [in, string] parameter: refused when it holds a NUL.
pub fn c_string(text: &str, name: &str) -> Result<CString> {
    CString::new(text).map_err(|_| Error::new(E_INVALIDARG, format!("the string '{}' holds a NUL character", name)))
}

/// Task memory (ucom_alloc) that is freed when dropped unless it is handed over with
/// `into_raw`: what a thunk holds until every output is ready, and what a client holds
/// until it has copied an array out.
pub struct TaskMemory<T> {
    block: *mut T,
}

impl<T> TaskMemory<T> {
    /// Owns `block` (null is allowed: nothing to free).
    ///
    /// # Safety
    /// `block` is null or from the task allocator, and nothing else frees it.
    pub unsafe fn from_raw(block: *mut T) -> TaskMemory<T> {
        TaskMemory { block }
    }

    /// Hands the block over (to an [out] parameter): the receiver frees it.
    pub fn into_raw(self) -> *mut T {
        let block = self.block;
        std::mem::forget(self);
        block
    }

    /// Copies `count` elements out and frees the block.
    ///
    /// # Safety
    /// The block holds at least `count` initialised elements (none when it is null).
    pub unsafe fn into_vec(self, count: usize) -> Vec<T>
    where
        T: Copy,
    {
        if self.block.is_null() {
            return Vec::new();
        }
        slice::from_raw_parts(self.block, count).to_vec()
    }
}

impl<T> Drop for TaskMemory<T> {
    fn drop(&mut self) {
        unsafe { sys::ucom_free(self.block.cast()) };
    }
}

/// An [out, string] result in task memory, for the caller to free.
pub fn out_string(text: &str) -> Result<TaskMemory<c_char>> {
    let block = unsafe { sys::ucom_alloc(text.len() + 1) }.cast::<u8>();
    if block.is_null() {
        return Err(Error::new(E_OUTOFMEMORY, "no task memory for a string"));
    }
    unsafe {
        ptr::copy_nonoverlapping(text.as_ptr(), block, text.len());
        *block.add(text.len()) = 0;
        Ok(TaskMemory::from_raw(block.cast()))
    }
}

/// Takes an [out, string] the callee allocated: copies it and frees the task memory.
///
/// # Safety
/// `text` is null or a NUL-terminated string from the task allocator, owned by the caller.
pub unsafe fn take_string(text: *mut c_char) -> String {
    take_c_string(text)
}

/// An [in, size_is(n)] array as the implementer gets it.
///
/// # Safety
/// `items` is null or points to `count` initialised values that outlive the call.
pub unsafe fn in_array<'a, T>(items: *const T, count: usize, name: &str) -> Result<&'a [T]> {
    if count == 0 {
        return Ok(&[]);
    }
    if items.is_null() {
        return Err(Error::new(E_POINTER, format!("the array '{}' is null with {} elements", name, count)));
    }
    Ok(slice::from_raw_parts(items, count))
}

/// An [out, size_is(, *n)] array in task memory, for the caller to free; null when empty.
pub fn out_array<T: Copy>(items: &[T]) -> Result<TaskMemory<T>> {
    if items.is_empty() {
        return Ok(unsafe { TaskMemory::from_raw(ptr::null_mut()) });
    }
    let bytes = mem::size_of_val(items);
    let block = unsafe { sys::ucom_alloc(bytes) }.cast::<T>();
    if block.is_null() {
        return Err(Error::new(E_OUTOFMEMORY, format!("no task memory for {} elements", items.len())));
    }
    unsafe {
        ptr::copy_nonoverlapping(items.as_ptr(), block, items.len());
        Ok(TaskMemory::from_raw(block))
    }
}

/// Takes an [out] array the callee allocated: copies it and frees the task memory.
///
/// # Safety
/// `items` is null or holds `count` values from the task allocator, owned by the caller.
pub unsafe fn take_array<T: Copy>(items: *mut T, count: usize) -> Vec<T> {
    TaskMemory::from_raw(items).into_vec(count)
}

/// An array's length as the IDL's count type; refused when it does not fit.
pub fn count<C: TryFrom<usize>>(length: usize, name: &str) -> Result<C> {
    C::try_from(length).map_err(|_| Error::new(E_INVALIDARG, format!("{} elements do not fit the count '{}'", length, name)))
}

/// A count from the IDL's type as a length; a negative one is refused.
pub fn length<C: TryInto<usize>>(count: C, name: &str) -> Result<usize> {
    count.try_into().map_err(|_| Error::new(E_INVALIDARG, format!("the count '{}' is negative or too large", name)))
}

/// Refuses a null [out] pointer, before the method runs.
pub fn check_out<T>(out: *mut T, name: &str) -> Result<()> {
    if out.is_null() {
        return Err(Error::new(E_POINTER, format!("the [out] pointer '{}' is null", name)));
    }
    Ok(())
}
