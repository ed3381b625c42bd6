// A fresh folder per test under the temp dir, and the file helpers the registry tests share:
// whole-file reads and writes, and what a folder holds.
#pragma once

#include <filesystem>
#include <set>
#include <string>

namespace ucom::registry::test {

// Made with mkdtemp (mode 0700, or 0777 with `open_to_everyone` so that an unprivileged
// user can write in it); removed with everything in it at the end.
class scratch_folder {
public:
    explicit scratch_folder(bool open_to_everyone = false);
    ~scratch_folder();
    scratch_folder(const scratch_folder &) = delete;
    scratch_folder &operator=(const scratch_folder &) = delete;

    const std::filesystem::path &path() const { return path_; }
    std::filesystem::path operator/(const std::string &name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

// The file's bytes; throws std::runtime_error when it cannot be read.
std::string read_file(const std::filesystem::path &file);
void write_file(const std::filesystem::path &file, const std::string &bytes);

// The names of the entries of `folder` (not recursive).
std::set<std::string> folder_entries(const std::filesystem::path &folder);

} // namespace ucom::registry::test
