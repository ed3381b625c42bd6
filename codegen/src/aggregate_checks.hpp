// Checks of structs and unions (see aggregate_checks.cpp): run by the resolver.
#pragma once

#include <map>
#include <string>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace ucom::idl {

// A member name used twice in one struct or union (`names` collects the ones seen).
void check_member_name(const field &f, std::map<std::string, const field *> &names, diagnostics &diags);
// Fixed array dimensions of zero or less.
void check_array_sizes(const type &t, const std::string &name, source_location where, diagnostics &diags);
// A struct or union that holds itself by value, directly or through others, has no size.
void check_not_recursive(const decl &root, diagnostics &diags);

} // namespace ucom::idl
