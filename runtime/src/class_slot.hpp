// One registered class as a runtime activates it: its registry entry, the class factory the
// runtime caches for it (the factory cache, factory_cache.cpp) and what cycle detection
// reads of the activations of it in progress (activation_chain.hpp).
#pragma once

#include <atomic>
#include <string>

#include <ucom/abi.h>
#include <ucom/registry/catalog.hpp>

#include "module_loader.hpp"

namespace ucom::activation {

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

} // namespace ucom::activation
