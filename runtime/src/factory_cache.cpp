// The factory cache: a runtime's slots, made when a class is first looked up, each caching
// the class's factory once the cold path got it; and retiring those factories safely while
// other threads may be calling through them (unload_unused, close, the runtime's end).
#include <utility>

#include <gsl/util>

#include "activation_chain.hpp"
#include "hazard_records.hpp"
#include "runtime_core.hpp"

namespace ucom::activation {

runtime_core::runtime_core(registry::catalog catalog)
    : catalog_(std::move(catalog)), slots_(std::make_unique<std::atomic<class_slot *>[]>(catalog_.ordinal_count()))
{
}

runtime_core::~runtime_core()
{
    try {
        release_factories();
    } catch (...) {
        // Out of memory while retiring: the factories leak rather than the process ending.
    }
}

class_slot *runtime_core::make_slot(const registry::resolved_class *resolved)
{
    std::atomic<class_slot *> &entry = slots_[resolved->ordinal];
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

void runtime_core::release_factories()
{
    if (inside_activation_of(this)) {
        return; // called from inside one of our activations: it would wait for itself
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
    hazards().barrier(this_thread_record); // once for them all
    for (const retired &r : retiring) {
        hazards().wait_unused(r.factory);
        const auto unpin = gsl::finally([&r] { r.module->pins.fetch_sub(1); }); // after Release returns
        release_plugin(r.factory);
    }
}

std::size_t runtime_core::unload_unused()
{
    release_factories();
    return unload_unused_modules(std::chrono::milliseconds(unload_delay_ms_.load(std::memory_order_relaxed)));
}

void runtime_core::close()
{
    closed_.store(true);
    release_factories();
}

} // namespace ucom::activation
