// The binary registry index beside a TOML registry file (docs/registry.md, "The index"):
// written by update_registry after every write of the TOML file, mapped read-only by the
// catalog so that a host finds the few classes it activates without parsing the whole
// TOML file. The TOML file stays the source of truth: an index that is missing, stale
// (the TOML file's identity changed) or damaged is bypassed. Private to the registry library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <sys/stat.h>

#include <tl/expected.hpp>

#include <ucom/error.hpp>
#include <ucom/registry/model.hpp>

#include "index_format.hpp"

namespace ucom::registry::index {

// The largest index mapped, in bytes: 512 MiB, twice max_registry_bytes (an index is smaller
// than its TOML file: 24 MB against 40 MB for 100,000 generated classes). A larger one is bypassed, and the
// writer writes none.
inline constexpr std::uint64_t max_index_bytes = std::uint64_t{512} << 20U;

// "<file>.index": beside the file a write replaces (a symlinked registry's target).
std::filesystem::path path_for(const std::filesystem::path &toml_file);

// A registry file as the index sees it: whether it exists, the file a write replaces (a
// symlinked registry's target, beside which the index lies) and its status (stat, following
// symlinks). Nothing when it cannot have an index: not a regular file, or unreadable status.
struct registry_status {
    bool exists = false;
    std::filesystem::path real;
    struct stat status {};
};
std::optional<registry_status> status_of(const std::filesystem::path &toml_file);

// FNV-1a 64 of `text`: stable across compilers and standard libraries, unlike std::hash.
std::uint64_t content_hash(std::string_view text);

// The index of `file`, whose TOML text `toml_text` has the status `toml` (taken after it was
// renamed into place); nothing when the file cannot be indexed (a class names a module the
// file does not list, or the index would pass max_index_bytes).
std::optional<std::string> build(const registry_file &file, const struct stat &toml, std::string_view toml_text);

enum class problem {
    missing,    // no index file
    unreadable, // cannot be opened or mapped, not a regular file, a symlink, refused for root
    damaged,    // not an index of this version, or a size, offset or count out of bounds
    stale,      // written from another state of the TOML file
};

struct bypass {
    problem kind;
    std::string message; // names the index file and the reason
};

// An index file mapped read-only. Open checks the header, the geometry of every section and
// the TOML file's identity: O(1) in the number of classes. Entries are checked as lookups
// reach them, so a damaged entry gives an error, never a read out of bounds; a binary search
// over a table that is not sorted ends in log2(count) steps and may miss, never loop.
// Immutable: any number of threads may use it.
class view {
public:
    ~view();
    view(const view &) = delete;
    view &operator=(const view &) = delete;

    // The index beside `toml_path`, whose status (stat, following symlinks) is `toml`.
    static tl::expected<std::shared_ptr<const view>, bypass> open(const std::filesystem::path &toml_path,
                                                                  const struct stat &toml);

    const std::filesystem::path &path() const { return path_; }
    std::size_t class_count() const { return static_cast<std::size_t>(header_.classes.count); }
    std::size_t interface_count() const { return static_cast<std::size_t>(header_.interfaces.count); }
    std::uint64_t toml_content_hash() const { return header_.toml.content_hash; }

    // Place in the class or interface table, or nothing when absent; an error when the
    // entries the search reads are damaged.
    result<std::optional<std::uint32_t>> find_class(const guid &clsid) const;
    result<std::optional<std::uint32_t>> find_progid(std::string_view progid) const;
    result<std::optional<std::uint32_t>> find_interface(const guid &iid) const;
    result<std::optional<std::uint32_t>> find_interface(std::string_view name) const;

    guid clsid_at(std::uint32_t place) const;
    guid iid_at(std::uint32_t place) const;

    // The class at `place` as a registry file of its own: that class, its module, and the
    // [[interface]] entries of the interfaces its module implements.
    result<registry_file> class_file(std::uint32_t place) const;
    result<interface_record> interface_at(std::uint32_t place) const;

    // Whether the index is byte for byte `expected` (what build() writes for the TOML file
    // now): `ucom verify` checks an index that passed open() this way.
    bool holds(std::string_view expected) const;

private:
    view(std::filesystem::path path, const unsigned char *base, std::size_t size, const index_format::header &header);

    template <class Entry>
    Entry entry(const index_format::section &table, std::uint64_t place) const;
    result<std::string_view> text(const index_format::string_ref &ref, std::string_view what) const;
    result<std::optional<std::uint32_t>> find_named(const index_format::section &table, std::uint64_t targets,
                                                    std::string_view name, std::string_view what) const;
    error damaged(const std::string &reason) const;

    std::filesystem::path path_;
    const unsigned char *base_;
    std::size_t size_;
    index_format::header header_;
};

} // namespace ucom::registry::index
