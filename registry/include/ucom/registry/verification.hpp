// `ucom verify`: every registered module checked against its file, without loading it —
// the file exists and passes the load policy, its descriptor is readable and declares what
// the registry says it does, with the same fingerprints.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <ucom/registry/catalog.hpp>

namespace ucom::registry {

struct module_check {
    std::filesystem::path file; // absolute
    const layer *from = nullptr;
    std::vector<std::string> classes;  // the registered classes it serves, by ProgID or CLSID
    std::vector<std::string> problems; // empty: the module is fine
};

// One entry per module of every layer, in lookup order.
std::vector<module_check> verify_modules(const catalog &catalog);

} // namespace ucom::registry
