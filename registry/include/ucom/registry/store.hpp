// Loading a registry file and changing it safely. A file that does not exist reads as
// empty; the first write creates it and its folder. Every change is a read-modify-write
// under an exclusive lock on a separate lock file (FILE.lock, flock), written to a temp
// file in the same folder, fsynced, renamed over the file and followed by an fsync of the
// folder: concurrent writers lose nothing and a crash leaves the old or the new file.
#pragma once

#include <filesystem>
#include <functional>

#include <ucom/error.hpp>
#include <ucom/registry/model.hpp>

namespace ucom::registry {

// The file's entries, or an empty registry when the file does not exist.
result<registry_file> load_registry(const std::filesystem::path &path);

// Applies `edit` to the current contents under the lock and writes the result. When edit
// fails, or the current file is malformed, nothing is written and its error is returned.
// A file the user may not write is an error; it is never replaced behind their back.
using registry_edit = std::function<result<void>(registry_file &)>;
result<void> update_registry(const std::filesystem::path &path, const registry_edit &edit);

} // namespace ucom::registry
