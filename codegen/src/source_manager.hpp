// The files a compilation reads, and the mapping from a location (file + byte offset) to
// the path, line, column and source line that diagnostics print. Only the driver and this
// class touch the disk; every stage after it works on text and locations.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ucom::idl {

using file_id = std::uint32_t;

// How a file came in: by #include, or by an IDL import (diagnostics say which).
enum class inclusion : std::uint8_t { include, import };

// A point in a loaded file. file 0 means "no location" (command line, built-ins).
struct source_location {
    file_id file = 0;
    std::uint32_t offset = 0;

    [[nodiscard]] bool valid() const { return file != 0; }
    friend bool operator==(const source_location &, const source_location &) = default;
};

// A location as a person reads it: 1-based line and column (in bytes).
struct presumed_location {
    std::string_view path;
    std::uint32_t line = 0;
    std::uint32_t column = 0;
    std::string_view line_text; // without its newline
};

class source_manager {
public:
    source_manager();
    ~source_manager();
    source_manager(const source_manager &) = delete;
    source_manager &operator=(const source_manager &) = delete;

    // Reads a file. A path read before (same canonical path) returns the same id. Empty when
    // the file cannot be read; `error` then says why (strerror text).
    std::optional<file_id> load(const std::filesystem::path &path, source_location included_from,
                                std::string *error = nullptr, inclusion how = inclusion::include);
    // A buffer that is not on disk (tests, `-D` definitions); `name` is what diagnostics print.
    file_id add_buffer(std::string name, std::string text, source_location included_from = {});

    [[nodiscard]] std::string_view text(file_id file) const;
    // The path as given (or the buffer's name): what diagnostics and banners print.
    [[nodiscard]] const std::string &name(file_id file) const;
    // The canonical path on disk; empty for buffers.
    [[nodiscard]] const std::filesystem::path &path(file_id file) const;
    [[nodiscard]] source_location included_from(file_id file) const;
    [[nodiscard]] inclusion how_included(file_id file) const;
    [[nodiscard]] presumed_location presume(source_location location) const;
    // Every file read from disk, in load order (for depfiles).
    [[nodiscard]] std::vector<std::filesystem::path> disk_files() const;

private:
    struct loaded_file;
    [[nodiscard]] const loaded_file &get(file_id id) const;
    std::vector<std::unique_ptr<loaded_file>> files_;
};

} // namespace ucom::idl
