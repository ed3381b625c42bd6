// Tracing (activation_trace.hpp): the events handed to a host's trace callback.
#include "activation_trace.hpp"

#include <cstdint>
#include <mutex>

#include "runtime_core.hpp"

namespace ucom::activation {

void report_activation(const trace_sink &trace, const class_slot &slot, const class_slot *requested_by,
                       unsigned depth, bool loaded_now, bool cached, std::chrono::steady_clock::duration took,
                       HRESULT code)
{
    const std::string registry_file = slot.resolved->from->path.string();
    const std::string module_file = slot.resolved->module_file.string();
    ucom_activation_event event{};
    event.size = sizeof event;
    event.depth = depth;
    event.clsid = slot.resolved->record->clsid;
    event.name = slot.label.c_str();
    event.requested_by = requested_by != nullptr ? requested_by->label.c_str() : "host";
    event.registry_file = registry_file.c_str();
    event.registry_layer = registry::layer_kind_name(slot.resolved->from->kind).data();
    event.module_file = module_file.c_str();
    event.module_loaded_now = loaded_now ? 1 : 0;
    event.factory_cached = cached ? 1 : 0;
    event.nanoseconds = static_cast<uint64_t>(std::chrono::duration_cast<std::chrono::nanoseconds>(took).count());
    event.result = code;
    trace.callback(&event, trace.context);
}

void report_unresolved(const trace_sink &trace, const std::string &name, const class_slot *requested_by,
                       unsigned depth, HRESULT code)
{
    ucom_activation_event event{};
    event.size = sizeof event;
    event.name = name.c_str();
    event.depth = depth;
    event.requested_by = requested_by != nullptr ? requested_by->label.c_str() : "host";
    event.registry_file = event.registry_layer = event.module_file = "";
    event.result = code;
    trace.callback(&event, trace.context);
}

void runtime_core::set_trace(ucom_trace_callback callback, void *context)
{
    const std::lock_guard lock(loader_);
    if (callback == nullptr) {
        trace_.store(nullptr, std::memory_order_release);
        return;
    }
    trace_sinks_.push_back(std::make_unique<trace_sink>(trace_sink{callback, context}));
    trace_.store(trace_sinks_.back().get(), std::memory_order_release);
}

} // namespace ucom::activation
