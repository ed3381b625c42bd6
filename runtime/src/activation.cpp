// Lookup and the warm path of activation. The warm path (the class's factory already
// cached) takes no lock, makes no atomic read-modify-write and allocates nothing: a hash
// lookup, plain loads and stores (those that let unload_unused retire a factory safely,
// hazard_records.hpp, and those cycle detection reads), and the factory's CreateInstance.
// Without a cached factory it takes the cold path (factory_loader.cpp) and tries again; it
// never calls a factory's CreateInstance under the loader lock, so a component may activate
// others while it is being created, on its thread or on threads it starts. Every call into
// plugin code goes through plugin_call.hpp, so an exception a plugin lets escape fails the
// activation; what an activation sets, destructors put back.
#include <chrono>
#include <string_view>

#include <gsl/util>

#include "activation_chain.hpp"
#include "activation_errors.hpp"
#include "hazard_records.hpp"
#include "registration_check.hpp"
#include "runtime_core.hpp"

namespace ucom::activation {

std::atomic<bool> readers_need_fence{true};

HRESULT runtime_core::create_by_clsid(const GUID &clsid, REFIID riid, void **ppv, const class_slot *requester,
                                      const registry::interface_layouts &caller)
{
    const registry::resolved_class *resolved = catalog_.find(guid(clsid));
    if (resolved == nullptr) {
        return fail_unresolved(guid(clsid).to_string(), requester);
    }
    return activate_checked(*slot_of(resolved), riid, ppv, requester, caller);
}

HRESULT runtime_core::create_by_name(const char *name, REFIID riid, void **ppv, const class_slot *requester,
                                     const registry::interface_layouts &caller)
{
    const registry::resolved_class *resolved = catalog_.find(std::string_view(name));
    if (resolved == nullptr) {
        auto found = catalog_.resolve(name); // CLSID strings, and the detailed error
        if (!found) {
            return fail_unresolved(name, requester, &found.error());
        }
        resolved = *found;
    }
    return activate_checked(*slot_of(resolved), riid, ppv, requester, caller);
}

HRESULT runtime_core::activate_checked(class_slot &slot, REFIID riid, void **ppv, const class_slot *requester,
                                       const registry::interface_layouts &caller)
{
    if ((caller.fingerprint != 0 || caller.contract != 0) &&
        !slot.callers_checked.contains(guid(*riid), caller)) {
        if (auto refused = check_caller_layout(slot, catalog_, guid(*riid), caller); !refused) {
            if (ppv != nullptr) {
                *ppv = nullptr;
            }
            return fail(refused.error());
        }
        slot.callers_checked.add(guid(*riid), caller);
    }
    return activate(slot, riid, ppv, requester);
}

HRESULT runtime_core::activate(class_slot &slot, REFIID riid, void **ppv, const class_slot *requester)
{
    if (ppv == nullptr) {
        return E_POINTER;
    }
    *ppv = nullptr;
    const activation_frame *parent = current_activation;
    for (const activation_frame *frame = parent; frame != nullptr; frame = frame->parent) {
        if (frame->runtime == this && frame->slot == &slot) {
            return fail(cycle_error(this, slot, parent));
        }
    }
    unsigned depth = 0;
    if (parent != nullptr) {
        depth = parent->depth + 1;
    } else if (requester != nullptr) {
        depth = requester->creating_depth.load(std::memory_order_relaxed) + 1;
    }
    const class_slot *requested_by =
        requester != nullptr ? requester : (parent != nullptr && parent->runtime == this ? parent->slot : nullptr);
    if (depth > max_activation_depth) {
        return fail(too_deep_error(this, slot, requested_by, parent));
    }
    const activation_scope scope(this, slot, parent, depth, requested_by);

    const trace_sink *trace = trace_.load(std::memory_order_acquire);
    const auto started = trace != nullptr ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
    bool loaded_now = false;
    bool cached = true;
    const HRESULT code = create(slot, depth, riid, ppv, loaded_now, cached);
    if (trace != nullptr) {
        report_activation(*trace, slot, requester != nullptr ? requester : (parent != nullptr ? parent->slot : nullptr),
                          depth, loaded_now, cached, std::chrono::steady_clock::now() - started, code);
    }
    return code;
}

HRESULT runtime_core::create(class_slot &slot, unsigned depth, REFIID riid, void **ppv, bool &loaded_now, bool &cached)
{
    const hazard_lease lease;
    std::atomic<const IClassFactory *> &hazard = lease.record().in_use[depth];
    const bool fenced = readers_need_fence.load(std::memory_order_relaxed);
    for (;;) {
        // Publish the factory, then check it is still the slot's: a retirer that took it
        // out after that check waits for this thread (hazard_registry).
        IClassFactory *factory = slot.factory.load(std::memory_order_seq_cst);
        while (factory != nullptr) {
            if (fenced) {
                hazard.store(factory, std::memory_order_seq_cst);
            } else {
                hazard.store(factory, std::memory_order_relaxed);
                std::atomic_signal_fence(std::memory_order_seq_cst); // membarrier orders it for the retirer
            }
            IClassFactory *still = slot.factory.load(std::memory_order_seq_cst);
            if (still == factory) {
                break;
            }
            factory = still;
        }
        if (factory != nullptr) {
            const result<HRESULT> created = [&] {
                const auto unpublish = gsl::finally([&hazard] { hazard.store(nullptr, std::memory_order_release); });
                return call_plugin(site_of(slot), "its class factory's CreateInstance",
                                   [&] { return factory->lpVtbl->CreateInstance(factory, nullptr, riid, ppv); });
            }();
            if (!created) {
                *ppv = nullptr; // whatever it wrote before throwing is not an object to hand out
                return fail(created.error());
            }
            const HRESULT code = *created;
            if (FAILED(code)) {
                const error cause = error::from_hresult(code, slot.label);
                if (code == UCOM_E_ACTIVATION_CYCLE && cause.message() != hresult_message(code)) {
                    // The cycle's message names every class in it; one "failed to create
                    // it" per class it passed through would bury it.
                    return fail(cause);
                }
                return fail(factory_error(slot, "its class factory failed to create it", cause));
            }
            if (*ppv == nullptr) {
                return fail(factory_error(slot, "its class factory reported success but returned no object", E_POINTER));
            }
            return code;
        }
        hazard.store(nullptr, std::memory_order_release);
        cached = false;
        if (const HRESULT code = load_factory(slot, loaded_now); FAILED(code)) {
            return code;
        }
    }
}

HRESULT runtime_core::fail_unresolved(const std::string &name, const class_slot *requester, const error *detail)
{
    const error e =
        detail != nullptr ? *detail : catalog_.resolve(name).error(); // REGDB_E_CLASSNOTREG naming the layers
    if (const trace_sink *trace = trace_.load(std::memory_order_acquire)) {
        const activation_frame *parent = current_activation;
        const class_slot *by = requester != nullptr ? requester : (parent != nullptr ? parent->slot : nullptr);
        const unsigned depth = parent != nullptr ? parent->depth + 1 : (by != nullptr ? 1 : 0);
        report_unresolved(*trace, name, by, depth, e.code());
    }
    return fail(e);
}

} // namespace ucom::activation
