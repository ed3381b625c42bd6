// Activation: the C API of ucom/runtime.h. A runtime holds a registry catalog and one slot
// per registered class. The warm path (the class's factory already cached) takes no lock,
// makes no atomic read-modify-write and allocates nothing: a hash lookup, plain loads and
// stores (those that let unload_unused retire a factory safely, hazard_records.hpp, and
// those cycle detection reads), and the factory's CreateInstance. The cold path loads the
// module under the runtime's loader lock and never calls a factory's CreateInstance under
// it, so a component may activate others while it is being created, on its thread or on
// threads it starts. Every call into plugin code goes through plugin_call.hpp, so an
// exception a plugin lets escape fails the activation; what an activation sets, destructors
// put back.
#include <ucom/runtime.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>
#include <gsl/util>

#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/implements.hpp>
#include <ucom/registry/catalog.hpp>
#include <ucom/registry/verification.hpp>
#include <ucom/runtime_from_catalog.hpp>
#include <ucom/ucom.h>

#include "hazard_records.hpp"
#include "module_loader.hpp"
#include "plugin_call.hpp"
#include "ucomctx_impl.hpp"

namespace ucom::activation {
namespace {

class runtime_core;

struct class_slot {
    const registry::resolved_class *resolved = nullptr;
    std::string label; // "Example.Hello" or the CLSID string: how errors and traces name it
    std::atomic<IClassFactory *> factory{nullptr};
    // The depth of the latest activation of this class in progress (0 when none is): an
    // activation through its context from another thread (one its constructor started)
    // continues from there, so a cycle through such threads ends at max_activation_depth
    // instead of running forever.
    std::atomic<unsigned> creating_depth{0};
    // Who asked for the latest activation of this class in progress (null: the host, or none
    // in progress). Another thread's chain cannot be read safely, but these links can: at
    // the depth limit the runtime follows them to name the cycle that ran through threads.
    std::atomic<const class_slot *> last_requested_by{nullptr};
    loaded_module *module = nullptr; // set with factory, under the loader lock
};

// One activation in progress on this thread: the chain cycle detection walks.
struct activation_frame {
    const runtime_core *runtime;
    const class_slot *slot;
    const activation_frame *parent;
    unsigned depth;
};

// Initial-exec, as this_thread_record (hazard_records.hpp): read on every activation.
[[gnu::tls_model("initial-exec")]] thread_local const activation_frame *current_activation = nullptr;

// Decided before any runtime exists (ucom_runtime_open), read on every warm activation.
std::atomic<bool> readers_need_fence{true};

// Error info (what the C caller reads) for a failure, returned as the HRESULT. The message
// names the class and module itself; the source says who reports it.
HRESULT fail(const error &e)
{
    ucom_set_error_info(e.code(), "ucom", e.message().c_str());
    return e.code();
}

class runtime_core : public std::enable_shared_from_this<runtime_core> {
    struct trace_sink {
        ucom_trace_callback callback;
        void *context;
    };

public:
    // A slot is made when its class is first looked up, so that opening costs nothing per
    // registered class; the table of them is one null pointer per class.
    explicit runtime_core(registry::catalog catalog)
        : catalog_(std::move(catalog)),
          slots_(std::make_unique<std::atomic<class_slot *>[]>(catalog_.ordinal_count()))
    {
    }

    runtime_core(const runtime_core &) = delete;
    runtime_core &operator=(const runtime_core &) = delete;
    ~runtime_core()
    {
        try {
            release_factories();
        } catch (...) {
            // Out of memory while retiring: the factories leak rather than the process ending.
        }
    }

    // Lock-free once the class's slot exists: one acquire load.
    class_slot *slot_of(const registry::resolved_class *resolved)
    {
        std::atomic<class_slot *> &entry = slots_[resolved->ordinal];
        if (class_slot *slot = entry.load(std::memory_order_acquire)) {
            return slot;
        }
        const std::lock_guard lock(slot_making_);
        if (class_slot *slot = entry.load(std::memory_order_relaxed)) {
            return slot;
        }
        auto made = std::make_unique<class_slot>();
        made->resolved = resolved;
        made->label = registry::short_name(*resolved->record);
        made_slots_.push_back(std::move(made));
        entry.store(made_slots_.back().get(), std::memory_order_release);
        return made_slots_.back().get();
    }

    HRESULT create_by_clsid(const GUID &clsid, REFIID riid, void **ppv, const class_slot *requester)
    {
        const registry::resolved_class *resolved = catalog_.find(guid(clsid));
        if (resolved == nullptr) {
            return fail_unresolved(guid(clsid).to_string(), riid, requester);
        }
        return activate(*slot_of(resolved), riid, ppv, requester);
    }

    HRESULT create_by_name(const char *name, REFIID riid, void **ppv, const class_slot *requester)
    {
        const registry::resolved_class *resolved = catalog_.find(std::string_view(name));
        if (resolved == nullptr) {
            auto found = catalog_.resolve(name); // CLSID strings, and the detailed error
            if (!found) {
                return fail_unresolved(name, riid, requester, &found.error());
            }
            resolved = *found;
        }
        return activate(*slot_of(resolved), riid, ppv, requester);
    }

    std::size_t unload_unused()
    {
        release_factories();
        return unload_unused_modules(std::chrono::milliseconds(unload_delay_ms_.load(std::memory_order_relaxed)));
    }

    void set_unload_delay(std::uint32_t milliseconds) { unload_delay_ms_.store(milliseconds, std::memory_order_relaxed); }

    // Retires every cached factory: out of the slot under the loader lock, then, with the
    // lock released (a thread still inside a factory may need it to activate something),
    // waits until no thread calls through it (see hazard_registry) and releases it.
    // Activations meanwhile take the cold path.
    void release_factories()
    {
        for (const activation_frame *frame = current_activation; frame != nullptr; frame = frame->parent) {
            if (frame->runtime == this) {
                return; // called from inside one of our activations: it would wait for itself
            }
        }
        struct retired {
            IClassFactory *factory;
            loaded_module *module;
        };
        std::vector<retired> retiring;
        retiring.reserve(16);
        {
            const std::lock_guard lock(loader_);
            const std::lock_guard slots_lock(slot_making_);
            for (const std::unique_ptr<class_slot> &made : made_slots_) {
                class_slot &slot = *made;
                if (IClassFactory *factory = slot.factory.exchange(nullptr)) {
                    retiring.push_back({factory, std::exchange(slot.module, nullptr)});
                }
            }
        }
        if (retiring.empty()) {
            return;
        }
        hazard_registry::barrier(); // once for them all
        for (const retired &r : retiring) {
            hazards().wait_unused(r.factory);
            const auto unpin = gsl::finally([&r] { r.module->pins.fetch_sub(1); }); // after Release returns
            release_plugin(r.factory);
        }
    }

    // A callback and its context are published together; replaced ones are kept until the
    // core goes, since an activation may still be calling one.
    void set_trace(ucom_trace_callback callback, void *context)
    {
        const std::lock_guard lock(loader_);
        if (callback == nullptr) {
            trace_.store(nullptr, std::memory_order_release);
            return;
        }
        trace_sinks_.push_back(std::make_unique<trace_sink>(trace_sink{callback, context}));
        trace_.store(trace_sinks_.back().get(), std::memory_order_release);
    }

    // After close, components that outlive the host's handle may still hold a context;
    // activating through it is refused, so that no factory is cached that nothing releases.
    void close()
    {
        closed_.store(true);
        release_factories();
    }

private:
    HRESULT activate(class_slot &slot, REFIID riid, void **ppv, const class_slot *requester)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        *ppv = nullptr;
        const activation_frame *parent = current_activation;
        for (const activation_frame *frame = parent; frame != nullptr; frame = frame->parent) {
            if (frame->runtime == this && frame->slot == &slot) {
                return fail(cycle_error(slot, parent));
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
            return fail(too_deep_error(slot, requested_by, parent));
        }
        // Put back when this activation ends, so that activations one after another through a
        // kept context do not add up to the limit; plain stores, as on the rest of the path.
        // Only when they change something: a host's activation (depth 0, no requester) of a
        // class no one is creating stores nothing, so threads that activate one class at once
        // do not all write its slot's cache line.
        struct restore {
            class_slot &slot;
            const activation_frame *parent;
            unsigned depth;
            const class_slot *requested_by;
            bool marked;
            ~restore()
            {
                current_activation = parent;
                if (marked) {
                    slot.creating_depth.store(depth, std::memory_order_relaxed);
                    slot.last_requested_by.store(requested_by, std::memory_order_relaxed);
                }
            }
        } restore_previous{slot, parent, slot.creating_depth.load(std::memory_order_relaxed),
                           slot.last_requested_by.load(std::memory_order_relaxed), false};
        if (restore_previous.depth != depth || restore_previous.requested_by != requested_by) {
            slot.creating_depth.store(depth, std::memory_order_relaxed);
            slot.last_requested_by.store(requested_by, std::memory_order_relaxed);
            restore_previous.marked = true;
        }
        const activation_frame frame{this, &slot, parent, depth};
        current_activation = &frame;

        const trace_sink *trace = trace_.load(std::memory_order_acquire);
        const auto started =
            trace != nullptr ? std::chrono::steady_clock::now() : std::chrono::steady_clock::time_point{};
        bool loaded_now = false;
        bool cached = true;
        const HRESULT code = create(slot, depth, riid, ppv, loaded_now, cached);
        if (trace != nullptr) {
            report(trace, slot, requester != nullptr ? requester : (parent != nullptr ? parent->slot : nullptr), depth,
                   loaded_now, cached, std::chrono::steady_clock::now() - started, code);
        }
        return code;
    }

    HRESULT create(class_slot &slot, unsigned depth, REFIID riid, void **ppv, bool &loaded_now, bool &cached)
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
                    return fail(
                        factory_error(slot, "its class factory reported success but returned no object", E_POINTER));
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

    // The cold path: module, checks, factory; under the loader lock, which is recursive so
    // that plugin code it runs (DllGetClassObject, SetContext) may itself activate.
    HRESULT load_factory(class_slot &slot, bool &loaded_now)
    {
        const std::lock_guard lock(loader_);
        if (slot.factory.load() != nullptr) {
            return S_OK;
        }
        if (closed_.load()) {
            return fail(
                error(CO_E_NOTINITIALIZED,
                      fmt::format("class {}: the runtime this component was created by has been closed", slot.label),
                      slot.label));
        }
        const registry::resolved_class &resolved = *slot.resolved;
        auto outcome = load_module(resolved.module_file, slot.label, [&](const descriptor::module_info &declared) {
            return check_against_registry(slot, declared);
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
    HRESULT hand_context(const class_slot &slot, const plugin_site &site, IClassFactory &factory)
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

    static plugin_site site_of(const class_slot &slot) { return {slot.label, slot.resolved->module_file}; }

    // The module file must still be what was registered: its descriptor declares the class
    // and, for every interface the registry lists for the module, the same fingerprint.
    result<void> check_against_registry(const class_slot &slot, const descriptor::module_info &declared) const
    {
        const registry::resolved_class &resolved = *slot.resolved;
        const auto refuse = [&](const std::string &reason) {
            return tl::make_unexpected(error(
                CO_E_ERRORINDLL,
                fmt::format("class {}: module {}: {}", slot.label, resolved.module_file.string(), reason), slot.label));
        };
        if (!registry::declares_class(declared, resolved.record->clsid)) {
            return refuse("its descriptor does not declare this class (re-register the module)");
        }
        if (resolved.module == nullptr) {
            return refuse("the registry does not list its module");
        }
        const std::vector<std::string> mismatches =
            registry::interface_mismatches(*resolved.file, *resolved.module, declared);
        if (!mismatches.empty()) {
            return refuse(mismatches.front());
        }
        return {};
    }

    com_ptr<IUcomContext> make_context(const class_slot &slot);

    error factory_error(const class_slot &slot, const char *what, HRESULT code) const
    {
        return factory_error(slot, what, error::from_hresult(code));
    }

    error factory_error(const class_slot &slot, const char *what, const error &cause) const
    {
        const HRESULT code = cause.code();
        return error(code,
                     fmt::format("class {}: module {}: {}: {}", slot.label, slot.resolved->module_file.string(), what,
                                 cause.message()),
                     slot.label);
    }

    error cycle_error(const class_slot &slot, const activation_frame *parent) const
    {
        std::vector<const class_slot *> chain;
        for (const activation_frame *frame = parent; frame != nullptr; frame = frame->parent) {
            if (frame->runtime == this) {
                chain.insert(chain.begin(), frame->slot);
            }
        }
        chain.push_back(&slot);
        return error(UCOM_E_ACTIVATION_CYCLE,
                     fmt::format("activation cycle: {} (refused; a class may not need itself to be created)",
                                 joined_labels(std::find(chain.begin(), chain.end(), &slot), chain.end())),
                     slot.label);
    }

    // "A -> B -> C" for the classes in [first, last).
    template <class Iterator>
    static std::string joined_labels(Iterator first, Iterator last)
    {
        std::string path;
        for (; first != last; ++first) {
            path += (path.empty() ? "" : " -> ") + (*first)->label;
        }
        return path;
    }

    // Past max_activation_depth. This thread's own frames give the chain exactly; beyond the
    // oldest of them, activations through contexts from threads the components started are
    // followed through each class's latest requester.
    error too_deep_error(const class_slot &slot, const class_slot *requested_by, const activation_frame *parent) const
    {
        std::vector<const class_slot *> chain{&slot}; // the newest first
        std::size_t cycle_start = chain.size();       // where the repeated class first appears
        const auto extend = [&](const class_slot *link) {
            cycle_start = static_cast<std::size_t>(std::find(chain.begin(), chain.end(), link) - chain.begin());
            chain.push_back(link);
            return cycle_start + 1 < chain.size(); // a repeat
        };
        bool repeated = false;
        const class_slot *next = requested_by;
        for (const activation_frame *frame = parent; frame != nullptr && !repeated; frame = frame->parent) {
            if (frame->runtime == this) {
                repeated = extend(frame->slot);
                next = frame->slot->last_requested_by.load(std::memory_order_relaxed);
            }
        }
        for (const class_slot *link = next; !repeated && link != nullptr && chain.size() <= 2 * max_activation_depth;
             link = link->last_requested_by.load(std::memory_order_relaxed)) {
            repeated = extend(link);
        }
        if (repeated) {
            chain.erase(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(cycle_start));
        }
        const std::string path = joined_labels(chain.rbegin(), chain.rend());
        return error(UCOM_E_ACTIVATION_CYCLE,
                     repeated
                         ? fmt::format("activation cycle through threads the components start: {} (refused after {} "
                                       "nested activations; a class may not need itself to be created)",
                                       path, max_activation_depth)
                         : fmt::format("class {}: activations nested more than {} deep (refused): {}", slot.label,
                                       max_activation_depth, path),
                     slot.label);
    }

    HRESULT fail_unresolved(const std::string &name, REFIID /*riid*/, const class_slot *requester,
                            const error *detail = nullptr)
    {
        const error e =
            detail != nullptr ? *detail : catalog_.resolve(name).error(); // REGDB_E_CLASSNOTREG naming the layers
        if (const trace_sink *trace = trace_.load(std::memory_order_acquire)) {
            ucom_activation_event event{};
            event.size = sizeof event;
            event.name = name.c_str();
            const activation_frame *parent = current_activation;
            const class_slot *by = requester != nullptr ? requester : (parent != nullptr ? parent->slot : nullptr);
            event.depth = parent != nullptr ? parent->depth + 1 : (by != nullptr ? 1 : 0);
            event.requested_by = by != nullptr ? by->label.c_str() : "host";
            event.registry_file = event.registry_layer = event.module_file = "";
            event.result = e.code();
            trace->callback(&event, trace->context);
        }
        return fail(e);
    }

    void report(const trace_sink *trace, const class_slot &slot, const class_slot *by, unsigned depth, bool loaded_now,
                bool cached, std::chrono::steady_clock::duration took, HRESULT code) const
    {
        const std::string registry_file = slot.resolved->from->path.string();
        const std::string module_file = slot.resolved->module_file.string();
        ucom_activation_event event{};
        event.size = sizeof event;
        event.depth = depth;
        event.clsid = slot.resolved->record->clsid;
        event.name = slot.label.c_str();
        event.requested_by = by != nullptr ? by->label.c_str() : "host";
        event.registry_file = registry_file.c_str();
        event.registry_layer = registry::layer_kind_name(slot.resolved->from->kind).data();
        event.module_file = module_file.c_str();
        event.module_loaded_now = loaded_now ? 1 : 0;
        event.factory_cached = cached ? 1 : 0;
        event.nanoseconds = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count());
        event.result = code;
        trace->callback(&event, trace->context);
    }

    registry::catalog catalog_;
    std::unique_ptr<std::atomic<class_slot *>[]> slots_; // by resolved_class::ordinal; null until looked up
    std::vector<std::unique_ptr<class_slot>> made_slots_; // owns them; under slot_making_
    std::mutex slot_making_; // taken after loader_ when both are, never before
    std::recursive_mutex loader_;
    std::atomic<const trace_sink *> trace_{nullptr};
    std::atomic<std::uint32_t> unload_delay_ms_{UCOM_DEFAULT_UNLOAD_DELAY_MS};
    std::vector<std::unique_ptr<trace_sink>> trace_sinks_; // under loader_
    std::atomic<bool> closed_{false};
};

// The IUcomContext a class's factory gets: activations through it run in the runtime that
// created the factory, and name that class as their requester. It keeps the runtime's core
// alive while a component holds it.
class runtime_context : public implements<runtime_context, IUcomContext> {
public:
    runtime_context(std::shared_ptr<runtime_core> core, const class_slot &requester)
        : core_(std::move(core)), requester_(requester)
    {
    }

    HRESULT CreateInstance(REFCLSID clsid, REFIID riid, void **ppv)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        *ppv = nullptr;
        if (clsid == nullptr || riid == nullptr) {
            return E_INVALIDARG;
        }
        return core_->create_by_clsid(*clsid, riid, ppv, &requester_);
    }

    HRESULT CreateInstanceByName(const char *name, REFIID riid, void **ppv)
    {
        if (ppv == nullptr) {
            return E_POINTER;
        }
        *ppv = nullptr;
        if (name == nullptr || riid == nullptr) {
            return E_INVALIDARG;
        }
        return core_->create_by_name(name, riid, ppv, &requester_);
    }

private:
    std::shared_ptr<runtime_core> core_;
    const class_slot &requester_;
};

com_ptr<IUcomContext> runtime_core::make_context(const class_slot &slot)
{
    return make<runtime_context>(shared_from_this(), slot);
}

} // namespace
} // namespace ucom::activation

// The handle a host holds: its reference to the core. Contexts handed to components hold
// others, so a component that outlives ucom_runtime_close can still activate.
struct ucom_runtime {
    std::shared_ptr<ucom::activation::runtime_core> core;
};

UCOM_API HRESULT ucom::activation::open_runtime(registry::catalog catalog, ucom_runtime **runtime) noexcept
{
    if (runtime == nullptr) {
        return E_POINTER;
    }
    *runtime = nullptr;
    try {
        readers_need_fence.store(hazard_registry::readers_fence_themselves());
        *runtime = new ucom_runtime{std::make_shared<runtime_core>(std::move(catalog))};
        return S_OK;
    } catch (...) {
        return hresult_from_caught_exception();
    }
}

extern "C" {

UCOM_API HRESULT ucom_runtime_open(const char *const *registry_files, size_t count, ucom_runtime **runtime)
{
    using namespace ucom;
    if (runtime == nullptr || (count != 0 && registry_files == nullptr)) {
        return E_POINTER;
    }
    *runtime = nullptr;
    try {
        std::vector<std::filesystem::path> files;
        for (size_t i = 0; i < count; ++i) {
            if (registry_files[i] == nullptr) {
                return E_POINTER;
            }
            files.emplace_back(registry_files[i]);
        }
        auto catalog = registry::catalog::open(registry::lookup_layers(files), registry::catalog_use::lookups);
        if (!catalog) {
            return activation::fail(catalog.error());
        }
        return activation::open_runtime(std::move(*catalog), runtime);
    } catch (...) {
        return hresult_from_caught_exception();
    }
}

UCOM_API void ucom_runtime_close(ucom_runtime *runtime)
{
    if (runtime == nullptr) {
        return;
    }
    // Releases the factories, and with them the contexts that point back at the core. Out of
    // memory while retiring: the factories leak, the handle still goes.
    ucom::activation::catching([&] { runtime->core->close(); }, [] {});
    delete runtime;
}

UCOM_API HRESULT ucom_runtime_create_instance(ucom_runtime *runtime, REFCLSID clsid, REFIID riid, void **ppv)
{
    if (ppv != nullptr) {
        *ppv = nullptr;
    }
    if (runtime == nullptr || clsid == nullptr || riid == nullptr || ppv == nullptr) {
        return runtime == nullptr || ppv == nullptr ? E_POINTER : E_INVALIDARG;
    }
    return ucom::activation::catching([&] { return runtime->core->create_by_clsid(*clsid, riid, ppv, nullptr); },
                                      ucom::hresult_from_caught_exception);
}

UCOM_API HRESULT ucom_runtime_create_instance_by_name(ucom_runtime *runtime, const char *name, REFIID riid, void **ppv)
{
    if (ppv != nullptr) {
        *ppv = nullptr;
    }
    if (runtime == nullptr || name == nullptr || riid == nullptr || ppv == nullptr) {
        return runtime == nullptr || ppv == nullptr ? E_POINTER : E_INVALIDARG;
    }
    return ucom::activation::catching([&] { return runtime->core->create_by_name(name, riid, ppv, nullptr); },
                                      ucom::hresult_from_caught_exception);
}

UCOM_API size_t ucom_runtime_unload_unused(ucom_runtime *runtime)
{
    if (runtime == nullptr) {
        return 0;
    }
    return ucom::activation::catching([&] { return runtime->core->unload_unused(); }, [] { return std::size_t{0}; });
}

UCOM_API void ucom_runtime_set_unload_delay(ucom_runtime *runtime, uint32_t milliseconds)
{
    if (runtime != nullptr) {
        runtime->core->set_unload_delay(milliseconds);
    }
}

UCOM_API void ucom_runtime_set_trace(ucom_runtime *runtime, ucom_trace_callback callback, void *context)
{
    if (runtime != nullptr) {
        runtime->core->set_trace(callback, context);
    }
}

} // extern "C"
