// Types and names spelled in Rust for the Rust projection (--emit rust), and the C layout
// (size, alignment) the generated code asserts its #[repr(C)] types against.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "ast.hpp"

namespace ucom::idl {

// The Rust type of an IDL type, typedefs looked through: `i32`, `*mut *mut c_char`,
// `ucom::Guid`, `[u8; 8]`, `Option<unsafe extern "C" fn(i32) -> ucom::HRESULT>`.
std::string rust_type(const type &t);
// `GetCount` → `get_count`, `put_X` → `put_x`; a Rust keyword gets the raw form (`r#type`).
std::string rust_snake_name(std::string_view name);
// A module name for an IDL file's stem: characters other than letters, digits and '_'
// become '_' (`my-types` → `my_types`), as `ucom::include_idl!` needs an identifier.
std::string rust_module_name(std::string_view stem);
// A name as written, with the raw form for a Rust keyword (`r#type`).
std::string rust_identifier(std::string_view name);

// A Rust string literal for UTF-8 `text`: quotes, backslashes and control characters
// escaped, everything else as it is.
std::string rust_string_literal(std::string_view text);

// `ucom::Guid::new(0x76D3D2A4, 0x5E54, 0x4B9E, [0xA9, …])`
std::string rust_guid_value(const uuid_value &u);

// The size and alignment C gives a type on ucom's targets (LP64); nullopt-like {0, 0} when
// ucom-idl cannot tell (an undefined struct, a conformant array).
struct c_layout {
    std::size_t size = 0;
    std::size_t align = 0;
};
c_layout layout_of(const type &t);
c_layout layout_of(const decl &aggregate);
// The offset C gives each field of a struct (in order); empty when the layout is unknown.
std::vector<std::size_t> field_offsets(const struct_decl &s);

} // namespace ucom::idl
