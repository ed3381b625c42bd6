#include <ucom/registry/verification.hpp>

#include <algorithm>

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

void compare(const registry_file &file, const module_record &module, const descriptor::module_info &info,
             module_check &check)
{
    if (info.abi_major != module.abi_major) {
        check.problems.push_back(fmt::format("registered with descriptor ABI {}.{}, the file has {}.{}", module.abi_major,
                                             module.abi_minor, info.abi_major, info.abi_minor));
    }
    for (const class_record &c : file.classes) {
        if (c.module != module.path) {
            continue;
        }
        if (!declares_class(info, c.clsid)) {
            check.problems.push_back(fmt::format("class {} is registered but the file no longer declares it", short_name(c)));
        }
    }
    for (const descriptor::class_entry &d : info.classes) {
        const class_record *registered = file.find_class(d.clsid);
        if (registered == nullptr || registered->module != module.path) {
            check.problems.push_back(fmt::format("the file declares class {} {}, which is not registered for it",
                                                 d.name, d.clsid.to_string()));
        }
    }
    const std::vector<std::string> mismatches = interface_mismatches(file, module, info);
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
    std::vector<std::string> mismatches;
    for (const module_interface &registered : module.interfaces) {
        const interface_record *known = file.find_interface(registered.iid);
        const std::string name = known != nullptr ? known->name : std::string("(unnamed)");
        const descriptor::interface_entry *declared = declared_interface(info, registered.iid);
        if (declared == nullptr) {
            mismatches.push_back(fmt::format("the module no longer declares interface {} {} (re-register it)", name,
                                             registered.iid.to_string()));
        } else if (declared->fingerprint != registered.fingerprint) {
            mismatches.push_back(fmt::format("fingerprint mismatch for interface {} {}: the registry has {}, the "
                                             "module declares {}; the interface's layout changed without a new IID",
                                             name, registered.iid.to_string(), fingerprint_text(registered.fingerprint),
                                             fingerprint_text(declared->fingerprint)));
        }
    }
    return mismatches;
}

std::vector<module_check> verify_modules(const catalog &catalog)
{
    std::vector<module_check> checks;
    for (std::size_t i = 0; i < catalog.files().size(); ++i) {
        const registry_file &file = catalog.files()[i];
        const layer &from = catalog.layers()[i];
        for (const module_record &module : file.modules) {
            module_check check;
            check.file = resolve_module_path(from.path, module.path);
            check.from = &from;
            for (const class_record &c : file.classes) {
                if (c.module == module.path) {
                    check.classes.push_back(short_name(c));
                }
            }
            if (auto allowed = module_file::check_loadable(check.file); !allowed) {
                check.problems.push_back(allowed.error().message());
            } else if (auto info = descriptor::read_module_file(check.file); !info) {
                check.problems.push_back(info.error().message());
            } else {
                if (!info->defines_get_class_object) {
                    check.problems.push_back("the module does not export DllGetClassObject");
                }
                compare(file, module, *info, check);
            }
            checks.push_back(std::move(check));
        }
    }
    return checks;
}

} // namespace ucom::registry
