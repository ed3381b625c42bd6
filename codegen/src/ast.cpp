// Small helpers over the syntax tree: UUID text and attribute lookup.
#include "ast.hpp"

#include <fmt/format.h>

namespace ucom::idl {
namespace {

std::optional<std::uint64_t> hex_field(std::string_view text, std::size_t pos, std::size_t digits)
{
    std::uint64_t value = 0;
    for (std::size_t i = 0; i < digits; ++i) {
        char c = text[pos + i];
        unsigned v = 0;
        if (c >= '0' && c <= '9') {
            v = static_cast<unsigned>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v = static_cast<unsigned>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v = static_cast<unsigned>(c - 'A' + 10);
        } else {
            return std::nullopt;
        }
        value = value * 16 + v;
    }
    return value;
}

} // namespace

std::optional<uuid_value> parse_uuid(std::string_view text)
{
    if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-') {
        return std::nullopt;
    }
    uuid_value u;
    auto d1 = hex_field(text, 0, 8);
    auto d2 = hex_field(text, 9, 4);
    auto d3 = hex_field(text, 14, 4);
    if (!d1 || !d2 || !d3) {
        return std::nullopt;
    }
    u.data1 = static_cast<std::uint32_t>(*d1);
    u.data2 = static_cast<std::uint16_t>(*d2);
    u.data3 = static_cast<std::uint16_t>(*d3);
    static constexpr std::array<std::size_t, 8> positions = {19, 21, 24, 26, 28, 30, 32, 34};
    for (std::size_t i = 0; i < positions.size(); ++i) {
        auto byte = hex_field(text, positions[i], 2);
        if (!byte) {
            return std::nullopt;
        }
        u.data4[i] = static_cast<std::uint8_t>(*byte);
    }
    return u;
}

// "01234567-89AB-CDEF-0123-456789ABCDEF", by hand: the writers spell every IID, and the
// fingerprints every IID of every base, so this is on the hot path of a large file.
std::string to_string(const uuid_value &u)
{
    std::string text(36, '-');
    std::size_t at = 0;
    const auto hex = [&](std::uint32_t value, int digits) {
        constexpr std::string_view digit = "0123456789ABCDEF";
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            text[at++] = digit[(value >> shift) & 0xF];
        }
    };
    hex(u.data1, 8);
    ++at;
    hex(u.data2, 4);
    ++at;
    hex(u.data3, 4);
    ++at;
    hex(u.data4[0], 2);
    hex(u.data4[1], 2);
    ++at;
    for (std::size_t i = 2; i < u.data4.size(); ++i) {
        hex(u.data4[i], 2);
    }
    return text;
}

const attribute *find_attribute(const attribute_list &attrs, std::string_view name)
{
    for (const auto &a : attrs) {
        if (a.name == name) {
            return &a;
        }
    }
    return nullptr;
}

} // namespace ucom::idl
