// What a process running as root agrees to read and write as a registry file: only files
// that no other user can change (docs/registry.md, "Files root reads"). store.cpp applies
// it to every registry file root reads and to the folder root writes one into. The rules
// are the module-file policy walk's (module_file/policy.hpp), trusting root alone.
#pragma once

#include <filesystem>

#include <sys/stat.h>

#include <ucom/error.hpp>

namespace ucom::registry::root_policy {

// Whether the policy applies: the effective uid is 0.
bool applies();

// `file` (the path as given) is resolved one part at a time, as the kernel does: every
// folder entered must be owned by root and not group- or world-writable unless sticky
// (a sticky folder lets no one else rename or remove root's entries), every symlink met
// must be owned by root, and the file must be a regular file owned by root, not group- or
// world-writable, and be the file `opened` (no swap since it was opened). E_ACCESSDENIED
// names the file, the rule and the fix.
result<void> check_file(const std::filesystem::path &file, const struct stat &opened);

// The identity part of check_file: whether `named` (what check_path found at `file`) is the
// file `opened`; the refusal names the file when it was replaced in between.
result<void> check_same(const std::filesystem::path &file, const struct stat &named, const struct stat &opened);

// The same rules for `path` (a file or a folder) and every folder and symlink on its way;
// the status of what it names.
result<struct stat> check_path(const std::filesystem::path &path);

} // namespace ucom::registry::root_policy
