// Loads files once and maps byte offsets to lines lazily (a line table per file, built on
// the first diagnostic that needs it).
#include "source_manager.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

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

} // namespace

std::optional<file_id> source_manager::load(const std::filesystem::path &path, source_location included_from,
                                            std::string *error, inclusion how)
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
    if (std::filesystem::is_directory(path, ec)) {
        if (error != nullptr) {
            *error = "is a directory";
        }
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        if (error != nullptr) {
            *error = std::strerror(errno);
        }
        return std::nullopt;
    }
    std::ostringstream contents;
    contents << in.rdbuf();
    auto id = add_buffer(display_name(path), std::move(contents).str(), included_from);
    files_.back()->canonical = std::move(canonical);
    files_.back()->how = how;
    return id;
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
