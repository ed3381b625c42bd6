// ucom_object_release: the Release slot of objects that unload exactly (ucom/module.h).
// It is libucom's, not the module's, so that the thread returning from an object's last
// Release runs no code of the module after the module's count has dropped.
#include <atomic>
#include <cstddef>

#include <ucom/module.h>

namespace {

const ucom_release_record &record_of(void *This) noexcept
{
    // This points at the object's vtable pointer; the record sits right before the vtable.
    const auto *vtable = *static_cast<const unsigned char *const *>(This);
    return *reinterpret_cast<const ucom_release_record *>(vtable - sizeof(ucom_release_record));
}

} // namespace

// Called through slots typed for each interface (ULONG (*)(IFoo *)): every pointer argument
// is passed alike in the C ABI, which clang's function-type check cannot know.
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
UCOM_API ULONG
ucom_object_release(void *This)
{
    const ucom_release_record &record = record_of(This);
    auto *live_objects = static_cast<std::atomic<long> *>(record.live_objects); // read while mapped
    const ULONG left = record.release(This);
    if (left == 0) {
        // The last touch of the module: once this is visible, unload_unused may unmap it.
        live_objects->fetch_sub(1, std::memory_order_release);
    }
    return left;
}
