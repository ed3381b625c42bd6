// Replacing files whole through a temporary file, fsync and rename (atomic_file.hpp).
#include <ucom/atomic_file/atomic_file.hpp>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <ctime>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/random.h>
#include <unistd.h>

namespace ucom::atomic_file {
namespace {

tl::unexpected<write_failure> failure(const std::filesystem::path &target, const std::filesystem::path &path,
                                      std::string doing, int code)
{
    return tl::make_unexpected(write_failure{target, path, std::move(doing), code});
}

std::filesystem::path folder_of(const std::filesystem::path &target)
{
    auto folder = target.parent_path();
    return folder.empty() ? std::filesystem::path(".") : folder;
}

// Six characters from mkstemp's alphabet. Their being unpredictable only spares a retry:
// the file is created exclusively whatever its name.
std::string random_suffix(unsigned attempt)
{
    static constexpr std::string_view alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::array<unsigned char, 6> bytes{};
    if (::getrandom(bytes.data(), bytes.size(), 0) != static_cast<ssize_t>(bytes.size())) {
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        auto mix = static_cast<unsigned long long>(now.tv_nsec) ^ (static_cast<unsigned long long>(::getpid()) << 20U) ^
                   (static_cast<unsigned long long>(attempt) << 40U);
        for (auto &b : bytes) {
            b = static_cast<unsigned char>(mix);
            mix = (mix >> 8U) * 31U + 7U;
        }
    }
    std::string suffix;
    for (const unsigned char b : bytes) {
        suffix += alphabet[b % alphabet.size()];
    }
    return suffix;
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

// Whether `path` is a regular file holding exactly `text`. Opened non-blocking, and read no
// further than the text's length, so a FIFO or a device there neither hangs nor is read on.
bool holds(const std::filesystem::path &path, std::string_view text)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
    if (fd < 0) {
        return false;
    }
    struct stat status {};
    bool same = ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode) &&
                static_cast<std::uintmax_t>(status.st_size) == text.size();
    std::array<char, 16384> buffer{};
    while (same) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            same = got == 0 && text.empty();
            break;
        }
        const auto size = static_cast<std::size_t>(got);
        same = size <= text.size() && std::memcmp(buffer.data(), text.data(), size) == 0;
        text.remove_prefix(same ? size : 0);
    }
    ::close(fd);
    return same;
}

} // namespace

std::string write_failure::message() const
{
    return path.string() + ": cannot " + doing + ": " + std::strerror(code);
}

staged_file::staged_file(std::filesystem::path target, std::filesystem::path temp, int fd)
    : target_(std::move(target)), temp_(std::move(temp)), fd_(fd)
{
}

staged_file::staged_file(staged_file &&other) noexcept
    : target_(std::move(other.target_)), temp_(std::move(other.temp_)), fd_(std::exchange(other.fd_, -1)),
      renamed_(std::exchange(other.renamed_, true))
{
}

staged_file &staged_file::operator=(staged_file &&other) noexcept
{
    if (this != &other) {
        discard();
        target_ = std::move(other.target_);
        temp_ = std::move(other.temp_);
        fd_ = std::exchange(other.fd_, -1);
        renamed_ = std::exchange(other.renamed_, true);
    }
    return *this;
}

staged_file::~staged_file() { discard(); }

void staged_file::discard() noexcept
{
    if (fd_ >= 0) {
        ::close(fd_);
        fd_ = -1;
    }
    if (!renamed_) {
        ::unlink(temp_.c_str());
        renamed_ = true; // nothing left to remove
    }
}

write_result<staged_file> staged_file::stage(const std::filesystem::path &target, std::string_view text,
                                             file_mode mode)
{
    // rename() would refuse a folder only after the other files of a set were renamed.
    struct stat existing {};
    if (::lstat(target.c_str(), &existing) == 0 && S_ISDIR(existing.st_mode)) {
        return failure(target, target, "replace", EISDIR);
    }
    const std::filesystem::path folder = folder_of(target);
    const std::string prefix = "." + target.filename().string() + ".";
    // Without explicit bits the kernel applies the umask to 0666, as for any new file.
    const mode_t create_bits = mode ? 0600 : 0666;
    for (unsigned attempt = 0; attempt < 100; ++attempt) {
        std::filesystem::path temp = folder / (prefix + random_suffix(attempt));
        const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, create_bits);
        if (fd < 0) {
            if (errno == EEXIST || errno == EINTR) {
                continue;
            }
            return failure(target, folder, "create a temporary file in", errno);
        }
        staged_file staged(target, std::move(temp), fd);
        if ((mode && ::fchmod(fd, *mode) != 0) || !write_all(fd, text) || ::fsync(fd) != 0) {
            return failure(target, staged.temp_, "write", errno);
        }
        return staged;
    }
    return failure(target, folder, "create a temporary file in", EEXIST);
}

write_result<struct stat> staged_file::rename_into_place()
{
    if (::rename(temp_.c_str(), target_.c_str()) != 0) {
        return failure(target_, target_, "replace", errno);
    }
    renamed_ = true;
    struct stat written {};
    if (::fstat(fd_, &written) != 0) { // after the rename, which changes the ctime
        return failure(target_, target_, "stat", errno);
    }
    return written;
}

write_result<struct stat> staged_file::commit()
{
    auto written = rename_into_place();
    if (!written) {
        return written;
    }
    if (auto synced = sync_folder(folder_of(target_)); !synced) {
        auto why = std::move(synced.error());
        why.target = target_;
        return tl::make_unexpected(std::move(why));
    }
    return written;
}

write_result<void> sync_folder(const std::filesystem::path &folder)
{
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        return failure(folder, folder, "open", errno);
    }
    const int synced = ::fsync(fd);
    const int why = errno;
    ::close(fd);
    if (synced != 0) {
        return failure(folder, folder, "sync", why);
    }
    return {};
}

write_result<struct stat> replace_file(const std::filesystem::path &target, std::string_view text, file_mode mode)
{
    auto staged = staged_file::stage(target, text, mode);
    if (!staged) {
        return tl::make_unexpected(std::move(staged.error()));
    }
    return staged->commit();
}

write_result<void> staged_set::add(const std::filesystem::path &path, std::string_view text)
{
    if (when_ == rewrite::if_changed && holds(path, text)) {
        return {};
    }
    auto one = staged_file::stage(path, text, mode_);
    if (!one) {
        return tl::make_unexpected(std::move(one.error()));
    }
    staged_.push_back(std::move(*one));
    return {};
}

write_result<void> staged_set::commit()
{
    std::vector<std::pair<std::filesystem::path, std::filesystem::path>> folders; // folder, a target in it
    for (auto &file : staged_) {
        if (auto renamed = file.rename_into_place(); !renamed) {
            return tl::make_unexpected(std::move(renamed.error()));
        }
        auto folder = folder_of(file.target());
        if (std::none_of(folders.begin(), folders.end(), [&](const auto &seen) { return seen.first == folder; })) {
            folders.emplace_back(std::move(folder), file.target());
        }
    }
    for (const auto &[folder, target] : folders) {
        if (auto synced = sync_folder(folder); !synced) {
            auto why = std::move(synced.error());
            why.target = target;
            return tl::make_unexpected(std::move(why));
        }
    }
    return {};
}

write_result<void> replace_files(std::span<const file_content> files, rewrite when, file_mode mode)
{
    staged_set set(when, mode);
    for (const auto &file : files) {
        if (auto staged = set.add(file.path, file.text); !staged) {
            return staged;
        }
    }
    return set.commit();
}

} // namespace ucom::atomic_file
