// A C++ plugin's module in one line: UCOM_DEFINE_MODULE lists the classes the module serves
// and defines DllGetClassObject and DllCanUnloadNow for them, and declares the exact
// unloading protocol (ucom/module.h): every object DllCanUnloadNow counts is an
// implements<>, whose Release returns through libucom.
//   UCOM_DEFINE_MODULE(ucom::exported_class<greeter>(CLSID_Greeter),
//                      ucom::exported_class<farewell>(CLSID_Farewell))
// Every class gets a class_factory<Product>, which passes the runtime's context to
// constructors that take a ucom::context. The module descriptor comes from ucom-idl
// (ucom_add_idl(... EMIT descriptor), or ucom_add_plugin). C++17.
#pragma once

#include <cstddef>
#include <cstdint>

#include <ucom/abi.h>
#include <ucom/class_factory.hpp>
#include <ucom/guid.hpp>
#include <ucom/implements.hpp>
#include <ucom/module.h>

namespace ucom {

// One class of a module: its CLSID and how to make its factory.
struct module_class {
    const GUID *clsid;
    HRESULT (*get_factory)(REFIID riid, void **ppv) noexcept;
};

namespace detail {
template <class Product>
HRESULT new_class_factory(REFIID riid, void **ppv) noexcept
{
    try {
        return make<class_factory<Product>, IClassFactory>()->QueryInterface(riid, ppv);
    } catch (...) {
        return hresult_from_caught_exception();
    }
}
} // namespace detail

template <class Product>
constexpr module_class exported_class(const GUID &clsid) noexcept
{
    return {&clsid, &detail::new_class_factory<Product>};
}

// DllGetClassObject's body: a new factory per call (the runtime caches what it gets).
template <std::size_t N>
HRESULT get_class_object(const module_class (&classes)[N], REFCLSID clsid, REFIID riid, void **ppv) noexcept
{
    if (ppv == nullptr) {
        return E_POINTER;
    }
    *ppv = nullptr;
    if (clsid == nullptr || riid == nullptr) {
        return E_INVALIDARG;
    }
    for (const module_class &c : classes) {
        if (guid(*c.clsid) == guid(*clsid)) {
            return c.get_factory(riid, ppv);
        }
    }
    return CLASS_E_CLASSNOTAVAILABLE;
}

// DllCanUnloadNow's body: no object of implements<> and no server lock of this module alive.
inline HRESULT module_can_unload_now() noexcept
{
    return detail::module_object_count.load(std::memory_order_acquire) == 0 &&
                   detail::module_lock_count.load(std::memory_order_acquire) == 0
               ? S_OK
               : S_FALSE;
}

// ucom_module_unload_protocol's body: exact unless an object with glue written by hand (a
// Release of the module's own) was ever made.
inline std::uint32_t module_unload_protocol() noexcept
{
    return detail::module_releases_in_module.load(std::memory_order_acquire) ? UCOM_UNLOAD_PROTOCOL_DELAYED
                                                                             : UCOM_UNLOAD_PROTOCOL_EXACT;
}

} // namespace ucom

#define UCOM_DEFINE_MODULE(...)                                                                              \
    extern "C" UCOM_MODULE_EXPORT HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)         \
    {                                                                                                        \
        static const ::ucom::module_class ucom_module_classes[] = {__VA_ARGS__};                             \
        return ::ucom::get_class_object(ucom_module_classes, clsid, riid, ppv);                              \
    }                                                                                                        \
    extern "C" UCOM_MODULE_EXPORT HRESULT DllCanUnloadNow(void) { return ::ucom::module_can_unload_now(); }        \
    extern "C" UCOM_MODULE_EXPORT uint32_t ucom_module_unload_protocol(void) { return ::ucom::module_unload_protocol(); }
