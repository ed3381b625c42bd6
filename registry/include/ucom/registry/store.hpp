// Loading a registry file and changing it safely. A file that does not exist reads as
// empty; the first write creates it and its folder. Every change is a read-modify-write
// under an exclusive lock on a separate lock file (FILE.lock, flock), written to a temp
// file in the same folder, fsynced, renamed over the file and followed by an fsync of the
// folder: concurrent writers lose nothing and a crash leaves the old or the new file.
// A process running as root reads and writes only files no other user can change
// (root_file_policy.hpp).
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>

#include <ucom/error.hpp>
#include <ucom/registry/model.hpp>

namespace ucom::registry {

// The largest registry file read, in bytes: 256 MiB, more than 10 times the 22 MB of a
// registry of 100,000 classes. A larger file is refused before it is read.
inline constexpr std::size_t max_registry_bytes = std::size_t{256} << 20U;

// The file's entries, or an empty registry when the file does not exist. Refused with
// REGDB_E_READREGDB: anything but a regular file (a FIFO or a device is never read, so it
// cannot block or feed the reader without end) and a file larger than max_registry_bytes.
result<registry_file> load_registry(const std::filesystem::path &path);

// The file's text, read under the same rules; empty when the file does not exist.
result<std::string> read_registry_text(const std::filesystem::path &path);

// Applies `edit` to the current contents under the lock and writes the result. When edit
// fails, or the current file is malformed, nothing is written and its error is returned.
// A file the user may not write is an error; it is never replaced behind their back. The
// lock file FILE.lock is created 0600; one owned by another user, or that is not a
// regular file, is refused (its owner could hold the lock forever).
using registry_edit = std::function<result<void>(registry_file &)>;
result<void> update_registry(const std::filesystem::path &path, const registry_edit &edit);

} // namespace ucom::registry
