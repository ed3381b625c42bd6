// ucom_object_release: the Release slot of objects that unload exactly (ucom/module.h).
// It is libucom's, not the module's, so that no thread returning from a Release runs code
// of the module after the module's count of live objects may have dropped to zero.
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
    // Read while this reference keeps the module mapped.
    const ucom_release_record &record = record_of(This);
    const auto destroy = record.destroy;
    auto *live_objects = static_cast<std::atomic<long> *>(record.live_objects);
    auto *refs = reinterpret_cast<std::atomic<ULONG> *>(static_cast<unsigned char *>(This) + record.refcount_offset);
    const ULONG left = refs->fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (left == 0) {
        destroy(This); // the module's code, with the object still counted
        // The last touch of the module: once this is visible, unload_unused may unmap it.
        live_objects->fetch_sub(1, std::memory_order_release);
    }
    return left;
}
