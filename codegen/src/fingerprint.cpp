// The canonical layout texts of an interface and their XXH3-64 fingerprints (spec:
// docs/idl.md, "The layout fingerprint").
#include "fingerprint.hpp"

#include <algorithm>
#include <string_view>
#include <utility>
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

std::string contract_suffix(const attribute_set &attrs, bool is_string, const std::vector<std::string> &names,
                            const constant_values &constants);

const constant_values no_constants;

// Spells types canonically. Aggregates are expanded where met; a recursive one (a list node
// pointing to its own type) is written on re-entry as a back-reference `struct^N`, N the
// number of aggregates between (1: the one being expanded), so that no tag name, which
// has no effect on the binary, reaches the fingerprint. Layout 2 adds to layout 1 what the
// two sides must agree on beyond the binary: the bounds and kinds of the memory that
// crosses (contract_suffix), and which union arm each discriminant value selects.
class canonical_writer {
public:
    explicit canonical_writer(int version = 1, const constant_values &constants = no_constants,
                              aggregate_texts *memo = nullptr)
        : version_(version), constants_(constants), memo_(memo)
    {
    }

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
            refers_back_ = true;
            auto distance = std::distance(open, expanding_.end());
            return fmt::format("{}^{}", target->kind == decl_kind::union_ ? "union" : "struct", distance);
        }
        if (memo_ != nullptr) {
            if (auto known = memo_->find(target); known != memo_->end()) {
                return known->second;
            }
        }
        const bool outer_refers_back = std::exchange(refers_back_, false);
        expanding_.push_back(target);
        std::string text = target->kind == decl_kind::union_ ? union_text(static_cast<const union_decl &>(*target))
                                                             : struct_text(as<struct_decl>(target));
        expanding_.pop_back();
        // An expansion without a back-reference reads the same wherever it is met: kept, so
        // that a struct used by a thousand methods is spelled once. One with a back-reference
        // is not, even to itself: met inside an aggregate that it contains, it would read
        // differently (that aggregate's own expansion would then be the back-reference).
        if (memo_ != nullptr && !refers_back_) {
            memo_->emplace(target, text);
        }
        refers_back_ = refers_back_ || outer_refers_back;
        return text;
    }

    std::string fields_text(const std::vector<field> &fields)
    {
        std::vector<std::string> names;
        for (const auto &f : fields) {
            names.push_back(f.name);
        }
        std::string out;
        for (const auto &f : fields) {
            out += out.empty() ? "" : ",";
            out += f.type ? type_text(*f.type) : std::string("void");
            if (f.bits && f.bits->value) {
                out += fmt::format(":{}", *f.bits->value); // a bit field: `u32:3`
            }
            if (version_ >= 2) {
                out += contract_suffix(attribute_set(f.attributes), is_string_field(f), names, constants_);
            }
        }
        return out;
    }

    std::string struct_text(const struct_decl *s)
    {
        return s == nullptr ? std::string("struct ?") : pack_prefix(s->pack) + "struct{" + fields_text(s->fields) + "}";
    }

    // Packing changes the offsets the members' types alone would give: `pack1 struct{…}`.
    static std::string pack_prefix(unsigned pack)
    {
        return pack == 0 ? std::string() : fmt::format("pack{} ", pack);
    }

    std::string union_text(const union_decl &u)
    {
        std::string arms;
        for (const auto &arm : u.arms) {
            if (version_ >= 2) {
                arms += arms.empty() ? "" : ",";
                arms += arm_selector(arm) + " " + (arm.member.type ? type_text(*arm.member.type) : "void");
                arms += contract_suffix(attribute_set(arm.member.attributes), is_string_field(arm.member), {}, constants_);
            } else if (arm.member.type) {
                arms += arms.empty() ? "" : ",";
                arms += type_text(*arm.member.type);
            }
        }
        if (u.encapsulated) {
            auto discriminant = u.switch_type ? type_text(*u.switch_type) : std::string("?");
            return pack_prefix(u.pack) + "struct{" + discriminant + ",union{" + arms + "}}";
        }
        return pack_prefix(u.pack) + "union{" + arms + "}";
    }

    // "case(1,2)" or "default": the values that select an arm, as numbers.
    std::string arm_selector(const union_decl::arm &arm) const
    {
        if (arm.is_default) {
            return "default";
        }
        std::string values;
        for (const auto &value : arm.cases) {
            values += values.empty() ? "" : ",";
            values += value ? contract_expression(*value, {}, constants_) : std::string("?");
        }
        return "case(" + values + ")";
    }

    int version_;
    const constant_values &constants_;
    aggregate_texts *memo_;
    std::vector<const decl *> expanding_; // the aggregates being expanded, outermost first
    bool refers_back_ = false; // the expansion under way has written a back-reference
};

// The attributes of a parameter or field that say what memory crosses and how much of it,
// in a fixed order, as " [string size_is($2)]" (empty when there are none).
std::string contract_suffix(const attribute_set &attrs, bool is_string, const std::vector<std::string> &names,
                            const constant_values &constants)
{
    std::string out;
    const auto add = [&](std::string_view part) {
        out += out.empty() ? "" : " ";
        out += part;
    };
    if (is_string) {
        add("string");
    }
    for (auto id : {attribute_id::ref, attribute_id::unique, attribute_id::ptr}) {
        if (attrs.has(id)) {
            add(rule_of(id).name);
        }
    }
    for (auto id : {attribute_id::size_is, attribute_id::max_is, attribute_id::min_is, attribute_id::length_is,
                    attribute_id::first_is, attribute_id::last_is, attribute_id::iid_is, attribute_id::switch_is,
                    attribute_id::switch_type}) {
        const typed_attribute *a = attrs.find(id);
        if (a == nullptr) {
            continue;
        }
        std::string args = a->written->type_arg ? canonical_writer(2, constants).type_text(*a->written->type_arg) : "";
        for (std::size_t i = 0; i < a->written->args.size(); ++i) {
            const auto &arg = a->written->args[i];
            std::string text = arg ? contract_expression(*arg, names, constants) : std::string();
            if (arg && !arg->value && (arg->kind == expr_kind::binary || arg->kind == expr_kind::conditional)) {
                text = text.substr(1, text.size() - 2); // the argument's own parentheses suffice
            }
            args += (i == 0 && args.empty() ? "" : ",") + text;
        }
        add(fmt::format("{}({})", rule_of(id).name, args));
    }
    return out.empty() ? out : " [" + out + "]";
}

std::string canonical_text(const model_interface &itf, int version, const constant_values &constants,
                           layout_memo::texts &memo)
{
    // Appended piece by piece rather than formatted: a file of 10,000 interfaces writes 20
    // such lines per interface, twice. A slot's line is the same in every interface that
    // inherits it, so each is made once.
    canonical_writer writer(version, constants, &memo.aggregates);
    std::string text = "ucom layout " + std::to_string(version) + "\n";
    for (const model_interface *link = &itf; link != nullptr; link = link->base) {
        // A C-only interface has no IID; the name stands for it (docs/idl.md).
        text += link == &itf ? "iid " : "base ";
        text += link->iid ? to_string(*link->iid) : "none " + link->name;
        text += '\n';
    }
    std::vector<std::string> names;
    for (const auto &slot : itf.slots) {
        const auto &m = *slot.method;
        auto [line, made] = memo.slots.try_emplace(&m);
        if (!made) {
            text += line->second;
            continue;
        }
        const std::size_t line_start = text.size();
        names.clear();
        for (const auto &p : m.parameters) {
            names.push_back(p.name);
        }
        text += "slot ";
        text += std::to_string(m.slot);
        text += ' ';
        text += m.c_name;
        text += '(';
        bool first = true;
        for (const auto &p : m.parameters) {
            text += first ? "" : ", ";
            first = false;
            text += direction_name(p.direction);
            text += ' ';
            text += p.type ? writer.type_text(*p.type) : "?";
            if (version >= 2) {
                text += contract_suffix(p.attributes, p.is_string, names, constants);
            }
        }
        text += ") -> ";
        text += m.return_type ? writer.type_text(*m.return_type) : std::string("void");
        text += '\n';
        line->second.assign(text, line_start);
    }
    return text;
}

} // namespace

std::string contract_expression(const expr &e, const std::vector<std::string> &names, const constant_values &constants)
{
    if (e.value) {
        return fmt::format("{}", *e.value);
    }
    const auto operand = [&](std::size_t i) {
        return i < e.operands.size() && e.operands[i] ? contract_expression(*e.operands[i], names, constants) : std::string("?");
    };
    switch (e.kind) {
    case expr_kind::identifier: {
        const auto at = std::find(names.begin(), names.end(), e.text);
        if (at != names.end()) {
            return fmt::format("${}", at - names.begin() + 1);
        }
        const auto constant = constants.find(e.text);
        return constant != constants.end() ? fmt::format("{}", constant->second) : e.text;
    }
    case expr_kind::unary:
        return e.text + operand(0);
    case expr_kind::binary:
        return "(" + operand(0) + e.text + operand(1) + ")";
    case expr_kind::conditional:
        return "(" + operand(0) + "?" + operand(1) + ":" + operand(2) + ")";
    case expr_kind::cast:
        return "(" + (e.type_operand ? canonical_writer(2, constants).type_text(*e.type_operand) : std::string("?")) + ")" +
               operand(0);
    default:
        return e.text;
    }
}

void compute_fingerprint(model_interface &itf, const constant_values &constants, layout_memo &memo)
{
    itf.canonical_layout = canonical_text(itf, 1, constants, memo.layout);
    itf.fingerprint = XXH3_64bits(itf.canonical_layout.data(), itf.canonical_layout.size());
    itf.canonical_contract = canonical_text(itf, contract_layout_version, constants, memo.contract);
    itf.contract_fingerprint = XXH3_64bits(itf.canonical_contract.data(), itf.canonical_contract.size());
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
