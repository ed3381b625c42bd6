#include <ucom/module_file/policy.hpp>

#include <cerrno>
#include <cstring>
#include <deque>

#include <unistd.h>

#include <fmt/format.h>

namespace ucom::module_file {

result<void> check_status(const struct stat &status)
{
    const auto refuse = [](std::string reason) {
        return tl::make_unexpected(error(E_ACCESSDENIED, std::move(reason)));
    };
    if (!S_ISREG(status.st_mode)) {
        return refuse("not a regular file");
    }
    if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0) {
        return refuse(fmt::format("the file is group- or world-writable (mode {:04o}), so others could change the code "
                                  "it would run (fix: chmod go-w)",
                                  status.st_mode & 07777));
    }
    if (status.st_uid != 0 && status.st_uid != ::geteuid()) {
        return refuse(
            fmt::format("the file is owned by uid {}, neither root nor you (uid {})", status.st_uid, ::geteuid()));
    }
    return {};
}

namespace {

// The folders above `file`, as written. A folder that is a symlink is not judged by its
// own mode (a symlink's is always 0777); `through_symlink` records that there is one.
result<void> check_written_folders(const std::filesystem::path &file, bool &through_symlink)
{
    for (std::filesystem::path folder = file.parent_path();; folder = folder.parent_path()) {
        struct stat status {};
        if (::lstat(folder.c_str(), &status) != 0) {
            return tl::make_unexpected(error(
                E_ACCESSDENIED, fmt::format("cannot stat the folder {}: {}", folder.string(), std::strerror(errno))));
        }
        if (S_ISLNK(status.st_mode)) {
            through_symlink = true;
        } else if ((status.st_mode & (S_IWGRP | S_IWOTH)) != 0 && (status.st_mode & S_ISVTX) == 0) {
            return tl::make_unexpected(
                error(E_ACCESSDENIED,
                      fmt::format("the folder {} is group- or world-writable (mode {:04o}) without the sticky "
                                  "bit, so others could put another file in the module's place (fix: chmod go-w)",
                                  folder.string(), status.st_mode & 07777)));
        }
        if (folder == folder.root_path() || !folder.has_relative_path()) {
            return {};
        }
    }
}

// Resolves `file` one part at a time, as realpath does, and checks the folders above every
// symlink met on the way and above the file it finally names: a symlink in a safe folder
// may point through an unsafe one, and whoever may write there could swap the link.
result<void> check_folders_through_symlinks(const std::filesystem::path &file)
{
    constexpr int max_symlinks = 40; // the kernel's limit (ELOOP)
    std::deque<std::filesystem::path> pending(file.begin(), file.end());
    std::filesystem::path resolved = "/"; // never holds a symlink
    int symlinks = 0;
    bool ignored = false;
    while (!pending.empty()) {
        const std::filesystem::path part = pending.front();
        pending.pop_front();
        if (part.empty() || part == "/" || part == ".") {
            continue;
        }
        if (part == "..") {
            resolved = resolved.parent_path();
            continue;
        }
        const std::filesystem::path next = resolved / part;
        struct stat status {};
        if (::lstat(next.c_str(), &status) != 0) {
            return tl::make_unexpected(error(E_ACCESSDENIED, fmt::format("cannot resolve {}: {}: {}", file.string(),
                                                                         next.string(), std::strerror(errno))));
        }
        if (!S_ISLNK(status.st_mode)) {
            resolved = next;
            continue;
        }
        if (++symlinks > max_symlinks) {
            return tl::make_unexpected(error(
                E_ACCESSDENIED, fmt::format("cannot resolve {}: more than {} symlinks", file.string(), max_symlinks)));
        }
        if (auto checked = check_written_folders(next, ignored); !checked) {
            return tl::make_unexpected(
                error(checked.error().code(), fmt::format("{} (it holds the symlink {}, on the way to {})",
                                                          checked.error().message(), next.string(), file.string())));
        }
        std::error_code failed;
        const std::filesystem::path target = std::filesystem::read_symlink(next, failed);
        if (failed) {
            return tl::make_unexpected(
                error(E_ACCESSDENIED, fmt::format("cannot read the symlink {}: {}", next.string(), failed.message())));
        }
        pending.insert(pending.begin(), target.begin(), target.end());
        if (target.is_absolute()) {
            resolved = "/";
        }
    }
    if (auto checked = check_written_folders(resolved, ignored); !checked) {
        return tl::make_unexpected(
            error(checked.error().code(), fmt::format("{} (the module path {} leads there through "
                                                      "symlinks)",
                                                      checked.error().message(), file.string())));
    }
    return {};
}

} // namespace

result<void> check_folders(const std::filesystem::path &file)
{
    struct stat status {};
    bool through_symlink = ::lstat(file.c_str(), &status) == 0 && S_ISLNK(status.st_mode);
    if (auto checked = check_written_folders(file, through_symlink); !checked || !through_symlink) {
        return checked;
    }
    return check_folders_through_symlinks(file);
}

result<void> check_file(const std::filesystem::path &file)
{
    if (!file.is_absolute()) {
        return tl::make_unexpected(error(E_ACCESSDENIED, "the module path is not absolute"));
    }
    struct stat status {};
    if (::stat(file.c_str(), &status) != 0) {
        const int saved = errno;
        return tl::make_unexpected(error(saved == ENOENT ? CO_E_DLLNOTFOUND : E_ACCESSDENIED,
                                         fmt::format("cannot stat the module file: {}", std::strerror(saved))));
    }
    if (auto checked = check_status(status); !checked) {
        return checked;
    }
    return check_folders(file);
}

} // namespace ucom::module_file
