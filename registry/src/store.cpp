// Locked, atomic registry writes (the sequence is in store.hpp and docs/registry.md).
#include <ucom/registry/store.hpp>

#include <cerrno>
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

#include <ucom/registry/toml_file.hpp>

namespace ucom::registry {

namespace {

tl::unexpected<error> system_failure(HRESULT code, const std::filesystem::path &path, std::string_view doing)
{
    const int saved = errno;
    if (saved == EACCES || saved == EPERM || saved == EROFS) {
        code = E_ACCESSDENIED; // not a broken registry: the user may not write there
    }
    return tl::make_unexpected(
        error(code, fmt::format("{}: cannot {}: {}", path.string(), doing, std::strerror(saved)), path.string()));
}

// Reads the whole file; ENOENT is reported as errno for the caller to decide.
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
        text.append(buffer, static_cast<std::size_t>(got));
    }
}

bool write_all(int fd, std::string_view text)
{
    while (!text.empty()) {
        const ssize_t put = ::write(fd, text.data(), text.size());
        if (put < 0) {
            if (errno == EINTR) {
                continue;
            }
            return false;
        }
        text.remove_prefix(static_cast<std::size_t>(put));
    }
    return true;
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

// Writes `text` next to `target` and renames it over target: the old or the new file,
// never a mix, even across a crash.
result<void> replace_file(const std::filesystem::path &target, std::string_view text, mode_t mode)
{
    const std::filesystem::path folder = target.parent_path();
    std::string temp = (folder / ("." + target.filename().string() + ".XXXXXX")).string();
    const int fd = ::mkostemp(temp.data(), O_CLOEXEC);
    if (fd < 0) {
        return system_failure(REGDB_E_WRITEREGDB, folder, "create a temporary file in");
    }
    bool renamed = false;
    auto cleanup = gsl::finally([&] {
        if (!renamed) {
            ::unlink(temp.c_str());
        }
    });
    {
        auto close_fd = gsl::finally([fd] { ::close(fd); });
        if (::fchmod(fd, mode) != 0 || !write_all(fd, text) || ::fsync(fd) != 0) {
            return system_failure(REGDB_E_WRITEREGDB, temp, "write");
        }
    }
    if (::rename(temp.c_str(), target.c_str()) != 0) {
        return system_failure(REGDB_E_WRITEREGDB, target, "replace");
    }
    renamed = true;
    // The rename is durable only once the folder's entry is on disk.
    const int folder_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (folder_fd < 0) {
        return system_failure(REGDB_E_WRITEREGDB, folder, "open");
    }
    auto close_folder = gsl::finally([folder_fd] { ::close(folder_fd); });
    if (::fsync(folder_fd) != 0) {
        return system_failure(REGDB_E_WRITEREGDB, folder, "sync");
    }
    return {};
}

} // namespace

result<registry_file> load_registry(const std::filesystem::path &path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            return registry_file{};
        }
        return system_failure(REGDB_E_READREGDB, path, "read");
    }
    auto close_fd = gsl::finally([fd] { ::close(fd); });
    std::string text;
    if (!read_all(fd, text)) {
        return system_failure(REGDB_E_READREGDB, path, "read");
    }
    return parse_registry(text, path.string());
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
    mode_t mode = 0644;
    struct stat existing {};
    if (::stat(target.c_str(), &existing) == 0) {
        if (::faccessat(AT_FDCWD, target.c_str(), W_OK, AT_EACCESS) != 0) { // the effective user's right
            return system_failure(E_ACCESSDENIED, target, "write (it is left as it is)");
        }
        mode = existing.st_mode & 07777;
    }

    const std::string lock_path = target.string() + ".lock";
    const int lock_fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (lock_fd < 0) {
        return system_failure(REGDB_E_WRITEREGDB, lock_path, "open the lock file");
    }
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
    return replace_file(target, serialize_registry(*current), mode);
}

} // namespace ucom::registry
