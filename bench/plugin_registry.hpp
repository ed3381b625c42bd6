// What the activation and comparison benchmarks set up before they run: a temporary folder
// for their files, and a registry file with one plugin registered as `ucom register` does.
#pragma once

#include <filesystem>
#include <optional>
#include <string_view>

#include <ucom/error.hpp>
#include <ucom/guid.hpp>

namespace bench {

// A folder under $TMPDIR for this run, removed with everything in it.
class temp_folder {
public:
    // Named prefix.XXXXXX; nothing, after saying why on stderr, when it cannot be made.
    static std::optional<temp_folder> create(std::string_view prefix);
    temp_folder(temp_folder &&other) noexcept;
    temp_folder &operator=(temp_folder &&) = delete;
    temp_folder(const temp_folder &) = delete;
    temp_folder &operator=(const temp_folder &) = delete;
    ~temp_folder();

    const std::filesystem::path &path() const { return path_; }

private:
    explicit temp_folder(std::filesystem::path path) : path_(std::move(path)) {}
    std::filesystem::path path_;
};

bool write_text(const std::filesystem::path &file, const std::string &text);

// Writes `registry` with the classes of `plugin` (its descriptor, read from the file); when
// `progid` is not empty, the class `clsid` gets it (a descriptor need not declare one).
ucom::result<void> write_plugin_registry(const std::filesystem::path &registry, const char *plugin,
                                         const ucom::guid &clsid = {}, std::string_view progid = {});

} // namespace bench
