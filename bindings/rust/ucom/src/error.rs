// A failed call as Rust sees it: the HRESULT and the error info the callee set with it.
use std::ffi::{CStr, CString};
use std::fmt;
use std::os::raw::c_char;
use std::ptr;

use crate::abi::{E_FAIL, HRESULT};
use crate::sys;

/// A failure: its code, who reported it and the message (from the callee's error info, or
/// the code's own sentence when it set none).
#[derive(Clone, PartialEq, Eq)]
pub struct Error {
    code: HRESULT,
    source: String,
    message: String,
}

pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A failure to report: `code` must be a failure code (E_FAIL stands in for a success).
    pub fn new(code: HRESULT, message: impl Into<String>) -> Error {
        Error { code: if code.is_err() { code } else { E_FAIL }, source: String::new(), message: message.into() }
    }

    /// The failure a call just returned: takes this thread's error info when it is about
    /// this code, else describes the code alone.
    pub fn from_hresult(code: HRESULT) -> Error {
        let mut taken = HRESULT(0);
        let mut source: *mut c_char = ptr::null_mut();
        let mut message: *mut c_char = ptr::null_mut();
        let status = unsafe { sys::ucom_take_error_info(&mut taken, &mut source, &mut message) };
        let source = unsafe { take_c_string(source) };
        let message = unsafe { take_c_string(message) };
        if status.0 == 0 && taken == code && !message.is_empty() {
            return Error { code, source, message };
        }
        Error { code, source: String::new(), message: code.message().unwrap_or("").to_string() }
    }

    pub fn code(&self) -> HRESULT {
        self.code
    }
    pub fn source(&self) -> &str {
        &self.source
    }
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Names who reports it (`Ucom.Hello.Rust`), as ucom's tools print it.
    pub fn with_source(mut self, source: impl Into<String>) -> Error {
        self.source = source.into();
        self
    }

    /// Sets this failure as the thread's error info and returns its code: what a callee
    /// does just before it returns.
    pub fn report(&self) -> HRESULT {
        let source = CString::new(self.source.replace('\0', " ")).unwrap_or_default();
        let message = CString::new(self.message.replace('\0', " ")).unwrap_or_default();
        unsafe { sys::ucom_set_error_info(self.code, source.as_ptr(), message.as_ptr()) };
        self.code
    }
}

/// Copies and frees a string from the task allocator; "" for null.
pub(crate) unsafe fn take_c_string(text: *mut c_char) -> String {
    if text.is_null() {
        return String::new();
    }
    let owned = CStr::from_ptr(text).to_string_lossy().into_owned();
    sys::ucom_free(text.cast());
    owned
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if !self.source.is_empty() {
            write!(f, " from {}", self.source)?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        Ok(())
    }
}

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Error {}

impl From<HRESULT> for Error {
    fn from(code: HRESULT) -> Error {
        Error::from_hresult(code)
    }
}
