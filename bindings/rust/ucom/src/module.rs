//! A plugin's entry points: `DllGetClassObject` serving each class through a class factory,
//! and `DllCanUnloadNow` from the module's count of live objects and server locks. The
//! [`module!`](crate::module!) macro writes both. A Rust module unloads by the delayed
//! protocol (docs/abi.md, "Exact unloading"): its Release is its own code.
use std::os::raw::c_void;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use crate::abi::{
    Guid, IClassFactory, IClassFactoryVtbl, IUnknown, Interface, CLASS_E_NOAGGREGATION, E_POINTER, HRESULT,
    S_FALSE, S_OK,
};
use crate::com_ptr::ComPtr;
use crate::context::Context;
use crate::error::Result;
use crate::object::{guard, Object};
use crate::ucomctx::{IUcomContext, IUcomWithContext, IUcomWithContextImpl, IUcomWithContextVtbl, IUcomWithContextVtblFor};

// Each plugin links its own copy of this crate, so these count the plugin's own objects.
static LIVE_OBJECTS: AtomicUsize = AtomicUsize::new(0);
static SERVER_LOCKS: AtomicUsize = AtomicUsize::new(0);

pub(crate) fn object_created() {
    LIVE_OBJECTS.fetch_add(1, Ordering::Relaxed);
}
pub(crate) fn object_destroyed() {
    LIVE_OBJECTS.fetch_sub(1, Ordering::Release);
}

/// `DllCanUnloadNow`: S_OK when no object or server lock of the module is alive.
pub fn can_unload_now() -> HRESULT {
    if LIVE_OBJECTS.load(Ordering::Acquire) == 0 && SERVER_LOCKS.load(Ordering::Acquire) == 0 {
        S_OK
    } else {
        S_FALSE
    }
}

/// How a class factory makes one object of its class, or why it cannot.
pub type Constructor = Box<dyn Fn() -> Result<ComPtr<IUnknown>> + Send + Sync>;

// A class factory: IClassFactory, and IUcomWithContext for the context it hands the
// constructors it runs (Context::current()).
struct Factory {
    class: &'static str,
    construct: Constructor,
    context: Mutex<Option<Context>>,
}

const FACTORY_IIDS: &[&[Guid]; 2] = &[IClassFactory::IID_CHAIN, IUcomWithContext::IID_CHAIN];

impl IUcomWithContextImpl for Factory {
    fn set_context(&self, context: Option<&IUcomContext>) -> Result<HRESULT> {
        let context = context.and_then(|raw| unsafe { ComPtr::from_borrowed(raw.as_raw().cast::<IUcomContext>()) });
        *self.context.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = context.map(Context::new);
        Ok(S_OK)
    }
}

impl Factory {
    const VTBL: IClassFactoryVtbl = IClassFactoryVtbl {
        base: Object::<Factory, 2>::unknown_vtbl::<0>(),
        CreateInstance: Self::create_instance,
        LockServer: Self::lock_server,
    };

    unsafe extern "C" fn create_instance(
        this: *mut IClassFactory,
        outer: *mut IUnknown,
        iid: *const Guid,
        out: *mut *mut c_void,
    ) -> HRESULT {
        if out.is_null() || iid.is_null() {
            return E_POINTER;
        }
        *out = std::ptr::null_mut();
        if !outer.is_null() {
            return CLASS_E_NOAGGREGATION;
        }
        let factory = Object::<Factory, 2>::value::<0>(this.cast());
        let what = format!("{} (constructor)", factory.class);
        let context = factory.context.lock().unwrap_or_else(|poisoned| poisoned.into_inner()).clone();
        guard(&what, || {
            let object = Context::with_current(context, || (factory.construct)())?;
            let unknown = &*object;
            let hr = (unknown.vtable().QueryInterface)(object.as_raw(), iid, out);
            if hr.is_err() {
                return Err(crate::Error::new(hr, format!("{} does not implement the interface asked for", factory.class)));
            }
            Ok(S_OK)
        })
    }

    unsafe extern "C" fn lock_server(_this: *mut IClassFactory, lock: i32) -> HRESULT {
        if lock != 0 {
            SERVER_LOCKS.fetch_add(1, Ordering::Relaxed);
        } else {
            // An unlock without a lock is ignored, not wrapped round to a lock that never ends.
            let _ = SERVER_LOCKS.fetch_update(Ordering::Release, Ordering::Relaxed, |locks| locks.checked_sub(1));
        }
        S_OK
    }
}

/// `DllGetClassObject` for one class the module serves: a new class factory for it.
///
/// # Safety
/// `iid` and `out` as DllGetClassObject receives them.
pub unsafe fn serve_class(class: &'static str, construct: Constructor, iid: *const Guid, out: *mut *mut c_void) -> HRESULT {
    if out.is_null() || iid.is_null() {
        return E_POINTER;
    }
    *out = std::ptr::null_mut();
    let vtables = [
        &Factory::VTBL as *const IClassFactoryVtbl as *const c_void,
        &IUcomWithContextVtblFor::<Factory, 2, 1>::VTBL as *const IUcomWithContextVtbl as *const c_void,
    ];
    let factory = Object::create(vtables, FACTORY_IIDS, Factory { class, construct, context: Mutex::new(None) });
    let unknown: &IUnknown = &factory;
    (unknown.vtable().QueryInterface)(factory.as_raw(), iid, out)
}

/// Exports the module's entry points for its classes: each `Coclass => expression` serves
/// the IDL coclass (the generated unit struct) with objects made from the expression, a
/// `ucom::Result<T>` evaluated for each new object (an `Err` fails the activation with its
/// code and message; `ucom::Context::current()` gives the runtime's context meanwhile).
///
/// ```ignore
/// ucom::module! {
///     Hello => Ok(Greeter::default()),
///     Tokenizer => Tokenizer::new(), // fn new() -> ucom::Result<Tokenizer>
/// }
/// ```
#[macro_export]
macro_rules! module {
    ($($class:ty => $make:expr),+ $(,)?) => {
        #[no_mangle]
        pub unsafe extern "C" fn DllGetClassObject(
            clsid: *const $crate::Guid,
            iid: *const $crate::Guid,
            out: *mut *mut ::std::os::raw::c_void,
        ) -> $crate::HRESULT {
            if clsid.is_null() || out.is_null() {
                return $crate::E_POINTER;
            }
            *out = ::std::ptr::null_mut();
            $(
                if *clsid == <$class>::CLSID {
                    return $crate::module::serve_class(
                        <$class>::NAME,
                        ::std::boxed::Box::new(|| {
                            let made: $crate::Result<_> = $make;
                            ::std::result::Result::Ok(<$class>::new_object(made?))
                        }),
                        iid,
                        out,
                    );
                }
            )+
            $crate::CLASS_E_CLASSNOTAVAILABLE
        }

        #[no_mangle]
        pub extern "C" fn DllCanUnloadNow() -> $crate::HRESULT {
            $crate::module::can_unload_now()
        }
    };
}

/// Includes the Rust projection of IDL files that build.rs generated into OUT_DIR
/// (`ucom_build::Idl`), each as a module of its name: `ucom::include_idl!(hello, hello_rust);`
/// gives `mod hello` and `mod hello_rust`, side by side so that one file's imports of another
/// (`use super::hello::*`) resolve.
#[macro_export]
macro_rules! include_idl {
    ($($name:ident),+ $(,)?) => {
        $(
            #[allow(dead_code)]
            mod $name {
                include!(concat!(env!("OUT_DIR"), "/", stringify!($name), ".rs"));
            }
        )+
    };
}

/// Includes the module descriptor of an IDL file's coclasses (`ucom_build::Idl::plugin`):
/// once, in the plugin that serves them.
#[macro_export]
macro_rules! include_descriptor {
    ($name:ident) => {
        include!(concat!(env!("OUT_DIR"), "/", stringify!($name), "_descriptor.rs"));
    };
}

/// Includes the record of an IDL file's interfaces with their fingerprints
/// (`ucom_build::Idl::uses`): once, in each plugin or host that calls them.
#[macro_export]
macro_rules! include_uses {
    ($name:ident) => {
        include!(concat!(env!("OUT_DIR"), "/", stringify!($name), "_uses.rs"));
    };
}
