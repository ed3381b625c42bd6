// The canonical layout text of an interface and its XXH3-64 fingerprint (spec: docs/idl.md).
#include "fingerprint.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "type_queries.hpp"

namespace ucom::idl {
namespace {

std::string_view abi_builtin(const type &t)
{
    bool u = t.is_unsigned;
    switch (t.builtin) {
    case builtin_type::void_:
        return "void";
    case builtin_type::boolean:
    case builtin_type::byte:
        return "u8";
    case builtin_type::char_:
        return u ? "u8" : (t.is_signed ? "i8" : "char");
    case builtin_type::small:
        return u ? "u8" : "i8";
    case builtin_type::short_:
        return u ? "u16" : "i16";
    case builtin_type::int_:
    case builtin_type::long_:
        return u ? "u32" : "i32";
    case builtin_type::hyper:
        return u ? "u64" : "i64";
    case builtin_type::int3264:
        return u ? "uptr" : "iptr";
    case builtin_type::float_:
        return "f32";
    case builtin_type::double_:
        return "f64";
    case builtin_type::wchar:
        return "u16";
    case builtin_type::handle_t:
        return "ptr(void)";
    case builtin_type::error_status_t:
        return "u32";
    }
    return "void";
}

// Spells types canonically. Aggregates are expanded where met; a recursive one (a list node
// pointing to its own type) is written on re-entry as a back-reference `struct^N`, N the
// number of aggregates between (1: the one being expanded), so that no tag name, which
// has no effect on the binary, reaches the fingerprint.
class canonical_writer {
public:
    std::string type_text(const type &t)
    {
        const auto &u = underlying(t);
        switch (u.kind) {
        case type_kind::builtin:
            return std::string(abi_builtin(u));
        case type_kind::pointer:
            return "ptr(" + (u.element ? type_text(*u.element) : std::string("?")) + ")";
        case type_kind::array: {
            auto element = u.element ? type_text(*u.element) : std::string("?");
            if (u.size && u.size->value) {
                return fmt::format("{}[{}]", element, *u.size->value);
            }
            return element + "[]";
        }
        case type_kind::named:
        case type_kind::tagged:
            return target_text(u);
        }
        return "?";
    }

private:
    std::string target_text(const type &u)
    {
        const decl *target = u.target;
        if (target == nullptr) {
            return "?" + u.name;
        }
        if (const auto *itf = as<interface_decl>(target)) {
            const auto *definition = itf->definition != nullptr ? itf->definition : itf;
            return definition->iid ? "itf " + to_string(*definition->iid) : "itf " + itf->name;
        }
        if (target->kind == decl_kind::dispinterface) {
            return "dispinterface " + target->name;
        }
        if (target->kind == decl_kind::enum_) {
            return "i32";
        }
        if (auto open = std::find(expanding_.begin(), expanding_.end(), target); open != expanding_.end()) {
            auto distance = std::distance(open, expanding_.end());
            return fmt::format("{}^{}", target->kind == decl_kind::union_ ? "union" : "struct", distance);
        }
        expanding_.push_back(target);
        std::string text = target->kind == decl_kind::union_ ? union_text(static_cast<const union_decl &>(*target))
                                                             : struct_text(as<struct_decl>(target));
        expanding_.pop_back();
        return text;
    }

    std::string fields_text(const std::vector<field> &fields)
    {
        std::string out;
        for (const auto &f : fields) {
            out += out.empty() ? "" : ",";
            out += f.type ? type_text(*f.type) : std::string("void");
        }
        return out;
    }

    std::string struct_text(const struct_decl *s)
    {
        return s == nullptr ? std::string("struct ?") : "struct{" + fields_text(s->fields) + "}";
    }

    std::string union_text(const union_decl &u)
    {
        std::string arms;
        for (const auto &arm : u.arms) {
            if (arm.member.type) {
                arms += arms.empty() ? "" : ",";
                arms += type_text(*arm.member.type);
            }
        }
        if (u.encapsulated) {
            auto discriminant = u.switch_type ? type_text(*u.switch_type) : std::string("?");
            return "struct{" + discriminant + ",union{" + arms + "}}";
        }
        return "union{" + arms + "}";
    }

    std::vector<const decl *> expanding_; // the aggregates being expanded, outermost first
};

std::string direction(const field &p)
{
    bool in = has_attribute(p.attributes, "in");
    bool out = has_attribute(p.attributes, "out");
    if (in && out) {
        return "in,out";
    }
    return out ? "out" : "in";
}

} // namespace

void compute_fingerprint(interface_decl &itf)
{
    std::vector<const interface_decl *> chain; // the interface, then its bases
    for (const interface_decl *current = &itf; current != nullptr; current = current->base) {
        chain.push_back(current);
    }
    canonical_writer writer;
    std::string text = "ucom layout 1\n";
    for (const auto *link : chain) {
        text += fmt::format("{} {}\n", link == &itf ? "iid" : "base", link->iid ? to_string(*link->iid) : link->name);
    }
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        for (const auto &m : (*it)->methods) {
            if (m.slot < 0) {
                continue;
            }
            std::string params;
            for (const auto &p : m.params) {
                params += params.empty() ? "" : ", ";
                params += direction(p) + " " + (p.type ? writer.type_text(*p.type) : std::string("?"));
            }
            text += fmt::format("slot {} {}({}) -> {}\n", m.slot, m.c_name, params,
                                m.return_type ? writer.type_text(*m.return_type) : std::string("void"));
        }
    }
    itf.fingerprint = XXH3_64bits(text.data(), text.size());
    itf.canonical_layout = std::move(text);
}

std::string fingerprint_text(std::uint64_t fingerprint)
{
    return fmt::format("{:016X}", fingerprint);
}

} // namespace ucom::idl
