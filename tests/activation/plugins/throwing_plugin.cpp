// A C++ plugin written by hand (raw vtables, no implements<>, no generated glue) that lets a
// C++ exception escape into the runtime from one call, chosen at build time by
// UCOM_TEST_THROWS_IN (a throw_point). Only Test.Throwing's factory throws; Test.Steady, in
// the same module, never does, so the tests can show the module is still usable afterwards.
#include <atomic>
#include <cstring>
#include <stdexcept>

#include <ucom/module.h>

#include "throwing.h"
#include "ucomctx.h"

namespace {

enum class throw_point { get_class_object, query_interface, set_context, create_instance, release };
constexpr throw_point throws_in = throw_point::UCOM_TEST_THROWS_IN;

// Not a std::exception: what a plugin throwing an int or its own type lets escape.
struct plugin_fault {};

// Factories and objects alive: DllCanUnloadNow's answer.
std::atomic<long> alive{0};

bool same_guid(const GUID *a, const GUID &b) { return std::memcmp(a, &b, sizeof b) == 0; }

// --- the object: IProbe, Value() is 42 ---

struct probe {
    IProbe iface;
    std::atomic<ULONG> refs{1};
};

probe *probe_of(IProbe *self) { return reinterpret_cast<probe *>(self); }

HRESULT probe_query_interface(IProbe *self, REFIID riid, void **ppv)
{
    if (ppv == nullptr) {
        return E_POINTER;
    }
    *ppv = nullptr;
    if (!same_guid(riid, IID_IUnknown) && !same_guid(riid, IID_IProbe)) {
        return E_NOINTERFACE;
    }
    probe_of(self)->refs.fetch_add(1);
    *ppv = self;
    return S_OK;
}

ULONG probe_add_ref(IProbe *self) { return probe_of(self)->refs.fetch_add(1) + 1; }

ULONG probe_release(IProbe *self)
{
    const ULONG left = probe_of(self)->refs.fetch_sub(1) - 1;
    if (left == 0) {
        delete probe_of(self);
        alive.fetch_sub(1);
    }
    return left;
}

HRESULT probe_value(IProbe *, int32_t *value)
{
    if (value == nullptr) {
        return E_POINTER;
    }
    *value = 42;
    return S_OK;
}

constexpr IProbeVtbl probe_vtbl = {probe_query_interface, probe_add_ref, probe_release, probe_value};

// --- the class factory, which also takes the runtime's context ---

struct factory;

struct context_part {
    IUcomWithContext iface;
    factory *owner;
};

struct factory {
    IClassFactory iface;
    context_part with_context;
    std::atomic<ULONG> refs{1};
    bool throws = false; // Test.Throwing's
    IUcomContext *context = nullptr;
};

factory *factory_of(IClassFactory *self) { return reinterpret_cast<factory *>(self); }
factory *factory_of(IUcomWithContext *self) { return reinterpret_cast<context_part *>(self)->owner; }

ULONG factory_add_ref(IClassFactory *self) { return factory_of(self)->refs.fetch_add(1) + 1; }

ULONG factory_release(IClassFactory *self)
{
    factory *f = factory_of(self);
    const ULONG left = f->refs.fetch_sub(1) - 1;
    if (left != 0) {
        return left;
    }
    const bool throws = f->throws;
    if (f->context != nullptr) {
        f->context->lpVtbl->Release(f->context);
    }
    delete f;
    alive.fetch_sub(1);
    if (throws && throws_in == throw_point::release) {
        throw std::runtime_error("the factory's Release failed on purpose");
    }
    return 0;
}

HRESULT factory_query_interface(IClassFactory *self, REFIID riid, void **ppv)
{
    if (ppv == nullptr) {
        return E_POINTER;
    }
    *ppv = nullptr;
    factory *f = factory_of(self);
    if (f->throws && throws_in == throw_point::query_interface) {
        throw std::runtime_error("the factory's QueryInterface failed on purpose");
    }
    if (same_guid(riid, IID_IUnknown) || same_guid(riid, IID_IClassFactory)) {
        *ppv = &f->iface;
    } else if (same_guid(riid, IID_IUcomWithContext)) {
        *ppv = &f->with_context.iface;
    } else {
        return E_NOINTERFACE;
    }
    f->refs.fetch_add(1);
    return S_OK;
}

HRESULT factory_create_instance(IClassFactory *self, IUnknown *outer, REFIID riid, void **ppv)
{
    if (ppv == nullptr) {
        return E_POINTER;
    }
    *ppv = nullptr;
    if (outer != nullptr) {
        return CLASS_E_NOAGGREGATION;
    }
    if (factory_of(self)->throws && throws_in == throw_point::create_instance) {
        throw std::runtime_error("the factory's CreateInstance failed on purpose");
    }
    auto *object = new probe{};
    object->iface.lpVtbl = &probe_vtbl;
    alive.fetch_add(1);
    const HRESULT code = probe_query_interface(&object->iface, riid, ppv);
    probe_release(&object->iface);
    return code;
}

HRESULT factory_lock_server(IClassFactory *, BOOL) { return S_OK; }

constexpr IClassFactoryVtbl factory_vtbl = {factory_query_interface, factory_add_ref, factory_release,
                                            factory_create_instance, factory_lock_server};

HRESULT context_query_interface(IUcomWithContext *self, REFIID riid, void **ppv)
{
    return factory_query_interface(&factory_of(self)->iface, riid, ppv);
}
ULONG context_add_ref(IUcomWithContext *self) { return factory_add_ref(&factory_of(self)->iface); }
ULONG context_release(IUcomWithContext *self) { return factory_release(&factory_of(self)->iface); }

HRESULT context_set_context(IUcomWithContext *self, IUcomContext *services)
{
    factory *f = factory_of(self);
    if (f->throws && throws_in == throw_point::set_context) {
        throw std::runtime_error("the factory's SetContext failed on purpose");
    }
    if (services != nullptr) {
        services->lpVtbl->AddRef(services);
    }
    f->context = services;
    return S_OK;
}

constexpr IUcomWithContextVtbl context_vtbl = {context_query_interface, context_add_ref, context_release,
                                               context_set_context};

} // namespace

extern "C" HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    if (ppv == nullptr) {
        return E_POINTER;
    }
    *ppv = nullptr;
    const bool throwing = same_guid(clsid, CLSID_Throwing);
    if (!throwing && !same_guid(clsid, CLSID_Steady)) {
        return CLASS_E_CLASSNOTAVAILABLE;
    }
    if (throwing && throws_in == throw_point::get_class_object) {
        throw plugin_fault{};
    }
    if (!same_guid(riid, IID_IUnknown) && !same_guid(riid, IID_IClassFactory)) {
        return E_NOINTERFACE;
    }
    auto *made = new factory{};
    made->iface.lpVtbl = &factory_vtbl;
    made->with_context.iface.lpVtbl = &context_vtbl;
    made->with_context.owner = made;
    made->throws = throwing;
    alive.fetch_add(1);
    *ppv = &made->iface;
    return S_OK;
}

extern "C" HRESULT DllCanUnloadNow(void) { return alive.load() == 0 ? S_OK : S_FALSE; }
