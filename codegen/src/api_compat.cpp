// The compatibility check between two API snapshots (api_snapshot.hpp; rules in docs/idl.md,
// "Interface evolution"). Published interfaces are immutable: anything that changes a frozen
// interface's vtable, a type's layout or a value callers compiled in is a violation; new
// interfaces, new types, new constants and new enumerators are not. Renaming a parameter or
// a field changes no binary and is allowed.
#include <map>
#include <stdexcept>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "api_snapshot.hpp"

namespace ucom::idl {
namespace {

using json = nlohmann::json;

json parse_snapshot(std::string_view text, std::string_view which)
{
    auto parsed = json::parse(text.begin(), text.end(), nullptr, false);
    if (!parsed.is_object() || !parsed.contains("ucom_api")) {
        throw std::invalid_argument(fmt::format("the {} file is not an API snapshot (ucom-idl --dump-api)", which));
    }
    for (const char *section : {"interfaces", "structs", "unions", "enums", "typedefs", "constants"}) {
        if (!parsed.contains(section) || !parsed[section].is_object()) {
            throw std::invalid_argument(fmt::format("the {} snapshot has no '{}' section", which, section));
        }
    }
    return parsed;
}

std::string text_of(const json &value)
{
    return value.is_string() ? value.get<std::string>() : value.dump();
}

class checker {
public:
    checker(const json &old_api, const json &new_api) : old_(old_api), new_(new_api) {}

    std::vector<std::string> run()
    {
        interfaces();
        structs();
        unions();
        enums();
        named_values("typedefs", "typedef", "type");
        named_values("constants", "constant", "value");
        return std::move(violations_);
    }

private:
    template <class... Args>
    void report(fmt::format_string<Args...> format, Args &&...args)
    {
        violations_.push_back(fmt::format(format, std::forward<Args>(args)...));
    }

    // ---- interfaces ----

    void interfaces()
    {
        const json &before = old_["interfaces"];
        const json &after = new_["interfaces"];
        std::map<std::string, std::string> old_names_by_iid;
        for (const auto &[name, itf] : before.items()) {
            old_names_by_iid.emplace(itf.value("iid", ""), name);
        }
        for (const auto &[name, itf] : before.items()) {
            if (!after.contains(name)) {
                report("interface {}: removed", name);
                continue;
            }
            interface(name, itf, after[name]);
        }
        for (const auto &[name, itf] : after.items()) {
            auto reused = old_names_by_iid.find(itf.value("iid", ""));
            if (reused != old_names_by_iid.end() && reused->second != name) {
                report("interface {}: reuses the IID {} of interface {}", name, reused->first, reused->second);
            }
        }
    }

    void interface(const std::string &name, const json &before, const json &after)
    {
        if (before["iid"] != after["iid"]) {
            report("interface {}: IID changed from {} to {}", name, text_of(before["iid"]), text_of(after["iid"]));
        }
        if (before["base"] != after["base"]) {
            report("interface {}: base changed from {} to {}", name, text_of(before["base"]), text_of(after["base"]));
        }
        const json &old_methods = before["methods"];
        const json &new_methods = after["methods"];
        // A method is its C name (get_X for a [propget] X): what its vtable slot is called.
        auto slot_of = [](const json &methods, const std::string &method) -> const json * {
            for (const auto &m : methods) {
                if (m["c_name"] == method) {
                    return &m;
                }
            }
            return nullptr;
        };
        for (std::size_t i = 0; i < old_methods.size(); ++i) {
            const json &m = old_methods[i];
            const std::string method = m["c_name"];
            const json *same_slot = i < new_methods.size() ? &new_methods[i] : nullptr;
            if (same_slot != nullptr && (*same_slot)["c_name"] == m["c_name"]) {
                method_signature(name, method, m, *same_slot);
            } else if (const json *moved = slot_of(new_methods, method); moved != nullptr) {
                report("interface {}: method {} moved from slot {} to slot {}", name, method, text_of(m["slot"]),
                       text_of((*moved)["slot"]));
            } else if (same_slot != nullptr) {
                report("interface {}: method {} in slot {} renamed to {}", name, method, text_of(m["slot"]),
                       text_of((*same_slot)["c_name"]));
            } else {
                report("interface {}: method {} (slot {}) removed", name, method, text_of(m["slot"]));
            }
        }
        for (std::size_t i = old_methods.size(); i < new_methods.size(); ++i) {
            const json &m = new_methods[i];
            if (slot_of(old_methods, m["c_name"]) == nullptr) {
                report("interface {}: method {} added in slot {}; a published interface is immutable: declare it "
                       "in a new interface that derives from {}",
                       name, text_of(m["c_name"]), text_of(m["slot"]), name);
            }
        }
    }

    void method_signature(const std::string &itf, const std::string &method, const json &before, const json &after)
    {
        if (before["returns"] != after["returns"]) {
            report("interface {}: method {}: return type changed from '{}' to '{}'", itf, method,
                   text_of(before["returns"]), text_of(after["returns"]));
        }
        const json &old_params = before["parameters"];
        const json &new_params = after["parameters"];
        if (old_params.size() != new_params.size()) {
            report("interface {}: method {}: {} parameters became {}", itf, method, old_params.size(),
                   new_params.size());
            return;
        }
        for (std::size_t i = 0; i < old_params.size(); ++i) {
            const json &p = old_params[i];
            const json &q = new_params[i];
            for (const char *aspect : {"direction", "type", "contract"}) {
                if (p[aspect] != q[aspect]) {
                    report("interface {}: method {}: parameter {} '{}': {} changed from '{}' to '{}'", itf, method,
                           i + 1, text_of(p["name"]), aspect, text_of(p[aspect]), text_of(q[aspect]));
                }
            }
        }
    }

    // ---- types ----

    void structs()
    {
        for (const auto &[name, s] : old_["structs"].items()) {
            if (!new_["structs"].contains(name)) {
                report("struct {}: removed", name);
                continue;
            }
            fields(name, s["fields"], new_["structs"][name]["fields"]);
        }
    }

    void fields(const std::string &name, const json &before, const json &after)
    {
        if (before.size() != after.size()) {
            report("struct {}: {} fields became {}", name, before.size(), after.size());
            return;
        }
        // The same fields in another order is one violation, not one per field.
        auto by_name = [](const json &list) {
            std::map<std::string, json> out;
            for (const auto &f : list) {
                out.emplace(f["name"].get<std::string>(), f);
            }
            return out;
        };
        if (before != after && by_name(before) == by_name(after)) {
            report("struct {}: fields reordered", name);
            return;
        }
        for (std::size_t i = 0; i < before.size(); ++i) {
            for (const char *aspect : {"type", "contract"}) {
                if (before[i][aspect] != after[i][aspect]) {
                    report("struct {}: field {} '{}': {} changed from '{}' to '{}'", name, i + 1,
                           text_of(before[i]["name"]), aspect, text_of(before[i][aspect]), text_of(after[i][aspect]));
                }
            }
        }
    }

    void unions()
    {
        for (const auto &[name, u] : old_["unions"].items()) {
            if (!new_["unions"].contains(name)) {
                report("union {}: removed", name);
                continue;
            }
            const json &after = new_["unions"][name];
            for (const char *aspect : {"encapsulated", "discriminant"}) {
                if (u[aspect] != after[aspect]) {
                    report("union {}: {} changed from {} to {}", name, aspect, text_of(u[aspect]),
                           text_of(after[aspect]));
                }
            }
            const json &old_arms = u["arms"];
            const json &new_arms = after["arms"];
            if (old_arms.size() != new_arms.size()) {
                report("union {}: {} arms became {}", name, old_arms.size(), new_arms.size());
                continue;
            }
            for (std::size_t i = 0; i < old_arms.size(); ++i) {
                for (const char *aspect : {"cases", "default", "type"}) {
                    if (old_arms[i][aspect] != new_arms[i][aspect]) {
                        report("union {}: arm {} '{}': {} changed from {} to {}", name, i + 1,
                               text_of(old_arms[i]["name"]), aspect, text_of(old_arms[i][aspect]),
                               text_of(new_arms[i][aspect]));
                    }
                }
            }
        }
    }

    void enums()
    {
        for (const auto &[name, values] : old_["enums"].items()) {
            if (!new_["enums"].contains(name)) {
                report("enum {}: removed", name);
                continue;
            }
            const json &after = new_["enums"][name];
            for (const auto &[enumerator, value] : values.items()) {
                if (!after.contains(enumerator)) {
                    report("enum {}: enumerator {} removed", name, enumerator);
                } else if (after[enumerator] != value) {
                    report("enum {}: enumerator {} renumbered from {} to {}", name, enumerator, value.dump(),
                           after[enumerator].dump());
                }
            }
        }
    }

    // Typedefs and constants: a name and one value each.
    void named_values(const char *section, std::string_view kind, std::string_view aspect)
    {
        for (const auto &[name, value] : old_[section].items()) {
            if (!new_[section].contains(name)) {
                report("{} {}: removed", kind, name);
            } else if (new_[section][name] != value) {
                report("{} {}: {} changed from '{}' to '{}'", kind, name, aspect, text_of(value),
                       text_of(new_[section][name]));
            }
        }
    }

    const json &old_;
    const json &new_;
    std::vector<std::string> violations_;
};

} // namespace

std::vector<std::string> compatibility_violations(std::string_view old_snapshot, std::string_view new_snapshot)
{
    const json before = parse_snapshot(old_snapshot, "old");
    const json after = parse_snapshot(new_snapshot, "new");
    return checker(before, after).run();
}

} // namespace ucom::idl
