// Checks of structs and unions that the resolver runs once names are resolved: member
// names, array sizes, and aggregates that contain themselves by value.
#include "aggregate_checks.hpp"

#include <algorithm>
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

bool containment_cycles::same_cycle(const decl &a, const decl &b)
{
    return component_of(a) == component_of(b);
}

std::size_t containment_cycles::component_of(const decl &d)
{
    visit(d);
    return component_.at(&d);
}

void containment_cycles::visit(const decl &start)
{
    if (index_.contains(&start)) {
        return;
    }
    struct frame {
        const decl *d;
        std::vector<std::pair<const decl *, const field *>> held;
        std::size_t next = 0;
    };
    std::vector<frame> calls;
    auto enter = [&](const decl *d) {
        auto number = index_.size();
        index_[d] = number;
        low_[d] = number;
        stack_.push_back(d);
        calls.push_back({d, {}, 0});
        members_by_value(*d, calls.back().held);
    };
    enter(&start);
    while (!calls.empty()) {
        auto &f = calls.back();
        if (f.next < f.held.size()) {
            const decl *w = f.held[f.next++].first;
            if (!index_.contains(w)) {
                enter(w); // f is not used after this: enter() may move it
            } else if (!component_.contains(w)) {
                low_[f.d] = std::min(low_[f.d], index_[w]); // w is on the stack
            }
            continue;
        }
        const decl *d = f.d;
        if (low_[d] == index_[d]) {
            const decl *member = nullptr;
            do {
                member = stack_.back();
                stack_.pop_back();
                component_[member] = components_;
            } while (member != d);
            ++components_;
        }
        calls.pop_back();
        if (!calls.empty()) {
            low_[calls.back().d] = std::min(low_[calls.back().d], low_[d]);
        }
    }
}

// A struct that holds itself by value (directly or through others) has no size. Reported
// at the member of `root` through which the cycle starts.
void check_not_recursive(const decl &root, containment_cycles &cycles, diagnostics &diags)
{
    std::vector<std::pair<const decl *, const field *>> direct;
    members_by_value(root, direct);
    for (const auto &[first, via] : direct) {
        if (cycles.same_cycle(*first, root)) {
            diags.report(via->location, diag::err_contains_itself,
                         root.kind == decl_kind::union_ ? "union" : "struct", root.name, via->name);
            return;
        }
    }
}

} // namespace ucom::idl
