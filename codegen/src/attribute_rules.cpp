// The table of known attributes and the check over it (see attribute_rules.hpp).
#include "attribute_rules.hpp"

#include <array>
#include <string_view>

namespace ucom::idl {
namespace {

constexpr std::uint16_t bit(place p)
{
    return static_cast<std::uint16_t>(p);
}

constexpr std::uint16_t any = 0xFFFF;
constexpr std::uint16_t itf = bit(place::interface_);
constexpr std::uint16_t dsp = bit(place::dispinterface);
constexpr std::uint16_t mth = bit(place::method);
constexpr std::uint16_t prm = bit(place::parameter);
constexpr std::uint16_t cls = bit(place::coclass);
constexpr std::uint16_t ent = bit(place::coclass_member);
constexpr std::uint16_t lib = bit(place::library);
constexpr std::uint16_t typ = bit(place::type);
constexpr std::uint16_t fld = bit(place::field);
constexpr std::uint16_t mod = bit(place::module);
constexpr int many = 99;

struct rule {
    std::string_view name;
    std::uint16_t places;
    int min_args;
    int max_args;
};

// Sorted by name only for reading; lookup is linear (the table is small and checked once
// per attribute).
constexpr std::array rules = {
    rule{"aggregatable", cls, 0, 0},
    rule{"annotation", prm | fld | mth, 1, many},
    rule{"appobject", cls, 0, 0},
    rule{"async_uuid", itf, 1, 1},
    rule{"bindable", mth | fld, 0, 0},
    rule{"call_as", mth, 1, 1},
    rule{"callback", mth, 0, 0},
    rule{"case", fld, 1, many},
    rule{"context_handle", prm | typ, 0, 0},
    rule{"control", cls | lib, 0, 0},
    rule{"custom", any, 2, 2},
    rule{"default", ent | fld, 0, 0},
    rule{"defaultbind", mth | fld, 0, 0},
    rule{"defaultcollelem", mth | fld, 0, 0},
    rule{"defaultvalue", prm, 1, 1},
    rule{"defaultvtable", ent, 0, 0},
    rule{"displaybind", mth | fld, 0, 0},
    rule{"dllname", mod, 1, 1},
    rule{"dual", itf, 0, 0},
    rule{"endpoint", itf, 1, many},
    rule{"entry", mth, 1, 1},
    rule{"first_is", prm | fld, 1, many},
    rule{"helpcontext", any, 1, 1},
    rule{"helpfile", lib | mod, 1, 1},
    rule{"helpstring", any, 1, 1},
    rule{"helpstringcontext", any, 1, 1},
    rule{"helpstringdll", lib, 1, 1},
    rule{"hidden", any, 0, 0},
    rule{"id", mth | fld, 1, 1},
    rule{"idempotent", mth, 0, 0},
    rule{"ignore", fld | prm, 0, 0},
    rule{"iid_is", prm | fld, 1, 1},
    rule{"immediatebind", mth | fld, 0, 0},
    rule{"implicit_handle", itf, 1, 2},
    rule{"in", prm, 0, 0},
    rule{"lcid", lib | prm, 0, 1},
    rule{"length_is", prm | fld, 1, many},
    rule{"licensed", cls, 0, 0},
    rule{"local", itf | mth, 0, 0},
    rule{"max_is", prm | fld, 1, many},
    rule{"min_is", prm | fld, 1, many},
    rule{"ms_union", itf | typ, 0, 0},
    rule{"noncreatable", cls, 0, 0},
    rule{"nonbrowsable", mth | fld, 0, 0},
    rule{"nonextensible", itf | dsp, 0, 0},
    rule{"object", itf, 0, 0},
    rule{"odl", itf, 0, 0},
    rule{"oleautomation", itf, 0, 0},
    rule{"optional", prm, 0, 0},
    rule{"out", prm, 0, 0},
    rule{"partial_ignore", prm, 0, 0},
    rule{"pointer_default", itf, 1, 1},
    rule{"progid", cls, 1, 1},
    rule{"propget", mth, 0, 0},
    rule{"propput", mth, 0, 0},
    rule{"propputref", mth, 0, 0},
    rule{"ptr", prm | fld | typ, 0, 0},
    rule{"public", typ, 0, 0},
    rule{"range", prm | fld | typ, 2, 2},
    rule{"readonly", fld | mth, 0, 0},
    rule{"ref", prm | fld | typ, 0, 0},
    rule{"requestedit", mth | fld, 0, 0},
    rule{"restricted", itf | dsp | mth | ent | lib | mod, 0, 0},
    rule{"retval", prm, 0, 0},
    rule{"size_is", prm | fld, 1, many},
    rule{"source", ent | mth | fld, 0, 0},
    rule{"string", prm | fld | typ, 0, 0},
    rule{"switch_is", prm | fld, 1, 1},
    rule{"switch_type", typ | prm | fld, 1, 1},
    rule{"threading", cls, 1, 1},
    rule{"uidefault", mth | fld, 0, 0},
    rule{"unique", prm | fld | typ, 0, 0},
    rule{"usesgetlasterror", mth, 0, 0},
    rule{"uuid", itf | dsp | cls | lib | typ | mod, 1, 1},
    rule{"v1_enum", typ, 0, 0},
    rule{"vararg", mth, 0, 0},
    rule{"version", itf | cls | lib | typ, 1, 1},
    rule{"vi_progid", cls, 1, 1},
    rule{"wire_marshal", typ, 1, 1},
    rule{"user_marshal", typ, 1, 1},
    rule{"transmit_as", typ, 1, 1},
    rule{"represent_as", typ, 1, 1},
};

std::string_view place_name(place where)
{
    switch (where) {
    case place::interface_:
        return "an interface";
    case place::method:
        return "a method";
    case place::parameter:
        return "a parameter";
    case place::coclass:
        return "a coclass";
    case place::coclass_member:
        return "an interface listed in a coclass";
    case place::library:
        return "a library";
    case place::type:
        return "a type";
    case place::field:
        return "a field";
    case place::module:
        return "a module";
    case place::dispinterface:
        return "a dispinterface";
    case place::enumerator:
        return "an enumerator";
    }
    return "this declaration";
}

std::string arity_text(const rule &r)
{
    if (r.max_args == 0) {
        return "no arguments";
    }
    if (r.min_args == r.max_args) {
        return r.min_args == 1 ? "one argument" : fmt::format("{} arguments", r.min_args);
    }
    return fmt::format("at least {} argument{}", r.min_args, r.min_args == 1 ? "" : "s");
}

} // namespace

void check_attributes(const attribute_list &attrs, place where, diagnostics &diags)
{
    for (const auto &a : attrs) {
        const rule *found = nullptr;
        for (const auto &r : rules) {
            if (r.name == a.name) {
                found = &r;
                break;
            }
        }
        if (found == nullptr) {
            diags.report(a.location, diag::err_unknown_attribute, a.name);
            continue;
        }
        if ((found->places & bit(where)) == 0) {
            diags.report(a.location, diag::err_attribute_misplaced, a.name, place_name(where));
            continue;
        }
        int count = static_cast<int>(a.args.size()) + (a.type_arg ? 1 : 0);
        if (count < found->min_args || count > found->max_args || (found->max_args > 0 && !a.has_parens)) {
            diags.report(a.location, diag::err_attribute_arguments, a.name, arity_text(*found));
        }
    }
}

} // namespace ucom::idl
