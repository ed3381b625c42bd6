// ucom::guid: a GUID as a C++ value — parsing, formatting, comparison, hashing and
// compile-time literals. Header-only over abi.h so plugins built against any standard
// library can use it. C++17.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <ucom/abi.h>
#include <ucom/error.hpp>

namespace ucom {

class guid {
public:
    constexpr guid() noexcept = default; // the nil GUID, all zeros

    // Implicit: every GUID of the ABI is a guid.
    constexpr guid(const GUID &value) noexcept : value_(value) {}

    constexpr guid(std::uint32_t data1, std::uint16_t data2, std::uint16_t data3,
                   const std::array<std::uint8_t, 8> &data4) noexcept
        : value_{data1, data2, data3, {data4[0], data4[1], data4[2], data4[3], data4[4], data4[5], data4[6], data4[7]}}
    {
    }

    // Accepts "{8-4-4-4-12}" and bare "8-4-4-4-12" hex groups, in any case; anything else
    // (other lengths, missing or extra braces, spaces, non-hex digits) is an E_INVALIDARG
    // error that quotes the text and says what is wrong and where.
    static result<guid> parse(std::string_view text);

    // The registry form: "{6B29FC40-CA47-1067-B31D-00DD010662DA}", upper case.
    std::string to_string() const;

    constexpr const GUID &abi() const noexcept { return value_; }
    constexpr operator const GUID &() const noexcept { return value_; }
    constexpr bool is_nil() const noexcept { return *this == guid{}; }

    // The GUID's 16 bytes read as two little-endian halves, as the ABI lays them out in
    // memory. Equality, ordering, hashing and implements<>' lookup table all use them.
    constexpr std::uint64_t low_half() const noexcept
    {
        return std::uint64_t{value_.Data1} | (std::uint64_t{value_.Data2} << 32U) |
               (std::uint64_t{value_.Data3} << 48U);
    }
    constexpr std::uint64_t high_half() const noexcept
    {
        // Spelled out rather than looped: compilers turn this pattern into one 8-byte load.
        const auto byte = [this](unsigned i) { return std::uint64_t{value_.Data4[i]} << (8U * i); };
        return byte(0) | byte(1) | byte(2) | byte(3) | byte(4) | byte(5) | byte(6) | byte(7);
    }

    friend constexpr bool operator==(const guid &a, const guid &b) noexcept
    {
        return a.low_half() == b.low_half() && a.high_half() == b.high_half();
    }
    friend constexpr bool operator!=(const guid &a, const guid &b) noexcept { return !(a == b); }
    friend constexpr bool operator<(const guid &a, const guid &b) noexcept
    {
        return a.low_half() != b.low_half() ? a.low_half() < b.low_half() : a.high_half() < b.high_half();
    }

private:
    GUID value_{};
};

namespace detail {

// The outcome of reading a GUID string: the value, or what is wrong at which offset.
struct guid_parse_outcome {
    static constexpr std::size_t whole_text = static_cast<std::size_t>(-1);
    guid value;
    const char *problem = nullptr;
    std::size_t position = whole_text; // where the problem is, or whole_text
};

constexpr int hex_digit_value(char c) noexcept
{
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
        return c - 'A' + 10;
    }
    return -1;
}

constexpr guid_parse_outcome parse_guid(std::string_view text) noexcept
{
    constexpr std::size_t bare_length = 36;
    std::size_t offset = 0;
    if (!text.empty() && text.front() == '{') {
        if (text.size() != bare_length + 2) {
            return {{}, "expected 38 characters: '{', 8-4-4-4-12 hex digits, '}'", guid_parse_outcome::whole_text};
        }
        if (text.back() != '}') {
            return {{}, "expected a closing '}'", text.size() - 1};
        }
        offset = 1;
    } else if (text.size() != bare_length) {
        if (!text.empty() && text.back() == '}') {
            return {{}, "expected an opening '{'", 0};
        }
        return {{}, "expected 36 characters: 8-4-4-4-12 hex digits", guid_parse_outcome::whole_text};
    }
    std::array<std::uint8_t, 16> bytes{};
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < bare_length; ++i) {
        const char c = text[offset + i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') {
                return {{}, "expected '-'", offset + i};
            }
            continue;
        }
        const int value = hex_digit_value(c);
        if (value < 0) {
            return {{}, "expected a hex digit", offset + i};
        }
        bytes[nibble / 2] =
            static_cast<std::uint8_t>((unsigned{bytes[nibble / 2]} << 4U) | static_cast<unsigned>(value));
        ++nibble;
    }
    const auto be16 = [&](std::size_t at) {
        return static_cast<std::uint16_t>((unsigned{bytes[at]} << 8U) | bytes[at + 1]);
    };
    const std::uint32_t data1 = (std::uint32_t{bytes[0]} << 24U) | (std::uint32_t{bytes[1]} << 16U) |
                                (std::uint32_t{bytes[2]} << 8U) | std::uint32_t{bytes[3]};
    return {guid{data1,
                 be16(4),
                 be16(6),
                 {bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]}},
            nullptr, guid_parse_outcome::whole_text};
}

[[noreturn]] inline void invalid_guid_literal(const char *problem)
{
    // Reached only for a bad literal; in a constant expression this call makes it a compile error.
    throw hresult_error(E_INVALIDARG, problem);
}

} // namespace detail

// A GUID literal checked at compile time when used in a constant expression:
//   constexpr ucom::guid clsid = ucom::make_guid("6B29FC40-CA47-1067-B31D-00DD010662DA");
constexpr guid make_guid(std::string_view text)
{
    const detail::guid_parse_outcome outcome = detail::parse_guid(text);
    if (outcome.problem != nullptr) {
        detail::invalid_guid_literal(outcome.problem);
    }
    return outcome.value;
}

inline result<guid> guid::parse(std::string_view text)
{
    const detail::guid_parse_outcome outcome = detail::parse_guid(text);
    if (outcome.problem == nullptr) {
        return outcome.value;
    }
    std::string message = "'";
    message.append(text).append("' is not a GUID: ").append(outcome.problem);
    if (outcome.position != detail::guid_parse_outcome::whole_text) {
        message.append(" at offset ").append(std::to_string(outcome.position));
    }
    message.append(" (the form is {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, braces optional)");
    return tl::make_unexpected(error(E_INVALIDARG, std::move(message), "ucom::guid::parse"));
}

inline std::string guid::to_string() const
{
    std::string text = "{";
    text.reserve(38);
    detail::append_hex(text, value_.Data1, 8);
    text.push_back('-');
    detail::append_hex(text, value_.Data2, 4);
    text.push_back('-');
    detail::append_hex(text, value_.Data3, 4);
    text.push_back('-');
    for (std::size_t i = 0; i < 8; ++i) {
        if (i == 2) {
            text.push_back('-');
        }
        detail::append_hex(text, value_.Data4[i], 2);
    }
    text.push_back('}');
    return text;
}

} // namespace ucom

template <>
struct std::hash<ucom::guid> {
    std::size_t operator()(const ucom::guid &g) const noexcept
    {
        // GUIDs are mostly random already; mix both halves so that COM's sequential
        // well-known IIDs (which differ only in Data1) spread as well.
        const std::uint64_t mixed = (g.low_half() ^ (g.high_half() * 0x9E3779B97F4A7C15ULL)) * 0xBF58476D1CE4E5B9ULL;
        return static_cast<std::size_t>(mixed ^ (mixed >> 31U));
    }
};
