// Tracing: what a runtime tells the callback ucom_runtime_set_trace installed about each
// activation, found or not.
#pragma once

#include <chrono>
#include <string>

#include <ucom/runtime.h>

#include "class_slot.hpp"

namespace ucom::activation {

// A callback and its context, published together (runtime_core::set_trace).
struct trace_sink {
    ucom_trace_callback callback;
    void *context;
};

// One activation of a class the registry has: who asked (null: the host), how deep, whether
// its module was loaded and its factory cached, how long it took and its result.
void report_activation(const trace_sink &trace, const class_slot &slot, const class_slot *requested_by,
                       unsigned depth, bool loaded_now, bool cached, std::chrono::steady_clock::duration took,
                       HRESULT code);

// An activation of a name no layer registers.
void report_unresolved(const trace_sink &trace, const std::string &name, const class_slot *requested_by,
                       unsigned depth, HRESULT code);

} // namespace ucom::activation
