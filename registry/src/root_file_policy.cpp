#include "root_file_policy.hpp"

#include <cerrno>
#include <cstring>
#include <deque>
#include <string>

#include <unistd.h>

#include <fmt/format.h>

namespace ucom::registry::root_policy {

namespace {

tl::unexpected<error> refuse(const std::filesystem::path &named, const std::string &reason, const std::string &fix)
{
    return tl::make_unexpected(error(E_ACCESSDENIED,
                                     fmt::format("{}: refused: root reads and writes only registry files no other "
                                                 "user can change, and {} (fix: {})",
                                                 named.string(), reason, fix),
                                     named.string()));
}

// The rule for one entry met on the way: a folder, a symlink or the file at the end.
result<void> check_entry(const std::filesystem::path &named, const std::filesystem::path &entry,
                         const struct stat &status)
{
    const std::string quoted = entry.string();
    if (S_ISLNK(status.st_mode)) {
        if (status.st_uid != 0) {
            return refuse(named, fmt::format("the symlink {} on its path is owned by uid {}", quoted, status.st_uid),
                          fmt::format("replace {} with a symlink owned by root, or name the file it points to", quoted));
        }
        return {};
    }
    const bool folder = S_ISDIR(status.st_mode);
    const char *what = folder ? "its folder" : "the file";
    if (status.st_uid != 0) {
        return refuse(named, fmt::format("{} {} is owned by uid {}", what, quoted, status.st_uid),
                      fmt::format("chown root {}", quoted));
    }
    const bool writable_by_others = (status.st_mode & (S_IWGRP | S_IWOTH)) != 0;
    if (writable_by_others && !(folder && (status.st_mode & S_ISVTX) != 0)) {
        return refuse(named,
                      fmt::format("{} {} is group- or world-writable (mode {:04o}){}", what, quoted,
                                  status.st_mode & 07777, folder ? " without the sticky bit" : ""),
                      fmt::format("chmod go-w {}", quoted));
    }
    return {};
}

// Resolves `named` (absolute) one part at a time, checking each entry met, and returns the
// status of what it names.
result<struct stat> resolve_checked(const std::filesystem::path &named)
{
    constexpr int max_symlinks = 40; // the kernel's limit (ELOOP)
    const auto cannot = [&](const std::filesystem::path &at) {
        return tl::make_unexpected(error(E_ACCESSDENIED,
                                         fmt::format("{}: cannot resolve {}: {}", named.string(), at.string(),
                                                     std::strerror(errno)),
                                         named.string()));
    };
    std::filesystem::path resolved = "/"; // never holds a symlink
    struct stat status {};
    if (::lstat("/", &status) != 0) {
        return cannot(resolved);
    }
    if (auto checked = check_entry(named, resolved, status); !checked) {
        return tl::make_unexpected(checked.error());
    }
    std::deque<std::filesystem::path> pending(named.begin(), named.end());
    int symlinks = 0;
    while (!pending.empty()) {
        const std::filesystem::path part = pending.front();
        pending.pop_front();
        if (part.empty() || part == "/" || part == ".") {
            continue;
        }
        if (part == "..") { // `resolved` has no symlink: its parent is the real one
            resolved = resolved.parent_path();
            if (::lstat(resolved.c_str(), &status) != 0) {
                return cannot(resolved);
            }
            continue;
        }
        const std::filesystem::path next = resolved / part;
        if (::lstat(next.c_str(), &status) != 0) {
            return cannot(next);
        }
        if (auto checked = check_entry(named, next, status); !checked) {
            return tl::make_unexpected(checked.error());
        }
        if (!S_ISLNK(status.st_mode)) {
            resolved = next;
            continue;
        }
        if (++symlinks > max_symlinks) {
            errno = ELOOP;
            return cannot(next);
        }
        std::error_code failed;
        const std::filesystem::path target = std::filesystem::read_symlink(next, failed);
        if (failed) {
            errno = failed.value();
            return cannot(next);
        }
        pending.insert(pending.begin(), target.begin(), target.end());
        if (target.is_absolute()) {
            resolved = "/";
        }
    }
    return status;
}

} // namespace

bool applies() { return ::geteuid() == 0; }

result<struct stat> check_path(const std::filesystem::path &path)
{
    return resolve_checked(std::filesystem::absolute(path));
}

result<void> check_file(const std::filesystem::path &file, const struct stat &opened)
{
    const auto resolved = check_path(file);
    if (!resolved) {
        return tl::make_unexpected(resolved.error());
    }
    if (resolved->st_dev != opened.st_dev || resolved->st_ino != opened.st_ino) {
        return tl::make_unexpected(error(E_ACCESSDENIED,
                                         fmt::format("{}: refused: the file was replaced while it was read", file.string()),
                                         file.string()));
    }
    return {};
}

} // namespace ucom::registry::root_policy
