// Text from a registry, a plugin's descriptor or an error message, made safe to print:
// control characters (C0, DEL and C1), Unicode's invisible layout controls (bidi overrides
// and isolates, line and paragraph separators, …) and bytes that are not UTF-8 are written
// as escapes (\n, \t, \r, \x1b, \u009b, \u202e, \xff), so a name can neither drive the
// terminal, nor forge a line of output, nor make the text around it read in another order.
// Every text output of the tool passes names through it; JSON output escapes by itself.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <fmt/format.h>

#include <ucom/registry/model.hpp>

namespace ucom::tool {

// The characters that change how the text around them is laid out, or are invisible
// without a use in a name: Unicode's bidi controls (ALM, LRM, RLM, LRE…RLO, LRI…PDI), the
// line and paragraph separators, zero-width space, word joiner and invisible operators,
// the deprecated format controls, the byte order mark and the interlinear annotation
// controls. The zero-width (non-)joiners stay: some scripts' words need them.
inline bool is_layout_control(char32_t code)
{
    return code == 0x061C || code == 0x200B || code == 0x200E || code == 0x200F || (code >= 0x2028 && code <= 0x202E) ||
           (code >= 0x2060 && code <= 0x2064) || (code >= 0x2066 && code <= 0x206F) || code == 0xFEFF ||
           (code >= 0xFFF9 && code <= 0xFFFB);
}

// The code point of `sequence`, a whole valid UTF-8 sequence of two to four bytes.
inline char32_t decode_utf8(std::string_view sequence)
{
    const auto lead = static_cast<unsigned char>(sequence[0]);
    char32_t code = lead & (sequence.size() == 2 ? 0x1FU : sequence.size() == 3 ? 0x0FU : 0x07U);
    for (std::size_t k = 1; k < sequence.size(); ++k) {
        code = (code << 6U) | (static_cast<unsigned char>(sequence[k]) & 0x3FU);
    }
    return code;
}

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
        if (byte < 0x80U || length == 1 || sequence.size() < length || !registry::is_utf8(sequence)) {
            shown += fmt::format("\\x{:02x}", byte); // a C0 control, DEL, or not UTF-8
            ++i;
            continue;
        }
        const char32_t code = decode_utf8(sequence);
        if (code < 0xA0U || is_layout_control(code)) {
            shown += fmt::format("\\u{:04x}", static_cast<std::uint32_t>(code)); // a C1 or layout control
        } else {
            shown += sequence;
        }
        i += length;
    }
    return shown;
}

} // namespace ucom::tool
