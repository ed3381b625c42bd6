// json_stream writes, value by value, the bytes nlohmann::json::dump writes for the same
// document: the JSON description and the API snapshot stay byte-identical after streaming.
#include <cstdint>
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "json_stream.hpp"

namespace {

using ucom::idl::json_stream;
using ordered = nlohmann::ordered_json;

// The same document, streamed: nested and empty containers, every scalar kind, and strings
// that need escaping (a quote, a backslash, control characters, DEL, UTF-8, invalid UTF-8).
void stream_document(json_stream &out, const std::string &odd)
{
    out.begin_object();
    out.key("n").value(-42);
    out.key("u").value(std::uint64_t{18446744073709551615U});
    out.key("t").value(true);
    out.key("z").value(nullptr);
    out.key("empty_array").begin_array();
    out.end_array();
    out.key("empty_object").begin_object();
    out.end_object();
    out.key("list").begin_array();
    out.value("plain");
    out.value(odd);
    out.begin_object();
    out.key(odd).value(false);
    out.end_object();
    out.begin_array();
    out.value(std::int64_t{-9223372036854775807 - 1});
    out.end_array();
    out.end_array();
    out.end_object();
}

ordered dom_document(const std::string &odd)
{
    ordered j = ordered::object();
    j["n"] = -42;
    j["u"] = std::uint64_t{18446744073709551615U};
    j["t"] = true;
    j["z"] = nullptr;
    j["empty_array"] = ordered::array();
    j["empty_object"] = ordered::object();
    ordered inner = ordered::object();
    inner[odd] = false;
    j["list"] = ordered::array({"plain", odd, inner, ordered::array({std::int64_t{-9223372036854775807 - 1}})});
    return j;
}

} // namespace

TEST_CASE("json_stream writes what nlohmann's dump writes, pretty and compact")
{
    const std::string odd = "q\"b\\c\x01\t\n\x7f caf\xc3\xa9";
    for (const int indent : {-1, 1, 2}) {
        json_stream out(indent, json_stream::error_handler::replace);
        stream_document(out, odd);
        CHECK(out.take() == dom_document(odd).dump(indent, ' ', false, ordered::error_handler_t::replace));
    }
}

TEST_CASE("json_stream replaces invalid UTF-8 as dump does, or throws as a strict dump does")
{
    const std::string invalid = "bad \xff\xfe end";
    json_stream replaced(2, json_stream::error_handler::replace);
    stream_document(replaced, invalid);
    CHECK(replaced.take() == dom_document(invalid).dump(2, ' ', false, ordered::error_handler_t::replace));

    json_stream strict(-1);
    CHECK_THROWS_AS(strict.value(invalid), nlohmann::json::type_error);
}

TEST_CASE("json_stream escapes a character that needs it wherever it falls in a long string")
{
    // The plain-text check reads eight bytes at a time: every position of a word and of the
    // bytes after the last whole word, for each kind of character that needs escaping.
    for (const char odd : {'"', '\\', '\x01', '\x1f', '\x7f', '\x80', '\xc3'}) {
        for (std::size_t length = 1; length <= 27; ++length) {
            for (std::size_t at = 0; at < length; ++at) {
                std::string text(length, 'a');
                text[at] = odd;
                json_stream out(-1, json_stream::error_handler::replace);
                out.value(text);
                CHECK(out.take() == ordered(text).dump(-1, ' ', false, ordered::error_handler_t::replace));
            }
        }
    }
    const std::string plain = "abcdefghijklmnopqrstuvwxyz ~!#$%&'()*+,-./0123456789:;<=>?@[]^_`{|}";
    json_stream out(-1);
    out.value(plain);
    CHECK(out.take() == "\"" + plain + "\"");
}
