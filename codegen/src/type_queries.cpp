// Queries over resolved types and interfaces, shared by the resolver and the writers.
#include "type_queries.hpp"

#include "builtin_types.hpp"

namespace ucom::idl {

const type &underlying(const type &t)
{
    const type *current = &t;
    // A typedef cycle is rejected by the resolver; the bound keeps a broken tree from hanging.
    for (int hops = 0; hops < 256 && current->kind == type_kind::named; ++hops) {
        const auto *td = as<typedef_decl>(current->target);
        if (td == nullptr || td->type == nullptr) {
            break;
        }
        current = td->type.get();
    }
    return *current;
}

bool is_pointer_like(const type &t)
{
    const auto &u = underlying(t);
    return u.kind == type_kind::pointer || u.kind == type_kind::array;
}

const type *pointee(const type &t)
{
    const auto &u = underlying(t);
    return u.kind == type_kind::pointer || u.kind == type_kind::array ? u.element.get() : nullptr;
}

const decl *named_interface(const type &t)
{
    const auto &u = underlying(t);
    if (u.kind != type_kind::named || u.target == nullptr) {
        return nullptr;
    }
    if (u.target->kind == decl_kind::interface_ || u.target->kind == decl_kind::dispinterface) {
        return u.target;
    }
    return nullptr;
}

const decl *named_aggregate(const type &t)
{
    const auto &u = underlying(t);
    if (u.kind == type_kind::tagged || u.kind == type_kind::named) {
        if (u.target != nullptr && (u.target->kind == decl_kind::struct_ || u.target->kind == decl_kind::union_ ||
                                    u.target->kind == decl_kind::enum_)) {
            return u.target;
        }
    }
    return nullptr;
}

std::size_t builtin_size(builtin_type b)
{
    return info(b).size;
}

unsigned narrow_integer_bits(const type &t)
{
    const auto &u = underlying(t);
    if (u.kind != type_kind::builtin || info(u.builtin).kind != builtin_kind::integer) {
        return 0;
    }
    auto size = builtin_size(u.builtin);
    return size < 8 ? static_cast<unsigned>(size * 8) : 0;
}

bool is_void(const type &t)
{
    const auto &u = underlying(t);
    return u.kind == type_kind::builtin && u.builtin == builtin_type::void_;
}

bool is_character(const type &t)
{
    const auto &u = underlying(t);
    if (u.kind != type_kind::builtin) {
        return false;
    }
    return info(u.builtin).character;
}

bool is_floating(const type &t)
{
    const auto &u = underlying(t);
    return u.kind == type_kind::builtin && (u.builtin == builtin_type::float_ || u.builtin == builtin_type::double_);
}

bool is_integral(const type &t)
{
    const auto &u = underlying(t);
    if (u.kind == type_kind::builtin) {
        return info(u.builtin).kind == builtin_kind::integer;
    }
    const auto *target = named_aggregate(u);
    return target != nullptr && target->kind == decl_kind::enum_;
}

bool is_typedef_named(const type &t, std::string_view name)
{
    const type *current = &t;
    for (int hops = 0; hops < 256 && current->kind == type_kind::named; ++hops) {
        if (current->name == name) {
            return true;
        }
        const auto *td = as<typedef_decl>(current->target);
        if (td == nullptr || td->type == nullptr) {
            break;
        }
        current = td->type.get();
    }
    return false;
}

namespace {

bool same_fields(const std::vector<field> &a, const std::vector<field> &b, int depth);

bool same_abi_type(const type &a, const type &b, int depth)
{
    if (depth > 32) {
        return true; // a recursive aggregate (through a pointer): compared up to here
    }
    const auto &x = underlying(a);
    const auto &y = underlying(b);
    if (x.kind != y.kind) {
        return false;
    }
    switch (x.kind) {
    case type_kind::builtin:
        return pick(info(x.builtin).abi, x) == pick(info(y.builtin).abi, y);
    case type_kind::pointer:
        return x.element && y.element && same_abi_type(*x.element, *y.element, depth + 1);
    case type_kind::function:
        return x.element && y.element && same_abi_type(*x.element, *y.element, depth + 1) &&
               same_fields(x.parameters, y.parameters, depth);
    case type_kind::array:
        return x.element && y.element && same_abi_type(*x.element, *y.element, depth + 1) &&
               (x.size && x.size->value) == (y.size && y.size->value) &&
               (!x.size || !x.size->value || *x.size->value == *y.size->value);
    case type_kind::named:
    case type_kind::tagged:
        break;
    }
    if (x.target == y.target) {
        return true;
    }
    if (x.target == nullptr || y.target == nullptr || x.target->kind != y.target->kind) {
        return false;
    }
    if (x.target->kind == decl_kind::enum_) {
        return true; // an int32_t either way
    }
    if (const auto *s = as<struct_decl>(x.target)) {
        return same_fields(s->fields, static_cast<const struct_decl *>(y.target)->fields, depth);
    }
    return false;
}

bool same_fields(const std::vector<field> &a, const std::vector<field> &b, int depth)
{
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (!a[i].type || !b[i].type || !same_abi_type(*a[i].type, *b[i].type, depth + 1)) {
            return false;
        }
    }
    return true;
}

} // namespace

bool same_abi_type(const type &a, const type &b)
{
    return same_abi_type(a, b, 0);
}

bool is_anonymous_member(const field &f)
{
    if (!f.name.empty() || !f.type || f.type->definition == nullptr) {
        return false;
    }
    const auto *s = as<struct_decl>(f.type->definition);
    const auto *u = as<union_decl>(f.type->definition);
    return (s != nullptr && s->anonymous_member) || (u != nullptr && u->anonymous_member && !u->encapsulated);
}

bool is_guid(const type &t)
{
    if (is_typedef_named(t, "GUID")) {
        return true;
    }
    const auto *aggregate = named_aggregate(t);
    return aggregate != nullptr && aggregate->kind == decl_kind::struct_ && aggregate->name == "_GUID";
}

bool is_string_field(const field &f)
{
    bool string = has_attribute(f.attributes, "string");
    if (!string && f.type) {
        for_each_typedef_on(*f.type, [&](const typedef_decl &alias) {
            string = has_attribute(alias.attributes, "string");
            return !string;
        });
    }
    return string;
}

} // namespace ucom::idl

namespace ucom::idl {

std::optional<uuid_value> interface_id(const decl &d)
{
    if (const auto *itf = as<interface_decl>(&d)) {
        return (itf->definition != nullptr ? itf->definition : itf)->iid;
    }
    if (const auto *di = as<dispinterface_decl>(&d)) {
        return di->diid;
    }
    return std::nullopt;
}

bool is_object_interface(const interface_decl &itf)
{
    return !itf.is_forward && (has_attribute(itf.attributes, "object") || has_attribute(itf.attributes, "odl") ||
                               !itf.base_name.empty());
}

bool is_com_interface(const interface_decl &itf)
{
    const interface_decl *current = itf.definition != nullptr ? itf.definition : &itf;
    for (int depth = 0; current != nullptr && current->iid && depth <= 256; ++depth) {
        if (current->base == nullptr) {
            return current->name == "IUnknown";
        }
        current = current->base->definition != nullptr ? current->base->definition : current->base;
    }
    return false; // no IID somewhere, or a chain resolve has cut
}

} // namespace ucom::idl
