// Which files ucom agrees to load code from (docs/abi.md, "Which files the loader loads").
// Checked before dlopen, because loading runs constructors, by the loader for a module and
// every library it would pull in, and by `ucom register` and `ucom verify`. The same walk,
// trusting root alone, judges the registry files a root process reads (docs/registry.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>

#include <sys/stat.h>

#include <ucom/error.hpp>

namespace ucom::module_file {

// An owned file descriptor: closed when it goes.
class unique_fd {
public:
    unique_fd() = default;
    explicit unique_fd(int fd) noexcept : fd_(fd) {}
    unique_fd(unique_fd &&other) noexcept : fd_(std::exchange(other.fd_, -1)) {}
    unique_fd &operator=(unique_fd &&other) noexcept;
    unique_fd(const unique_fd &) = delete;
    unique_fd &operator=(const unique_fd &) = delete;
    ~unique_fd();

    int get() const noexcept { return fd_; }
    explicit operator bool() const noexcept { return fd_ >= 0; }

private:
    int fd_ = -1;
};

// Whom a walk trusts: whoever owns a folder, a symlink or the file on a path can change what
// the path names.
enum class trusted_owners : std::uint8_t {
    root_and_user, // root and the effective user: the load policy
    root_only,     // root alone: the registry files a process running as root reads
};

// What a walk trusts, and how its refusals name the file and what others could change in it.
struct walk_rules {
    trusted_owners owners = trusted_owners::root_and_user;
    std::string_view subject = "the module";              // "… put another file in the module's place"
    std::string_view contents = "the code it would run";   // "… so others could change the code it would run"
};

// The policy on a file's own status: a regular file, not group- or world-writable, owned
// by an owner `rules` trusts. The error (E_ACCESSDENIED) says which rule and the fix.
result<void> check_status(const struct stat &status, const walk_rules &rules = {});

// A file that passed the whole policy, open for reading, and compared (device and inode)
// with the file the walk checked.
struct checked_file {
    unique_fd fd;
    struct stat status {};
    std::filesystem::path resolved; // the path with every symlink and `..` resolved
    bool through_symlinks = false;   // whether `file` named it through symlinks
};

// Resolves the absolute path `file` one part at a time from the root, as the kernel does
// (symlinks followed, `..` taken against the real parent, never the text), and checks on
// the way, like OpenSSH's safe_path: every folder it passes through is owned by root or
// the effective user and is not group- or world-writable, unless it is sticky and the
// entry taken in it is owned by root or the user; every symlink on the way is owned by
// root or the user; and the file is a regular file that check_status accepts. Opens the
// file non-blocking (a FIFO or device never blocks or is read) and returns it. The walk is
// by path (lstat), which is sound because of what it checks: once a folder passes, nobody
// but root and the effective user can change what it holds, so nobody else can make the
// path name another file during the walk or afterwards.
// Errors: CO_E_DLLNOTFOUND when a part is missing, otherwise E_ACCESSDENIED naming the
// folder, symlink or file and the fix. "Root or the effective user" is what `rules` trusts.
result<checked_file> open_checked(const std::filesystem::path &file, const walk_rules &rules = {});

// The same walk for an absolute path that names a file or a folder, opening nothing: a file
// is judged as open_checked judges it, a folder as the folders on the way (owned by an
// owner `rules` trusts, and not group- or world-writable unless sticky). Returns the status
// of what the path names; the errors of open_checked.
result<struct stat> check_existing(const std::filesystem::path &path, const walk_rules &rules);

// The same walk for a folder that may not exist (a library search folder): every folder
// that exists on the way must pass the rules above, so nobody else can create or replace
// what the dynamic loader would find there.
result<void> check_search_folder(const std::filesystem::path &folder);

} // namespace ucom::module_file
