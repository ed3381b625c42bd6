// Loads files once and maps byte offsets to lines lazily (a line table per file, built on
// the first diagnostic that needs it).
#include "source_manager.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <iterator>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/assert>

namespace ucom::idl {

struct source_manager::loaded_file {
    std::string name;
    std::filesystem::path canonical;
    std::string text;
    source_location included_from;
    inclusion how = inclusion::include;
    mutable std::vector<std::uint32_t> line_starts; // built on demand
};

source_manager::source_manager() = default;
source_manager::~source_manager() = default;

namespace {

// What diagnostics print for a file: relative to the working folder when it is inside it
// (an include found through the including file's folder is absolute by construction), the
// path as given otherwise.
std::string display_name(const std::filesystem::path &path)
{
    if (path.is_relative()) {
        return path.lexically_normal().string();
    }
    std::error_code ec;
    auto relative = std::filesystem::proximate(path, ec);
    if (ec || relative.empty() || *relative.begin() == "..") {
        return path.lexically_normal().string();
    }
    return relative.string();
}

// What a file that is not a regular one is, for the diagnostic.
std::string_view file_type_name(mode_t mode)
{
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a regular file";
}

read_failure system_failure()
{
    return {read_failure::kind::system, std::strerror(errno), 0, 0};
}

// Closes the descriptor it owns on every path out of read_regular_file.
class file_descriptor {
public:
    explicit file_descriptor(int fd) : fd_(fd) {}
    ~file_descriptor()
    {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    file_descriptor(const file_descriptor &) = delete;
    file_descriptor &operator=(const file_descriptor &) = delete;
    [[nodiscard]] int get() const { return fd_; }

private:
    int fd_;
};

} // namespace

read_result read_regular_file(const std::filesystem::path &path, std::uint64_t limit)
{
    // O_NONBLOCK: opening a FIFO with no writer would otherwise wait for one forever.
    file_descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        return {{}, system_failure()};
    }
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) {
        return {{}, system_failure()};
    }
    if (!S_ISREG(info.st_mode)) {
        return {{}, read_failure{read_failure::kind::not_regular, std::string(file_type_name(info.st_mode)), 0, 0}};
    }
    auto size = static_cast<std::uint64_t>(info.st_size);
    if (size > limit) {
        return {{}, read_failure{read_failure::kind::too_large, {}, size, limit}};
    }
    read_result result;
    result.text.resize(static_cast<std::size_t>(size) + 1); // one byte more sees a file that grew
    std::size_t used = 0;
    while (true) {
        if (used == result.text.size()) {
            if (used > limit) {
                return {{}, read_failure{read_failure::kind::too_large, {}, used, limit}};
            }
            result.text.resize(std::min<std::uint64_t>(limit + 1, used * 2 + 4096));
        }
        auto got = ::read(fd.get(), result.text.data() + used, result.text.size() - used);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got < 0) {
            return {{}, system_failure()};
        }
        if (got == 0) {
            break;
        }
        used += static_cast<std::size_t>(got);
    }
    result.text.resize(used);
    return result;
}

std::optional<file_id> source_manager::load(const std::filesystem::path &path, source_location included_from,
                                            read_failure *failure, inclusion how)
{
    std::error_code ec;
    auto canonical = std::filesystem::weakly_canonical(path, ec);
    if (ec) {
        canonical = std::filesystem::absolute(path);
    }
    for (std::size_t i = 0; i < files_.size(); ++i) {
        if (!files_[i]->canonical.empty() && files_[i]->canonical == canonical) {
            return static_cast<file_id>(i + 1);
        }
    }
    auto read = read_regular_file(path, file_size_limit_);
    if (read.failure) {
        if (failure != nullptr) {
            *failure = std::move(*read.failure);
        }
        return std::nullopt;
    }
    auto id = add_buffer(display_name(path), std::move(read.text), included_from);
    files_.back()->canonical = std::move(canonical);
    files_.back()->how = how;
    return id;
}

void source_manager::limit_file_size(std::uint64_t bytes)
{
    Expects(bytes <= source_file_size_ceiling);
    file_size_limit_ = bytes;
}

file_id source_manager::add_buffer(std::string name, std::string text, source_location included_from)
{
    auto f = std::make_unique<loaded_file>();
    f->name = std::move(name);
    f->text = std::move(text);
    f->included_from = included_from;
    files_.push_back(std::move(f));
    return static_cast<file_id>(files_.size());
}

const source_manager::loaded_file &source_manager::get(file_id id) const
{
    Expects(id >= 1 && id <= files_.size());
    return *files_[id - 1];
}

std::string_view source_manager::text(file_id file) const
{
    return get(file).text;
}
const std::string &source_manager::name(file_id file) const
{
    return get(file).name;
}
const std::filesystem::path &source_manager::path(file_id file) const
{
    return get(file).canonical;
}
source_location source_manager::included_from(file_id file) const
{
    return get(file).included_from;
}
inclusion source_manager::how_included(file_id file) const
{
    return get(file).how;
}

presumed_location source_manager::presume(source_location location) const
{
    if (!location.valid()) {
        return {};
    }
    const auto &f = get(location.file);
    if (f.line_starts.empty()) {
        f.line_starts.push_back(0);
        for (std::size_t i = 0; i < f.text.size(); ++i) {
            if (f.text[i] == '\n') {
                f.line_starts.push_back(static_cast<std::uint32_t>(i + 1));
            }
        }
    }
    auto offset = std::min<std::uint32_t>(location.offset, static_cast<std::uint32_t>(f.text.size()));
    auto next = std::upper_bound(f.line_starts.begin(), f.line_starts.end(), offset);
    auto line_index = static_cast<std::size_t>(std::distance(f.line_starts.begin(), next)) - 1;
    auto start = f.line_starts[line_index];
    auto end = f.text.find('\n', start);
    if (end == std::string::npos) {
        end = f.text.size();
    }
    std::string_view line_text(f.text.data() + start, end - start);
    if (!line_text.empty() && line_text.back() == '\r') {
        line_text.remove_suffix(1);
    }
    return {f.name, static_cast<std::uint32_t>(line_index + 1), offset - start + 1, line_text};
}

std::vector<std::filesystem::path> source_manager::disk_files() const
{
    std::vector<std::filesystem::path> result;
    for (const auto &f : files_) {
        if (!f->canonical.empty()) {
            result.push_back(f->canonical);
        }
    }
    return result;
}

} // namespace ucom::idl
