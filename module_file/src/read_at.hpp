// Reading a fixed-size record out of hostile bytes (a module descriptor, the ld.so cache):
// every read is checked against the bytes there really are.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <optional>
#include <string_view>

#include <gsl/span>

namespace ucom::module_file {

// The T at `offset` of `bytes`, or nothing when the `size` bytes the record takes there
// (sizeof(T) or more: a newer writer's larger record) are not all there.
template <class T>
std::optional<T> read_at(gsl::span<const std::byte> bytes, std::size_t offset, std::size_t size = sizeof(T))
{
    if (offset > bytes.size() || bytes.size() - offset < size || size < sizeof(T)) {
        return std::nullopt;
    }
    T value{};
    std::memcpy(&value, bytes.data() + offset, sizeof(T));
    return value;
}

// A record an older writer may have written shorter: the `size` bytes at `offset` (at least
// `minimum`) fill T's first bytes, the rest of T stays zero.
template <class T>
std::optional<T> read_prefix_at(gsl::span<const std::byte> bytes, std::size_t offset, std::size_t size,
                                std::size_t minimum)
{
    if (offset > bytes.size() || bytes.size() - offset < size || size < minimum) {
        return std::nullopt;
    }
    T value{};
    std::memcpy(&value, bytes.data() + offset, std::min(size, sizeof(T)));
    return value;
}

template <class T>
std::optional<T> read_at(std::string_view bytes, std::size_t offset)
{
    return read_at<T>(gsl::as_bytes(gsl::span<const char>(bytes.data(), bytes.size())), offset);
}

} // namespace ucom::module_file
