// array_view<T>: a pointer and a count, the C++ projection's form of an IDL array that is
// passed in ([in, size_is(n)] const T *): an implementer receives array_view<const T>, a
// caller passes one (from a std::vector, a std::array, a C array or a pointer and a count).
// It borrows: it owns nothing and must not outlive what it views. Like std::span (C++20)
// and gsl::span, which plugin headers cannot use (they compile as C++17 with libstdc++ and
// libc++, without GSL). C++17: plugins include it.
#pragma once

#include <cstddef>
#include <type_traits>
#include <utility>
#include <vector>

namespace ucom {

namespace detail {
// Whether Container has data() and size() and its elements can be viewed as T (a
// vector<int> as const int, never as long); false for anything else, C arrays included.
template <class Container, class T, class = void>
struct views_as : std::false_type {
};
template <class Container, class T>
struct views_as<Container, T,
                std::void_t<decltype(std::declval<Container &>().data()), decltype(std::declval<Container &>().size())>>
    : std::is_convertible<std::remove_pointer_t<decltype(std::declval<Container &>().data())> (*)[], T (*)[]> {
};
} // namespace detail

template <class T>
class array_view {
public:
    using value_type = std::remove_cv_t<T>;
    using element_type = T;

    constexpr array_view() noexcept = default;
    constexpr array_view(T *data, std::size_t size) noexcept : data_(size != 0 ? data : nullptr), size_(size) {}
    template <std::size_t N>
    constexpr array_view(T (&values)[N]) noexcept : data_(values), size_(N)
    {
    }
    // Any contiguous container with data() and size(): std::vector, std::array, std::string.
    template <class Container, class = std::enable_if_t<detail::views_as<Container, T>::value>>
    constexpr array_view(Container &values) noexcept : data_(values.data()), size_(values.size())
    {
    }
    template <class Container,
              class = std::enable_if_t<std::is_const_v<T> && detail::views_as<const Container, T>::value>>
    constexpr array_view(const Container &values) noexcept : data_(values.data()), size_(values.size())
    {
    }

    constexpr T *data() const noexcept { return data_; }
    constexpr std::size_t size() const noexcept { return size_; }
    constexpr bool empty() const noexcept { return size_ == 0; }
    constexpr T *begin() const noexcept { return data_; }
    constexpr T *end() const noexcept { return data_ + size_; }
    constexpr T &operator[](std::size_t i) const noexcept { return data_[i]; }
    std::vector<value_type> to_vector() const { return std::vector<value_type>(begin(), end()); }

private:
    T *data_ = nullptr;
    std::size_t size_ = 0;
};

} // namespace ucom
