#include <ucom/registry/verification.hpp>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <fmt/format.h>

#include <ucom/module_file/descriptor.hpp>
#include <ucom/module_file/dependencies.hpp>

namespace ucom::registry {

namespace {

const descriptor::interface_entry *declared_interface(const descriptor::module_info &info, const guid &iid)
{
    for (const auto &c : info.classes) {
        for (const auto &i : c.interfaces) {
            if (i.iid == iid) {
                return &i;
            }
        }
    }
    return nullptr;
}

// What the checks of one registry file look up, built once per file: without it each module
// would scan every class and interface of the file, and verify would grow with the square
// of the registry.
struct file_index {
    explicit file_index(const registry_file &file)
    {
        for (const class_record &c : file.classes) {
            classes.emplace(c.clsid, &c); // the reader refuses a CLSID registered twice
            by_module[c.module].push_back(&c);
        }
        for (const interface_record &i : file.interfaces) {
            interfaces.emplace(i.iid, &i);
        }
    }

    const class_record *find_class(const guid &clsid) const
    {
        const auto found = classes.find(clsid);
        return found != classes.end() ? found->second : nullptr;
    }

    const interface_record *find_interface(const guid &iid) const
    {
        const auto found = interfaces.find(iid);
        return found != interfaces.end() ? found->second : nullptr;
    }

    const std::vector<const class_record *> &classes_of(const std::string &module) const
    {
        static const std::vector<const class_record *> none;
        const auto found = by_module.find(module);
        return found != by_module.end() ? found->second : none;
    }

    std::unordered_map<guid, const class_record *> classes;
    std::unordered_map<guid, const interface_record *> interfaces;
    std::unordered_map<std::string, std::vector<const class_record *>> by_module;
};

template <class FindInterface>
std::vector<std::string> mismatches_of(const module_record &module, const descriptor::module_info &info,
                                       FindInterface find_interface)
{
    std::vector<std::string> mismatches;
    for (const module_interface &registered : module.interfaces) {
        const interface_record *known = find_interface(registered.iid);
        const std::string name = known != nullptr ? known->name : std::string("(unnamed)");
        const descriptor::interface_entry *declared = declared_interface(info, registered.iid);
        if (declared == nullptr) {
            mismatches.push_back(fmt::format("the module no longer declares interface {} {} (re-register it)", name,
                                             registered.iid.to_string()));
        } else if (const layout_match match = compare_layouts({registered.fingerprint, registered.contract},
                                                              {declared->fingerprint, declared->contract});
                   match != layout_match::same) {
            const bool contract = match == layout_match::contract_differs;
            mismatches.push_back(fmt::format(
                "{} mismatch for interface {} {}: the registry has {}, the module declares {}; the interface's {} "
                "changed without a new IID{}",
                contract ? "contract" : "fingerprint", name, registered.iid.to_string(),
                fingerprint_text(contract ? registered.contract : registered.fingerprint),
                fingerprint_text(contract ? declared->contract : declared->fingerprint), contract ? "contract" : "layout",
                contract ? contract_differs_note : ""));
        }
    }
    return mismatches;
}

void compare(const file_index &index, const module_record &module, const descriptor::module_info &info,
             module_check &check)
{
    if (info.abi_major != module.abi_major) {
        check.problems.push_back(fmt::format("registered with descriptor ABI {}.{}, the file has {}.{}", module.abi_major,
                                             module.abi_minor, info.abi_major, info.abi_minor));
    }
    std::unordered_set<guid> declared;
    for (const descriptor::class_entry &d : info.classes) {
        declared.insert(d.clsid);
    }
    for (const class_record *c : index.classes_of(module.path)) {
        if (declared.count(c->clsid) == 0) {
            check.problems.push_back(fmt::format("class {} is registered but the file no longer declares it", short_name(*c)));
        }
    }
    for (const descriptor::class_entry &d : info.classes) {
        const class_record *registered = index.find_class(d.clsid);
        if (registered == nullptr || registered->module != module.path) {
            check.problems.push_back(fmt::format("the file declares class {} {}, which is not registered for it",
                                                 d.name, d.clsid.to_string()));
        }
    }
    const std::vector<std::string> mismatches =
        mismatches_of(module, info, [&](const guid &iid) { return index.find_interface(iid); });
    check.problems.insert(check.problems.end(), mismatches.begin(), mismatches.end());
}

} // namespace

bool declares_class(const descriptor::module_info &info, const guid &clsid)
{
    return std::any_of(info.classes.begin(), info.classes.end(),
                       [&](const descriptor::class_entry &d) { return d.clsid == clsid; });
}

std::vector<std::string> interface_mismatches(const registry_file &file, const module_record &module,
                                              const descriptor::module_info &info)
{
    return mismatches_of(module, info, [&](const guid &iid) { return file.find_interface(iid); });
}

void provider_index::add(const catalog &catalog)
{
    for (std::size_t i = 0; i < catalog.files().size(); ++i) {
        const registry_file &file = catalog.files()[i];
        const std::filesystem::path &registry = catalog.layers()[i].path;
        for (const module_record &module : file.modules) {
            for (const module_interface &provided : module.interfaces) {
                if (provided.fingerprint == 0) {
                    continue; // a dispinterface: no layout
                }
                by_iid_[provided.iid].push_back(
                    {{provided.fingerprint, provided.contract}, resolve_module_path(registry, module.path), registry});
            }
        }
    }
}

std::vector<std::string> provider_index::stale_uses(const descriptor::module_info &info,
                                                    std::vector<std::string> &notes) const
{
    std::vector<std::string> stale;
    if (!info.records_uses) {
        notes.push_back(fmt::format("its descriptor ({}.{}, before 1.1) does not record the interfaces it calls: "
                                    "they are not checked (rebuilt with this ucom, it records them)",
                                    info.abi_major, info.abi_minor));
        return stale;
    }
    if (info.abi_minor < 2) {
        notes.push_back(fmt::format("its descriptor ({}.{}, before 1.2) records layout 1 fingerprints only: the "
                                    "binary layout of the interfaces it calls is checked, their contract (size_is, "
                                    "length_is, string, iid_is, switch_is) is not (rebuilt with this ucom, it is)",
                                    info.abi_major, info.abi_minor));
    }
    for (const descriptor::interface_entry &used : info.uses) {
        const auto found = by_iid_.find(used.iid);
        if (found == by_iid_.end()) {
            notes.push_back(fmt::format("no registered module provides interface {} {}, which it calls: not checked",
                                        used.name, used.iid.to_string()));
            continue;
        }
        const interface_layouts caller{used.fingerprint, used.contract};
        for (const provider &p : found->second) {
            const layout_match match = compare_layouts(caller, p.layouts);
            if (match == layout_match::same) {
                if (used.contract != 0 && p.layouts.contract == 0) {
                    notes.push_back(fmt::format("module {} provides interface {} {} with no contract (built before "
                                                "descriptor 1.2): only its binary layout is checked",
                                                p.module.string(), used.name, used.iid.to_string()));
                }
                continue;
            }
            stale.push_back(fmt::format(
                "stale caller of interface {} {}: built against {}, but module {} (registry {}) provides {}{}; "
                "rebuild it against the IDL that module was built from, or give the changed interface a new IID",
                used.name, used.iid.to_string(), layout_text(match, caller), p.module.string(), p.registry.string(),
                layout_text(match, p.layouts), match == layout_match::contract_differs ? contract_differs_note : ""));
        }
    }
    return stale;
}

std::vector<module_check> verify_modules(const catalog &catalog, const provider_index &providers)
{
    std::vector<module_check> checks;
    for (std::size_t i = 0; i < catalog.files().size(); ++i) {
        const registry_file &file = catalog.files()[i];
        const layer &from = catalog.layers()[i];
        const file_index index(file);
        for (const module_record &module : file.modules) {
            module_check check;
            check.file = resolve_module_path(from.path, module.path);
            check.from = &from;
            for (const class_record *c : index.classes_of(module.path)) {
                check.classes.push_back(short_name(*c));
            }
            if (auto info = module_file::check_loadable(check.file); !info) {
                check.problems.push_back(info.error().message());
            } else {
                if (!info->defines_get_class_object) {
                    check.problems.push_back("the module does not export DllGetClassObject");
                }
                compare(index, module, *info, check);
                const std::vector<std::string> stale = providers.stale_uses(*info, check.notes);
                check.problems.insert(check.problems.end(), stale.begin(), stale.end());
                if (info->abi_minor < 2) {
                    check.notes.push_back(fmt::format(
                        "its descriptor ({}.{}, before 1.2) gives the interfaces it implements layout 1 fingerprints "
                        "only: their callers are checked against its binary layout, not the contract (size_is, "
                        "length_is, string, iid_is, switch_is); rebuilt with this ucom, it gives both",
                        info->abi_major, info->abi_minor));
                }
            }
            checks.push_back(std::move(check));
        }
    }
    return checks;
}

module_check verify_program(const std::filesystem::path &program, const provider_index &providers)
{
    module_check check;
    std::error_code ec;
    check.file = std::filesystem::absolute(program, ec).lexically_normal();
    auto info = descriptor::read_module_file(program, descriptor::file_kind::program);
    if (!info) {
        check.problems.push_back(fmt::format("{}; a host records the interfaces it calls when it is built with "
                                             "ucom_target_uses (docs/building.md)",
                                             info.error().message()));
        return check;
    }
    check.problems = providers.stale_uses(*info, check.notes);
    return check;
}

} // namespace ucom::registry
