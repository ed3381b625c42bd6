// The activation benchmark's baselines, defined away from their callers.
#include "activation_baselines.hpp"

#include <limits>

#include <dlfcn.h>

namespace bench {
namespace {

class adder final : public virtual_adder {
public:
    HRESULT add(int32_t a, int32_t b, int32_t *sum) override
    {
        if (sum == nullptr) {
            return E_POINTER;
        }
        const std::int64_t value = std::int64_t{a} + b;
        if (value < std::numeric_limits<int32_t>::min() || value > std::numeric_limits<int32_t>::max()) {
            return E_INVALIDARG;
        }
        *sum = static_cast<int32_t>(value);
        return S_OK;
    }
};

} // namespace

virtual_adder *make_virtual_adder()
{
    return new adder();
}

bool open_find_close(const char *file, const char *symbol)
{
    void *handle = ::dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        return false;
    }
    const bool found = ::dlsym(handle, symbol) != nullptr;
    ::dlclose(handle);
    return found;
}

bool open_activate_close(const char *file, const GUID &clsid, const IID &iid, void (*use)(void *object))
{
    using get_class_object_fn = HRESULT (*)(REFCLSID, REFIID, void **);
    void *handle = ::dlopen(file, RTLD_NOW | RTLD_LOCAL);
    if (handle == nullptr) {
        return false;
    }
    bool used = false;
    if (auto get_class_object = reinterpret_cast<get_class_object_fn>(::dlsym(handle, "DllGetClassObject"))) {
        IClassFactory *factory = nullptr;
        if (SUCCEEDED(get_class_object(&clsid, &IID_IClassFactory, reinterpret_cast<void **>(&factory))) &&
            factory != nullptr) {
            IUnknown *object = nullptr;
            if (SUCCEEDED(
                    factory->lpVtbl->CreateInstance(factory, nullptr, &iid, reinterpret_cast<void **>(&object))) &&
                object != nullptr) {
                use(object);
                object->lpVtbl->Release(object);
                used = true;
            }
            factory->lpVtbl->Release(factory);
        }
    }
    ::dlclose(handle);
    return used;
}

bool is_mapped(const char *file)
{
    void *handle = ::dlopen(file, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
    if (handle == nullptr) {
        return false;
    }
    ::dlclose(handle);
    return true;
}

} // namespace bench
