// Text from a registry, a plugin's descriptor or an error message, made safe to print:
// control characters (C0, DEL and C1) and bytes that are not UTF-8 are written as escapes
// (\n, \t, \r, \x1b, \u009b, \xff), so a name can neither drive the terminal nor forge a
// line of output. Every text output of the tool passes names through it; JSON output
// escapes by itself.
#pragma once

#include <string>
#include <string_view>

#include <fmt/format.h>

#include <ucom/registry/model.hpp>

namespace ucom::tool {

inline std::string printable(std::string_view text)
{
    std::string shown;
    shown.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20U && byte < 0x7FU) {
            shown += text[i++];
            continue;
        }
        if (byte == '\n' || byte == '\t' || byte == '\r') {
            shown += byte == '\n' ? "\\n" : byte == '\t' ? "\\t" : "\\r";
            ++i;
            continue;
        }
        const std::size_t length = byte >= 0xF0U ? 4 : byte >= 0xE0U ? 3 : byte >= 0xC0U ? 2 : 1;
        const std::string_view sequence = text.substr(i, length);
        if (byte < 0x80U || length == 1 || !registry::is_utf8(sequence)) {
            shown += fmt::format("\\x{:02x}", byte); // a C0 control, DEL, or not UTF-8
            ++i;
        } else if (byte == 0xC2U && static_cast<unsigned char>(sequence[1]) < 0xA0U) {
            shown += fmt::format("\\u{:04x}", static_cast<unsigned char>(sequence[1])); // a C1 control
            i += length;
        } else {
            shown += sequence;
            i += length;
        }
    }
    return shown;
}

} // namespace ucom::tool
