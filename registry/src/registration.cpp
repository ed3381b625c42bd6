#include <ucom/registry/registration.hpp>

#include <algorithm>
#include <map>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include <ucom/module_descriptor.h>

#include "validation.hpp"

namespace ucom::registry {

namespace {

tl::unexpected<error> refuse(HRESULT code, std::string message, const std::filesystem::path &about)
{
    return tl::make_unexpected(error(code, std::move(message), about.string()));
}

void remove_module(registry_file &file, const std::string &path)
{
    std::erase_if(file.modules, [&](const module_record &m) { return m.path == path; });
    std::erase_if(file.classes, [&](const class_record &c) { return c.module == path; });
}

// Interface records exist for the modules that implement them; they go with the last one,
// and their contract with the last module that gives one. The implemented IIDs are gathered
// once: a scan of every module per interface would grow with the square of the registry.
void prune_interfaces(registry_file &file)
{
    std::unordered_set<guid> implemented;
    std::unordered_set<guid> with_contract;
    for (const module_record &m : file.modules) {
        for (const module_interface &mi : m.interfaces) {
            implemented.insert(mi.iid);
            if (mi.contract != 0) {
                with_contract.insert(mi.iid);
            }
        }
    }
    std::erase_if(file.interfaces, [&](const interface_record &i) { return implemented.count(i.iid) == 0; });
    for (interface_record &i : file.interfaces) {
        if (with_contract.count(i.iid) == 0) {
            i.contract = 0;
        }
    }
}

// The interfaces the module's classes implement (not [source] ones, which they call, and
// not dispinterfaces, which have no vtable), once each.
result<std::map<guid, const descriptor::interface_entry *>> implemented_interfaces(
    const descriptor::module_info &info, const std::filesystem::path &module_file)
{
    std::map<guid, const descriptor::interface_entry *> implemented;
    for (const auto &c : info.classes) {
        for (const auto &i : c.interfaces) {
            if ((i.flags & (UCOM_INTERFACE_SOURCE | UCOM_INTERFACE_DISPATCH)) != 0) {
                continue;
            }
            const auto [at, added] = implemented.emplace(i.iid, &i);
            if (!added && (at->second->fingerprint != i.fingerprint || at->second->contract != i.contract)) {
                return refuse(CO_E_ERRORINDLL,
                              fmt::format("{}: the descriptor gives interface {} {} two fingerprints", module_file.string(),
                                          i.name, i.iid.to_string()),
                              module_file);
            }
        }
    }
    return implemented;
}

} // namespace

result<void> register_module(registry_file &file, const std::filesystem::path &registry_path,
                             const std::filesystem::path &module_file, const descriptor::module_info &info)
{
    const std::filesystem::path absolute = physical_path(module_file); // the file that was read
    if (info.classes.empty()) {
        return refuse(CO_E_ERRORINDLL, fmt::format("{}: the module declares no classes", absolute.string()), absolute);
    }
    auto implemented = implemented_interfaces(info, absolute);
    if (!implemented) {
        return tl::make_unexpected(implemented.error());
    }

    // TOML text is UTF-8: anything else would be written escaped and read back different.
    if (!is_utf8(absolute.string())) {
        return refuse(E_INVALIDARG, fmt::format("{}: the path is not UTF-8, which a registry file cannot hold",
                                                absolute.string()),
                      absolute);
    }
    for (const auto &c : info.classes) {
        for (const std::string *text : {&c.name, &c.description}) {
            if (!is_utf8(*text)) {
                return refuse(CO_E_ERRORINDLL,
                              fmt::format("{}: class {}: its name or description in the descriptor is not UTF-8",
                                          absolute.string(), c.clsid.to_string()),
                              absolute);
            }
        }
    }

    registry_file next = file;
    module_record module;
    module.path = module_path_for(registry_path, absolute);
    module.abi_major = info.abi_major;
    module.abi_minor = info.abi_minor;
    remove_module(next, module.path); // registering again replaces the earlier entries

    for (const auto &[iid, entry] : *implemented) {
        module.interfaces.push_back({iid, entry->fingerprint, entry->contract});
        interface_record record{iid, entry->name, entry->fingerprint, {}, entry->contract};
        const auto known = std::find_if(next.interfaces.begin(), next.interfaces.end(),
                                        [&](const interface_record &r) { return r.iid == record.iid; });
        if (known != next.interfaces.end()) {
            if (record.contract == 0) {
                record.contract = known->contract; // a module built before contracts keeps the others' one
            }
            *known = record;
        } else {
            next.interfaces.push_back(record);
        }
    }
    for (const auto &c : info.classes) {
        class_record record;
        record.clsid = c.clsid;
        record.progid = c.progid;
        record.vi_progid = c.vi_progid;
        record.name = c.name;
        record.description = c.description;
        record.module = module.path;
        record.threading = std::string(descriptor::threading_name(c.threading));
        for (const auto &i : c.interfaces) {
            if ((i.flags & (UCOM_INTERFACE_SOURCE | UCOM_INTERFACE_DISPATCH)) == 0) {
                record.interfaces.push_back(i.iid);
            }
        }
        next.classes.push_back(std::move(record));
    }
    next.modules.push_back(std::move(module));
    prune_interfaces(next);

    // The reader's rules, so that no registration writes a file that would not read back.
    // The new entries come after the registered ones, so a conflict names the new entry and
    // what it collides with.
    if (const auto broken = check_registry(next)) {
        if (broken->kind == problem_kind::bad_value) { // the descriptor's value
            return refuse(CO_E_ERRORINDLL, fmt::format("{}: {}", absolute.string(), broken->message), absolute);
        }
        return refuse(REGDB_E_INVALIDVALUE,
                      broken->taken_name ? broken->message + "; unregister it first" : broken->message, absolute);
    }
    file = std::move(next);
    return {};
}

result<void> unregister(registry_file &file, const std::filesystem::path &registry_path, std::string_view what)
{
    const std::string name(what);
    const bool looks_like_guid = looks_like_clsid(what);
    // A file when it names one: a ProgID may end in ".so" too.
    std::error_code ignored;
    const bool looks_like_file =
        what.find('/') != std::string_view::npos || std::filesystem::exists(std::filesystem::path(what), ignored);
    std::string module_path;
    if (looks_like_guid) {
        auto clsid = guid::parse(what);
        if (!clsid) {
            return tl::make_unexpected(error(CO_E_CLASSSTRING, clsid.error().message(), name));
        }
        if (const class_record *c = file.find_class(*clsid)) {
            module_path = c->module;
            std::erase_if(file.classes, [&](const class_record &r) { return r.clsid == *clsid; });
        }
    } else if (looks_like_file) {
        const std::filesystem::path absolute = physical_path(std::filesystem::path(what));
        const auto match = std::find_if(file.modules.begin(), file.modules.end(), [&](const module_record &m) {
            return resolve_module_path(registry_path, m.path) == absolute;
        });
        if (match != file.modules.end()) {
            const std::string path = match->path;
            remove_module(file, path);
            prune_interfaces(file);
            return {};
        }
    } else {
        const auto match = std::find_if(file.classes.begin(), file.classes.end(), [&](const class_record &c) {
            return c.progid == what || c.vi_progid == what;
        });
        if (match != file.classes.end()) {
            module_path = match->module;
            file.classes.erase(match);
        }
    }
    if (module_path.empty()) {
        return tl::make_unexpected(error(REGDB_E_CLASSNOTREG,
                                         fmt::format("'{}' is not registered in {}", what, registry_path.string()), name));
    }
    if (std::none_of(file.classes.begin(), file.classes.end(),
                     [&](const class_record &c) { return c.module == module_path; })) {
        remove_module(file, module_path);
    }
    prune_interfaces(file);
    return {};
}

} // namespace ucom::registry
