// The load policy as one walk from the root, one part of the path at a time: each folder is
// judged for the very entry taken in it. By path (lstat), not through descriptors: once a
// folder has passed, only root and the effective user can change what it holds, so the
// path resolves the same way until they do, and one system call a part is the cost.
#include <ucom/module_file/policy.hpp>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <deque>
#include <vector>

#include <fcntl.h>
#include <unistd.h>

#include <fmt/format.h>

namespace ucom::module_file {

unique_fd &unique_fd::operator=(unique_fd &&other) noexcept
{
    if (this != &other) {
        if (fd_ >= 0) {
            ::close(fd_);
        }
        fd_ = std::exchange(other.fd_, -1);
    }
    return *this;
}

unique_fd::~unique_fd()
{
    if (fd_ >= 0) {
        ::close(fd_);
    }
}

namespace {

tl::unexpected<error> refuse(std::string reason)
{
    return tl::make_unexpected(error(E_ACCESSDENIED, std::move(reason)));
}

bool trusted_owner(uid_t uid, const walk_rules &rules)
{
    return uid == 0 || (rules.owners == trusted_owners::root_and_user && uid == ::geteuid());
}

bool writable_by_others(const struct stat &status)
{
    return (status.st_mode & (S_IWGRP | S_IWOTH)) != 0;
}

std::string foreign_owner(uid_t uid, const walk_rules &rules)
{
    if (rules.owners == trusted_owners::root_only) {
        return fmt::format("owned by uid {}, not root", uid);
    }
    return fmt::format("owned by uid {}, neither root nor you (uid {})", uid, ::geteuid());
}

struct folder {
    struct stat status {};
    std::filesystem::path path; // resolved: no symlinks, no `..`
};

// Whether the folder `at` keeps others from replacing what it holds: owned by a trusted
// owner, and not group- or world-writable unless sticky.
result<void> check_folder(const folder &at, const walk_rules &rules)
{
    if (!trusted_owner(at.status.st_uid, rules)) {
        return refuse(fmt::format("the folder {} is {}, so its owner could put another file in the way (fix: "
                                  "chown root {}, or move {})",
                                  at.path.string(), foreign_owner(at.status.st_uid, rules), at.path.string(),
                                  rules.subject));
    }
    if (writable_by_others(at.status) && (at.status.st_mode & S_ISVTX) == 0) {
        return refuse(fmt::format("the folder {} is group- or world-writable (mode {:04o}) without the sticky bit, "
                                  "so others could put another file in {}'s place (fix: chmod go-w)",
                                  at.path.string(), at.status.st_mode & 07777, rules.subject));
    }
    return {};
}

// Whether `entry` (null: an entry someone might create) may be taken in `at`: nobody but
// the trusted owners may be able to put another one in its place.
result<void> check_entry_in(const folder &at, const struct stat *entry, const std::string &entry_name,
                            const walk_rules &rules)
{
    if (auto checked = check_folder(at, rules); !checked || !writable_by_others(at.status)) {
        return checked;
    }
    const auto mode = at.status.st_mode & 07777;
    if (entry == nullptr) {
        return refuse(fmt::format("the folder {} is group- or world-writable (mode {:04o}), so others could create "
                                  "{} in it (fix: chmod go-w)",
                                  at.path.string(), mode, entry_name));
    }
    if (!trusted_owner(entry->st_uid, rules)) {
        return refuse(fmt::format("the folder {} is group- or world-writable and sticky (mode {:04o}), and {} in it "
                                  "is {}, so that user could replace it (fix: chown root, or move it)",
                                  at.path.string(), mode, entry_name, foreign_owner(entry->st_uid, rules)));
    }
    return {};
}

enum class target {
    file,          // a regular file, opened
    search_folder, // a folder that may not exist, where others must not be able to create a file
    existing,      // a file or a folder, not opened
};

class path_walk {
public:
    path_walk(const std::filesystem::path &path, target wanted, const walk_rules &rules)
        : path_(path), wanted_(wanted), rules_(rules)
    {
    }

    result<checked_file> run();

private:
    tl::unexpected<error> fail(const error &failure) const;
    result<void> enter_root();
    result<bool> take(const std::string &part); // true: the walk is over
    // Judges the file `part` of the last folder and, unless target::existing, opens it.
    result<void> open_file(const std::string &part, const struct stat &entry);

    const std::filesystem::path &path_;
    target wanted_;
    const walk_rules &rules_;
    std::vector<folder> folders_; // folders_.front() is the root
    std::deque<std::filesystem::path> pending_;
    std::string note_; // where a refusal happened, when the folder holds a symlink
    int symlinks_ = 0;
    checked_file result_;
};

tl::unexpected<error> path_walk::fail(const error &failure) const
{
    std::string where = note_;
    if (where.empty() && result_.through_symlinks) {
        where = fmt::format(" (the path {} leads there through symlinks)", path_.string());
    }
    return tl::make_unexpected(error(failure.code(), failure.message() + where));
}

result<void> path_walk::enter_root()
{
    folder root;
    root.path = "/";
    if (::lstat("/", &root.status) != 0) {
        return refuse(fmt::format("cannot open the root folder: {}", std::strerror(errno)));
    }
    if (!trusted_owner(root.status.st_uid, rules_) || writable_by_others(root.status)) {
        return refuse("the root folder / is writable by others or owned by another user");
    }
    folders_.resize(1);
    folders_.front() = std::move(root);
    return {};
}

result<checked_file> path_walk::run()
{
    if (!path_.is_absolute()) {
        return refuse(fmt::format("{}: the path is not absolute", path_.string()));
    }
    if (auto entered = enter_root(); !entered) {
        return tl::make_unexpected(entered.error());
    }
    pending_.assign(path_.begin(), path_.end());
    while (!pending_.empty()) {
        const std::string part = pending_.front().string();
        pending_.pop_front();
        auto over = take(part);
        if (!over) {
            return fail(over.error());
        }
        if (*over) {
            return std::move(result_);
        }
    }
    if (wanted_ == target::file) {
        return fail(error(E_ACCESSDENIED, fmt::format("{} is a folder, not a regular file", folders_.back().path.string())));
    }
    // A search folder: others must not be able to create a library in it. A folder named
    // as such: others must not be able to replace what it holds.
    auto checked = wanted_ == target::existing ? check_folder(folders_.back(), rules_)
                                                : check_entry_in(folders_.back(), nullptr, "a library", rules_);
    if (!checked) {
        return fail(checked.error());
    }
    result_.status = folders_.back().status;
    result_.resolved = folders_.back().path;
    return std::move(result_);
}

result<bool> path_walk::take(const std::string &part)
{
    if (part.empty() || part == "/" || part == ".") {
        return false;
    }
    if (part == "..") { // the real parent: the folders on the stack hold no symlinks
        if (folders_.size() > 1) {
            folders_.pop_back();
        }
        return false;
    }
    const folder &at = folders_.back();
    const std::filesystem::path next = at.path / part;
    struct stat entry {};
    if (::lstat(next.c_str(), &entry) != 0) {
        const int saved = errno;
        if (saved == ENOENT && wanted_ == target::search_folder) {
            // Nothing there now: nobody else may be able to create it.
            return check_entry_in(at, nullptr, part, rules_).map([] { return true; });
        }
        if (saved == ENOENT) {
            return tl::make_unexpected(error(CO_E_DLLNOTFOUND, fmt::format("cannot find {}", next.string())));
        }
        return refuse(fmt::format("cannot open {}: {}", next.string(), std::strerror(saved)));
    }
    if (auto checked = check_entry_in(at, &entry, next.string(), rules_); !checked) {
        if (S_ISLNK(entry.st_mode)) {
            note_ = fmt::format(" (it holds the symlink {}, on the way to {})", next.string(), path_.string());
        }
        return tl::make_unexpected(checked.error());
    }
    if (S_ISLNK(entry.st_mode)) {
        constexpr int max_symlinks = 40; // the kernel's limit (ELOOP)
        if (!trusted_owner(entry.st_uid, rules_)) {
            return refuse(fmt::format("the symlink {} is {} (fix: chown -h root {}, or name the file it points to)",
                                      next.string(), foreign_owner(entry.st_uid, rules_), next.string()));
        }
        if (++symlinks_ > max_symlinks) {
            return refuse(fmt::format("more than {} symlinks", max_symlinks));
        }
        // Not st_size + 1: symlinks of /proc report a size of 0.
        std::string target(std::max<std::size_t>(static_cast<std::size_t>(entry.st_size) + 1, PATH_MAX), '\0');
        const auto length = ::readlink(next.c_str(), target.data(), target.size());
        if (length < 0 || static_cast<std::size_t>(length) >= target.size()) {
            return refuse(fmt::format("cannot read the symlink {}", next.string()));
        }
        target.resize(static_cast<std::size_t>(length));
        const std::filesystem::path to(target);
        pending_.insert(pending_.begin(), to.begin(), to.end());
        if (to.is_absolute()) {
            folders_.resize(1);
        }
        result_.through_symlinks = true;
        return false;
    }
    if (S_ISDIR(entry.st_mode)) {
        folders_.push_back(folder{entry, next});
        return false;
    }
    if (wanted_ == target::search_folder) {
        return true; // not a folder: the dynamic loader finds nothing under it
    }
    if (!pending_.empty()) {
        return refuse(fmt::format("{} is not a folder", next.string()));
    }
    if (auto opened = open_file(part, entry); !opened) {
        return tl::make_unexpected(opened.error());
    }
    return true;
}

result<void> path_walk::open_file(const std::string &part, const struct stat &entry)
{
    const folder &at = folders_.back();
    const std::filesystem::path file = at.path / part;
    // The path names the file already; the file it resolves to is worth naming.
    const auto refuse_file = [&](const std::string &reason) {
        return refuse(result_.through_symlinks ? fmt::format("{}: {}", file.string(), reason) : reason);
    };
    if (auto checked = check_status(entry, rules_); !checked) {
        return refuse_file(checked.error().message());
    }
    if (wanted_ == target::existing) { // judged, not opened
        result_.status = entry;
        result_.resolved = file;
        return {};
    }
    // Never blocks (a FIFO put in its place after the check) and never follows a symlink.
    result_.fd = unique_fd(::open(file.c_str(), O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC));
    if (!result_.fd || ::fstat(result_.fd.get(), &result_.status) != 0) {
        return refuse(fmt::format("cannot open {}: {}", file.string(), std::strerror(errno)));
    }
    if (result_.status.st_dev != entry.st_dev || result_.status.st_ino != entry.st_ino) {
        return refuse(fmt::format("{} changed while it was checked", file.string()));
    }
    if (auto checked = check_status(result_.status, rules_); !checked) {
        return refuse_file(checked.error().message());
    }
    result_.resolved = file;
    return {};
}

} // namespace

result<void> check_status(const struct stat &status, const walk_rules &rules)
{
    if (!S_ISREG(status.st_mode)) {
        const char *kind = S_ISFIFO(status.st_mode)   ? "a FIFO"
                           : S_ISCHR(status.st_mode)  ? "a character device"
                           : S_ISBLK(status.st_mode)  ? "a block device"
                           : S_ISSOCK(status.st_mode) ? "a socket"
                           : S_ISDIR(status.st_mode)  ? "a folder"
                                                      : "not a plain file";
        return refuse(fmt::format("not a regular file ({})", kind));
    }
    if (writable_by_others(status)) {
        return refuse(fmt::format("the file is group- or world-writable (mode {:04o}), so others could change {} "
                                  "(fix: chmod go-w)",
                                  status.st_mode & 07777, rules.contents));
    }
    if (!trusted_owner(status.st_uid, rules)) {
        return refuse(fmt::format("the file is {} (fix: chown root)", foreign_owner(status.st_uid, rules)));
    }
    return {};
}

result<checked_file> open_checked(const std::filesystem::path &file, const walk_rules &rules)
{
    return path_walk(file, target::file, rules).run();
}

result<struct stat> check_existing(const std::filesystem::path &path, const walk_rules &rules)
{
    return path_walk(path, target::existing, rules).run().map([](checked_file &&checked) { return checked.status; });
}

result<void> check_search_folder(const std::filesystem::path &folder)
{
    return path_walk(folder, target::search_folder, walk_rules{}).run().map([](checked_file &&) {});
}

} // namespace ucom::module_file
