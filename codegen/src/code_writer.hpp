// The one small writer every generator writes through: lines with the current
// indentation, fmt formatting, and blocks that indent and dedent; into a string or a sink.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "chunked_text.hpp"

namespace ucom::idl {

class code_writer {
public:
    code_writer() = default;
    // Writes into `sink` as it goes (call flush() at the end); take() then returns nothing.
    explicit code_writer(text_sink &sink) : text_(&sink) {}

    template <class... Args>
    void line(fmt::format_string<Args...> format, Args &&...args)
    {
        text_.append(indent_ * 4, ' ');
        fmt::format_to(fmt::appender(text_.buffer()), format, std::forward<Args>(args)...);
        text_.append('\n');
        text_.seal_if_full();
    }
    // A line that is not indented (preprocessor directives, cpp_quote text).
    template <class... Args>
    void raw_line(fmt::format_string<Args...> format, Args &&...args)
    {
        fmt::format_to(fmt::appender(text_.buffer()), format, std::forward<Args>(args)...);
        text_.append('\n');
        text_.seal_if_full();
    }
    void raw_line(std::string_view text)
    {
        text_.append(text);
        text_.append('\n');
        text_.seal_if_full();
    }
    void blank() { text_.append('\n'); }

    void indent() { ++indent_; }
    void dedent() { --indent_; }

    [[nodiscard]] std::string take() { return text_.take(); }
    // Hands what is not yet in the sink to it.
    void flush() { text_.flush(); }

private:
    chunked_text text_;
    std::size_t indent_ = 0;
};

} // namespace ucom::idl
