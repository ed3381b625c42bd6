// Types, expressions and declarations spelled back out: in C (what the generated headers
// declare) and in IDL (the comment above each generated method, the JSON description).
#pragma once

#include <string>
#include <string_view>

#include "ast.hpp"

namespace ucom::idl {

enum class dialect : std::uint8_t { c, idl };

// `int32_t *sum`, `const char *name`, `uint8_t Data4[8]`; without a name: `char **`.
std::string declaration(dialect d, const type &t, std::string_view name = {});
// A value type in C without its top-level const (`const long` → `int32_t`): the type of a
// copy, as the C++ projection spells an element or an output.
std::string value_declaration(const type &t);
// "struct", "union" or "enum".
std::string_view tag_keyword(tag_kind k);
// A base type alone: `int32_t` (C) or `unsigned long` (IDL).
std::string builtin_spelling(dialect d, const type &t);
// The expression as written (integers keep their spelling; operands of nested operators
// are parenthesized).
std::string expression(const expr &e);
// `[in, size_is(n)]` (empty string for no attributes).
std::string attributes(const attribute_list &attrs);
// `HRESULT Add([in] long a, [in] long b, [out, retval] long *sum);` with method attributes.
std::string idl_signature(const method &m);
// `stem` as a C (and Rust) identifier: characters other than letters, digits and '_' become
// '_' (`my-types` → `my_types`).
std::string identifier_of(std::string_view stem);
// A C string literal for `text` (quotes and escapes).
std::string c_string_literal(std::string_view text);

} // namespace ucom::idl

namespace ucom::idl {
// `{0xF82A9146, 0xDFC2, 0x46E0, {0x80, 0x6A, 0x38, 0x60, 0x5A, 0x81, 0xA7, 0x19}}`
std::string guid_initializer(const uuid_value &u);
} // namespace ucom::idl
