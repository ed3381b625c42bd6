// MIDL's base types in one table: what each is called in IDL, spelled in C and in the
// canonical layout (fingerprints), how big it is and what kind of value it holds. Adding a
// base type is one row here (plus its enumerator in ast.hpp); everything else reads the row.
#pragma once

#include <cstddef>
#include <span>
#include <string_view>

#include "ast.hpp"

namespace ucom::idl {

enum class builtin_kind : std::uint8_t { void_, integer, floating, handle };

// Spellings of one base type with its sign: `plain` as written without a sign word (only
// char differs from `signed`), `unsigned_` with one.
struct signed_spellings {
    std::string_view plain;
    std::string_view signed_;
    std::string_view unsigned_;
};

struct builtin_info {
    builtin_type type;
    std::string_view idl;   // "hyper", "wchar_t"
    bool plain_word;        // takes no sign and no size words (void, boolean, float, …)
    builtin_kind kind;
    std::size_t size;       // bytes on the targets ucom supports (LP64); 0 for void
    bool character;         // may carry [string]
    bool always_unsigned;   // boolean, byte, wchar_t, error_status_t: no sign word needed
    signed_spellings c;     // in generated C ("int32_t", "uint16_t" for wchar_t)
    signed_spellings abi;   // in the canonical layout text ("i32", "u16"; docs/idl.md)
};

// Every base type, in the order of builtin_type.
std::span<const builtin_info> builtin_types();
const builtin_info &info(builtin_type type);
// The spelling of `t` (a builtin type) from one of the info's spelling columns.
std::string_view pick(const signed_spellings &spellings, const type &t);

} // namespace ucom::idl
