// Test.Lingering: an object whose last Release keeps the releasing thread in the module's
// code for a while, long enough for an unload_unused on another thread to unmap the module
// under it if the module's count of live objects has already dropped. Built twice:
// - with the generated glue and UCOM_DEFINE_MODULE: the destruction lingers, and then the
//   Release returns through libucom, which drops the count (UCOM_UNLOAD_PROTOCOL_EXACT);
// - with UCOM_TEST_RELEASE_IN_MODULE: glue written by hand whose Release slot is the
//   module's own and lingers after the count has dropped (as a hand-written module may, and
//   as every module built before exact unloading did), with no protocol: the runtime's
//   unload delay is all that protects it.
#include <chrono>
#include <thread>

#include <ucom/module.hpp>

namespace {
void linger() { std::this_thread::sleep_for(std::chrono::microseconds(100)); }
} // namespace

#ifdef UCOM_TEST_RELEASE_IN_MODULE
#include "lingering.h"

template <class Derived>
struct ucom::glue<ILingering, Derived> {
    static HRESULT Touch(ILingering *This, int32_t *value) noexcept
    {
        return detail::invoke<Derived>(This, [&](Derived &self) { return self.Touch(value); });
    }
    static ULONG Release(ILingering *This) noexcept
    {
        const ULONG left = glue<IUnknown, Derived>::Release(This); // at zero, the module's count drops
        if (left == 0) {
            linger();
        }
        return left;
    }
    using unknown = glue<IUnknown, Derived>;
    static constexpr ILingeringVtbl vtbl = {&unknown::template QueryInterface<ILingering>,
                                            &unknown::template AddRef<ILingering>, &Release, &Touch};
};
#else
#include "lingering_impl.hpp"
#endif

namespace {

// A base listed before implements<> is destroyed after it, last of the object.
struct lingers_when_destroyed {
    lingers_when_destroyed() = default;
    lingers_when_destroyed(const lingers_when_destroyed &) = delete;
    lingers_when_destroyed &operator=(const lingers_when_destroyed &) = delete;
    ~lingers_when_destroyed() { linger(); }
};

class lingering : public lingers_when_destroyed, public ucom::implements<lingering, ILingering> {
public:
    HRESULT Touch(int32_t *value)
    {
        *value = 7;
        return S_OK;
    }
};

} // namespace

#ifdef UCOM_TEST_RELEASE_IN_MODULE
extern "C" UCOM_MODULE_EXPORT HRESULT DllGetClassObject(REFCLSID clsid, REFIID riid, void **ppv)
{
    static const ucom::module_class classes[] = {ucom::exported_class<lingering>(CLSID_Lingering)};
    return ucom::get_class_object(classes, clsid, riid, ppv);
}
extern "C" UCOM_MODULE_EXPORT HRESULT DllCanUnloadNow(void) { return ucom::module_can_unload_now(); }
#else
UCOM_DEFINE_MODULE(ucom::exported_class<lingering>(CLSID_Lingering))
#endif
