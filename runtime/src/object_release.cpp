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

// The last reference is gone. The record is read only now: the object is still counted
// among the module's live objects, so the module stays mapped until the decrement below.
[[gnu::noinline, gnu::cold]] ULONG destroy_last(void *This) noexcept
{
    const ucom_release_record &record = record_of(This);
    auto *live_objects = static_cast<std::atomic<long> *>(record.live_objects);
    record.destroy(This); // the module's code, with the object still counted
    // The last touch of the module: once this is visible, unload_unused may unmap it.
    live_objects->fetch_sub(1, std::memory_order_release);
    return 0;
}

} // namespace

// Called through slots typed for each interface (ULONG (*)(IFoo *)): every pointer argument
// is passed alike in the C ABI, which clang's function-type check cannot know.
// The common case, a reference that is not the last, reads only where the count is (before
// the decrement, while this reference keeps the module mapped) and is a leaf function.
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
UCOM_API ULONG
ucom_object_release(void *This)
{
    const std::ptrdiff_t offset = record_of(This).refcount_offset;
    auto *refs = reinterpret_cast<std::atomic<ULONG> *>(static_cast<unsigned char *>(This) + offset);
    const ULONG left = refs->fetch_sub(1, std::memory_order_acq_rel) - 1;
    if (left == 0) [[unlikely]] {
        return destroy_last(This);
    }
    return left;
}
