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

} // namespace ucom::activation
