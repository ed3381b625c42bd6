// Cycle detection (activation_chain.hpp): the errors that name the classes of a cycle.
#include "activation_chain.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "hazard_records.hpp"

namespace ucom::activation {

[[gnu::tls_model("initial-exec")]] constinit thread_local const activation_frame *current_activation = nullptr;

namespace {

// "A -> B -> C" for the classes in [first, last).
template <class Iterator>
std::string joined_labels(Iterator first, Iterator last)
{
    std::string path;
    for (; first != last; ++first) {
        path += (path.empty() ? "" : " -> ") + (*first)->label;
    }
    return path;
}

} // namespace

bool inside_activation_of(const runtime_core *runtime) noexcept
{
    for (const activation_frame *frame = current_activation; frame != nullptr; frame = frame->parent) {
        if (frame->runtime == runtime) {
            return true;
        }
    }
    return false;
}

error cycle_error(const runtime_core *runtime, const class_slot &slot, const activation_frame *parent)
{
    std::vector<const class_slot *> chain;
    for (const activation_frame *frame = parent; frame != nullptr; frame = frame->parent) {
        if (frame->runtime == runtime) {
            chain.insert(chain.begin(), frame->slot);
        }
    }
    chain.push_back(&slot);
    return error(UCOM_E_ACTIVATION_CYCLE,
                 fmt::format("activation cycle: {} (refused; a class may not need itself to be created)",
                             joined_labels(std::find(chain.begin(), chain.end(), &slot), chain.end())),
                 slot.label);
}

error too_deep_error(const runtime_core *runtime, const class_slot &slot, const class_slot *requested_by,
                     const activation_frame *parent)
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
        if (frame->runtime == runtime) {
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
                 repeated ? fmt::format("activation cycle through threads the components start: {} (refused after {} "
                                        "nested activations; a class may not need itself to be created)",
                                        path, max_activation_depth)
                          : fmt::format("class {}: activations nested more than {} deep (refused): {}", slot.label,
                                        max_activation_depth, path),
                 slot.label);
}

} // namespace ucom::activation
