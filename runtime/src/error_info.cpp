// Per-thread error info: the message a failing callee leaves for its caller.
#include <memory>
#include <new>
#include <string>
#include <utility>

#include <ucom/ucom.h>

namespace {

struct error_info {
    HRESULT code;
    std::string source;
    std::string message;
};

// A plain pointer, not a thread_local object with a destructor: a module's destructor at
// exit may set or take error info after the thread's thread_local objects are gone. The
// owner below frees it when the thread ends; one set after that is kept until the
// process ends (it is still reachable from this pointer).
constinit thread_local error_info *current_error = nullptr;

struct error_info_owner {
    error_info_owner() = default;
    error_info_owner(const error_info_owner &) = delete;
    error_info_owner &operator=(const error_info_owner &) = delete;
    ~error_info_owner() { delete std::exchange(current_error, nullptr); }
};

// Replaces this thread's error info with `info` (null: none).
void replace_error_info(std::unique_ptr<error_info> info)
{
    thread_local error_info_owner owner; // constructed once per thread, on the first set
    static_cast<void>(owner);
    delete std::exchange(current_error, info.release());
}

} // namespace

extern "C" {

UCOM_API void ucom_set_error_info(HRESULT code, const char *source, const char *message)
{
    try {
        replace_error_info(std::make_unique<error_info>(
            error_info{code, source != nullptr ? source : "", message != nullptr ? message : ""}));
    } catch (...) {
        // Out of memory while reporting an error: keep the code, lose the text.
        replace_error_info(std::unique_ptr<error_info>(new (std::nothrow) error_info{code, {}, {}}));
    }
}

UCOM_API void ucom_clear_error_info(void)
{
    delete std::exchange(current_error, nullptr);
}

UCOM_API HRESULT ucom_take_error_info(HRESULT *code, char **source, char **message)
{
    const std::unique_ptr<error_info> taken(std::exchange(current_error, nullptr));
    if (code != nullptr) {
        *code = taken ? taken->code : S_OK;
    }
    if (source != nullptr) {
        *source = nullptr;
    }
    if (message != nullptr) {
        *message = nullptr;
    }
    if (!taken) {
        return S_FALSE;
    }
    char *source_copy = source != nullptr ? ucom_strdup(taken->source.c_str()) : nullptr;
    char *message_copy = message != nullptr ? ucom_strdup(taken->message.c_str()) : nullptr;
    if ((source != nullptr && source_copy == nullptr) || (message != nullptr && message_copy == nullptr)) {
        ucom_free(source_copy);
        ucom_free(message_copy);
        return E_OUTOFMEMORY;
    }
    if (source != nullptr) {
        *source = source_copy;
    }
    if (message != nullptr) {
        *message = message_copy;
    }
    return S_OK;
}

} // extern "C"
