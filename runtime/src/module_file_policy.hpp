// Which module files ucom agrees to load (docs/object-model.md, "Loading a module"). Checked
// before dlopen, because loading runs the module's constructors, and by `ucom verify`.
#pragma once

#include <filesystem>
#include <string>

#include <sys/stat.h>

#include <ucom/error.hpp>

namespace ucom::module_file {

// The policy on a file's status: a regular file, not group- or world-writable, owned by
// root or the effective user. The error (E_ACCESSDENIED) says which rule and how to fix it.
result<void> check_status(const struct stat &status);

// Opens and checks `file` (which must be an absolute path). CO_E_DLLNOTFOUND when missing.
result<void> check_file(const std::filesystem::path &file);

} // namespace ucom::module_file
