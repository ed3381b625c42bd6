// What a ucom_runtime handle holds: a registry catalog and one slot per registered class
// looked up so far. Its parts live in files of their own: lookup and the warm path in
// activation.cpp, the cold load path in factory_loader.cpp, the factory cache in
// factory_cache.cpp, cycle detection in activation_chain.cpp, the module's check against
// its registration in registration_check.cpp, tracing in activation_trace.cpp and the
// contexts components activate through in runtime_context.cpp. Thread-safe: any thread may
// activate, unload, trace or close at any time.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <ucom/abi.h>
#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/registry/catalog.hpp>
#include <ucom/runtime.h>

#include "activation_trace.hpp"
#include "class_slot.hpp"
#include "plugin_call.hpp"

namespace ucom::activation {

// Whether a thread that publishes a factory it is about to call must fence itself (no
// membarrier to do it for them, hazard_records.hpp). Decided before any runtime exists
// (ucom_runtime_open), read on every warm activation.
extern std::atomic<bool> readers_need_fence;

class runtime_core : public std::enable_shared_from_this<runtime_core> {
public:
    // A slot is made when its class is first looked up, so that opening costs nothing per
    // registered class; the table of them is one null pointer per class.
    explicit runtime_core(registry::catalog catalog);
    runtime_core(const runtime_core &) = delete;
    runtime_core &operator=(const runtime_core &) = delete;
    ~runtime_core();

    // Lock-free once the class's slot exists: one acquire load.
    class_slot *slot_of(const registry::resolved_class *resolved)
    {
        if (class_slot *slot = slots_[resolved->ordinal].load(std::memory_order_acquire)) {
            return slot;
        }
        return make_slot(resolved);
    }

    // Activates a class by CLSID or by name (ProgID, version-independent ProgID or CLSID
    // string); `requester` is the class whose context asks, null for the host. `caller` is
    // what the caller was built with of riid's layouts (zero: not checked): a class whose
    // module registered riid with others is refused before anything loads
    // (UCOM_E_LAYOUT_MISMATCH, registration_check.hpp).
    HRESULT create_by_clsid(const GUID &clsid, REFIID riid, void **ppv, const class_slot *requester,
                            const registry::interface_layouts &caller = {});
    HRESULT create_by_name(const char *name, REFIID riid, void **ppv, const class_slot *requester,
                           const registry::interface_layouts &caller = {});

    std::size_t unload_unused();
    void set_unload_delay(std::uint32_t milliseconds) { unload_delay_ms_.store(milliseconds, std::memory_order_relaxed); }

    // Retires every cached factory: out of the slot under the loader lock, then, with the
    // lock released (a thread still inside a factory may need it to activate something),
    // waits until no thread calls through it (see hazard_registry) and releases it.
    // Activations meanwhile take the cold path.
    void release_factories();

    // A callback and its context are published together; replaced ones are kept until the
    // core goes, since an activation may still be calling one.
    void set_trace(ucom_trace_callback callback, void *context);

    // After close, components that outlive the host's handle may still hold a context;
    // activating through it is refused, so that no factory is cached that nothing releases.
    void close();

private:
    class_slot *make_slot(const registry::resolved_class *resolved);

    // The warm path (activation.cpp): cycle detection, the cached factory's CreateInstance.
    HRESULT activate(class_slot &slot, REFIID riid, void **ppv, const class_slot *requester);
    HRESULT activate_checked(class_slot &slot, REFIID riid, void **ppv, const class_slot *requester,
                             const registry::interface_layouts &caller);
    HRESULT create(class_slot &slot, unsigned depth, REFIID riid, void **ppv, bool &loaded_now, bool &cached);
    HRESULT fail_unresolved(const std::string &name, const class_slot *requester, const error *detail = nullptr);

    // The cold path (factory_loader.cpp): module, checks, factory, context.
    HRESULT load_factory(class_slot &slot, bool &loaded_now);
    HRESULT hand_context(const class_slot &slot, const plugin_site &site, IClassFactory &factory);
    com_ptr<IUcomContext> make_context(const class_slot &slot);

    static plugin_site site_of(const class_slot &slot) { return {slot.label, slot.resolved->module_file}; }

    registry::catalog catalog_;
    std::unique_ptr<std::atomic<class_slot *>[]> slots_; // by resolved_class::ordinal; null until looked up
    std::vector<std::unique_ptr<class_slot>> made_slots_; // owns them; under slot_making_
    std::mutex slot_making_; // taken after loader_ when both are, never before
    // Recursive: plugin code the cold path runs (DllGetClassObject, SetContext) may itself
    // activate.
    std::recursive_mutex loader_;
    std::atomic<const trace_sink *> trace_{nullptr};
    std::atomic<std::uint32_t> unload_delay_ms_{UCOM_DEFAULT_UNLOAD_DELAY_MS};
    std::vector<std::unique_ptr<trace_sink>> trace_sinks_; // under loader_
    std::atomic<bool> closed_{false};
};

} // namespace ucom::activation
