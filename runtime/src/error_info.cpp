// Per-thread error info: the message a failing callee leaves for its caller.
#include <optional>
#include <string>
#include <utility>

#include <ucom/ucom.h>

namespace {

struct error_info {
    HRESULT code;
    std::string source;
    std::string message;
};

thread_local std::optional<error_info> current_error;

} // namespace

extern "C" {

UCOM_API void ucom_set_error_info(HRESULT code, const char *source, const char *message)
{
    try {
        current_error = error_info{code, source != nullptr ? source : "", message != nullptr ? message : ""};
    } catch (...) {
        // Out of memory while reporting an error: keep the code, lose the text.
        current_error = error_info{code, {}, {}};
    }
}

UCOM_API void ucom_clear_error_info(void)
{
    current_error.reset();
}

UCOM_API HRESULT ucom_take_error_info(HRESULT *code, char **source, char **message)
{
    const std::optional<error_info> taken = std::exchange(current_error, std::nullopt);
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
