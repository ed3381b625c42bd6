// Checks of structs and unions that the resolver runs once names are resolved: member
// names, array sizes, and aggregates that contain themselves by value.
#include "aggregate_checks.hpp"

#include <set>
#include <utility>
#include <vector>

#include "type_queries.hpp"

namespace ucom::idl {
namespace {

// The aggregates a struct or union holds by value (arrays included, pointers not).
void members_by_value(const decl &d, std::vector<std::pair<const decl *, const field *>> &out)
{
    auto add = [&](const field &f) {
        if (!f.type) {
            return;
        }
        const type *t = &underlying(*f.type);
        while (t->kind == type_kind::array && t->element) {
            t = &underlying(*t->element);
        }
        if (const auto *target = named_aggregate(*t); target != nullptr && target->kind != decl_kind::enum_) {
            out.emplace_back(target, &f);
        }
    };
    if (const auto *s = as<struct_decl>(&d)) {
        for (const auto &f : s->fields) {
            add(f);
        }
    } else if (const auto *u = as<union_decl>(&d)) {
        for (const auto &arm : u->arms) {
            add(arm.member);
        }
    }
}

} // namespace

void check_member_name(const field &f, std::map<std::string, const field *> &names, diagnostics &diags)
{
    if (f.name.empty()) {
        return;
    }
    auto [it, inserted] = names.try_emplace(f.name, &f);
    if (!inserted) {
        diags.report(f.location, diag::err_redefinition, f.name);
        diags.report(it->second->location, diag::note_previous_definition, f.name);
    }
}

void check_array_sizes(const type &t, const std::string &name, source_location where, diagnostics &diags)
{
    for (const type *current = &t; current != nullptr && current->kind == type_kind::array;
         current = current->element.get()) {
        if (current->size && current->size->value && *current->size->value <= 0) {
            diags.report(where, diag::err_array_size, name, *current->size->value);
        }
    }
}

// A struct that holds itself by value (directly or through others) has no size. Reported
// at the member of `root` through which the cycle starts.
void check_not_recursive(const decl &root, diagnostics &diags)
{
    std::vector<std::pair<const decl *, const field *>> direct;
    members_by_value(root, direct);
    std::set<const decl *> seen;
    for (const auto &[first, via] : direct) {
        std::vector<std::pair<const decl *, const field *>> pending{{first, via}};
        while (!pending.empty()) {
            const decl *d = pending.back().first;
            pending.pop_back();
            if (d == &root) {
                diags.report(via->location, diag::err_contains_itself,
                             root.kind == decl_kind::union_ ? "union" : "struct", root.name, via->name);
                return;
            }
            if (seen.insert(d).second) {
                members_by_value(*d, pending);
            }
        }
    }
}

} // namespace ucom::idl
