// Locked, atomic registry writes (the sequence is in store.hpp and docs/registry.md).
#include <ucom/registry/store.hpp>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <system_error>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <gsl/util>

#include <ucom/atomic_file/atomic_file.hpp>
#include <ucom/registry/toml_file.hpp>

#include "registry_index.hpp"
#include "root_file_policy.hpp"

namespace ucom::registry {

namespace {

tl::unexpected<error> system_failure(HRESULT code, const std::filesystem::path &path, std::string_view doing,
                                     int saved = errno)
{
    if (saved == EACCES || saved == EPERM || saved == EROFS) {
        code = E_ACCESSDENIED; // not a broken registry: the user may not write there
    }
    return tl::make_unexpected(
        error(code, fmt::format("{}: cannot {}: {}", path.string(), doing, std::strerror(saved)), path.string()));
}

// Reads the whole file, at most max_registry_bytes of it (the file may grow while it is
// read): false with errno set on a read error, or with EFBIG past the limit.
bool read_all(int fd, std::string &text)
{
    char buffer[16384];
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got == 0) {
            return true;
        }
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        if (text.size() + static_cast<std::size_t>(got) > max_registry_bytes) {
            errno = EFBIG;
            return false;
        }
        text.append(buffer, static_cast<std::size_t>(got));
    }
}

tl::unexpected<error> too_large(const std::filesystem::path &path)
{
    return tl::make_unexpected(error(REGDB_E_READREGDB,
                                     fmt::format("{}: the file is larger than the registry limit of {} MiB "
                                                 "(max_registry_bytes); a registry of 100,000 classes is 22 MB",
                                                 path.string(), max_registry_bytes >> 20U),
                                     path.string()));
}

std::string_view file_type_name(mode_t mode)
{
    switch (mode & S_IFMT) {
    case S_IFDIR:
        return "a folder";
    case S_IFIFO:
        return "a FIFO";
    case S_IFCHR:
        return "a character device";
    case S_IFBLK:
        return "a block device";
    case S_IFSOCK:
        return "a socket";
    default:
        return "not a regular file";
    }
}

tl::unexpected<error> not_regular(const std::filesystem::path &path, mode_t mode)
{
    return tl::make_unexpected(error(REGDB_E_READREGDB,
                                     fmt::format("{}: the file is {}; a registry must be a regular file", path.string(),
                                                 file_type_name(mode)),
                                     path.string()));
}

// The lock file's owner may hold the lock as long as they like: it must be the user's own
// regular file. Opened read-only (flock needs no more) and non-blocking (a FIFO put in its
// place would block the open).
result<int> open_lock_file(const std::string &lock_path)
{
    const int fd = ::open(lock_path.c_str(), O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY, 0600);
    if (fd < 0) {
        return system_failure(REGDB_E_WRITEREGDB, lock_path, "open the lock file");
    }
    struct stat status {};
    const auto refuse = [&](std::string reason) -> result<int> {
        ::close(fd);
        return tl::make_unexpected(error(E_ACCESSDENIED, fmt::format("{}: {}", lock_path, reason), lock_path));
    };
    if (::fstat(fd, &status) != 0) {
        return refuse(fmt::format("cannot stat the lock file: {}", std::strerror(errno)));
    }
    if (!S_ISREG(status.st_mode)) {
        return refuse(fmt::format("the lock file is {}, not a regular file (fix: rm {})", file_type_name(status.st_mode),
                                  lock_path));
    }
    if (status.st_uid != ::geteuid()) {
        return refuse(fmt::format("the lock file is owned by uid {}, not by you (uid {}), so its owner could hold the "
                                  "lock and block every write forever (fix: rm {})",
                                  status.st_uid, ::geteuid(), lock_path));
    }
    return fd;
}

// The file a write replaces: a symlinked registry is written through to its target.
std::filesystem::path write_target(const std::filesystem::path &path)
{
    std::error_code ec;
    if (std::filesystem::is_symlink(path, ec)) {
        const std::filesystem::path target = std::filesystem::canonical(path, ec);
        if (!ec) {
            return target;
        }
    }
    return std::filesystem::absolute(path);
}

// Writes `text` next to `target` and renames it over target (atomic_file.hpp): the old or
// the new file, never a mix, even across a crash. Returns the new file's status after the
// rename, taken through its descriptor: the file this call wrote, whatever the path names by
// then (the index records that identity).
result<struct stat> replace_file(const std::filesystem::path &target, std::string_view text, mode_t mode)
{
    auto written = atomic_file::replace_file(target, text, mode);
    if (!written) {
        const atomic_file::write_failure &why = written.error();
        return system_failure(REGDB_E_WRITEREGDB, why.path, why.doing, why.code);
    }
    return *written;
}

// The binary index beside the file just written, from that file's status after its rename
// (the identity readers compare). Still under the lock, so writers never interleave. The
// registry change has happened whatever comes of this: when the index cannot be written the
// old one is removed (it is stale anyway), and readers parse the TOML file until the next
// write; `ucom verify` reports the missing index.
void write_index(const std::filesystem::path &target, const struct stat &written, const registry_file &file,
                 std::string_view text, mode_t mode)
{
    const std::filesystem::path index_file = index::path_for(target);
    if (const auto bytes = index::build(file, written, text); bytes && replace_file(index_file, *bytes, mode)) {
        return;
    }
    ::unlink(index_file.c_str());
}

} // namespace

result<std::string> read_registry_text(const std::filesystem::path &path)
{
    // A writer may rename a new version into place between the open and root's check of
    // the path: what was opened is then a whole older version, but the rule judges what the
    // path names, so the read starts again. Writers are serialized, so this ends quickly.
    constexpr int max_attempts = 16;
    for (int attempt = 1;; ++attempt) {
        // Non-blocking: opening a FIFO for reading would wait for a writer.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        if (fd < 0) {
            if (errno == ENOENT) {
                return std::string();
            }
            return system_failure(REGDB_E_READREGDB, path, "read");
        }
        auto close_fd = gsl::finally([fd] { ::close(fd); });
        struct stat status {};
        if (::fstat(fd, &status) != 0) {
            return system_failure(REGDB_E_READREGDB, path, "read");
        }
        if (!S_ISREG(status.st_mode)) {
            return not_regular(path, status.st_mode);
        }
        if (static_cast<std::uintmax_t>(status.st_size) > max_registry_bytes) {
            return too_large(path);
        }
        if (root_policy::applies()) {
            const auto named = root_policy::check_path(path);
            if (!named) {
                return tl::make_unexpected(named.error());
            }
            if (auto same = root_policy::check_same(path, *named, status); !same) {
                if (attempt < max_attempts) {
                    continue;
                }
                return tl::make_unexpected(same.error());
            }
        }
        std::string text;
        text.reserve(static_cast<std::size_t>(status.st_size));
        if (!read_all(fd, text)) {
            return errno == EFBIG ? too_large(path) : system_failure(REGDB_E_READREGDB, path, "read");
        }
        return text;
    }
}

result<registry_file> load_registry(const std::filesystem::path &path)
{
    const auto text = read_registry_text(path);
    if (!text) {
        return tl::make_unexpected(text.error());
    }
    return parse_registry(*text, path.string());
}

result<void> update_registry(const std::filesystem::path &path, const registry_edit &edit)
{
    const std::filesystem::path target = write_target(path);
    std::error_code ec;
    std::filesystem::create_directories(target.parent_path(), ec);
    if (ec) {
        return tl::make_unexpected(error(REGDB_E_WRITEREGDB,
                                         fmt::format("{}: cannot create the folder: {}", target.parent_path().string(),
                                                     ec.message()),
                                         target.string()));
    }
    struct stat existing {};
    const bool exists = ::stat(target.c_str(), &existing) == 0;
    if (exists && !S_ISREG(existing.st_mode)) {
        return not_regular(target, existing.st_mode);
    }
    // Root writes only where no other user can swap a folder, a symlink or the file: the
    // path as given is checked, so a symlink on it that another user owns is refused.
    if (root_policy::applies()) {
        if (auto allowed = root_policy::check_path(exists ? path : std::filesystem::absolute(path).parent_path());
            !allowed) {
            return tl::make_unexpected(allowed.error());
        }
    }
    mode_t mode = 0644;
    if (exists) {
        if (::faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS) != 0) { // the effective user's right
            return system_failure(E_ACCESSDENIED, target, "write (it is left as it is)");
        }
        mode = existing.st_mode & 07777;
    }

    const std::string lock_path = target.string() + ".lock";
    const auto opened_lock = open_lock_file(lock_path);
    if (!opened_lock) {
        return tl::make_unexpected(opened_lock.error());
    }
    const int lock_fd = *opened_lock;
    auto close_lock = gsl::finally([lock_fd] { ::close(lock_fd); }); // closing releases the lock
    while (::flock(lock_fd, LOCK_EX) != 0) {
        if (errno != EINTR) {
            return system_failure(REGDB_E_WRITEREGDB, lock_path, "lock");
        }
    }

    auto current = load_registry(target);
    if (!current) {
        return tl::make_unexpected(current.error());
    }
    if (auto edited = edit(*current); !edited) {
        return edited;
    }
    const std::string text = serialize_registry(*current);
    const auto replaced = replace_file(target, text, mode);
    if (!replaced) {
        return tl::make_unexpected(replaced.error());
    }
    write_index(target, *replaced, *current, text, mode);
    return {};
}

} // namespace ucom::registry
