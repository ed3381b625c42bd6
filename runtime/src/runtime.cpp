// The C API of ucom/runtime.h: a handle over a runtime_core (runtime_core.hpp), whose
// parts (lookup and the warm path, the cold load path, the factory cache, cycle detection,
// the check against the registration, tracing, contexts) live in files of their own.
#include <ucom/runtime.h>

#include <filesystem>
#include <memory>
#include <utility>
#include <vector>

#include <ucom/error.hpp>
#include <ucom/registry/catalog.hpp>
#include <ucom/runtime_from_catalog.hpp>

#include "activation_errors.hpp"
#include "hazard_records.hpp"
#include "plugin_call.hpp"
#include "registration_check.hpp"
#include "runtime_core.hpp"

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

UCOM_API HRESULT ucom_runtime_create_instance_with_contract(ucom_runtime *runtime, REFCLSID clsid, REFIID riid,
                                                            uint64_t layout, uint32_t contract_version,
                                                            uint64_t contract, void **ppv)
{
    if (ppv != nullptr) {
        *ppv = nullptr;
    }
    if (runtime == nullptr || clsid == nullptr || riid == nullptr || ppv == nullptr) {
        return runtime == nullptr || ppv == nullptr ? E_POINTER : E_INVALIDARG;
    }
    const auto caller = ucom::activation::caller_layouts(layout, contract_version, contract);
    return ucom::activation::catching(
        [&] { return runtime->core->create_by_clsid(*clsid, riid, ppv, nullptr, caller); },
        ucom::hresult_from_caught_exception);
}

UCOM_API HRESULT ucom_runtime_create_instance_by_name_with_contract(ucom_runtime *runtime, const char *name,
                                                                    REFIID riid, uint64_t layout,
                                                                    uint32_t contract_version, uint64_t contract,
                                                                    void **ppv)
{
    if (ppv != nullptr) {
        *ppv = nullptr;
    }
    if (runtime == nullptr || name == nullptr || riid == nullptr || ppv == nullptr) {
        return runtime == nullptr || ppv == nullptr ? E_POINTER : E_INVALIDARG;
    }
    const auto caller = ucom::activation::caller_layouts(layout, contract_version, contract);
    return ucom::activation::catching([&] { return runtime->core->create_by_name(name, riid, ppv, nullptr, caller); },
                                      ucom::hresult_from_caught_exception);
}

UCOM_API HRESULT ucom_runtime_create_instance_checked(ucom_runtime *runtime, REFCLSID clsid, REFIID riid,
                                                      uint64_t layout, void **ppv)
{
    return ucom_runtime_create_instance_with_contract(runtime, clsid, riid, layout, 0, 0, ppv);
}

UCOM_API HRESULT ucom_runtime_create_instance_by_name_checked(ucom_runtime *runtime, const char *name, REFIID riid,
                                                              uint64_t layout, void **ppv)
{
    return ucom_runtime_create_instance_by_name_with_contract(runtime, name, riid, layout, 0, 0, ppv);
}

UCOM_API HRESULT ucom_runtime_create_instance(ucom_runtime *runtime, REFCLSID clsid, REFIID riid, void **ppv)
{
    return ucom_runtime_create_instance_checked(runtime, clsid, riid, 0, ppv);
}

UCOM_API HRESULT ucom_runtime_create_instance_by_name(ucom_runtime *runtime, const char *name, REFIID riid, void **ppv)
{
    return ucom_runtime_create_instance_by_name_checked(runtime, name, riid, 0, ppv);
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
