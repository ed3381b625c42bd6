// A module file against its registration (registration_check.hpp).
#include "registration_check.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include <ucom/registry/verification.hpp>

namespace ucom::activation {

result<void> check_against_registration(const class_slot &slot, const descriptor::module_info &declared)
{
    const registry::resolved_class &resolved = *slot.resolved;
    const auto refuse = [&](const std::string &reason) {
        return tl::make_unexpected(error(
            CO_E_ERRORINDLL, fmt::format("class {}: module {}: {}", slot.label, resolved.module_file.string(), reason),
            slot.label));
    };
    if (!registry::declares_class(declared, resolved.record->clsid)) {
        return refuse("its descriptor does not declare this class (re-register the module)");
    }
    if (resolved.module == nullptr) {
        return refuse("the registry does not list its module");
    }
    const std::vector<std::string> mismatches = registry::interface_mismatches(*resolved.file, *resolved.module, declared);
    if (!mismatches.empty()) {
        return refuse(mismatches.front());
    }
    return {};
}

result<void> check_caller_layout(const class_slot &slot, const registry::catalog &catalog, const guid &iid,
                                 std::uint64_t layout)
{
    const registry::resolved_class &resolved = *slot.resolved;
    if (resolved.module == nullptr) {
        return {};
    }
    for (const registry::module_interface &provided : resolved.module->interfaces) {
        if (provided.iid != iid || provided.fingerprint == layout || provided.fingerprint == 0) {
            continue;
        }
        const registry::interface_record *known = catalog.find_interface(iid);
        const std::string name = known != nullptr && !known->name.empty() ? known->name + " " : std::string();
        return tl::make_unexpected(error(
            UCOM_E_LAYOUT_MISMATCH,
            fmt::format("interface {}{}: the caller was built against layout {}, but class {} in module {} provides "
                        "layout {}: rebuild the caller against the IDL the module was built from, or give the "
                        "changed interface a new IID (docs/idl.md, \"Interface evolution\")",
                        name, iid.to_string(), registry::fingerprint_text(layout), slot.label,
                        resolved.module_file.string(), registry::fingerprint_text(provided.fingerprint)),
            slot.label));
    }
    return {};
}

result<void> check_consumed_layouts(const class_slot &slot, const registry::catalog &catalog,
                                    const descriptor::module_info &declared)
{
    for (const descriptor::interface_entry &used : declared.uses) {
        const registry::interface_record *known = catalog.find_interface(used.iid);
        if (known == nullptr || known->fingerprint == 0 || used.fingerprint == 0 ||
            known->fingerprint == used.fingerprint) {
            continue;
        }
        return tl::make_unexpected(error(
            UCOM_E_LAYOUT_MISMATCH,
            fmt::format("class {}: module {} calls interface {} {} built against layout {}, but the registry gives it "
                        "layout {} (its provider changed it under the same IID): rebuild the module against the "
                        "IDL the provider was built from, or give the changed interface a new IID (docs/idl.md, "
                        "\"Interface evolution\"); `ucom verify` names the provider",
                        slot.label, slot.resolved->module_file.string(), used.name, used.iid.to_string(),
                        registry::fingerprint_text(used.fingerprint), registry::fingerprint_text(known->fingerprint)),
            slot.label));
    }
    return {};
}

} // namespace ucom::activation
