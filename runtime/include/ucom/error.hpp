// Errors on the C++ side: ucom::error (HRESULT + message + origin), ucom::result<T>, the
// exception implementers may throw (hresult_error), and the one translator from a caught
// exception to an HRESULT + error info used at every ABI boundary. Header-only over the
// C API, so a plugin built against any standard library can use it. C++17.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <utility>

#if __has_include(<cxxabi.h>)
#include <cxxabi.h> // libstdc++ and libc++abi: the type of the exception being handled
#define UCOM_HAVE_CXXABI 1
#endif

#include <tl/expected.hpp>

#include <ucom/ucom.h>

namespace ucom {

namespace detail {
// Appends the low `digits` hex digits of value, upper case, most significant first.
inline void append_hex(std::string &text, std::uint64_t value, int digits)
{
    constexpr std::string_view hex = "0123456789ABCDEF";
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
        text.push_back(hex[(value >> static_cast<unsigned>(shift)) & 0xFU]);
    }
}

inline std::string hex_hresult(HRESULT code)
{
    std::string text = "0x";
    append_hex(text, static_cast<std::uint32_t>(code), 8);
    return text;
}
} // namespace detail

// "E_NOINTERFACE" for known codes, else "0x8004ABCD".
inline std::string hresult_name(HRESULT code)
{
    const char *name = ucom_hresult_name(code);
    return name != nullptr ? std::string(name) : detail::hex_hresult(code);
}

// A sentence for known codes, else "unknown error 0x8004ABCD".
inline std::string hresult_message(HRESULT code)
{
    if (const char *message = ucom_hresult_message(code)) {
        return message;
    }
    return "unknown error " + hresult_name(code);
}

// A failure: the HRESULT, what went wrong, and where it came from (a function, class or file).
class error {
public:
    error(HRESULT code, std::string message, std::string origin = {})
        : code_(code), message_(std::move(message)), origin_(std::move(origin))
    {
    }

    // The error for a call that just returned `code` on this thread: uses (and takes) this
    // thread's error info when its code matches, else the generic message for the code.
    static error from_hresult(HRESULT code, std::string origin = {})
    {
        HRESULT info_code = S_OK;
        char *source = nullptr;
        char *message = nullptr;
        if (ucom_take_error_info(&info_code, &source, &message) == S_OK) {
            const std::string info_source = source != nullptr ? source : "";
            const std::string info_message = message != nullptr ? message : "";
            ucom_free(source);
            ucom_free(message);
            if (info_code == code && !info_message.empty()) {
                return error(code, info_message, info_source.empty() ? origin : info_source);
            }
        }
        return error(code, hresult_message(code), std::move(origin));
    }

    HRESULT code() const noexcept { return code_; }
    const std::string &message() const noexcept { return message_; }
    const std::string &origin() const noexcept { return origin_; }

    // "origin: message (E_NOINTERFACE 0x80004002)", the origin part only when known.
    std::string to_string() const
    {
        std::string text = origin_.empty() ? std::string() : origin_ + ": ";
        text += message_;
        if (const char *name = ucom_hresult_name(code_)) {
            return text + " (" + name + " " + detail::hex_hresult(code_) + ")";
        }
        return text + " (" + detail::hex_hresult(code_) + ")";
    }

    friend bool operator==(const error &a, const error &b)
    {
        return a.code_ == b.code_ && a.message_ == b.message_ && a.origin_ == b.origin_;
    }
    friend bool operator!=(const error &a, const error &b) { return !(a == b); }

private:
    HRESULT code_;
    std::string message_;
    std::string origin_;
};

template <class T>
using result = tl::expected<T, error>;

// What implementation code throws to fail a call with a chosen HRESULT and message; the
// thunk that called it returns the code and sets the message as error info.
class hresult_error : public std::exception {
public:
    hresult_error(HRESULT code, std::string message, std::string origin = {})
        : error_(code, std::move(message), std::move(origin))
    {
    }
    explicit hresult_error(ucom::error e) : error_(std::move(e)) {}

    HRESULT code() const noexcept { return error_.code(); }
    const ucom::error &error() const noexcept { return error_; }
    const char *what() const noexcept override { return error_.message().c_str(); }

private:
    ucom::error error_;
};

// For code that calls other components and lets failures propagate as exceptions: returns
// `code` when it is a success (S_OK, S_FALSE, …), and throws hresult_error for a failure,
// carrying the callee's error info (error::from_hresult). Inside an implements<> method the
// thunk turns it back into the same HRESULT and message for this component's caller.
//   if (ucom::check_hresult(source->ReadLine(line.put())) == S_FALSE) { /* end of file */ }
inline HRESULT check_hresult(HRESULT code, std::string origin = {})
{
    if (FAILED(code)) {
        throw hresult_error(error::from_hresult(code, std::move(origin)));
    }
    return code;
}

namespace detail {
// "an exception of type T, not a std::exception", T as the C++ runtime that threw it names
// the type (demangled), into `out`: all there is to say of what is neither a std::exception
// nor text. Without allocating on the caller's behalf: it runs in noexcept code.
inline void describe_foreign_exception(char *out, std::size_t size) noexcept
{
#ifdef UCOM_HAVE_CXXABI
    if (const std::type_info *type = abi::__cxa_current_exception_type()) {
        int status = -1;
        char *name = abi::__cxa_demangle(type->name(), nullptr, nullptr, &status);
        std::snprintf(out, size, "an exception of type %s, not a std::exception",
                      status == 0 && name != nullptr ? name : type->name());
        std::free(name);
        return;
    }
#endif
    std::snprintf(out, size, "an exception that is not a std::exception");
}
} // namespace detail

// Call only inside a catch block: maps the exception being handled to an HRESULT and
// records its message as this thread's error info. The one place where exceptions become
// HRESULTs. Inline on purpose: it must run in the plugin's own C++ runtime, which may be
// another standard library than libucom's.
inline HRESULT hresult_from_caught_exception() noexcept
{
    const auto report = [](HRESULT code, const char *source, const char *message) noexcept {
        ucom_set_error_info(code, source, message);
        return code;
    };
    try {
        throw;
    } catch (const hresult_error &e) {
        return report(e.code(), e.error().origin().c_str(), e.what());
    } catch (const tl::bad_expected_access<error> &e) {
        // result<T>::value() on a failed result: the failure it carried, not "bad access".
        return report(e.error().code(), e.error().origin().c_str(), e.error().message().c_str());
    } catch (const std::bad_alloc &) {
        return report(E_OUTOFMEMORY, nullptr, "out of memory");
    } catch (const std::invalid_argument &e) {
        return report(E_INVALIDARG, nullptr, e.what());
    } catch (const std::exception &e) {
        return report(E_FAIL, nullptr, e.what());
    } catch (const std::string &text) {
        // Text thrown as it is (some libraries do): it is the message.
        return report(E_FAIL, nullptr, text.c_str());
    } catch (const char *text) {
        return report(E_FAIL, nullptr, text);
    } catch (int value) {
        // An error code thrown as it is: its value is all there is to report.
        char text[96];
        std::snprintf(text, sizeof text, "an exception of type int (%d), not a std::exception", value);
        return report(E_UNEXPECTED, nullptr, text);
    } catch (...) {
        char text[512];
        detail::describe_foreign_exception(text, sizeof text);
        return report(E_UNEXPECTED, nullptr, text);
    }
}

} // namespace ucom
