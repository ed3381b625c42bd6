// The rules of a registry file's entries (validation.hpp); the messages are the ones users
// meet from both `ucom register` and a file that does not read.
#include "validation.hpp"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <fmt/format.h>

namespace ucom::registry {
namespace {

constexpr std::string_view threading_models[] = {"unspecified", "apartment", "free", "both", "neutral", "single"};

std::string class_label(const class_record &c)
{
    return c.progid.empty() ? c.clsid.to_string() : fmt::format("{} ({})", c.clsid.to_string(), c.progid);
}

registry_problem problem(problem_kind kind, entry_location where, std::string message)
{
    return registry_problem{kind, where, std::move(message), false};
}

std::optional<registry_problem> check_modules(const registry_file &file)
{
    std::unordered_set<std::string_view> paths;
    for (std::size_t i = 0; i < file.modules.size(); ++i) {
        const module_record &m = file.modules[i];
        if (m.path.empty()) {
            return problem(problem_kind::bad_value, {"module", i, "path"}, "module: 'path' is empty");
        }
        if (!paths.insert(m.path).second) {
            return problem(problem_kind::conflict, {"module", i, {}},
                           fmt::format("module '{}' is listed twice", m.path));
        }
    }
    return std::nullopt;
}

std::optional<registry_problem> check_class_values(const class_record &c, std::size_t i)
{
    for (const auto &[key, progid] : {std::pair{std::string_view("progid"), &c.progid},
                                      std::pair{std::string_view("vi_progid"), &c.vi_progid}}) {
        if (!progid->empty() && !is_progid(*progid)) {
            return problem(problem_kind::bad_value, {"class", i, key},
                           fmt::format("class {}: '{}' is not a ProgID (a letter, then letters, digits, '.', '_' or '-')",
                                       class_label(c), *progid));
        }
    }
    if (std::find(std::begin(threading_models), std::end(threading_models), c.threading) ==
        std::end(threading_models)) {
        return problem(problem_kind::bad_value, {"class", i, "threading"},
                       fmt::format("class {}: unknown threading model '{}' (unspecified, apartment, free, both, "
                                   "neutral or single)",
                                   class_label(c), c.threading));
    }
    return std::nullopt;
}

std::optional<registry_problem> check_classes(const registry_file &file)
{
    std::unordered_set<std::string_view> module_paths;
    for (const module_record &m : file.modules) {
        module_paths.insert(m.path);
    }
    std::unordered_map<guid, const class_record *> clsids;
    std::unordered_map<std::string_view, const class_record *> progids;
    for (std::size_t i = 0; i < file.classes.size(); ++i) {
        const class_record &c = file.classes[i];
        if (auto bad = check_class_values(c, i)) {
            return bad;
        }
        if (const auto [at, added] = clsids.emplace(c.clsid, &c); !added) {
            auto taken = problem(problem_kind::conflict, {"class", i, {}},
                                 fmt::format("class {} is already registered by module '{}'", class_label(*at->second),
                                             at->second->module));
            taken.taken_name = true;
            return taken;
        }
        for (const std::string *progid : {&c.progid, &c.vi_progid}) {
            // A class may use one name as both its ProgID and its version-independent one.
            if (progid->empty() || (progid == &c.vi_progid && c.vi_progid == c.progid)) {
                continue;
            }
            if (const auto [at, added] = progids.emplace(*progid, &c); !added) {
                auto taken = problem(problem_kind::conflict, {"class", i, {}},
                                     fmt::format("ProgID '{}' of class {} is already used by class {} of module '{}'",
                                                 *progid, c.clsid.to_string(), class_label(*at->second),
                                                 at->second->module));
                taken.taken_name = true;
                return taken;
            }
        }
        if (module_paths.count(c.module) == 0) {
            return problem(problem_kind::conflict, {"class", i, {}},
                           fmt::format("class {}: module '{}' is not listed in this file", c.clsid.to_string(),
                                       c.module));
        }
    }
    return std::nullopt;
}

std::string interface_label(const std::unordered_map<guid, const interface_record *> &iids, const guid &iid)
{
    const auto found = iids.find(iid);
    return found != iids.end() ? fmt::format("{} {}", found->second->name, iid.to_string()) : iid.to_string();
}

// The layouts a module gives an interface, each checked the same way. A contract is optional:
// a module built before contracts gives none.
struct layout_kind {
    const char *name;
    std::uint64_t module_interface::*in_module;
    std::uint64_t interface_record::*in_entry;
    bool optional;
};
constexpr layout_kind layout_kinds[] = {
    {"fingerprint", &module_interface::fingerprint, &interface_record::fingerprint, false},
    {"contract", &module_interface::contract, &interface_record::contract, true},
};

// Each module lists an interface once, and every module that lists it gives it one
// fingerprint, and one contract where it gives one (an interface that changes needs a new
// IID). Checked for all modules before the [[interface]] entries are, so that a module
// registered with a changed fingerprint is the one named, not the modules whose entry
// registration replaced.
std::optional<registry_problem> check_module_interfaces(const registry_file &file,
                                                        const std::unordered_map<guid, const interface_record *> &iids)
{
    struct first_listing {
        const module_record *module;
        std::uint64_t value;
    };
    // What the first module that lists an IID gave it, by layout kind: every later one must agree.
    std::unordered_map<guid, first_listing> first[std::size(layout_kinds)];
    for (std::size_t i = 0; i < file.modules.size(); ++i) {
        const module_record &m = file.modules[i];
        std::unordered_set<guid> listed;
        for (const module_interface &implemented : m.interfaces) {
            if (!listed.insert(implemented.iid).second) {
                return problem(problem_kind::conflict, {"module", i, {}},
                               fmt::format("module '{}' lists interface {} twice", m.path, implemented.iid.to_string()));
            }
            for (std::size_t k = 0; k < std::size(layout_kinds); ++k) {
                const layout_kind &kind = layout_kinds[k];
                const std::uint64_t value = implemented.*kind.in_module;
                if (kind.optional && value == 0) {
                    continue;
                }
                const auto [at, added] = first[k].emplace(implemented.iid, first_listing{&m, value});
                if (!added && at->second.value != value) {
                    return problem(problem_kind::conflict, {"module", i, {}},
                                   fmt::format("interface {}: module '{}' declares {} {}, but module '{}' registers it "
                                               "with {}; an interface that changes needs a new IID",
                                               interface_label(iids, implemented.iid), m.path, kind.name,
                                               fingerprint_text(value), at->second.module->path,
                                               fingerprint_text(at->second.value)));
                }
            }
        }
    }
    for (std::size_t i = 0; i < file.modules.size(); ++i) {
        const module_record &m = file.modules[i];
        for (const module_interface &implemented : m.interfaces) {
            const auto known = iids.find(implemented.iid);
            if (known == iids.end()) {
                continue;
            }
            for (const layout_kind &kind : layout_kinds) {
                const std::uint64_t value = implemented.*kind.in_module;
                if ((kind.optional && value == 0) || known->second->*kind.in_entry == value) {
                    continue;
                }
                return problem(problem_kind::conflict, {"module", i, {}},
                               fmt::format("module '{}' gives interface {} {} {}, but its [[interface]] entry has {}",
                                           m.path, interface_label(iids, implemented.iid), kind.name,
                                           fingerprint_text(value), fingerprint_text(known->second->*kind.in_entry)));
            }
        }
    }
    return std::nullopt;
}

} // namespace

std::optional<registry_problem> check_registry(const registry_file &file)
{
    if (auto bad = check_modules(file)) {
        return bad;
    }
    if (auto bad = check_classes(file)) {
        return bad;
    }
    std::unordered_map<guid, const interface_record *> iids;
    for (std::size_t i = 0; i < file.interfaces.size(); ++i) {
        if (!iids.emplace(file.interfaces[i].iid, &file.interfaces[i]).second) {
            return problem(problem_kind::conflict, {"interface", i, {}},
                           fmt::format("interface {} is registered twice", file.interfaces[i].iid.to_string()));
        }
    }
    return check_module_interfaces(file, iids);
}

} // namespace ucom::registry
