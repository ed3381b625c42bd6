// Cycle detection: the chain of activations in progress on this thread, entered and left
// by activation_scope on the warm path, and the errors that name a cycle when a class needs
// itself, directly or through threads the components start.
#pragma once

#include <atomic>

#include <ucom/error.hpp>

#include "class_slot.hpp"

namespace ucom::activation {

class runtime_core;

// One activation in progress on this thread: the chain cycle detection walks.
struct activation_frame {
    const runtime_core *runtime;
    const class_slot *slot;
    const activation_frame *parent;
    unsigned depth;
};

// This thread's newest activation in progress, null when none is. Initial-exec, as
// this_thread_record (hazard_records.hpp), and constant-initialized, so that every
// translation unit reads it directly: it is read on every activation.
[[gnu::tls_model("initial-exec")]] extern constinit thread_local const activation_frame *current_activation;

// Whether this thread is inside an activation of `runtime`.
bool inside_activation_of(const runtime_core *runtime) noexcept;

// `slot` is already being activated by `runtime` on this thread, below `parent`.
error cycle_error(const runtime_core *runtime, const class_slot &slot, const activation_frame *parent);

// Past max_activation_depth. This thread's own frames give the chain exactly; beyond the
// oldest of them, activations through contexts from threads the components started are
// followed through each class's latest requester.
error too_deep_error(const runtime_core *runtime, const class_slot &slot, const class_slot *requested_by,
                     const activation_frame *parent);

// The frame of one activation for as long as it runs: this thread's chain, and the slot's
// depth and requester for activations from threads the component starts. What it changes
// is put back when it ends, so that activations one after another through a kept context
// do not add up to the limit; plain stores, as on the rest of the warm path, and only when
// they change something: a host's activation (depth 0, no requester) of a class no one is
// creating stores nothing, so threads that activate one class at once do not all write
// its slot's cache line.
class activation_scope {
public:
    activation_scope(const runtime_core *runtime, class_slot &slot, const activation_frame *parent, unsigned depth,
                     const class_slot *requested_by) noexcept
        : slot_(slot), parent_(parent), previous_depth_(slot.creating_depth.load(std::memory_order_relaxed)),
          previous_requested_by_(slot.last_requested_by.load(std::memory_order_relaxed)),
          frame_{runtime, &slot, parent, depth}
    {
        if (previous_depth_ != depth || previous_requested_by_ != requested_by) {
            slot.creating_depth.store(depth, std::memory_order_relaxed);
            slot.last_requested_by.store(requested_by, std::memory_order_relaxed);
            marked_ = true;
        }
        current_activation = &frame_;
    }

    activation_scope(const activation_scope &) = delete;
    activation_scope &operator=(const activation_scope &) = delete;

    ~activation_scope()
    {
        current_activation = parent_;
        if (marked_) {
            slot_.creating_depth.store(previous_depth_, std::memory_order_relaxed);
            slot_.last_requested_by.store(previous_requested_by_, std::memory_order_relaxed);
        }
    }

private:
    class_slot &slot_;
    const activation_frame *parent_;
    unsigned previous_depth_;
    const class_slot *previous_requested_by_;
    bool marked_ = false;
    activation_frame frame_;
};

} // namespace ucom::activation
