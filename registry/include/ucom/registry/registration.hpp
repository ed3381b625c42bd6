// What `ucom register` and `ucom unregister` do to a registry file: the edits themselves,
// applied by update_registry under its lock. Registration reads the plugin's descriptor
// from the file (descriptor_reader.hpp): no plugin code runs.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <ucom/error.hpp>
#include <ucom/registry/model.hpp>

#include <ucom/module_file/descriptor.hpp>

namespace ucom::registry {

// Adds the module and its classes and interfaces to `file` (written at `registry_path`),
// replacing what an earlier registration of the same module wrote: registering is
// idempotent. Refused, changing nothing: a module without classes; text that is not UTF-8;
// and whatever breaks the rules the reader applies (validation.cpp), in its words: a CLSID or
// ProgID that another module registers, a malformed ProgID, an IID that another module
// registers with another fingerprint (an interface that changes needs a new IID).
result<void> register_module(registry_file &file, const std::filesystem::path &registry_path,
                             const std::filesystem::path &module_file, const descriptor::module_info &info);

// Removes a module (by its file), or one class (by CLSID or ProgID); a module left
// without classes goes too, and so do interfaces no module implements any more. A name
// that is not registered is an error (REGDB_E_CLASSNOTREG) and changes nothing.
result<void> unregister(registry_file &file, const std::filesystem::path &registry_path, std::string_view what);

} // namespace ucom::registry
