// ucom's base ABI in Rust: GUID, HRESULT and its codes, IUnknown and IClassFactory, laid out
// as ucom/abi.h lays them out (docs/abi.md), and the trait every generated interface has.
use std::ffi::CStr;
use std::fmt;
use std::os::raw::c_void;

use crate::sys;

/// A GUID (IID, CLSID) in COM's field order.
#[repr(C)]
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub struct Guid {
    pub data1: u32,
    pub data2: u16,
    pub data3: u16,
    pub data4: [u8; 8],
}

impl Guid {
    pub const fn new(data1: u32, data2: u16, data3: u16, data4: [u8; 8]) -> Guid {
        Guid { data1, data2, data3, data4 }
    }
}

impl fmt::Display for Guid {
    /// `{76D3D2A4-5E54-4B9E-A989-593E0C114D10}`, as ucom's tools print a CLSID.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = &self.data4;
        write!(
            f,
            "{{{:08X}-{:04X}-{:04X}-{:02X}{:02X}-{:02X}{:02X}{:02X}{:02X}{:02X}{:02X}}}",
            self.data1, self.data2, self.data3, d[0], d[1], d[2], d[3], d[4], d[5], d[6], d[7]
        )
    }
}

impl fmt::Debug for Guid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// COM's result code: negative is a failure.
#[repr(transparent)]
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct HRESULT(pub i32);

impl HRESULT {
    pub const fn is_ok(self) -> bool {
        self.0 >= 0
    }
    pub const fn is_err(self) -> bool {
        self.0 < 0
    }
    /// "E_NOINTERFACE" for the codes ucom knows.
    pub fn name(self) -> Option<&'static str> {
        static_text(unsafe { sys::ucom_hresult_name(self) })
    }
    /// A sentence for the codes ucom knows ("No such interface supported").
    pub fn message(self) -> Option<&'static str> {
        static_text(unsafe { sys::ucom_hresult_message(self) })
    }
}

fn static_text(text: *const std::os::raw::c_char) -> Option<&'static str> {
    if text.is_null() {
        return None;
    }
    unsafe { CStr::from_ptr(text) }.to_str().ok()
}

impl fmt::Display for HRESULT {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Some(name) => write!(f, "{} (0x{:08X})", name, self.0 as u32),
            None => write!(f, "0x{:08X}", self.0 as u32),
        }
    }
}

impl fmt::Debug for HRESULT {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

// The codes of ucom/abi.h (idl/wtypes.idl): a failure's bit pattern as an i32.
macro_rules! codes {
    ($($name:ident = $value:expr;)*) => { $(pub const $name: HRESULT = HRESULT($value as u32 as i32);)* };
}
codes! {
    S_OK = 0;
    S_FALSE = 1;
    E_NOTIMPL = 0x80004001u32;
    E_NOINTERFACE = 0x80004002u32;
    E_POINTER = 0x80004003u32;
    E_ABORT = 0x80004004u32;
    E_FAIL = 0x80004005u32;
    E_UNEXPECTED = 0x8000FFFFu32;
    E_ACCESSDENIED = 0x80070005u32;
    E_OUTOFMEMORY = 0x8007000Eu32;
    E_INVALIDARG = 0x80070057u32;
    CLASS_E_NOAGGREGATION = 0x80040110u32;
    CLASS_E_CLASSNOTAVAILABLE = 0x80040111u32;
    REGDB_E_CLASSNOTREG = 0x80040154u32;
    CO_E_NOTINITIALIZED = 0x800401F0u32;
    CO_E_CLASSSTRING = 0x800401F3u32;
    CO_E_DLLNOTFOUND = 0x800401F8u32;
    CO_E_ERRORINDLL = 0x800401F9u32;
    UCOM_E_ACTIVATION_CYCLE = 0x80040A01u32;
    UCOM_E_LAYOUT_MISMATCH = 0x80040A02u32;
}

/// An interface of the generated code: the type an interface pointer points to (its first
/// and only field is the vtable pointer), with what the runtime checks it by.
///
/// # Safety
/// `Self` must be `#[repr(C)]` with the vtable pointer as its only field, and `Vtbl` must
/// begin with IUnknown's three slots; `IID_CHAIN` lists the IIDs of the interface and its
/// bases, itself first and IUnknown last. ucom-idl writes these impls.
pub unsafe trait Interface: Sized + 'static {
    type Vtbl;
    const IID: Guid;
    const NAME: &'static str;
    /// Layout 1 fingerprint (IFoo_LAYOUT_FINGERPRINT in the C header).
    const LAYOUT: u64;
    const CONTRACT_VERSION: u32;
    /// The contract fingerprint (IFoo_CONTRACT_FINGERPRINT).
    const CONTRACT: u64;
    const IID_CHAIN: &'static [Guid];

    fn as_unknown(&self) -> &IUnknown {
        unsafe { &*(self as *const Self as *const IUnknown) }
    }
    fn as_raw(&self) -> *mut c_void {
        self as *const Self as *mut c_void
    }
}

/// I derives from B in the IDL (B is one of its bases): a ComPtr<I> converts to a ComPtr<B>
/// without QueryInterface.
///
/// # Safety
/// B's vtable must be a prefix of I's; ucom-idl writes these impls from the IDL.
pub unsafe trait Inherits<B: Interface>: Interface {}

unsafe impl Inherits<IUnknown> for IClassFactory {}

pub type QueryInterfaceFn = unsafe extern "C" fn(*mut IUnknown, *const Guid, *mut *mut c_void) -> HRESULT;
pub type RefCountFn = unsafe extern "C" fn(*mut IUnknown) -> u32;

#[allow(non_snake_case)]
#[repr(C)]
pub struct IUnknownVtbl {
    pub QueryInterface: QueryInterfaceFn,
    pub AddRef: RefCountFn,
    pub Release: RefCountFn,
}

#[repr(C)]
pub struct IUnknown {
    vtbl: *const IUnknownVtbl,
}

impl IUnknown {
    pub fn vtable(&self) -> &IUnknownVtbl {
        unsafe { &*self.vtbl }
    }
}

pub const IID_IUNKNOWN: Guid = Guid::new(0x00000000, 0x0000, 0x0000, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]);
pub const IID_ICLASSFACTORY: Guid = Guid::new(0x00000001, 0x0000, 0x0000, [0xC0, 0, 0, 0, 0, 0, 0, 0x46]);

unsafe impl Interface for IUnknown {
    type Vtbl = IUnknownVtbl;
    const IID: Guid = IID_IUNKNOWN;
    const NAME: &'static str = "IUnknown";
    // IUnknown is frozen by COM: the runtime never compares its fingerprint.
    const LAYOUT: u64 = 0;
    const CONTRACT_VERSION: u32 = 0;
    const CONTRACT: u64 = 0;
    const IID_CHAIN: &'static [Guid] = &[IID_IUNKNOWN];
}

#[allow(non_snake_case)]
#[repr(C)]
pub struct IClassFactoryVtbl {
    pub base: IUnknownVtbl,
    pub CreateInstance: unsafe extern "C" fn(*mut IClassFactory, *mut IUnknown, *const Guid, *mut *mut c_void) -> HRESULT,
    pub LockServer: unsafe extern "C" fn(*mut IClassFactory, i32) -> HRESULT,
}

#[repr(C)]
pub struct IClassFactory {
    vtbl: *const IClassFactoryVtbl,
}

unsafe impl Interface for IClassFactory {
    type Vtbl = IClassFactoryVtbl;
    const IID: Guid = IID_ICLASSFACTORY;
    const NAME: &'static str = "IClassFactory";
    const LAYOUT: u64 = 0;
    const CONTRACT_VERSION: u32 = 0;
    const CONTRACT: u64 = 0;
    const IID_CHAIN: &'static [Guid] = &[IID_ICLASSFACTORY, IID_IUNKNOWN];
}

impl std::ops::Deref for IClassFactory {
    type Target = IUnknown;
    fn deref(&self) -> &IUnknown {
        self.as_unknown()
    }
}
