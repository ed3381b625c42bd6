// The cold path of activation: the class's module loaded (once per process) and checked
// against its registration, its factory taken from DllGetClassObject, handed the runtime's
// context when it asks for one, and cached in the class's slot. Under the runtime's loader
// lock, which is recursive so that plugin code it runs (DllGetClassObject, SetContext) may
// itself activate.
#include <fmt/format.h>

#include "activation_errors.hpp"
#include "registration_check.hpp"
#include "runtime_core.hpp"

namespace ucom::activation {

HRESULT runtime_core::load_factory(class_slot &slot, bool &loaded_now)
{
    const std::lock_guard lock(loader_);
    if (slot.factory.load() != nullptr) {
        return S_OK;
    }
    if (closed_.load()) {
        return fail(error(CO_E_NOTINITIALIZED,
                          fmt::format("class {}: the runtime this component was created by has been closed", slot.label),
                          slot.label));
    }
    const registry::resolved_class &resolved = *slot.resolved;
    auto outcome = load_module(resolved.module_file, slot.label, [&](const descriptor::module_info &declared) {
        auto registered = check_against_registration(slot, declared);
        return registered ? check_consumed_layouts(slot, catalog_, declared) : registered;
    });
    if (!outcome) {
        return fail(outcome.error());
    }
    loaded_now = outcome->loaded_now;
    loaded_module &module = *outcome->module;
    // load_module pinned the module; the pin stays with the factory, or goes on failure.
    bool keep_pin = false;
    struct unpin {
        loaded_module &module;
        const bool &keep;
        ~unpin()
        {
            if (!keep) {
                module.pins.fetch_sub(1);
            }
        }
    } unpin_on_failure{module, keep_pin};
    const plugin_site site = site_of(slot);
    plugin_reference<IClassFactory> factory;
    const GUID &clsid = resolved.record->clsid;
    const result<HRESULT> got = call_plugin(site, "DllGetClassObject", [&] {
        return module.get_class_object(&clsid, &IID_IClassFactory, factory.put_void());
    });
    if (!got) {
        factory.forget();
        return fail(got.error());
    }
    if (FAILED(*got) || !factory) {
        return fail(factory_error(slot, "DllGetClassObject failed", FAILED(*got) ? *got : E_POINTER));
    }
    if (const HRESULT code = hand_context(slot, site, *factory.get()); FAILED(code)) {
        return code;
    }
    keep_pin = true;
    slot.module = &module;
    slot.factory.store(factory.detach());
    return S_OK;
}

// IUcomWithContext::SetContext, for a factory that answers to it.
HRESULT runtime_core::hand_context(const class_slot &slot, const plugin_site &site, IClassFactory &factory)
{
    plugin_reference<IUcomWithContext> wants_context;
    const result<HRESULT> asked = call_plugin(site, "its class factory's QueryInterface", [&] {
        return factory.lpVtbl->QueryInterface(&factory, &IID_IUcomWithContext, wants_context.put_void());
    });
    if (!asked) {
        wants_context.forget();
        return fail(asked.error());
    }
    if (FAILED(*asked) || !wants_context) {
        return S_OK; // it needs no context
    }
    const com_ptr<IUcomContext> services = make_context(slot);
    const result<HRESULT> taken = call_plugin(site, "its class factory's SetContext", [&] {
        return wants_context.get()->lpVtbl->SetContext(wants_context.get(), services.get());
    });
    if (!taken) {
        return fail(taken.error());
    }
    if (FAILED(*taken)) {
        return fail(factory_error(slot, "its factory refused the runtime's context", *taken));
    }
    return S_OK;
}

} // namespace ucom::activation
