// The caller's side of the C++ projection: ucom::client<I>, a wrapper per interface that
// ucom-idl generates (FILE_client.hpp), whose methods take and return C++ types and throw
// ucom::hresult_error with the callee's message, each with a try_ form that returns
// ucom::result<T> instead (docs/object-model.md). This header holds what every client
// shares: client<IUnknown> (the base of them all, owning the reference), string_arg, and
// the conversions of outputs. Task memory is always owned, so a caller never frees any.
//   auto hello = ucom::client<IHello>(rt->create_instance<IHello>("Ucom.Hello"));
//   std::string text = hello.Greet("world");
// C++17: plugins include it.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <ucom/abi.h>
#include <ucom/array_view.hpp>
#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/task_memory.hpp>

namespace ucom {

// Specialized for each interface by its generated FILE_client.hpp; client<IUnknown> is here.
template <class I>
class client;

// The argument for an [in, string] parameter: a NUL-terminated string that lives for the
// call. A C string, a std::string or a task_string passes as it is; a std::string_view is
// copied (it need not end in NUL).
class string_arg {
public:
    string_arg(const char *text) noexcept : text_(text) {}
    string_arg(const std::string &text) noexcept : text_(text.c_str()) {}
    string_arg(const task_string &text) noexcept : text_(text.c_str()) {}
    string_arg(std::string_view text) : copy_(text), text_(copy_.c_str()) {}
    string_arg(const string_arg &) = delete;
    string_arg &operator=(const string_arg &) = delete;

    const char *c_str() const noexcept { return text_; }

private:
    std::string copy_;
    const char *text_;
};

namespace detail {

// The one place a client views its reference as an interface of the chain it holds: every
// interface's vtable begins with its base's slots (single inheritance, as in COM), so the
// pointer of the most derived interface is one of each base as well.
// A reference of some interface held as IUnknown, on its way down to client<IUnknown>
// through the constructors of the clients of the interface's bases.
struct erased_object {
    com_ptr<IUnknown> object;
};

struct client_access {
    template <class I>
    static erased_object erase(com_ptr<I> object) noexcept
    {
        erased_object erased;
        erased.object.attach(unknown_of(object.detach()));
        return erased;
    }
    template <class I>
    static I *abi(const client<IUnknown> &c) noexcept;
};

// A failed call's error: the callee's error info when it set some (error::from_hresult).
[[gnu::cold]] inline tl::unexpected<error> failed_call(HRESULT code, const char *origin)
{
    return tl::make_unexpected(error::from_hresult(code, origin));
}

// The throwing forms' failure: hresult_error with the callee's error info.
[[noreturn, gnu::cold]] inline void throw_failed_call(HRESULT code, const char *origin)
{
    throw hresult_error(error::from_hresult(code, origin));
}
inline void check_call(HRESULT code, const char *origin)
{
    if (FAILED(code)) {
        throw_failed_call(code, origin);
    }
}

template <class T>
T value_or_throw(result<T> &&r)
{
    if (!r) {
        throw hresult_error(std::move(r).error());
    }
    return std::move(*r);
}

// Whether an array of `size` elements can say its size in the count's type.
template <class Count>
constexpr bool count_fits(std::size_t size) noexcept
{
    return size <= static_cast<std::size_t>(std::numeric_limits<Count>::max());
}
[[gnu::cold]] inline tl::unexpected<error> too_many_elements(const char *origin)
{
    return tl::make_unexpected(error(E_INVALIDARG, "more array elements than the count's type holds", origin));
}
template <class Count>
void check_count(std::size_t size, const char *origin)
{
    if (!count_fits<Count>(size)) {
        throw hresult_error(too_many_elements(origin).value());
    }
}

// An [in] array as the ABI passes it: the callee only reads it, whether or not its C type
// says const.
template <class T>
T *abi_array(array_view<const T> values) noexcept
{
    return const_cast<T *>(values.data());
}

// The outputs of a call as the caller asked for them: a string as std::string (one copy)
// or as the task_string it came in (no copy), an array as std::vector<T> or task_array<T>,
// an interface as client<I> or com_ptr<I>.
template <class Target>
Target receive(task_string &&text)
{
    if constexpr (std::is_same_v<Target, task_string>) {
        return std::move(text);
    } else {
        static_assert(std::is_same_v<Target, std::string>,
                      "a string output is received as std::string or ucom::task_string");
        return Target(text.view());
    }
}

template <class Target, class T>
Target receive(task_array<T> &&values)
{
    if constexpr (std::is_same_v<Target, task_array<T>>) {
        return std::move(values);
    } else {
        static_assert(std::is_same_v<Target, std::vector<T>>,
                      "an array output is received as std::vector<T> or ucom::task_array<T>");
        return values.to_vector();
    }
}

template <class Target, class I>
Target receive(com_ptr<I> &&object)
{
    static_assert(std::is_same_v<Target, com_ptr<I>> || std::is_same_v<Target, client<I>>,
                  "an interface output is received as ucom::client<I> or ucom::com_ptr<I>");
    return Target(std::move(object));
}

// An [out] parameter that is not the [retval]: the same conversions into the caller's object.
template <class Target, class Source>
void receive_into(Source &&source, Target &target)
{
    target = receive<Target>(std::forward<Source>(source));
}

} // namespace detail

// The base of every client: owns one reference (or none, when empty). Its methods are the
// object's: QueryInterface as as<I>() and try_as<I>(); the raw interface is get().
template <>
class client<IUnknown> {
public:
    using abi_type = IUnknown;

    client() noexcept = default;
    client(com_ptr<IUnknown> object) noexcept : object_(std::move(object)) {}
    // What the generated clients' constructors pass down.
    explicit client(detail::erased_object &&erased) noexcept : object_(std::move(erased.object)) {}
    // From what create_instance returns; throws hresult_error with its error when it failed.
    client(result<com_ptr<IUnknown>> object) : client(detail::value_or_throw(std::move(object))) {}

    IUnknown *get() const noexcept { return object_.get(); }
    IUnknown *operator->() const noexcept { return get(); }
    explicit operator bool() const noexcept { return static_cast<bool>(object_); }

    // QueryInterface for I: a client of it, or hresult_error (E_NOINTERFACE, say).
    template <class I>
    client<I> as() const
    {
        return detail::value_or_throw(try_as<I>());
    }
    template <class I>
    result<client<I>> try_as() const
    {
        auto found = object_.template as<I>();
        if (!found) {
            return tl::make_unexpected(std::move(found).error());
        }
        return client<I>(std::move(*found));
    }

private:
    friend struct detail::client_access;
    com_ptr<IUnknown> object_;
};

template <class I>
I *detail::client_access::abi(const client<IUnknown> &c) noexcept
{
    return reinterpret_cast<I *>(c.object_.get());
}

} // namespace ucom
