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
      renamed_(std::exchange(other.renamed_, true)), written_(other.written_), writeback_(other.writeback_)
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
        written_ = other.written_;
        writeback_ = other.writeback_;
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
    auto staged = open(target, mode);
    if (!staged) {
        return staged;
    }
    if (auto appended = staged->append(text); !appended) {
        return tl::make_unexpected(std::move(appended.error()));
    }
    if (auto finished = staged->finish(); !finished) {
        return tl::make_unexpected(std::move(finished.error()));
    }
    return staged;
}

write_result<staged_file> staged_file::open(const std::filesystem::path &target, file_mode mode)
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
        if (mode && ::fchmod(fd, *mode) != 0) {
            return failure(target, staged.temp_, "write", errno);
        }
        return staged;
    }
    return failure(target, folder, "create a temporary file in", EEXIST);
}

write_result<void> staged_file::append(std::string_view text)
{
    if (!write_all(fd_, text)) {
        return failure(target_, temp_, "write", errno);
    }
    written_ += text.size();
    // Writeback started now runs while the caller makes the next pieces. Only a hint: the
    // sync in finish() is what makes the file durable, so a failure here changes nothing.
    static constexpr std::uint64_t writeback_step = std::uint64_t{8} << 20;
    if (written_ - writeback_ >= writeback_step) {
        (void)::sync_file_range(fd_, static_cast<off_t>(writeback_), static_cast<off_t>(written_ - writeback_),
                                SYNC_FILE_RANGE_WRITE);
        writeback_ = written_;
    }
    return {};
}

write_result<void> staged_file::finish()
{
    if (::fsync(fd_) != 0) {
        return failure(target_, temp_, "write", errno);
    }
    return {};
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

staged_set::~staged_set()
{
    if (old_fd_ >= 0) {
        ::close(old_fd_);
    }
}

write_result<void> staged_set::begin(const std::filesystem::path &path)
{
    current_ = path;
    writing_.reset();
    matched_ = 0;
    if (old_fd_ >= 0) {
        ::close(old_fd_);
        old_fd_ = -1;
    }
    if (when_ == rewrite::if_changed) {
        // Opened non-blocking and read only while it matches, so that a FIFO or a device
        // there neither hangs nor is read on; anything but a regular file differs.
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
        struct stat status {};
        if (fd >= 0 && ::fstat(fd, &status) == 0 && S_ISREG(status.st_mode)) {
            old_fd_ = fd;
            return {};
        }
        if (fd >= 0) {
            ::close(fd);
        }
    }
    return start_writing();
}

// The old file differs from the text after all: the temporary file gets the part that
// matched, read back from the old file, and the pieces go there from now on.
write_result<void> staged_set::start_writing()
{
    auto staged = staged_file::open(current_, mode_);
    if (!staged) {
        return tl::make_unexpected(std::move(staged.error()));
    }
    writing_ = std::move(*staged);
    if (old_fd_ < 0) {
        return {};
    }
    std::vector<char> buffer(std::min<std::uint64_t>(matched_, std::uint64_t{1} << 20));
    for (std::uint64_t copied = 0; copied < matched_;) {
        const auto want = static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), matched_ - copied));
        const ssize_t got = ::pread(old_fd_, buffer.data(), want, static_cast<off_t>(copied));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return failure(current_, current_, "read", got < 0 ? errno : EIO);
        }
        if (auto appended = writing_->append({buffer.data(), static_cast<std::size_t>(got)}); !appended) {
            return appended;
        }
        copied += static_cast<std::uint64_t>(got);
    }
    ::close(old_fd_);
    old_fd_ = -1;
    return {};
}

write_result<void> staged_set::append(std::string_view text)
{
    if (old_fd_ >= 0) {
        std::array<char, 65536> buffer{};
        std::string_view rest = text;
        bool same = true;
        while (same && !rest.empty()) {
            const ssize_t got = ::read(old_fd_, buffer.data(), std::min(buffer.size(), rest.size()));
            if (got < 0 && errno == EINTR) {
                continue;
            }
            const auto size = static_cast<std::size_t>(std::max<ssize_t>(got, 0));
            same = got > 0 && std::memcmp(buffer.data(), rest.data(), size) == 0;
            if (same) {
                rest.remove_prefix(size);
                matched_ += size;
            }
        }
        if (same) {
            return {};
        }
        if (auto started = start_writing(); !started) {
            return started;
        }
        text = rest; // what matched is in the temporary file already
    }
    return writing_->append(text);
}

write_result<void> staged_set::end()
{
    if (old_fd_ >= 0) {
        char byte = 0;
        ssize_t got = 0;
        do {
            got = ::read(old_fd_, &byte, 1);
        } while (got < 0 && errno == EINTR);
        if (got == 0) {
            ::close(old_fd_); // the file holds exactly the text: left alone, its mtime too
            old_fd_ = -1;
            return {};
        }
        if (auto started = start_writing(); !started) { // the old file is longer
            return started;
        }
    }
    if (auto finished = writing_->finish(); !finished) {
        return finished;
    }
    staged_.push_back(std::move(*writing_));
    writing_.reset();
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
