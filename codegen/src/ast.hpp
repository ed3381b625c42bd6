// The syntax tree of one IDL file, as the parser builds it. The resolver fills in the
// fields marked "resolved" (links between nodes, values, IIDs, slots) and then builds the
// model (model.hpp) the writers read; they see this tree only through the model's links.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "source_manager.hpp"

namespace ucom::idl {

struct expr;
struct type;
struct field;
struct decl;
struct interface_decl;
using expr_ptr = std::unique_ptr<expr>;
using type_ptr = std::unique_ptr<type>;
using decl_ptr = std::unique_ptr<decl>;

// 16 bytes in COM's field order: Data1 (u32), Data2 (u16), Data3 (u16), Data4[8].
struct uuid_value {
    std::uint32_t data1 = 0;
    std::uint16_t data2 = 0;
    std::uint16_t data3 = 0;
    std::array<std::uint8_t, 8> data4{};

    friend bool operator==(const uuid_value &, const uuid_value &) = default;
    friend auto operator<=>(const uuid_value &, const uuid_value &) = default;
};
// "F82A9146-DFC2-46E0-806A-38605A81A719" (no braces, upper case); nullopt if malformed.
std::optional<uuid_value> parse_uuid(std::string_view text);
std::string to_string(const uuid_value &value);

// ---- Expressions (constant expressions, attribute arguments) ----

enum class expr_kind : std::uint8_t {
    integer,     // integer_value, text = spelling
    floating,    // text = spelling
    string,      // text = decoded value
    character,   // integer_value = the character
    identifier,  // text = name; a constant, an enumerator or a parameter (size_is(n))
    uuid,        // text = spelling, as in uuid(…) (quoted or not)
    unary,       // text = operator ("-", "~", "!", "+", "*" dereference, "&" address); operands[0]
    binary,      // text = operator; operands[0], operands[1]
    conditional, // operands[0] ? operands[1] : operands[2]
    cast,        // (type) operands[0]
    sizeof_type, // sizeof(type)
};

struct expr {
    expr_kind kind = expr_kind::integer;
    source_location location;
    std::string text;
    std::uint64_t integer_value = 0;
    std::vector<expr_ptr> operands;
    type_ptr type_operand; // cast and sizeof
    bool parenthesized = false; // written `(e)`: `(UINT) - 1` may be a cast (resolve.cpp)

    // resolved: the value of a constant expression, when it has one.
    std::optional<std::int64_t> value;
};

// ---- Attributes ----

// `[name]` or `[name(arg, …)]`. Most arguments are expressions; switch_type takes a type.
struct attribute {
    std::string name;
    source_location location;
    std::vector<expr_ptr> args;
    type_ptr type_arg; // switch_type(T)
    bool has_parens = false;
};
using attribute_list = std::vector<attribute>;

const attribute *find_attribute(const attribute_list &attrs, std::string_view name);
inline bool has_attribute(const attribute_list &attrs, std::string_view name)
{
    return find_attribute(attrs, name) != nullptr;
}

// ---- Types ----

// MIDL's base types, each with COM's size whatever the host (long is 32-bit, hyper 64-bit,
// wchar_t 16-bit, boolean 8-bit).
enum class builtin_type : std::uint8_t {
    void_,
    boolean,
    byte,
    char_,
    small,
    short_,
    int_,
    long_,
    hyper,
    int3264, // __int3264: pointer-sized
    float_,
    double_,
    wchar,
    handle_t,
    error_status_t,
};

enum class type_kind : std::uint8_t {
    builtin, // builtin, is_unsigned / is_signed
    named,   // name: a typedef, or a type defined with a tag (resolved: target)
    // `struct X` / `union X` / `enum X`: name = tag, tag. When the body is written in place
    // (`typedef struct tagX {…} X;`, a struct member `struct {…} inner;`), the parser hoists
    // the definition into the enclosing scope's decls just before the declaration that uses
    // it and points `definition` at it. Resolved: target.
    tagged,
    pointer, // element
    array,   // element, size (null: conformant `[]` or `[*]`)
    // A function, only ever behind a pointer (`HRESULT (__stdcall *PFN)(IUnknown *p)`):
    // element = the return type, parameters. The calling convention is not kept: ucom's
    // calls are the platform C ABI's (docs/abi.md).
    function,
};

enum class tag_kind : std::uint8_t { struct_, union_, enum_ };

struct type {
    type_kind kind = type_kind::builtin;
    source_location location;
    bool is_const = false;

    builtin_type builtin = builtin_type::void_;
    bool is_unsigned = false;
    bool is_signed = false; // written explicitly (signed char)

    std::string name;
    idl::tag_kind tag = idl::tag_kind::struct_;
    decl *definition = nullptr; // tagged, defined in place (owned by the enclosing decls)

    type_ptr element;
    // A pointer written `SAFEARRAY(T)`: element is the named type SAFEARRAY (oaidl.idl's), so
    // it is `SAFEARRAY *` in C, the ABI and the fingerprints; T, the element type, is kept
    // for the IDL spelling (the JSON's "idl", the header's comments).
    type_ptr safearray_of;
    expr_ptr size;
    std::vector<field> parameters; // function

    // resolved: what a named or tagged type refers to.
    const decl *target = nullptr;
};

// ---- Declarations ----

enum class decl_kind : std::uint8_t {
    import_,
    importlib,
    cpp_quote,
    pragma, // never produced today: #pragma is consumed by the preprocessor
    interface_,
    dispinterface,
    coclass,
    library,
    module,
    typedef_,
    struct_,
    union_,
    enum_,
    const_,
    variable, // `extern const FMTID FMTID_SummaryInformation;`
    function, // `[local] HRESULT __stdcall CreateDXGIFactory(REFIID riid, void **factory);`
};

struct decl {
    explicit decl(decl_kind k) : kind(k) {}
    virtual ~decl() = default;
    decl(const decl &) = delete;
    decl &operator=(const decl &) = delete;

    decl_kind kind;
    std::string name;
    source_location location;
    attribute_list attributes;
    // From an imported file: visible to name lookup, not emitted again.
    bool imported = false;
};

template <class T>
T *as(decl *d)
{
    return d != nullptr && d->kind == T::static_kind ? static_cast<T *>(d) : nullptr;
}
template <class T>
const T *as(const decl *d)
{
    return d != nullptr && d->kind == T::static_kind ? static_cast<const T *>(d) : nullptr;
}

// A struct member, a union arm's member, a method parameter, a dispinterface property.
struct field {
    attribute_list attributes;
    type_ptr type;
    std::string name; // empty for an unnamed parameter (`void f(long)`) or an empty union arm
    source_location location;
    // A bit field's width (`UINT Usage : 1;`), struct and union members only; resolved: its
    // value in `bits->value`.
    expr_ptr bits;
};

struct method {
    attribute_list attributes;
    type_ptr return_type;
    std::string name;
    std::vector<field> params; // `(void)` is no parameters
    bool varargs = false;      // `...`
    source_location location;

    // resolved: the C name (get_X / put_X / putref_X for properties) and the vtable slot
    // counting from IUnknown's QueryInterface = 0; -1 when not a slot (MIDL's rule: a
    // [call_as(X)] method is the remote form of X and has no slot; the [local] X has).
    std::string c_name;
    int slot = -1;
    // resolved: a property (propget, propput, propputref) whose name is a type's, `[propget]
    // HRESULT HWND(…)`: its C name is get_HWND, but C++ projections could not use the name.
    bool name_is_type = false;
    // resolved: a base interface has a method of this C name (dwrite.idl's C++ overloads):
    // as in widl, the slot is named IFoo_Name and the projections keep only that raw form.
    bool redeclares_base = false;
};

struct import_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::import_;
    import_decl() : decl(static_kind) {}
    std::vector<std::string> paths; // import "a.idl", "b.idl";
    std::vector<source_location> path_locations;
    std::vector<file_id> files; // resolved by the driver
};

struct importlib_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::importlib;
    importlib_decl() : decl(static_kind) {}
    std::string path;
};

struct cpp_quote_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::cpp_quote;
    cpp_quote_decl() : decl(static_kind) {}
    std::string text; // decoded
};

struct interface_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::interface_;
    interface_decl() : decl(static_kind) {}
    bool is_forward = false; // `interface IFoo;`
    std::string base_name;
    source_location base_location;
    std::vector<method> methods;
    std::vector<decl_ptr> members; // typedefs, consts, cpp_quotes declared inside the body

    // resolved
    const interface_decl *base = nullptr;
    const interface_decl *definition = nullptr; // for a forward declaration: the definition
    std::optional<uuid_value> iid;
};

struct dispinterface_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::dispinterface;
    dispinterface_decl() : decl(static_kind) {}
    bool is_forward = false;
    std::vector<field> properties;
    std::vector<method> methods;
    std::string interface_name; // `dispinterface D { interface I; }`

    std::optional<uuid_value> diid; // resolved
};

struct coclass_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::coclass;
    coclass_decl() : decl(static_kind) {}
    struct entry {
        attribute_list attributes; // [default], [source]
        std::string name;
        bool is_dispinterface = false;
        source_location location;
        const decl *target = nullptr; // resolved
    };
    bool is_forward = false;
    std::vector<entry> interfaces;
    std::optional<uuid_value> clsid; // resolved
};

struct library_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::library;
    library_decl() : decl(static_kind) {}
    std::vector<decl_ptr> members;
    std::optional<uuid_value> libid; // resolved
};

struct module_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::module;
    module_decl() : decl(static_kind) {}
    std::vector<method> functions;
    std::vector<decl_ptr> members; // consts
};

// One declarator of a typedef: `typedef [public] struct tagX {…} X, *PX;` gives two
// typedef_decls (X and PX) and one struct_decl (tagX), in that source order: the struct first.
struct typedef_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::typedef_;
    typedef_decl() : decl(static_kind) {}
    type_ptr type;
    // resolved: the earlier typedef of the same name and type this one repeats (C99 allows
    // a typedef once, so the header does not write it again).
    const typedef_decl *repeats = nullptr;
};

struct struct_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::struct_;
    struct_decl() : decl(static_kind) {}
    bool is_definition = true; // false for `struct X;`
    bool anonymous = false;    // no tag in the source: the parser invented `name`
    // resolved: the packing C gives it (`#pragma pack(N)` in effect, through a cpp_quote);
    // 0 for none.
    unsigned pack = 0;
    // Defined in place as an unnamed member of a struct or union (C11's anonymous member,
    // `union { long l; float f; };`): its members are its parent's, and the C header writes
    // it inside the parent, not on its own.
    bool anonymous_member = false;
    std::vector<field> fields;
};

// A union. Non-encapsulated: `[switch_type(T)] union U { [case(1)] long a; [default] ; }`.
// Encapsulated: `union U switch (long kind) value { case 1: long a; default: ; }`.
struct union_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::union_;
    union_decl() : decl(static_kind) {}
    struct arm {
        std::vector<expr_ptr> cases; // empty with is_default
        bool is_default = false;
        field member; // member.type null for an empty arm
        source_location location;
    };
    bool is_definition = true;
    unsigned pack = 0; // resolved: as struct_decl's
    bool anonymous = false;
    bool anonymous_member = false; // as struct_decl's
    bool encapsulated = false;
    type_ptr switch_type;    // encapsulated: the discriminant's type
    std::string switch_name; // encapsulated: the discriminant's name
    std::string union_name;  // encapsulated: the name of the inner union member (may be empty: "u")
    std::vector<arm> arms;

    // resolved: the discriminant's type — switch_type, or [switch_type(T)] on the union or
    // on the typedef that defines it; null when none is given.
    const type *discriminant = nullptr;
};

struct enum_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::enum_;
    enum_decl() : decl(static_kind) {}
    struct enumerator {
        attribute_list attributes; // `[helpstring("…")] A = 1` in type-library IDL
        std::string name;
        expr_ptr value; // null: previous + 1
        source_location location;
        std::int64_t resolved_value = 0; // the constant expression's value
        // resolved: the value C gives it. MIDL's enums are 32-bit: a value from 2^31 to
        // 2^32 - 1 (a flag such as 0x80000000) is that bit pattern as an int32_t.
        std::int32_t c_value = 0;
    };
    bool is_definition = true;
    bool anonymous = false;
    std::vector<enumerator> enumerators;
};

struct const_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::const_;
    const_decl() : decl(static_kind) {}
    type_ptr type;
    expr_ptr value;
};

// An object defined elsewhere (a library's data), declared for C: `extern const T name;`.
struct variable_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::variable;
    variable_decl() : decl(static_kind) {}
    type_ptr type;
};

// A function a library exports, declared at file scope (or in a library) for C, as widl
// writes it: `[local] HRESULT __stdcall CreateDXGIFactory(REFIID riid, void **factory);`.
// The calling convention is not kept, as for function pointers. name and location are the
// function's.
struct function_decl : decl {
    static constexpr decl_kind static_kind = decl_kind::function;
    function_decl() : decl(static_kind) {}
    idl::method function;
};

// The one walk over declarations: every declaration of `decls` and, inside libraries,
// interfaces and modules, their members, in source order, each before its members.
template <class F>
void for_each_declaration(const std::vector<decl_ptr> &decls, F &&f);
template <class F>
void for_each_declaration(std::vector<decl_ptr> &decls, F &&f);

// One parsed file. Imported files are parsed into their own idl_file (see the driver).
struct idl_file {
    file_id file = 0;
    std::vector<decl_ptr> decls;
};

namespace detail {
template <class Decl, class F>
void visit_declaration(Decl &d, F &f)
{
    f(d);
    auto *members = [&]() -> decltype(&as<library_decl>(&d)->members) {
        if (auto *lib = as<library_decl>(&d)) {
            return &lib->members;
        }
        if (auto *itf = as<interface_decl>(&d)) {
            return &itf->members;
        }
        if (auto *mod = as<module_decl>(&d)) {
            return &mod->members;
        }
        return nullptr;
    }();
    if (members != nullptr) {
        for (auto &m : *members) {
            visit_declaration(static_cast<Decl &>(*m), f);
        }
    }
}
} // namespace detail

template <class F>
void for_each_declaration(const std::vector<decl_ptr> &decls, F &&f)
{
    for (const auto &d : decls) {
        detail::visit_declaration(static_cast<const decl &>(*d), f);
    }
}

template <class F>
void for_each_declaration(std::vector<decl_ptr> &decls, F &&f)
{
    for (auto &d : decls) {
        detail::visit_declaration(*d, f);
    }
}

} // namespace ucom::idl
