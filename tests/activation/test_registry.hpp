// What the activation tests share: a scratch folder with a registry file, filled by running
// the real `ucom` tool, and a look at what the process has mapped.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <ucom/runtime.hpp>

#include "child_process.hpp"
#include "scratch_folder.hpp"

namespace ucom::test {

// The registry tests' process runner: the real `ucom`, no shell.
using registry::test::command_result;
using registry::test::run_command;

// A registry file in a fresh folder under the temp dir, removed with everything in it at
// the end.
class scratch_registry {
public:
    // Also points UCOM_TEST_MARKER_FILE, which the marker plugins write, at marker_file(),
    // for this process and the commands it runs: tests that run at once share no marker.
    scratch_registry();

    const std::filesystem::path &folder() const { return folder_.path(); }
    std::filesystem::path marker_file() const { return folder_ / "marker.txt"; }
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
    registry::test::scratch_folder folder_;
};

// How many objects the dynamic loader has loaded from `file` (compared by device and
// inode, so symlinks and other paths count as the file), and how many executable mappings
// of it /proc/self/maps shows.
std::size_t loaded_objects_of(const std::filesystem::path &file);
std::size_t executable_mappings_of(const std::filesystem::path &file);

} // namespace ucom::test
