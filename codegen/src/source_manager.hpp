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

// Why a file could not be read (source_manager::load, read_regular_file).
struct read_failure {
    enum class kind : std::uint8_t {
        system,      // open() or read() failed: `detail` is the strerror text
        not_regular, // a FIFO, device, socket or folder: `detail` says which
        too_large,   // `size` bytes (at least), more than `limit`
    };
    read_failure::kind kind = kind::system;
    std::string detail;
    std::uint64_t size = 0;
    std::uint64_t limit = 0;
};

// The largest source file ucom-idl reads by default (16 MiB; Wine's largest IDL file,
// mshtml.idl, is 1.1 MB): a bigger one is refused before it is read. --max-file-size sets
// another, up to the ceiling that keeps every offset in 32 bits.
inline constexpr std::uint64_t max_source_file_size = std::uint64_t{16} << 20U;
inline constexpr std::uint64_t source_file_size_ceiling = UINT32_MAX;

// The whole of a regular file of at most `limit` bytes. Opened non-blocking and checked with
// fstat before anything is read, so a FIFO, /dev/zero or a terminal is refused at once
// instead of hanging or filling memory; a file that grows past `limit` while it is read is
// refused too.
struct read_result {
    std::string text;
    std::optional<read_failure> failure;
};
read_result read_regular_file(const std::filesystem::path &path, std::uint64_t limit);

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

    // The largest file load() reads (max_source_file_size unless set; at most
    // source_file_size_ceiling). Set before the first load.
    void limit_file_size(std::uint64_t bytes);

    // Reads a regular file of at most the file size limit. A path read before (same
    // canonical path) returns the same id. Empty when the file cannot be read; `failure` then
    // says why.
    std::optional<file_id> load(const std::filesystem::path &path, source_location included_from,
                                read_failure *failure = nullptr, inclusion how = inclusion::include);
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
    std::uint64_t file_size_limit_ = max_source_file_size;
};

} // namespace ucom::idl
