// Checks of structs and unions (see aggregate_checks.cpp): run by the resolver.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace ucom::idl {

// A member name used twice in one struct or union (`names` collects the ones seen).
void check_member_name(const field &f, std::map<std::string, const field *> &names, diagnostics &diags);
// Fixed array dimensions of zero or less.
void check_array_sizes(const type &t, const std::string &name, source_location where, diagnostics &diags);
// The aggregates that hold themselves by value, found once for all of them: the strongly
// connected components of the "holds by value" graph (Tarjan's algorithm, iterative, so a
// chain of 20,000 structs takes neither a deep stack nor time that grows with its square).
class containment_cycles {
public:
    // Whether `a` and `b` hold each other by value (directly or through others).
    [[nodiscard]] bool same_cycle(const decl &a, const decl &b);

private:
    std::size_t component_of(const decl &d);
    void visit(const decl &start);

    std::map<const decl *, std::size_t> index_;
    std::map<const decl *, std::size_t> low_;
    std::map<const decl *, std::size_t> component_;
    std::vector<const decl *> stack_;
    std::size_t components_ = 0;
};

// A struct or union that holds itself by value, directly or through others, has no size.
void check_not_recursive(const decl &root, containment_cycles &cycles, diagnostics &diags);

} // namespace ucom::idl
