// Tokens: what the lexer produces, the preprocessor rewrites and the parser reads. Keywords
// are identifiers (MIDL's attribute names are contextual); the parser decides by spelling.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "source_manager.hpp"

namespace ucom::idl {

enum class token_kind : std::uint8_t {
    end_of_file,
    identifier,
    integer,    // spelling as written: 42, 0x2A, 052, 42UL
    floating,   // 1.0 (MIDL version numbers), 2.5e3
    string,     // spelling with quotes and escapes: "a\"b"; L"…" keeps its prefix
    character,  // 'a'
    uuid,       // 8-4-4-4-12 hex digits, unquoted, as in uuid(…)
    punctuator, // ( ) [ ] { } ; , . : :: * & = + - ~ ! / % << >> < > <= >= == != ^ | && || ? # ##
};

struct token {
    token_kind kind = token_kind::end_of_file;
    std::string text; // the spelling
    source_location location;
    bool at_line_start = false; // first token on its line (for '#' directives)
    bool space_before = false;  // whitespace precedes it (for stringizing and pasting)

    [[nodiscard]] bool is(token_kind k, std::string_view spelling) const { return kind == k && text == spelling; }
    [[nodiscard]] bool is_punct(std::string_view spelling) const { return is(token_kind::punctuator, spelling); }
    [[nodiscard]] bool is_identifier(std::string_view spelling) const { return is(token_kind::identifier, spelling); }
};

// The value of a string or character literal's spelling with escapes decoded (\n \t \\ \" \'
// \0 \xHH and octal). The lexer has already rejected malformed escapes.
std::string literal_value(std::string_view spelling);

// The value of an integer literal's spelling (decimal, 0x hex, 0 octal; u/U/l/L suffixes).
struct integer_literal {
    enum class status : std::uint8_t { ok, invalid, too_large };
    idl::integer_literal::status status = status::invalid;
    std::uint64_t value = 0;
    bool has_unsigned_suffix = false;
};
integer_literal read_integer_literal(std::string_view spelling);

} // namespace ucom::idl
