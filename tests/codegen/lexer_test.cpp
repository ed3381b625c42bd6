#include <catch2/catch.hpp>

#include "lexer.hpp"

namespace idl = ucom::idl;

namespace {

struct lexed {
    idl::source_manager sources;
    idl::diagnostics diags;
    std::vector<idl::token> tokens;

    explicit lexed(std::string text)
    {
        auto file = sources.add_buffer("test.idl", std::move(text));
        tokens = idl::lex(sources, file, diags);
    }

    std::string first_error() const
    {
        for (const auto &d : diags.all()) {
            if (d.severity == idl::severity::error) {
                return diags.render(d, sources);
            }
        }
        return {};
    }
};

} // namespace

TEST_CASE("An unquoted UUID is one token, not numbers and minus signs")
{
    lexed l("uuid(F82A9146-dfc2-46E0-806A-38605A81A719)");
    REQUIRE(l.tokens.size() == 5);
    CHECK(l.tokens[2].kind == idl::token_kind::uuid);
    CHECK(l.tokens[2].text == "F82A9146-dfc2-46E0-806A-38605A81A719");
    CHECK_FALSE(l.diags.has_errors());
}

TEST_CASE("Numbers keep their spelling and are classified as integer or floating")
{
    lexed l("42 0x2A 052 42UL 1.0 2.5e3 .5");
    std::vector<idl::token_kind> kinds;
    for (const auto &t : l.tokens) {
        kinds.push_back(t.kind);
    }
    using k = idl::token_kind;
    CHECK(kinds == std::vector{k::integer, k::integer, k::integer, k::integer, k::floating, k::floating, k::floating,
                               k::end_of_file});
    CHECK(l.tokens[3].text == "42UL");
    CHECK_FALSE(l.diags.has_errors());
}

TEST_CASE("Comments and line continuations are skipped, line starts are marked")
{
    lexed l("a /* x\n y */ b // c\n#define X \\\n 1\n");
    REQUIRE(l.tokens.size() == 7);
    CHECK(l.tokens[0].at_line_start);
    CHECK(l.tokens[1].text == "b");
    CHECK_FALSE(l.tokens[1].at_line_start); // a block comment does not end the line for the directive
    CHECK(l.tokens[2].is_punct("#"));
    CHECK(l.tokens[2].at_line_start);
    CHECK(l.tokens[5].text == "1");
    CHECK_FALSE(l.tokens[5].at_line_start);
}

TEST_CASE("Punctuators take the longest match")
{
    lexed l("a<<b::c>=d##e...");
    std::vector<std::string> texts;
    for (const auto &t : l.tokens) {
        texts.push_back(t.text);
    }
    CHECK(texts == std::vector<std::string>{"a", "<<", "b", "::", "c", ">=", "d", "##", "e", "...", ""});
}

TEST_CASE("String and character literals decode their escapes")
{
    lexed l(R"("a\"b\n\x41\101" 'c' L"wide")");
    REQUIRE(l.tokens.size() == 4);
    CHECK(idl::literal_value(l.tokens[0].text) == "a\"b\nAA");
    CHECK(idl::literal_value(l.tokens[1].text) == "c");
    CHECK(l.tokens[2].text == "L\"wide\"");
    CHECK(idl::literal_value(l.tokens[2].text) == "wide");
}

TEST_CASE("Malformed input is reported with its location and lexing goes on")
{
    SECTION("an unterminated string")
    {
        lexed l("cpp_quote(\"abc\nnext");
        CHECK(l.first_error() == "test.idl:1:11: error: missing terminating '\"' character\n"
                                 "cpp_quote(\"abc\n"
                                 "          ^\n");
        CHECK(l.tokens[l.tokens.size() - 2].text == "next");
    }
    SECTION("an unterminated block comment")
    {
        lexed l("a\n  /* never closed");
        CHECK(l.first_error() == "test.idl:2:3: error: unterminated /* comment\n  /* never closed\n  ^\n");
    }
    SECTION("a stray character, reported whole even when it is UTF-8")
    {
        lexed l("long a; \xC2\xA7 long b;");
        CHECK(l.first_error() ==
              "test.idl:1:9: error: stray '\xC2\xA7' in program\nlong a; \xC2\xA7 long b;\n        ^\n");
        CHECK(l.tokens.size() == 7);
    }
    SECTION("a bad number")
    {
        lexed l("const long x = 0x;");
        CHECK(l.first_error().starts_with("test.idl:1:16: error: invalid number '0x'"));
    }
    SECTION("an unknown escape")
    {
        lexed l(R"("a\qb")");
        CHECK(l.first_error().starts_with("test.idl:1:3: error: unknown escape sequence '\\q'"));
    }
    SECTION("an empty character constant")
    {
        lexed l("''");
        CHECK(l.first_error().starts_with("test.idl:1:1: error: empty character constant"));
    }
}

TEST_CASE("A stray byte that is not UTF-8 is shown escaped, and the caret counts characters, not bytes")
{
    SECTION("a byte that is no UTF-8 character")
    {
        lexed l("long a; \xFF long b;");
        CHECK(l.first_error() == "test.idl:1:9: error: stray '\\377' in program\nlong a; \xFF long b;\n        ^\n");
    }
    SECTION("a control character")
    {
        lexed l("a\x01");
        CHECK(l.first_error().starts_with("test.idl:1:2: error: stray '\\001' in program\n"));
    }
    SECTION("after a two-byte character, one space per character")
    {
        lexed l("\"\xC3\xA9\" `");
        CHECK(l.first_error() == "test.idl:1:6: error: stray '`' in program\n\"\xC3\xA9\" `\n    ^\n");
    }
}
