// What the activation tests share: a scratch folder with a registry file, filled by running
// the real `ucom` tool, and a look at what the process has mapped.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <ucom/runtime.hpp>

namespace ucom::test {

struct command_result {
    int exit_code = -1;
    std::string output; // stdout and stderr together
};

// Runs a program (no shell interpretation of the arguments) and collects its output.
command_result run_command(const std::vector<std::string> &argv);

// A fresh folder under the temp dir, removed with everything in it at the end.
class scratch_registry {
public:
    scratch_registry();
    ~scratch_registry();
    scratch_registry(const scratch_registry &) = delete;
    scratch_registry &operator=(const scratch_registry &) = delete;

    const std::filesystem::path &folder() const { return folder_; }
    std::filesystem::path file() const { return folder_ / "registry.toml"; }

    // `ucom ARGS... --registry FILE`.
    command_result ucom(std::vector<std::string> args) const;
    // `ucom register PLUGIN`, which must succeed (throws std::runtime_error with the output).
    void register_plugin(const std::filesystem::path &plugin) const;
    // A copy of a plugin in the folder (mode 0755), to change or replace without touching
    // the build's file.
    std::filesystem::path copy_in(const std::filesystem::path &plugin, const std::string &name) const;

    runtime open_runtime() const;

private:
    std::filesystem::path folder_;
};

// How many objects the dynamic loader has loaded from `file` (compared by device and
// inode, so symlinks and other paths count as the file), and how many executable mappings
// of it /proc/self/maps shows.
std::size_t loaded_objects_of(const std::filesystem::path &file);
std::size_t executable_mappings_of(const std::filesystem::path &file);

} // namespace ucom::test
