// Keyword and reserved-name tables behind reserved_names.hpp.
#include "reserved_names.hpp"

#include <algorithm>
#include <array>

namespace ucom::idl {
namespace {

// C++17's keywords and alternative tokens, C99's keywords that C++ lacks, and C++20's
// (so that headers stay usable when plugins move to it).
constexpr auto keywords = std::to_array<std::string_view>({
    "_Bool",
    "_Complex",
    "_Imaginary",
    "alignas",
    "alignof",
    "and",
    "and_eq",
    "asm",
    "auto",
    "bitand",
    "bitor",
    "bool",
    "break",
    "case",
    "catch",
    "char",
    "char16_t",
    "char32_t",
    "class",
    "compl",
    "const",
    "const_cast",
    "constexpr",
    "continue",
    "decltype",
    "default",
    "delete",
    "do",
    "double",
    "dynamic_cast",
    "else",
    "enum",
    "explicit",
    "export",
    "extern",
    "false",
    "float",
    "for",
    "friend",
    "goto",
    "if",
    "inline",
    "int",
    "long",
    "mutable",
    "namespace",
    "new",
    "noexcept",
    "not",
    "not_eq",
    "nullptr",
    "operator",
    "or",
    "or_eq",
    "private",
    "protected",
    "public",
    "register",
    "reinterpret_cast",
    "restrict",
    "return",
    "short",
    "signed",
    "sizeof",
    "static",
    "static_assert",
    "static_cast",
    "struct",
    "switch",
    "template",
    "this",
    "thread_local",
    "throw",
    "true",
    "try",
    "typedef",
    "typeid",
    "typename",
    "union",
    "unsigned",
    "using",
    "virtual",
    "void",
    "volatile",
    "wchar_t",
    "while",
    "xor",
    "xor_eq",
    "concept",
    "requires",
    "co_await",
    "co_return",
    "co_yield",
    "char8_t",
    "consteval",
});

} // namespace

bool is_c_or_cpp_keyword(std::string_view name)
{
    return std::find(keywords.begin(), keywords.end(), name) != keywords.end();
}

bool is_generated_member_name(std::string_view name)
{
    // LAYOUT_FINGERPRINT: the header defines IFoo_LAYOUT_FINGERPRINT, which a call macro of that name would clash with.
    return name == "This" || name == "lpVtbl" || name == "LAYOUT_FINGERPRINT";
}

bool is_glue_method_name(std::string_view name)
{
    static constexpr auto names =
        std::to_array<std::string_view>({"vtbl", "query_interface", "add_ref", "release", "from_abi", "get_abi"});
    return std::find(names.begin(), names.end(), name) != names.end();
}

bool is_glue_parameter_name(std::string_view name)
{
    // hr_ and Result_: the projection's thunks and client wrappers.
    return name == "Derived_" || name == "Self_" || name == "self_" || name == "hr_" || name == "Result_";
}

} // namespace ucom::idl
