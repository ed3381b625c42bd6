// The one small writer every generator writes through: lines with the current
// indentation, fmt formatting, and blocks that indent and dedent.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace ucom::idl {

class code_writer {
public:
    template <class... Args>
    void line(fmt::format_string<Args...> format, Args &&...args)
    {
        text_.append(indent_ * 4, ' ');
        fmt::format_to(std::back_inserter(text_), format, std::forward<Args>(args)...);
        text_ += '\n';
    }
    // A line that is not indented (preprocessor directives, cpp_quote text).
    void raw_line(std::string_view text)
    {
        text_ += text;
        text_ += '\n';
    }
    void blank() { text_ += '\n'; }

    void indent() { ++indent_; }
    void dedent() { --indent_; }

    [[nodiscard]] std::string take() { return std::move(text_); }

private:
    std::string text_;
    std::size_t indent_ = 0;
};

} // namespace ucom::idl
