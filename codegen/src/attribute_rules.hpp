// The attributes ucom-idl knows: where each may appear and how many arguments it takes.
// MIDL has many attributes that only tune its own proxies or type libraries; those are
// accepted where MIDL accepts them and have no effect on ucom's outputs (docs/idl.md lists
// them). Anything else is an error: an attribute is never silently dropped.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace ucom::idl {

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

// threading(…)'s models, in the order of the descriptor's UCOM_THREADING_* codes (1 to 5).
inline constexpr std::array<std::string_view, 5> threading_models = {"apartment", "free", "both", "neutral", "single"};

// Reports unknown attributes, attributes in the wrong place and wrong argument counts.
void check_attributes(const attribute_list &attrs, place where, diagnostics &diags);

} // namespace ucom::idl
