// The task allocator: one heap that both sides of the boundary agree on, whatever C or C++
// runtime each was built with.
#include <cstdlib>
#include <cstring>

#include <ucom/ucom.h>

extern "C" {

UCOM_API void *ucom_alloc(size_t size)
{
    return size == 0 ? nullptr : std::malloc(size);
}

UCOM_API void *ucom_realloc(void *block, size_t size)
{
    if (size == 0) {
        std::free(block);
        return nullptr;
    }
    return std::realloc(block, size);
}

UCOM_API void ucom_free(void *block)
{
    std::free(block);
}

UCOM_API char *ucom_strdup(const char *text)
{
    if (text == nullptr) {
        return nullptr;
    }
    const size_t size = std::strlen(text) + 1;
    auto *copy = static_cast<char *>(ucom_alloc(size));
    if (copy != nullptr) {
        std::memcpy(copy, text, size);
    }
    return copy;
}

} // extern "C"
