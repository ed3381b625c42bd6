// Running programs as a user runs them, and code as another user: the tests of what
// `ucom` prints and of what an unprivileged process sees (the machine and CI run the tests
// as root, where UCOM_REGISTRY, the per-user layer and file permissions do not apply).
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ucom::registry::test {

struct command_result {
    int exit_code = -1; // 128 + the signal when a signal ended it
    std::string output; // stdout and stderr together
    bool timed_out = false; // killed (SIGKILL) because it ran past its timeout
};

// Long enough for the slowest command of these tests on a loaded machine; a command that
// hangs is killed then, so a hang fails its test instead of stopping the suite.
inline constexpr std::chrono::seconds default_timeout{120};

// Environment variables to set (a value) or remove (nullopt) for the child.
using environment_changes = std::vector<std::pair<std::string, std::optional<std::string>>>;

// Runs argv[0] (a path; no shell, no PATH search) with this process's environment changed
// by `changes`, and collects its output. Killed with SIGKILL when it runs past `timeout`.
command_result run_command(const std::vector<std::string> &argv, const environment_changes &changes = {},
                           std::chrono::milliseconds timeout = default_timeout);

// Starts argv[0] with stdout and stderr going to `output_file`, in a process group of its
// own when `own_group` (so that killing the group also kills what it runs). Returns its pid.
int start_process(const std::vector<std::string> &argv, const std::string &output_file, bool own_group = false);
// Waits for a child started by start_process: its exit code, or 128 + the signal.
int wait_process(int pid);

bool running_as_root();

// The uid and gid an unprivileged child runs as when the tests run as root: nobody.
inline constexpr unsigned unprivileged_id = 65534;

// The prefix that runs a command as an unprivileged user: `setpriv` to nobody when this
// process is root, nothing otherwise (it is unprivileged already).
std::vector<std::string> unprivileged_prefix();

// Runs `body` in a forked child, as nobody when this process is root, and returns what it
// returned. Throws std::runtime_error when the child fails or body throws.
std::string in_unprivileged_child(const std::function<std::string()> &body);

} // namespace ucom::registry::test
