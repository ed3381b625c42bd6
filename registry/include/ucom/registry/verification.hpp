// `ucom verify`: every registered module checked against its file, without loading it —
// the file exists and passes the load policy, its descriptor is readable and declares what
// the registry says it does, with the same fingerprints.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ucom/registry/catalog.hpp>

#include <ucom/module_file/descriptor.hpp>

namespace ucom::registry {

struct module_check {
    std::filesystem::path file; // absolute
    const layer *from = nullptr;
    std::vector<std::string> classes;  // the registered classes it serves, by ProgID or CLSID
    std::vector<std::string> problems; // empty: the module is fine
};

// One entry per module of every layer, in lookup order.
std::vector<module_check> verify_modules(const catalog &catalog);

// The binary index beside a registry file (docs/registry.md, "The index") as hosts will
// find it. Hosts bypass a missing, stale, unreadable or damaged index (they parse the file:
// slower, never wrong); a current index whose content differs from what the file holds
// (a hand edit that kept the file's identity) misleads them, and is a failure.
struct index_check {
    enum class state { current, missing, stale, unreadable, damaged, differs };
    std::filesystem::path file; // the index
    state result = state::current;
    std::string message; // why it is not current
};
// Nothing when the registry file does not exist (or is not a regular file: loading it reports that).
std::optional<index_check> check_index(const std::filesystem::path &registry_file);
std::string_view index_state_name(index_check::state state);

// Whether a module's descriptor declares the class.
bool declares_class(const descriptor::module_info &info, const guid &clsid);

// Where a module's descriptor contradicts what `file` registers for `module`: an interface
// the registry lists that the descriptor no longer declares, or declares with another
// fingerprint. Empty when they agree. `ucom verify` reports these; the loader refuses the
// module for the first.
std::vector<std::string> interface_mismatches(const registry_file &file, const module_record &module,
                                              const descriptor::module_info &info);

} // namespace ucom::registry
