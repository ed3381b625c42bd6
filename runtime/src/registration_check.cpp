// A module file against its registration (registration_check.hpp).
#include "registration_check.hpp"

#include <string>
#include <vector>

#include <fmt/format.h>

#include <ucom/registry/verification.hpp>

namespace ucom::activation {
namespace {

// "module /path (registry /path)": the first registered module that provides `iid` with the
// layouts `registered` (the refusal's other side). Only a refusal looks, so a catalog that
// reads through the indexes may parse its files here.
std::string provider_of(const registry::catalog &lookups, const guid &iid, registry::layout_match match,
                        const registry::interface_layouts &registered)
{
    result<registry::catalog> parsed = lookups;
    if (lookups.indexed()) {
        parsed = registry::catalog::open(lookups.layers(), registry::catalog_use::everything);
        if (!parsed) {
            return "the registry";
        }
    }
    const registry::catalog &catalog = *parsed;
    for (std::size_t i = 0; i < catalog.files().size(); ++i) {
        for (const registry::module_record &module : catalog.files()[i].modules) {
            for (const registry::module_interface &provided : module.interfaces) {
                const bool same = match == registry::layout_match::contract_differs
                                      ? provided.contract == registered.contract
                                      : provided.fingerprint == registered.fingerprint;
                if (provided.iid == iid && same) {
                    const std::filesystem::path &registry = catalog.layers()[i].path;
                    return fmt::format("module {} (registry {})",
                                       registry::resolve_module_path(registry, module.path).string(),
                                       registry.string());
                }
            }
        }
    }
    return "the registry";
}

} // namespace

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

registry::interface_layouts caller_layouts(std::uint64_t layout, std::uint32_t contract_version,
                                           std::uint64_t contract)
{
    return {layout, contract_version == descriptor::contract_layout_version ? contract : 0};
}

result<void> check_caller_layout(const class_slot &slot, const registry::catalog &catalog, const guid &iid,
                                 const registry::interface_layouts &caller)
{
    const registry::resolved_class &resolved = *slot.resolved;
    if (resolved.module == nullptr) {
        return {};
    }
    for (const registry::module_interface &provided : resolved.module->interfaces) {
        const registry::interface_layouts provider{provided.fingerprint, provided.contract};
        const registry::layout_match match = provided.iid == iid && provided.fingerprint != 0
                                                 ? registry::compare_layouts(caller, provider)
                                                 : registry::layout_match::same;
        if (match == registry::layout_match::same) {
            continue;
        }
        const registry::interface_record *known = catalog.find_interface(iid);
        const std::string name = known != nullptr && !known->name.empty() ? known->name + " " : std::string();
        return tl::make_unexpected(error(
            UCOM_E_LAYOUT_MISMATCH,
            fmt::format("interface {}{}: the caller was built against {}, but class {} in module {} provides {}{}: "
                        "rebuild the caller against the IDL the module was built from, or give the changed "
                        "interface a new IID (docs/idl.md, \"Interface evolution\")",
                        name, iid.to_string(), registry::layout_text(match, caller), slot.label,
                        resolved.module_file.string(), registry::layout_text(match, provider),
                        match == registry::layout_match::contract_differs ? registry::contract_differs_note : ""),
            slot.label));
    }
    return {};
}

result<void> check_consumed_layouts(const class_slot &slot, const registry::catalog &catalog,
                                    const descriptor::module_info &declared)
{
    for (const descriptor::interface_entry &used : declared.uses) {
        const registry::interface_record *known = catalog.find_interface(used.iid);
        if (known == nullptr) {
            continue;
        }
        const registry::interface_layouts caller{used.fingerprint, used.contract};
        const registry::interface_layouts registered{known->fingerprint, known->contract};
        const registry::layout_match match = registry::compare_layouts(caller, registered);
        if (match == registry::layout_match::same) {
            continue;
        }
        return tl::make_unexpected(error(
            UCOM_E_LAYOUT_MISMATCH,
            fmt::format("class {}: module {} calls interface {} {} built against {}, but {} provides {}{}; the "
                        "interface changed under the same IID: rebuild the module against the IDL the provider was "
                        "built from, or give the changed interface a new IID (docs/idl.md, \"Interface evolution\")",
                        slot.label, slot.resolved->module_file.string(), used.name, used.iid.to_string(),
                        registry::layout_text(match, caller), provider_of(catalog, used.iid, match, registered),
                        registry::layout_text(match, registered),
                        match == registry::layout_match::contract_differs ? registry::contract_differs_note : ""),
            slot.label));
    }
    return {};
}

} // namespace ucom::activation
