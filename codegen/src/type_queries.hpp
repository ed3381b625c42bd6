// Questions the resolver and the writers ask about resolved types: what a typedef stands
// for, whether something is a pointer, which interface a type names.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "ast.hpp"

namespace ucom::idl {

// The type a chain of typedefs stands for: follows `named` types that resolve to typedefs.
// Returns `t` itself for anything else (including named interfaces and unresolved names).
const type &underlying(const type &t);

// A pointer or an array once typedefs are looked through (arrays decay in parameters).
bool is_pointer_like(const type &t);
// The type pointed to (or the array element), typedefs looked through; null if none.
const type *pointee(const type &t);
// The interface (or dispinterface) a type names, typedefs looked through; null if none.
const decl *named_interface(const type &t);
// The struct, union or enum a named or tagged type refers to, typedefs looked through.
const decl *named_aggregate(const type &t);
// Bytes of a base type on the targets ucom supports (LP64); 0 for void.
std::size_t builtin_size(builtin_type b);
// Bits of an integer base type narrower than 64 bits (boolean, byte, char, small, short,
// wchar_t, int, long, error_status_t), typedefs looked through; 0 for any other type.
unsigned narrow_integer_bits(const type &t);
// `void`, typedefs looked through.
bool is_void(const type &t);
// A character type (char, wchar_t, byte, unsigned char, …) for [string].
bool is_character(const type &t);
// An integer (or enum) a size_is/switch_is/case can use.
bool is_integral(const type &t);
// `float` or `double`, typedefs looked through.
bool is_floating(const type &t);
// Spelled as the typedef named `name` somewhere in its typedef chain (HRESULT).
bool is_typedef_named(const type &t, std::string_view name);
// Whether two types are the same to C's ABI: the same base types (`long` and `int` alike),
// pointers to and arrays of the same, the same declaration, or structs (unions) whose
// members are the same in order. Typedefs looked through, `const` and names ignored.
bool same_abi_type(const type &a, const type &b);
// An unnamed member whose type is an untagged struct or union defined in place (C11's
// anonymous member): accepted where other unnamed members are not.
bool is_anonymous_member(const field &f);
// A GUID (IID, CLSID): `struct _GUID`, or a chain of typedefs through `GUID` (Wine's
// guiddef.h declares it as an anonymous struct for widl).
bool is_guid(const type &t);
// [string] on a parameter or field, or on a typedef its type goes through
// (`typedef [string] char *LPSTR`).
bool is_string_field(const field &f);

} // namespace ucom::idl

namespace ucom::idl {

// The declarations of kind T in `decls`, at any depth (for_each_declaration), in source order.
template <class T>
std::vector<const T *> declarations_of(const std::vector<decl_ptr> &decls)
{
    std::vector<const T *> out;
    for_each_declaration(decls, [&](const decl &d) {
        if (const auto *match = as<T>(&d)) {
            out.push_back(match);
        }
    });
    return out;
}

// The resolved IID of an interface (its definition's, for a forward declaration) or of a
// dispinterface; empty when it has none.
std::optional<uuid_value> interface_id(const decl &d);

// Calls `visit` with each typedef `t` goes through, looking through pointers and arrays,
// while it returns true.
template <class Visit>
void for_each_typedef_on(const type &t, Visit &&visit)
{
    for (const type *current = &t; current != nullptr;) {
        const auto *alias = current->kind == type_kind::named ? as<typedef_decl>(current->target) : nullptr;
        if (alias != nullptr) {
            if (!visit(*alias)) {
                return;
            }
            current = alias->type.get();
        } else if (current->kind == type_kind::pointer || current->kind == type_kind::array) {
            current = current->element.get();
        } else {
            current = nullptr;
        }
    }
}

// Whether the interface has a vtable ([object], or derived from another interface).
bool is_object_interface(const interface_decl &itf);

// Whether the interface (its definition, after resolve) is a COM interface: it has an IID and
// IUnknown's slots come first (its bases have IIDs down to IUnknown). Only those get traits,
// glue and descriptor entries; the others (no uuid, or [local] without a base like
// d3d12shader.idl's reflection interfaces) are C declarations.
bool is_com_interface(const interface_decl &itf);

} // namespace ucom::idl
