// The table of base types (see builtin_types.hpp).
#include "builtin_types.hpp"

#include <array>

namespace ucom::idl {
namespace {

using enum builtin_kind;

constexpr std::array<builtin_info, 15> table = {{
    {builtin_type::void_, "void", true, void_, 0, false, false, {"void", "void", "void"}, {"void", "void", "void"}},
    {builtin_type::boolean, "boolean", true, integer, 1, false, true, {"uint8_t", "uint8_t", "uint8_t"},
     {"u8", "u8", "u8"}},
    {builtin_type::byte, "byte", true, integer, 1, true, true, {"uint8_t", "uint8_t", "uint8_t"}, {"u8", "u8", "u8"}},
    {builtin_type::char_, "char", false, integer, 1, true, false, {"char", "signed char", "unsigned char"},
     {"char", "i8", "u8"}},
    {builtin_type::small, "small", false, integer, 1, true, false, {"int8_t", "int8_t", "uint8_t"},
     {"i8", "i8", "u8"}},
    {builtin_type::short_, "short", false, integer, 2, false, false, {"int16_t", "int16_t", "uint16_t"},
     {"i16", "i16", "u16"}},
    {builtin_type::int_, "int", false, integer, 4, false, false, {"int32_t", "int32_t", "uint32_t"},
     {"i32", "i32", "u32"}},
    {builtin_type::long_, "long", false, integer, 4, false, false, {"int32_t", "int32_t", "uint32_t"},
     {"i32", "i32", "u32"}},
    {builtin_type::hyper, "hyper", false, integer, 8, false, false, {"int64_t", "int64_t", "uint64_t"},
     {"i64", "i64", "u64"}},
    {builtin_type::int3264, "__int3264", false, integer, 8, false, false, {"intptr_t", "intptr_t", "uintptr_t"},
     {"iptr", "iptr", "uptr"}},
    {builtin_type::float_, "float", true, floating, 4, false, false, {"float", "float", "float"},
     {"f32", "f32", "f32"}},
    {builtin_type::double_, "double", true, floating, 8, false, false, {"double", "double", "double"},
     {"f64", "f64", "f64"}},
    // MIDL's wchar_t is 16-bit; the host's is not.
    {builtin_type::wchar, "wchar_t", true, integer, 2, true, true, {"uint16_t", "uint16_t", "uint16_t"},
     {"u16", "u16", "u16"}},
    {builtin_type::handle_t, "handle_t", true, handle, 8, false, false, {"void *", "void *", "void *"},
     {"ptr(void)", "ptr(void)", "ptr(void)"}},
    {builtin_type::error_status_t, "error_status_t", true, integer, 4, false, true,
     {"uint32_t", "uint32_t", "uint32_t"}, {"u32", "u32", "u32"}},
}};

constexpr bool in_enum_order()
{
    for (std::size_t i = 0; i < table.size(); ++i) {
        if (static_cast<std::size_t>(table[i].type) != i) {
            return false;
        }
    }
    return true;
}
static_assert(in_enum_order(), "the base-type table must follow builtin_type's order");

} // namespace

std::span<const builtin_info> builtin_types()
{
    return table;
}

const builtin_info &info(builtin_type type)
{
    return table.at(static_cast<std::size_t>(type));
}

std::string_view pick(const signed_spellings &spellings, const type &t)
{
    if (t.is_unsigned) {
        return spellings.unsigned_;
    }
    return t.is_signed ? spellings.signed_ : spellings.plain;
}

} // namespace ucom::idl
