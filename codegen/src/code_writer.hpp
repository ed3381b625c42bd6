// The one small writer every generator writes through: lines with the current
// indentation, fmt formatting, and blocks that indent and dedent.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

#include "chunked_text.hpp"

namespace ucom::idl {

class code_writer {
public:
    template <class... Args>
    void line(fmt::format_string<Args...> format, Args &&...args)
    {
        std::string &text = text_.tail();
        text.append(indent_ * 4, ' ');
        fmt::format_to(std::back_inserter(text), format, std::forward<Args>(args)...);
        text += '\n';
        text_.seal_if_full();
    }
    // A line that is not indented (preprocessor directives, cpp_quote text).
    void raw_line(std::string_view text)
    {
        text_.tail() += text;
        text_.tail() += '\n';
        text_.seal_if_full();
    }
    void blank() { text_.tail() += '\n'; }

    void indent() { ++indent_; }
    void dedent() { --indent_; }

    [[nodiscard]] std::string take() { return text_.take(); }

private:
    chunked_text text_;
    std::size_t indent_ = 0;
};

} // namespace ucom::idl
