// The canonical layout text of an interface and its XXH3-64 fingerprint (spec: docs/idl.md).
#include "fingerprint.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>
#include <xxhash.h>

#include "builtin_types.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

std::string_view abi_builtin(const type &t)
{
    return pick(info(t.builtin).abi, t);
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
        case type_kind::function: {
            std::string parameters;
            for (const auto &p : u.parameters) {
                parameters += (parameters.empty() ? "" : ",") + (p.type ? type_text(*p.type) : std::string("?"));
            }
            return "fn(" + parameters + ")->" + (u.element ? type_text(*u.element) : std::string("?"));
        }
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

} // namespace

void compute_fingerprint(model_interface &itf)
{
    canonical_writer writer;
    std::string text = "ucom layout 1\n";
    for (const model_interface *link = &itf; link != nullptr; link = link->base) {
        text += fmt::format("{} {}\n", link == &itf ? "iid" : "base", to_string(link->iid));
    }
    for (const auto &slot : itf.slots) {
        const auto &m = *slot.method;
        std::string params;
        for (const auto &p : m.parameters) {
            params += params.empty() ? "" : ", ";
            params += fmt::format("{} {}", direction_name(p.direction), p.type ? writer.type_text(*p.type) : "?");
        }
        text += fmt::format("slot {} {}({}) -> {}\n", m.slot, m.c_name, params,
                            m.return_type ? writer.type_text(*m.return_type) : std::string("void"));
    }
    itf.fingerprint = XXH3_64bits(text.data(), text.size());
    itf.canonical_layout = std::move(text);
}

std::string canonical_type(const type &t)
{
    return canonical_writer().type_text(t);
}

std::string fingerprint_text(std::uint64_t fingerprint)
{
    return fmt::format("{:016X}", fingerprint);
}

} // namespace ucom::idl
