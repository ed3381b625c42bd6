// Calls from the runtime into plugin code. No exception may cross the ABI, but a plugin
// written by hand in C++ can still let one escape; the runtime makes every call into a
// plugin through call_plugin, which turns such an exception into an error naming the class,
// the module and the call, and holds the references it takes through plugin_reference,
// whose release swallows one. Activation (runtime.cpp) uses it for every call it makes.
#pragma once

#include <cxxabi.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include <ucom/error.hpp>

namespace ucom::activation {

// Whose code a call runs, for the error: the class (empty when the call is the module's,
// not a class's) and the module file.
struct plugin_site {
    std::string_view label;
    const std::filesystem::path &module;
};

// Only inside a catch block: the error for the exception being handled, which escaped the
// plugin's `call`. The code and the exception's text come from the one translator,
// hresult_from_caught_exception (for most std::exceptions: E_FAIL and what()).
inline error plugin_threw(const plugin_site &site, std::string_view call)
{
    const error cause = error::from_hresult(hresult_from_caught_exception());
    const std::string owner = site.label.empty() ? std::string() : fmt::format("class {}: ", site.label);
    return error(cause.code(),
                 fmt::format("{}module {}: {} threw a C++ exception: {}", owner, site.module.string(), call,
                             cause.message()),
                 std::string(site.label));
}

// Returns what `function` returns or, when it throws, what `handler` (called inside the
// catch block) returns. A thread's forced unwinding (pthread_exit, cancellation) is not an
// error: it goes on, and the callers' destructors put their state back.
template <class Function, class Handler>
auto catching(Function &&function, Handler &&handler) -> decltype(std::forward<Function>(function)())
{
    try {
        return std::forward<Function>(function)();
    } catch (abi::__forced_unwind &) {
        throw;
    } catch (...) {
        return std::forward<Handler>(handler)();
    }
}

// Calls `function` (plugin code) and returns what it returned, or the error for an
// exception it let escape (plugin_threw).
template <class Function>
auto call_plugin(const plugin_site &site, std::string_view call, Function &&function)
    -> result<decltype(std::forward<Function>(function)())>
{
    using returned = result<decltype(std::forward<Function>(function)())>;
    return catching([&]() -> returned { return std::forward<Function>(function)(); },
                    [&]() -> returned { return tl::make_unexpected(plugin_threw(site, call)); });
}

// Gives back a reference the runtime holds on plugin code. A Release that throws leaves the
// plugin's state unknown and no caller that could act on it: the reference counts as given
// back, and the exception is dropped.
template <class Interface>
void release_plugin(Interface *object) noexcept
{
    try {
        object->lpVtbl->Release(object);
    } catch (...) {
    }
}

// One reference on an interface of plugin code, given back with release_plugin.
template <class Interface>
class plugin_reference {
public:
    plugin_reference() = default;
    plugin_reference(const plugin_reference &) = delete;
    plugin_reference &operator=(const plugin_reference &) = delete;
    ~plugin_reference()
    {
        if (object_ != nullptr) {
            release_plugin(object_);
        }
    }

    Interface *get() const noexcept { return object_; }
    explicit operator bool() const noexcept { return object_ != nullptr; }
    // For an [out] void** of a call that hands out a reference; empty before the call.
    void **put_void() noexcept { return reinterpret_cast<void **>(&object_); }
    [[nodiscard]] Interface *detach() noexcept { return std::exchange(object_, nullptr); }
    // After a call that threw: whatever the plugin wrote to the [out] pointer is not a
    // reference anyone can vouch for, so it is neither used nor released.
    void forget() noexcept { object_ = nullptr; }

private:
    Interface *object_ = nullptr;
};

} // namespace ucom::activation
