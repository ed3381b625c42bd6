// The API snapshot and the compatibility check (api_snapshot.hpp).
#include "api_snapshot.hpp"

#include <cctype>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <xxhash.h>

#include "fingerprint.hpp"
#include "spelling.hpp"
#include "type_queries.hpp"

namespace ucom::idl {
namespace {

using json = nlohmann::json; // keys sorted: the snapshot is canonical whatever the source order

constexpr int snapshot_version = 1;

// An expression with every name of `names` written as its position ($1 is the first), so
// that renaming a parameter or field does not change the snapshot and `2 * n` stays apart
// from `n`.
std::string positional(const expr &e, const std::vector<std::string> &names)
{
    const std::string spelled = expression(e);
    std::string out;
    for (std::size_t i = 0; i < spelled.size();) {
        const auto c = static_cast<unsigned char>(spelled[i]);
        if (std::isalnum(c) == 0 && spelled[i] != '_') {
            out += spelled[i++];
            continue;
        }
        std::size_t end = i;
        while (end < spelled.size() &&
               (std::isalnum(static_cast<unsigned char>(spelled[end])) != 0 || spelled[end] == '_')) {
            ++end;
        }
        const std::string word = spelled.substr(i, end - i);
        auto at = std::find(names.begin(), names.end(), word);
        if (std::isdigit(c) == 0 && at != names.end()) {
            out += fmt::format("${}", at - names.begin() + 1);
        } else {
            out += word; // a number (0x1F included) or a constant
        }
        i = end;
    }
    return out;
}

// The attributes of a parameter or field that change what crosses the boundary, in one
// canonical string: "string size_is($2) unique".
std::string contract(const attribute_set &attrs, const std::vector<std::string> &names)
{
    std::string out;
    auto add = [&](const std::string &part) { out += (out.empty() ? "" : " ") + part; };
    for (auto id : {attribute_id::retval, attribute_id::string, attribute_id::ref, attribute_id::unique,
                    attribute_id::ptr}) {
        if (attrs.has(id)) {
            add(std::string(rule_of(id).name));
        }
    }
    for (auto id : {attribute_id::size_is, attribute_id::length_is, attribute_id::max_is, attribute_id::min_is,
                    attribute_id::first_is, attribute_id::last_is, attribute_id::iid_is, attribute_id::switch_is,
                    attribute_id::switch_type, attribute_id::range}) {
        const auto *a = attrs.find(id);
        if (a == nullptr) {
            continue;
        }
        std::string args;
        if (a->written->type_arg) {
            args = canonical_type(*a->written->type_arg);
        }
        for (std::size_t i = 0; i < a->written->args.size(); ++i) {
            const auto &arg = a->written->args[i];
            args += (i == 0 && args.empty() ? "" : ",") + (arg ? positional(*arg, names) : std::string());
        }
        add(fmt::format("{}({})", rule_of(id).name, args));
    }
    return out;
}

json method_json(const model_method &m)
{
    std::vector<std::string> names;
    for (const auto &p : m.parameters) {
        names.push_back(p.name);
    }
    json params = json::array();
    for (const auto &p : m.parameters) {
        params.push_back({{"name", p.name},
                          {"direction", direction_name(p.direction)},
                          {"type", p.type != nullptr ? canonical_type(*p.type) : "?"},
                          {"contract", contract(p.attributes, names)}});
    }
    return {{"slot", m.slot},
            {"name", m.name},
            {"c_name", m.c_name},
            {"returns", m.return_type != nullptr ? canonical_type(*m.return_type) : "void"},
            {"parameters", std::move(params)}};
}

json interface_json(const model_interface &itf)
{
    json methods = json::array();
    for (const auto &m : itf.methods) {
        if (m.slot >= 0) {
            methods.push_back(method_json(m));
        }
    }
    return {{"iid", to_string(itf.iid.value_or(uuid_value{}))}, // main_interfaces(): always there
            {"base", itf.base != nullptr ? json(itf.base->name) : json(nullptr)},
            {"methods", std::move(methods)}};
}

json fields_json(const std::vector<field> &fields)
{
    std::vector<std::string> names;
    for (const auto &f : fields) {
        names.push_back(f.name);
    }
    json out = json::array();
    for (const auto &f : fields) {
        std::string type_text = f.type ? canonical_type(*f.type) : "void";
        if (f.bits && f.bits->value) {
            type_text += fmt::format(":{}", *f.bits->value); // as the layout text writes a bit field
        }
        out.push_back({{"name", f.name},
                       {"type", type_text},
                       {"contract", contract(attribute_set(f.attributes), names)}});
    }
    return out;
}

json union_json(const union_decl &u)
{
    json arms = json::array();
    for (const auto &arm : u.arms) {
        json cases = json::array();
        for (const auto &c : arm.cases) {
            cases.push_back(c && c->value ? json(*c->value) : json(nullptr));
        }
        arms.push_back({{"cases", std::move(cases)},
                        {"default", arm.is_default},
                        {"name", arm.member.name},
                        {"type", arm.member.type ? canonical_type(*arm.member.type) : "void"}});
    }
    return {{"encapsulated", u.encapsulated},
            {"discriminant", u.discriminant != nullptr ? canonical_type(*u.discriminant) : "?"},
            {"arms", std::move(arms)}};
}

json constant_value(const const_decl &c)
{
    if (!c.value) {
        return nullptr;
    }
    if (c.value->value) {
        return *c.value->value;
    }
    return c.value->kind == expr_kind::string ? c.value->text : expression(*c.value);
}

} // namespace

std::string write_api_snapshot(const resolved_model &model, const writer_options &options)
{
    json interfaces = json::object();
    for (const auto *itf : model.main_interfaces()) {
        interfaces[itf->name] = interface_json(*itf);
    }
    json structs = json::object();
    json unions = json::object();
    json enums = json::object();
    json typedefs = json::object();
    json constants = json::object();
    // Anonymous aggregates have invented names; they are in the snapshot through their users.
    for_each_declaration(model.main().decls, [&](const decl &d) {
        if (const auto *s = as<struct_decl>(&d); s != nullptr && s->is_definition && !s->anonymous) {
            structs[s->name] = {{"fields", fields_json(s->fields)}};
        } else if (const auto *u = as<union_decl>(&d); u != nullptr && u->is_definition && !u->anonymous) {
            unions[u->name] = union_json(*u);
        } else if (const auto *e = as<enum_decl>(&d); e != nullptr && e->is_definition && !e->anonymous) {
            json values = json::object();
            for (const auto &item : e->enumerators) {
                values[item.name] = item.resolved_value;
            }
            enums[e->name] = std::move(values);
        } else if (const auto *t = as<typedef_decl>(&d); t != nullptr && t->type) {
            typedefs[t->name] = canonical_type(*t->type);
        } else if (const auto *c = as<const_decl>(&d)) {
            constants[c->name] = constant_value(*c);
        }
    });
    json snapshot = {{"ucom_api", snapshot_version},
                     {"source", options.source_name},
                     {"interfaces", std::move(interfaces)},
                     {"structs", std::move(structs)},
                     {"unions", std::move(unions)},
                     {"enums", std::move(enums)},
                     {"typedefs", std::move(typedefs)},
                     {"constants", std::move(constants)}};
    // The hash covers the API, not where it was read from.
    json hashed = snapshot;
    hashed.erase("source");
    const std::string text = hashed.dump();
    snapshot["hash"] = fingerprint_text(XXH3_64bits(text.data(), text.size()));
    return snapshot.dump(1, ' ', false, json::error_handler_t::replace) + "\n";
}

bool is_api_snapshot(std::string_view text)
{
    auto parsed = json::parse(text.begin(), text.end(), nullptr, false);
    return parsed.is_object() && parsed.contains("ucom_api");
}

} // namespace ucom::idl
