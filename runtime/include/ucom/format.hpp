// fmt support for ucom's value types, for hosts and tools that format with fmt
// ({} of a guid gives its registry form, {} of an error its full text).
#pragma once

#include <fmt/format.h>

#include <ucom/error.hpp>
#include <ucom/guid.hpp>

template <>
struct fmt::formatter<ucom::guid> : fmt::formatter<fmt::string_view> {
    template <class Context>
    auto format(const ucom::guid &value, Context &ctx) const
    {
        return fmt::formatter<fmt::string_view>::format(value.to_string(), ctx);
    }
};

template <>
struct fmt::formatter<ucom::error> : fmt::formatter<fmt::string_view> {
    template <class Context>
    auto format(const ucom::error &value, Context &ctx) const
    {
        return fmt::formatter<fmt::string_view>::format(value.to_string(), ctx);
    }
};
