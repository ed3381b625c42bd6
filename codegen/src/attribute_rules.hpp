// The attributes ucom-idl knows (attributes.def): where each may appear, how many arguments
// it takes and of what kind, and what ucom does with it. The check reports, at the attribute
// or at the argument, everything that does not fit; an attribute is never silently dropped.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace ucom::idl {

class constant_evaluator;

enum class place : std::uint16_t {
    interface_ = 1U << 0U,
    method = 1U << 1U,
    parameter = 1U << 2U,
    coclass = 1U << 3U,
    coclass_member = 1U << 4U,
    library = 1U << 5U,
    type = 1U << 6U, // typedef, struct, union, enum
    field = 1U << 7U,
    module = 1U << 8U,
    dispinterface = 1U << 9U,
    enumerator = 1U << 10U,
};

enum class attribute_id : std::uint8_t {
#define ATTRIBUTE(id, name, places, min, max, arguments, meaning) id,
#include "attributes.def"
#undef ATTRIBUTE
};

// What every argument of an attribute must be.
enum class argument_kind : std::uint8_t {
    none,
    integer,         // id(5): an integer constant expression
    string,          // helpstring("…")
    strings,         // endpoint("…", "…")
    uuid,            // uuid(…)
    version,         // version(1.2): major.minor
    pointer_kind,    // pointer_default(unique): ref, unique or ptr
    threading_model, // threading(both)
    method_name,     // call_as(Method)
    identifiers,     // allocate(all_nodes, dont_free)
    type,            // switch_type(long)
    handle,          // implicit_handle(handle_t h)
    references,      // size_is(n, *m) or size_is(, n): expressions over parameters or fields
    reference,       // iid_is(riid)
    constants,       // case(1, 2), range(0, 9): constant expressions
    constant,        // defaultvalue(…): any constant, strings too
    custom,          // custom(uuid, value)
    entry,           // entry("name") or entry(ordinal)
};

enum class attribute_meaning : std::uint8_t { contract, registration, described, rpc, outside_abi };

struct attribute_rule {
    attribute_id id;
    std::string_view name;
    std::uint16_t places;
    int min_args;
    int max_args;
    argument_kind arguments;
    attribute_meaning meaning;
};

// The rule of a known attribute name; null for an unknown one.
const attribute_rule *find_rule(std::string_view name);
const attribute_rule &rule_of(attribute_id id);

// threading(…)'s models, in the order of the descriptor's UCOM_THREADING_* codes (1 to 5).
inline constexpr std::array<std::string_view, 5> threading_models = {"apartment", "free", "both", "neutral", "single"};
// pointer_default(…) and the pointer attributes, in the order of model.hpp's pointer_kind.
inline constexpr std::array<std::string_view, 3> pointer_kinds = {"ref", "unique", "ptr"};

// Reports unknown attributes, attributes in the wrong place, wrong argument counts and
// arguments of the wrong kind; evaluates integer arguments (their value is then in
// expr::value).
void check_attributes(attribute_list &attrs, place where, diagnostics &diags, constant_evaluator &constants);

// major.minor of a version(…) argument (1.2, 3); nullopt when it is not one.
struct version_number {
    std::uint16_t major = 0;
    std::uint16_t minor = 0;
};
std::optional<version_number> parse_version(const expr &e);

} // namespace ucom::idl
