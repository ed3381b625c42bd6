// The resolved model of one compilation: what resolve() hands to the writers, immutable.
// Interfaces come with their base, their vtable slots and their fingerprint; methods with
// their C name, slot and property kind; parameters with their direction, [retval], [string]
// and their size_is/length_is/iid_is/switch_is links to the parameters they name; every
// attribute read once into its typed form. Forward declarations are gone: a model interface
// is always the definition. Types and the declarations that are not interfaces or coclasses
// (typedefs, structs, unions, enums, constants, cpp_quote) are the resolved syntax tree's,
// read only; the writers reach them through `files()` in source order.
// codegen/README.md says which kind of change goes where.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "attribute_rules.hpp"
#include "compilation.hpp"

namespace ucom::idl {

enum class direction : std::uint8_t { in, out, in_out };
// "in", "out" or "in,out": as the JSON and the canonical layout spell it.
std::string_view direction_name(direction d);
enum class pointer_kind : std::uint8_t { ref, unique, ptr }; // the order of pointer_kinds
enum class property_kind : std::uint8_t { none, get, put, putref };

// One attribute with its arguments read by their kind (attributes.def).
struct typed_attribute {
    const attribute_rule *rule = nullptr;
    const attribute *written = nullptr;   // as written: the JSON lists it, messages quote it
    std::optional<std::int64_t> integer;  // integer: id(5), helpcontext(…)
    std::string text;                     // string, name, pointer kind or threading model
    std::optional<uuid_value> uuid;       // uuid(…), async_uuid(…), custom(uuid, …)
    std::optional<version_number> version;
};

class attribute_set {
public:
    attribute_set() = default;
    explicit attribute_set(const attribute_list &written);

    [[nodiscard]] const typed_attribute *find(attribute_id id) const;
    [[nodiscard]] bool has(attribute_id id) const { return find(id) != nullptr; }
    // The text of a string or name argument; empty without the attribute.
    [[nodiscard]] std::string text(attribute_id id) const;
    [[nodiscard]] std::span<const typed_attribute> all() const { return items_; }

private:
    std::vector<typed_attribute> items_;
};

struct model_parameter;

// One position of size_is(…), length_is(…) and their kin: the expression and, when it names
// a parameter (`n`) or the value behind one (`*n`), that parameter.
struct model_bound {
    const expr *expression = nullptr; // null: the position is empty, as in size_is(, n)
    const model_parameter *parameter = nullptr;
    bool dereferenced = false; // `*n`
};

struct model_parameter {
    std::string name;
    const idl::type *type = nullptr; // the resolved type tree
    source_location location;
    idl::direction direction = direction::in;
    bool retval = false;
    bool is_string = false;
    std::optional<pointer_kind> pointer; // [ref], [unique] or [ptr] written on the parameter
    std::vector<model_bound> size_is;    // one position per pointer level, as written
    std::vector<model_bound> length_is;
    std::optional<model_bound> iid_is;
    std::optional<model_bound> switch_is;
    attribute_set attributes;
    const field *declared = nullptr; // the parameter in the syntax tree (spelling only)
};

struct model_method {
    std::string name;
    std::string c_name; // get_X / put_X / putref_X for properties
    int slot = -1;      // from IUnknown's QueryInterface = 0; -1: [call_as] remote form, no slot
    const type *return_type = nullptr;
    bool returns_hresult = false;
    // The IDL returns a struct or union by value. Its C slot is widl's (MSVC's C++ convention,
    // which Windows' COM objects follow): `T *(*M)(This, T *__ret, …)`, the caller's buffer
    // first and returned; return_type and parameters (a `__ret` first) say so.
    bool returns_aggregate = false;
    bool local = false; // [local] on the method or its interface
    property_kind property = property_kind::none;
    std::vector<model_parameter> parameters;
    attribute_set attributes;
    const method *declared = nullptr;
};

struct model_interface;

struct model_slot {
    const model_interface *owner; // where the method is declared: the interface or a base
    const model_method *method;
};

// An [object] interface (one with a vtable), always its definition.
struct model_interface {
    std::string name;
    // Empty for an [object] interface without uuid, as widl accepts it (amvideo.idl's
    // IDirectDrawVideo); a base without an IID is an error for one with an IID.
    std::optional<uuid_value> iid;
    // A COM interface: an IID and IUnknown's slots first (is_com_interface). The others are
    // C-only: a vtable in the C header and a JSON description, and nothing that needs an IID
    // or IUnknown (no traits, glue, contract, descriptor or uses entry; never in
    // main_interfaces()); the C++ projection keeps a method raw that takes one.
    bool com = false;
    const model_interface *base = nullptr;
    std::vector<model_method> methods; // declared here, in source order ([call_as] ones too)
    std::vector<model_slot> slots;     // the whole vtable: IUnknown's first, then each base's
    // The fingerprints and their texts are there for the main file's interfaces and for
    // those its coclasses list; an imported interface no writer describes has none (0, "").
    std::uint64_t fingerprint = 0;          // layout 1: the binary
    std::string canonical_layout;           // the text it hashes (docs/idl.md)
    std::uint64_t contract_fingerprint = 0; // layout 2: the binary and the contract
    std::string canonical_contract;
    bool imported = false;
    attribute_set attributes;
    source_location location;
    const interface_decl *declared = nullptr;
};

struct model_coclass_entry {
    std::string name;
    bool is_dispinterface = false;
    const model_interface *target = nullptr; // null for a dispinterface
    std::optional<uuid_value> iid;
    bool is_default = false;
    bool is_source = false;
    attribute_set attributes;
};

struct model_coclass {
    std::string name;
    uuid_value clsid;
    std::string progid;
    std::string vi_progid;
    std::string threading; // empty when not given; else one of threading_models
    std::string helpstring;
    std::vector<model_coclass_entry> interfaces;
    bool imported = false;
    attribute_set attributes;
    const coclass_decl *declared = nullptr;
};

// Described only (ucom has no IDispatch): the JSON lists it.
struct model_dispinterface {
    std::string name;
    uuid_value diid;
    std::string interface_name; // `dispinterface D { interface I; }`
    std::vector<const field *> properties;
    std::vector<model_method> methods;
    attribute_set attributes;
    const dispinterface_decl *declared = nullptr;
};

// A module's functions: C functions a library exports, declared in the header.
struct model_module {
    std::string name;
    std::vector<model_method> functions;
    attribute_set attributes;
    const module_decl *declared = nullptr;
};

class resolved_model {
public:
    explicit resolved_model(const compilation &unit) : unit_(unit) {}
    resolved_model(const resolved_model &) = delete;
    resolved_model &operator=(const resolved_model &) = delete;

    [[nodiscard]] const compilation &unit() const { return unit_; }
    [[nodiscard]] const idl_file &main() const { return unit_.main(); }
    // The object interface a declaration (or a forward declaration) stands for; null for a
    // non-object interface or one never defined.
    [[nodiscard]] const model_interface *find(const interface_decl &d) const;
    [[nodiscard]] const model_coclass *find(const coclass_decl &d) const;
    [[nodiscard]] const model_dispinterface *find(const dispinterface_decl &d) const;
    [[nodiscard]] const model_module *find(const module_decl &d) const;
    // A function declared at file scope or in a library (a C prototype); always found.
    [[nodiscard]] const model_method &find(const function_decl &d) const { return functions.at(&d); }
    // The main file's COM interfaces (C-only ones are left out) and its coclasses (in
    // libraries too), in source order.
    [[nodiscard]] std::vector<const model_interface *> main_interfaces() const;
    [[nodiscard]] std::vector<const model_coclass *> main_coclasses() const;

    // Filled by build_model only.
    std::vector<std::unique_ptr<model_interface>> interfaces;
    std::vector<std::unique_ptr<model_coclass>> coclasses;
    std::map<const interface_decl *, const model_interface *> interface_of;
    std::map<const coclass_decl *, const model_coclass *> coclass_of;
    std::map<const dispinterface_decl *, std::unique_ptr<model_dispinterface>> dispinterfaces;
    std::map<const module_decl *, std::unique_ptr<model_module>> modules;
    std::map<const function_decl *, model_method> functions;
    // Types the model adds to the syntax tree's: `T *` for a method returning a struct by
    // value (model_method::returns_aggregate).
    std::vector<std::unique_ptr<type>> added_types;

private:
    const compilation &unit_;
};

// Builds the model of a compilation that resolved without errors; reports (and returns null
// for) what the model cannot carry: an attribute outside ucom's ABI on anything the glue,
// a projection or the descriptor would carry (attributes.def, `outside_abi`).
std::unique_ptr<const resolved_model> build_model(const compilation &unit, diagnostics &diags);

} // namespace ucom::idl
