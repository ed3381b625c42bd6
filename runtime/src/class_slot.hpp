// One registered class as a runtime activates it: its registry entry, the class factory the
// runtime caches for it (the factory cache, factory_cache.cpp), what cycle detection
// reads of the activations of it in progress (activation_chain.hpp) and the callers'
// layouts already found to match its registration (registration_check.hpp).
#pragma once

#include <array>
#include <atomic>
#include <mutex>
#include <string>

#include <ucom/abi.h>
#include <ucom/registry/catalog.hpp>

#include "module_loader.hpp"

namespace ucom::activation {

// The (IID, caller's layouts) pairs check_caller_layout passed for one class, so that a
// host activating the class again and again pays one compare, not the check. Exact, and
// never stale: the check reads only the runtime's catalog, which does not change once
// opened. Up to `capacity` pairs are kept (the first ones that passed); others are checked
// every time. Entries are written once, under `adding`, before `count` publishes them.
class checked_layouts {
public:
    static constexpr unsigned capacity = 4;

    // Lock-free: one acquire load and a compare per entry.
    bool contains(const guid &iid, const registry::interface_layouts &caller) const noexcept
    {
        const unsigned filled = count_.load(std::memory_order_acquire);
        for (unsigned i = 0; i < filled; ++i) {
            const entry &e = entries_[i];
            if (e.iid == iid && e.caller.fingerprint == caller.fingerprint && e.caller.contract == caller.contract) {
                return true;
            }
        }
        return false;
    }

    void add(const guid &iid, const registry::interface_layouts &caller)
    {
        const std::lock_guard lock(adding_);
        const unsigned filled = count_.load(std::memory_order_relaxed);
        if (filled == capacity || contains(iid, caller)) {
            return;
        }
        entries_[filled] = {iid, caller};
        count_.store(filled + 1, std::memory_order_release);
    }

private:
    struct entry {
        guid iid;
        registry::interface_layouts caller;
    };
    std::array<entry, capacity> entries_{};
    std::atomic<unsigned> count_{0};
    std::mutex adding_;
};

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
    checked_layouts callers_checked;
};

} // namespace ucom::activation
