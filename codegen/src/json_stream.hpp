// JSON text written as it goes, laid out byte for byte as nlohmann::json::dump lays out the
// same document, so that the JSON writers (write_json.cpp, api_snapshot.cpp) stream a large
// description instead of building it as a DOM first, with the output unchanged.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "chunked_text.hpp"

namespace ucom::idl {

class json_stream {
public:
    using error_handler = nlohmann::json::error_handler_t;

    // `indent` < 0: compact, as dump() without an indent; else pretty, with that many spaces
    // a level. `on_invalid_utf8` as dump's error handler (strict throws nlohmann's type_error).
    explicit json_stream(int indent, error_handler on_invalid_utf8 = error_handler::strict)
        : indent_(indent), on_invalid_utf8_(on_invalid_utf8)
    {
    }
    // The same, written into `sink` as it goes (call flush() at the end).
    json_stream(text_sink &sink, int indent, error_handler on_invalid_utf8 = error_handler::strict)
        : text_(&sink), indent_(indent), on_invalid_utf8_(on_invalid_utf8)
    {
    }

    void begin_object() { open('{'); }
    void end_object() { close('}'); }
    void begin_array() { open('['); }
    void end_array() { close(']'); }

    // The key of the next value in the object being written.
    json_stream &key(std::string_view name)
    {
        separate();
        string(name);
        text_.append(indent_ < 0 ? ":" : ": ");
        after_key_ = true;
        return *this;
    }

    void value(std::string_view text)
    {
        separate();
        string(text);
    }
    void value(const std::string &text) { value(std::string_view(text)); }
    void value(const char *text) { value(std::string_view(text)); }
    void value(bool flag)
    {
        separate();
        text_.append(flag ? "true" : "false");
    }
    void value(std::nullptr_t)
    {
        separate();
        text_.append("null");
    }
    template <class Integer>
        requires(std::is_integral_v<Integer> && !std::is_same_v<Integer, bool>)
    void value(Integer number)
    {
        separate();
        char digits[24];
        const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
        text_.append(std::string_view(digits, static_cast<std::size_t>(end - digits)));
    }
    // A string, or null when it is absent.
    void value_or_null(const std::string *text)
    {
        if (text != nullptr) {
            value(*text);
        } else {
            value(nullptr);
        }
    }

    // The text written since the last take; writing goes on after it.
    [[nodiscard]] std::string take() { return text_.take(); }
    // Hands what is not yet in the sink to it.
    void flush() { text_.flush(); }
    // Without a sink: hands the text written since the last take to `out` instead.
    void hand_on(text_sink &out) { text_.hand_on(out); }
    // Raw text, as it is (a newline after the document).
    void raw(std::string_view text) { text_.append(text); }

private:
    void open(char bracket)
    {
        separate();
        text_.append(bracket);
        first_.push_back(true);
    }

    void close(char bracket)
    {
        const bool empty = first_.back();
        first_.pop_back();
        if (!empty) {
            newline();
        }
        text_.append(bracket);
    }

    // What comes before a value or a key: nothing after a key, else a comma unless it is the
    // first in its container, and in pretty form a new line at the container's depth.
    void separate()
    {
        text_.seal_if_full();
        if (after_key_) {
            after_key_ = false;
            return;
        }
        if (first_.empty()) {
            return;
        }
        if (!first_.back()) {
            text_.append(',');
        }
        first_.back() = false;
        newline();
    }

    void newline()
    {
        if (indent_ >= 0) {
            text_.append('\n');
            text_.append(first_.size() * static_cast<std::size_t>(indent_), ' ');
        }
    }

    // Printable ASCII without quote or backslash needs no escape; anything else is escaped by
    // nlohmann's own serializer, so control characters and invalid UTF-8 come out as dump()
    // writes them.
    void string(std::string_view text)
    {
        if (!needs_no_escape(text)) {
            text_.append(nlohmann::json(text).dump(-1, ' ', false, on_invalid_utf8_));
            return;
        }
        text_.append('"');
        text_.append(text);
        text_.append('"');
    }

    // Whether every byte is printable ASCII other than '"' and '\\'. Eight bytes at a time
    // (the JSON outputs are hundreds of megabytes of such strings): a byte below n is found
    // in a word w by (w - n·ones) & ~w & highs, exact as to whether there is one.
    static bool needs_no_escape(std::string_view text)
    {
        constexpr std::uint64_t ones = 0x0101010101010101U;
        constexpr std::uint64_t highs = 0x8080808080808080U;
        const auto below = [](std::uint64_t w, std::uint64_t n) { return (w - ones * n) & ~w & highs; };
        std::size_t i = 0;
        for (; i + 8 <= text.size(); i += 8) {
            std::uint64_t w = 0;
            std::memcpy(&w, text.data() + i, 8);
            const std::uint64_t odd = below(w, 0x20) | (w & highs) | below(w ^ (ones * 0x7fU), 1) |
                                      below(w ^ (ones * '"'), 1) | below(w ^ (ones * '\\'), 1);
            if (odd != 0) {
                return false;
            }
        }
        for (; i < text.size(); ++i) {
            const char c = text[i];
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    chunked_text text_;
    std::vector<bool> first_; // per open container: nothing written in it yet
    bool after_key_ = false;
    int indent_;
    error_handler on_invalid_utf8_;
};

} // namespace ucom::idl
