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
// With check_folders, the whole policy (docs/object-model.md).
result<void> check_status(const struct stat &status);

// The folders above `file` (absolute): none may be group- or world-writable without the
// sticky bit, or others could rename another file into the module's place. When symlinks
// (the file, or a folder above it) make it resolve elsewhere, the folders above the file
// it resolves to too.
result<void> check_folders(const std::filesystem::path &file);

// Opens and checks `file` (which must be an absolute path) and its folders.
// CO_E_DLLNOTFOUND when missing.
result<void> check_file(const std::filesystem::path &file);

} // namespace ucom::module_file
