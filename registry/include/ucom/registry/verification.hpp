// `ucom verify`: every registered module checked against its file, without loading it —
// the file exists and passes the load policy, its descriptor is readable and declares what
// the registry says it does, with the same fingerprints.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <ucom/registry/catalog.hpp>

#include <ucom/module_file/descriptor.hpp>

namespace ucom::registry {

struct module_check {
    std::filesystem::path file; // absolute
    const layer *from = nullptr;
    std::vector<std::string> classes;  // the registered classes it serves, by ProgID or CLSID
    std::vector<std::string> problems; // empty: the module is fine
    std::vector<std::string> notes;    // what could not be checked, and why
};

// Every layout the registries give each interface, and which module provides it: what a
// module's uses table (the layouts it was built against) is checked with.
class provider_index {
public:
    // Every module of every file of `catalog` (opened for everything).
    void add(const catalog &catalog);
    // One line for each interface `info` uses with another layout than a registered
    // provider's (a stale caller), naming both layouts and the provider; and in `notes`, what
    // cannot be checked (no uses table; an interface nobody registered provides).
    std::vector<std::string> stale_uses(const descriptor::module_info &info, std::vector<std::string> &notes) const;

private:
    struct provider {
        interface_layouts layouts;
        std::filesystem::path module;
        std::filesystem::path registry;
    };
    std::unordered_map<guid, std::vector<provider>> by_iid_;
};

// One entry per module of every layer, in lookup order; each module's uses table is checked
// with `providers`.
std::vector<module_check> verify_modules(const catalog &catalog, const provider_index &providers);

// A host program (`ucom verify --host`): the uses table its build recorded (ucom_target_uses)
// checked with `providers`, from the file, without running it. `from` is null.
module_check verify_program(const std::filesystem::path &program, const provider_index &providers);

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
