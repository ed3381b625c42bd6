// The implementer's side of the C++ projection: what the generated glue (FILE_impl.hpp)
// calls when a class implements a method in C++ types (docs/object-model.md) — a string
// returned as std::string, an array as std::vector<T>, an interface as com_ptr<I>. Each
// output is staged first (the allocations that can fail) and committed to the caller's
// [out] pointers only when all are staged, so a failed call hands out nothing.
// C++17: plugins include it.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include <ucom/array_view.hpp>
#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/task_memory.hpp>

namespace ucom::detail::projection {

// The HRESULT of a projected method without [retval]: void is S_OK, an HRESULT (S_FALSE,
// say) is returned as it is.
template <class Call>
HRESULT status(Call &&call)
{
    using returned = std::invoke_result_t<Call>;
    if constexpr (std::is_void_v<returned>) {
        std::forward<Call>(call)();
        return S_OK;
    } else {
        static_assert(std::is_same_v<std::decay_t<returned>, HRESULT>,
                      "a method implemented in C++ types without an [out, retval] returns void or an HRESULT");
        return std::forward<Call>(call)();
    }
}

// An [in, size_is(n)] array as the implementer sees it. A negative count or a null array
// with elements fails the call before the method runs.
template <class T, class Count>
array_view<const T> in_array(const T *data, Count count)
{
    static_assert(std::is_integral_v<Count>, "an array's count is an integer");
    if constexpr (std::is_signed_v<Count>) {
        if (count < 0) {
            throw hresult_error(E_INVALIDARG, "an array's count is negative");
        }
    }
    if (data == nullptr && count != 0) {
        throw hresult_error(E_POINTER, "an array with elements is a null pointer");
    }
    return array_view<const T>(data, static_cast<std::size_t>(count));
}

template <class T>
struct staged_value {
    T value;
    void commit(T *out) noexcept { *out = value; }
};

struct staged_string {
    task_string text;
    void commit(char **out) noexcept { *out = text.release(); }
};

template <class I>
struct staged_interface {
    com_ptr<I> object;
    void commit(I **out) noexcept { *out = object.detach(); }
};

template <class T, class Count>
struct staged_array {
    task_ptr<T> data;
    Count count;
    void commit(T **out, Count *count_out) noexcept
    {
        *out = data.release();
        *count_out = count;
    }
};

template <class T, class Returned>
staged_value<T> out_value(Returned &&value)
{
    static_assert(std::is_convertible_v<Returned &&, T>,
                  "an [out] value implemented in C++ types has the parameter's own type");
    return {static_cast<T>(std::forward<Returned>(value))};
}

// One task allocation and one copy of the text.
template <class Returned>
staged_string out_string(const Returned &text)
{
    static_assert(std::is_convertible_v<const Returned &, std::string_view>,
                  "an [out, string] implemented in C++ types is a std::string (or converts to std::string_view)");
    return {task_string(task_strdup(std::string_view(text)))};
}

template <class I, class Returned>
staged_interface<I> out_interface(Returned &&object)
{
    static_assert(std::is_same_v<std::decay_t<Returned>, com_ptr<I>>,
                  "an [out] interface implemented in C++ types is a ucom::com_ptr of the interface");
    return {com_ptr<I>(std::forward<Returned>(object))};
}

// One task allocation and one copy of the elements; the count must fit the count's type.
template <class T, class Count, class Returned>
staged_array<T, Count> out_array(const Returned &values)
{
    static_assert(std::is_convertible_v<const Returned &, array_view<const T>>,
                  "an [out, size_is] array implemented in C++ types is a std::vector of the element type");
    static_assert(std::is_integral_v<Count>, "an array's count is an integer");
    const array_view<const T> view(values);
    if (view.size() > static_cast<std::size_t>(std::numeric_limits<Count>::max())) {
        throw hresult_error(E_INVALIDARG, "more array elements than the count's type holds");
    }
    return {task_ptr<T>(task_copy(view.data(), view.size())), static_cast<Count>(view.size())};
}

} // namespace ucom::detail::projection
