#include "child_process.hpp"

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <map>
#include <stdexcept>
#include <string_view>

#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace ucom::registry::test {

namespace {

std::string read_to_end(int fd)
{
    std::string text;
    std::array<char, 8192> buffer{};
    for (;;) {
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(got));
        } else if (got == 0 || errno != EINTR) {
            return text;
        }
    }
}

// Appends what `fd` gives until its end (true) or until `deadline` (false).
bool read_until(int fd, std::chrono::steady_clock::time_point deadline, std::string &text)
{
    std::array<char, 8192> buffer{};
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd waiting{fd, POLLIN, 0};
        if (::poll(&waiting, 1, static_cast<int>(left.count())) <= 0) {
            continue; // EINTR, or the deadline: checked above
        }
        const ssize_t got = ::read(fd, buffer.data(), buffer.size());
        if (got > 0) {
            text.append(buffer.data(), static_cast<std::size_t>(got));
        } else if (got == 0 || errno != EINTR) {
            return true;
        }
    }
}

int exit_code_of(int status)
{
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

int wait_for(pid_t child)
{
    int status = 0;
    while (::waitpid(child, &status, 0) < 0) {
        if (errno != EINTR) {
            throw std::runtime_error("waitpid failed");
        }
    }
    return exit_code_of(status);
}

} // namespace

command_result run_command(const std::vector<std::string> &argv, const environment_changes &changes,
                           std::chrono::milliseconds timeout)
{
    std::map<std::string, std::string> variables;
    for (char **entry = environ; *entry != nullptr; ++entry) {
        const std::string text = *entry;
        const auto equals = text.find('=');
        variables[text.substr(0, equals)] = equals == std::string::npos ? std::string() : text.substr(equals + 1);
    }
    for (const auto &[name, value] : changes) {
        if (value) {
            variables[name] = *value;
        } else {
            variables.erase(name);
        }
    }
    std::vector<std::string> environment;
    for (const auto &[name, value] : variables) {
        environment.push_back(name + "=" + value);
    }
    const auto pointers = [](std::vector<std::string> &texts) {
        std::vector<char *> result;
        for (std::string &text : texts) {
            result.push_back(text.data());
        }
        result.push_back(nullptr);
        return result;
    };
    std::vector<std::string> args = argv;
    std::vector<char *> arg_pointers = pointers(args);
    std::vector<char *> environment_pointers = pointers(environment);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDERR_FILENO);
    pid_t child = 0;
    const int spawned =
        ::posix_spawn(&child, arg_pointers[0], &actions, nullptr, arg_pointers.data(), environment_pointers.data());
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    command_result result;
    if (spawned == 0) {
        result.timed_out = !read_until(pipe_fds[0], std::chrono::steady_clock::now() + timeout, result.output);
        if (result.timed_out) {
            ::kill(child, SIGKILL);
        }
    }
    ::close(pipe_fds[0]);
    if (spawned != 0) {
        throw std::runtime_error("cannot run " + argv.front() + ": " + std::strerror(spawned));
    }
    result.exit_code = wait_for(child);
    return result;
}

int start_process(const std::vector<std::string> &argv, const std::string &output_file, bool own_group)
{
    std::vector<std::string> args = argv;
    std::vector<char *> arg_pointers;
    for (std::string &arg : args) {
        arg_pointers.push_back(arg.data());
    }
    arg_pointers.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, output_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_adddup2(&actions, STDOUT_FILENO, STDERR_FILENO);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    if (own_group) {
        posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETPGROUP);
        posix_spawnattr_setpgroup(&attributes, 0);
    }
    pid_t child = 0;
    const int spawned = ::posix_spawn(&child, arg_pointers[0], &actions, &attributes, arg_pointers.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    if (spawned != 0) {
        throw std::runtime_error("cannot run " + argv.front() + ": " + std::strerror(spawned));
    }
    return child;
}

int wait_process(int pid)
{
    return wait_for(pid);
}

bool running_as_root()
{
    return ::geteuid() == 0;
}

std::vector<std::string> unprivileged_prefix()
{
    if (!running_as_root()) {
        return {};
    }
    const std::string id = std::to_string(unprivileged_id);
    return {SETPRIV_PROGRAM, "--reuid=" + id, "--regid=" + id, "--clear-groups"};
}

std::string in_unprivileged_child(const std::function<std::string()> &body)
{
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        throw std::runtime_error("pipe failed");
    }
    const pid_t child = ::fork();
    if (child < 0) {
        throw std::runtime_error("fork failed");
    }
    if (child == 0) {
        ::close(pipe_fds[0]);
        int code = 0;
        std::string text;
        if (running_as_root() &&
            (::setgroups(0, nullptr) != 0 || ::setresgid(unprivileged_id, unprivileged_id, unprivileged_id) != 0 ||
             ::setresuid(unprivileged_id, unprivileged_id, unprivileged_id) != 0)) {
            text = std::string("cannot drop privileges: ") + std::strerror(errno);
            code = 2;
        } else {
            try {
                text = body();
            } catch (const std::exception &e) {
                text = std::string("exception: ") + e.what();
                code = 1;
            }
        }
        for (std::string_view rest = text; !rest.empty();) {
            const ssize_t put = ::write(pipe_fds[1], rest.data(), rest.size());
            if (put <= 0) {
                break;
            }
            rest.remove_prefix(static_cast<std::size_t>(put));
        }
        ::_exit(code); // not exit: the child must not run the test framework's teardown
    }
    ::close(pipe_fds[1]);
    std::string text = read_to_end(pipe_fds[0]);
    ::close(pipe_fds[0]);
    if (const int code = wait_for(child); code != 0) {
        throw std::runtime_error("the unprivileged child failed (" + std::to_string(code) + "): " + text);
    }
    return text;
}

} // namespace ucom::registry::test
