// The host's C++ API for activation: ucom::runtime, a header-only layer over the C API in
// ucom/runtime.h. The host owns it; there is no global runtime.
//   auto rt = ucom::runtime::open();                      // the default registry layers
//   auto greeter = rt->create_instance<IGreeter>("Example.Greeter");
//   if (!greeter) { fmt::print(stderr, "{}\n", greeter.error().to_string()); }
// C++17.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <ucom/detail/activator.hpp>
#include <ucom/error.hpp>
#include <ucom/runtime.h>

namespace ucom {

// A host's runtime: create_instance<I>(clsid or name) comes from detail::activator.
class runtime : public detail::activator<runtime> {
public:
    // Over the default layers (UCOM_REGISTRY, the per-user file, the system file).
    static result<runtime> open() { return open_files(nullptr, 0); }
    // Over these registry files, in lookup order.
    static result<runtime> open(const std::vector<std::string> &registry_files)
    {
        std::vector<const char *> files;
        files.reserve(registry_files.size());
        for (const std::string &file : registry_files) {
            files.push_back(file.c_str());
        }
        return open_files(files.data(), files.size());
    }

    runtime(runtime &&other) noexcept : handle_(std::exchange(other.handle_, nullptr)) {}
    runtime &operator=(runtime &&other) noexcept
    {
        std::swap(handle_, other.handle_);
        return *this;
    }
    runtime(const runtime &) = delete;
    runtime &operator=(const runtime &) = delete;
    ~runtime() { ucom_runtime_close(handle_); }

    // See ucom_runtime_unload_unused. Returns how many modules were unloaded.
    std::size_t unload_unused() { return ucom_runtime_unload_unused(handle_); }
    // See ucom_runtime_set_unload_delay (longer than UINT32_MAX ms is UINT32_MAX).
    void set_unload_delay(std::chrono::milliseconds delay)
    {
        const auto clamped = std::clamp<std::chrono::milliseconds::rep>(delay.count(), 0, UINT32_MAX);
        ucom_runtime_set_unload_delay(handle_, static_cast<std::uint32_t>(clamped));
    }

    void set_trace(ucom_trace_callback callback, void *context) { ucom_runtime_set_trace(handle_, callback, context); }

    ucom_runtime *get() const noexcept { return handle_; }

private:
    friend class detail::activator<runtime>;

    explicit runtime(ucom_runtime *handle) noexcept : handle_(handle) {}

    // Checked against the caller's layout and contract of the interface (UCOM_E_LAYOUT_MISMATCH).
    HRESULT activate(const GUID &clsid, const IID &iid, const built_layouts &layouts, void **out) const
    {
        return ucom_runtime_create_instance_with_contract(handle_, &clsid, &iid, layouts.layout,
                                                          layouts.contract_version, layouts.contract, out);
    }
    HRESULT activate(const char *name, const IID &iid, const built_layouts &layouts, void **out) const
    {
        return ucom_runtime_create_instance_by_name_with_contract(handle_, name, &iid, layouts.layout,
                                                                  layouts.contract_version, layouts.contract, out);
    }
    bool available() const noexcept { return handle_ != nullptr; }
    static error unavailable(const std::string &what)
    {
        return error(E_POINTER, "this ucom::runtime was moved from, so it cannot activate '" + what + "'", what);
    }

    static result<runtime> open_files(const char *const *files, std::size_t count)
    {
        ucom_runtime *handle = nullptr;
        const HRESULT code = ucom_runtime_open(files, count, &handle);
        if (FAILED(code)) {
            return tl::make_unexpected(error::from_hresult(code, "ucom::runtime::open"));
        }
        return runtime(handle);
    }

    ucom_runtime *handle_ = nullptr;
};

} // namespace ucom
