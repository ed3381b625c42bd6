// ucom::guid: parsing, formatting, comparison, hashing, literals and generation.
#include <set>
#include <string>
#include <unordered_set>

#include <catch2/catch.hpp>
#include <fmt/core.h>

#include <ucom/format.hpp>
#include <ucom/guid.hpp>

namespace {

constexpr ucom::guid iunknown = ucom::make_guid("00000000-0000-0000-C000-000000000046");
constexpr ucom::guid sample = ucom::make_guid("{6B29FC40-CA47-1067-B31D-00DD010662DA}");

} // namespace

TEST_CASE("a GUID literal is checked and built at compile time")
{
    static_assert(iunknown == ucom::guid(ucom::iid_of<IUnknown>));
    static_assert(sample.abi().Data1 == 0x6B29FC40U);
    static_assert(sample.abi().Data2 == 0xCA47U);
    static_assert(sample.abi().Data3 == 0x1067U);
    static_assert(sample.abi().Data4[0] == 0xB3U && sample.abi().Data4[7] == 0xDAU);
    static_assert(ucom::guid{}.is_nil() && !iunknown.is_nil());
    CHECK(sizeof(GUID) == 16);
}

TEST_CASE("a GUID parses with or without braces, in any case, to the same value")
{
    const auto braced = ucom::guid::parse("{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    const auto bare = ucom::guid::parse("6b29fc40-ca47-1067-b31d-00dd010662da");
    const auto mixed = ucom::guid::parse("{6b29FC40-Ca47-1067-b31D-00dD010662Da}");
    REQUIRE(braced);
    REQUIRE(bare);
    REQUIRE(mixed);
    CHECK(*braced == sample);
    CHECK(*bare == sample);
    CHECK(*mixed == sample);
}

TEST_CASE("a GUID formats in the registry form and parses back to itself")
{
    CHECK(sample.to_string() == "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    CHECK(iunknown.to_string() == "{00000000-0000-0000-C000-000000000046}");
    CHECK(fmt::format("{}", sample) == "{6B29FC40-CA47-1067-B31D-00DD010662DA}");
    CHECK(fmt::format("[{:>40}]", iunknown) == "[  {00000000-0000-0000-C000-000000000046}]");
    for (int i = 0; i < 100; ++i) {
        GUID fresh{};
        REQUIRE(ucom_create_guid(&fresh) == S_OK);
        const auto back = ucom::guid::parse(ucom::guid(fresh).to_string());
        REQUIRE(back);
        CHECK(*back == ucom::guid(fresh));
    }
}

TEST_CASE("malformed GUID strings are rejected with E_INVALIDARG and a message that quotes them")
{
    const char *malformed[] = {
        "",
        "{}",
        "{",
        "}",
        "6B29FC40-CA47-1067-B31D-00DD010662D",         // one digit short
        "6B29FC40-CA47-1067-B31D-00DD010662DAA",       // one digit long
        "{6B29FC40-CA47-1067-B31D-00DD010662DA",       // no closing brace
        "6B29FC40-CA47-1067-B31D-00DD010662DA}",       // no opening brace
        "(6B29FC40-CA47-1067-B31D-00DD010662DA)",      // parentheses
        "{6B29FC40-CA47-1067-B31D-00DD010662DA}}",     // extra brace
        "6B29FC40CA471067B31D00DD010662DA",            // no dashes
        "6B29FC40-CA47-1067-B31D00DD-010662DA",        // dash in the wrong place
        "6B29FC4-0CA47-1067-B31D-00DD010662DA",        // first group too short
        "6B29FC40-CA47-1067-B31D-00DD010662DG",        // G is not hex
        "6B29FC40-CA47-1067-B31D-00DD01066 DA",        // space inside
        " 6B29FC40-CA47-1067-B31D-00DD010662DA",       // leading space
        "6B29FC40-CA47-1067-B31D-00DD010662DA ",       // trailing space
        "0x6B29FC40-CA47-1067-B31D-00DD010662",        // hex prefix
        "6B29FC40_CA47_1067_B31D_00DD010662DA",        // underscores
        "{6B29FC40-CA47-1067-B31D-00DD010662DA }",     // space before the brace
        "6B29FC40-CA47-1067-B31D-00DD010662-A",        // dash among the digits
        "ZZZZZZZZ-ZZZZ-ZZZZ-ZZZZ-ZZZZZZZZZZZZ",        // no hex at all
        "6B29FC40-CA47-1067-B31D-00DD010662D\xC3\xA9", // non-ASCII
        "{6B29FC40-CA47-1067-B31D-00DD010662DA}{",     // trailing junk
    };
    for (const char *text : malformed) {
        INFO("input: '" << text << "'");
        const auto parsed = ucom::guid::parse(text);
        REQUIRE_FALSE(parsed);
        CHECK(parsed.error().code() == E_INVALIDARG);
        CHECK_THAT(parsed.error().message(), Catch::StartsWith(std::string("'") + text + "' is not a GUID: "));
    }
}

TEST_CASE("a GUID parse error says what is wrong and where")
{
    CHECK(ucom::guid::parse("6B29FC40-CA47-1067-B31D-00DD010662DG").error().message() ==
          "'6B29FC40-CA47-1067-B31D-00DD010662DG' is not a GUID: expected a hex digit at offset 35 "
          "(the form is {XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX}, braces optional)");
    CHECK_THAT(ucom::guid::parse("6B29FC40-CA47-1067-B31D00DD-010662DA").error().message(),
               Catch::Contains("expected '-' at offset 23"));
    CHECK_THAT(ucom::guid::parse("{6B29FC40-CA47-1067-B31D-00DD010662DA").error().message(),
               Catch::Contains("expected 38 characters"));
    CHECK_THAT(ucom::guid::parse("6B29FC40-CA47-1067-B31D-00DD010662DA}").error().message(),
               Catch::Contains("expected an opening '{' at offset 0"));
    CHECK_THAT(ucom::guid::parse("{6B29FC40-CA47-1067-B31D-00DD010662DA)").error().message(),
               Catch::Contains("expected a closing '}' at offset 37"));
    CHECK(ucom::guid::parse("abc").error().origin() == "ucom::guid::parse");
}

TEST_CASE("a bad GUID literal outside a constant expression throws hresult_error")
{
    CHECK_THROWS_AS(ucom::make_guid(std::string("not-a-guid")), ucom::hresult_error);
}

TEST_CASE("GUIDs compare by value, order totally, and hash equal when equal")
{
    const ucom::guid a = ucom::make_guid("00000001-0000-0000-C000-000000000046");
    const ucom::guid b = ucom::make_guid("00000002-0000-0000-C000-000000000046");
    CHECK(a != b);
    CHECK((a < b) != (b < a));
    CHECK(a == ucom::guid(IID_IClassFactory));
    CHECK(std::hash<ucom::guid>{}(a) == std::hash<ucom::guid>{}(ucom::guid(IID_IClassFactory)));

    std::unordered_set<ucom::guid> seen;
    std::set<ucom::guid> ordered;
    for (int i = 0; i < 1000; ++i) {
        GUID fresh{};
        REQUIRE(ucom_create_guid(&fresh) == S_OK);
        seen.insert(fresh);
        ordered.insert(fresh);
    }
    CHECK(seen.size() == 1000);
    CHECK(ordered.size() == 1000);
    CHECK(seen.count(*ordered.begin()) == 1);
}

TEST_CASE("new GUIDs are random version 4 GUIDs of the RFC 4122 variant")
{
    GUID fresh{};
    for (int i = 0; i < 50; ++i) {
        REQUIRE(ucom_create_guid(&fresh) == S_OK);
        CHECK((fresh.Data3 >> 12U) == 4U);
        CHECK((fresh.Data4[0] & 0xC0U) == 0x80U);
    }
    CHECK(ucom_create_guid(nullptr) == E_POINTER);
}
